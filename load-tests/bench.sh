#!/usr/bin/env bash
# The performance table in one command: builds the server and the driver, starts the dev run
# (embedded Redis + PostgreSQL) and figure 0's bare Reactor Netty server (with figure 0b's bare
# Spring WebFlux beside it) on 127.0.0.1, measures every figure side by side, stops everything it
# started and prints the table (also written to load-tests/results/). HTTP figures are driven by
# wrk (installed here when missing) through load-tests/wrk/bench.lua; the Java driver keeps the
# WebSocket fan-out, the flusher and the audits.
#
#   load-tests/bench.sh            full run, 10,000 watchers, about ten minutes
#   load-tests/bench.sh --quick    under three minutes once built
#   load-tests/bench.sh --port 18201   the server on 18201, the bare servers on the next two ports
#   load-tests/bench.sh --url http://127.0.0.1:8080   against a dev/test run that is already up
#   load-tests/bench.sh --quick --profile   also profiles the server (async-profiler, CPU by interval
#                                           timer) into load-tests/results/profile-<date>.html
#   load-tests/bench.sh --quick -- --concurrency 32   anything after -- goes to the driver
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)
started=$(date +%s)
root=$(cd .. && pwd)

quick=""
url=""
port=${BENCH_PORT:-18181}
bare_port=${BENCH_BARE_PORT:-}
driver_args=()
profile=${BENCH_PROFILE:-}   # html, or collapsed (folded stacks, for grep and diff)
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick="--quick"; shift ;;
    --url) url="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --bare-port) bare_port="$2"; shift 2 ;;
    --profile) profile="html"; shift ;;
    --) shift; driver_args=("$@"); break ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done

# shellcheck source=load-tests/build.sh
. "$here/build.sh"
# 10,000 WebSockets need 10,000 descriptors on each side.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
bare_port=${bare_port:-$((port + 1))}
webflux_port=$((bare_port + 1))

# wrk drives the HTTP figures: Debian's package, installed like CI installs the browser tests' Chromium.
if ! command -v wrk >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  if command -v apt-get >/dev/null 2>&1; then
    echo "[bench.sh] installing wrk"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends wrk
  fi
  command -v wrk >/dev/null 2>&1 || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
fi

echo "[bench.sh] building the server and the driver"
build_server_and_driver

mkdir -p "$here/results"
agent=""
if [ -n "$profile" ]; then
  (cd "$here" && ../mvnw -q -B dependency:copy -Dartifact=tools.profiler:async-profiler:4.5:jar:linux-x64 \
    -DoutputDirectory=target/profiler)
  (cd "$here/target/profiler" && "${JAVA_HOME:+$JAVA_HOME/bin/}jar" xf async-profiler-4.5-linux-x64.jar linux-x64/libasyncProfiler.so)
  agent="-agentpath:$here/target/profiler/linux-x64/libasyncProfiler.so=start,event=itimer,interval=1ms,$profile,file=$here/results/profile-$(date -u +%Y-%m-%d)${quick:+-quick}.$profile"
fi

measuring=$(date +%s)   # the build is not part of --quick's three minutes
server_pid=""
bare_pid=""
stop_server() {
  if [ -n "$bare_pid" ] && kill -0 "$bare_pid" 2>/dev/null; then
    kill -TERM -- "-$bare_pid" 2>/dev/null || true
  fi
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    echo "[bench.sh] stopping the server (pid $server_pid)"
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
    # Whatever it started (PostgreSQL, redis-server) shares its process group.
    kill -TERM -- "-$server_pid" 2>/dev/null || true
  fi
}
trap stop_server EXIT INT TERM

if [ -z "$url" ]; then
  url="http://127.0.0.1:$port"
  log="$root/target/bench-server.log"
  gc_flags="-XX:+UseZGC"
  # Generational ZGC is the default from Java 23 on; Java 21 needs the flag.
  if "$java" -XX:+UseZGC -XX:+ZGenerational -version 2>&1 | grep -q "support was removed"; then :; else
    gc_flags="$gc_flags -XX:+ZGenerational"
  fi
  echo "[bench.sh] starting the dev run on $url (log: $log)"
  # setsid: the server leads its own process group, so stop_server reaches everything it started.
  # timeout: a server this script started never outlives it by more than 20 minutes.
  setsid timeout 1200 "$java" $gc_flags -Xms2g -Xmx2g $agent ${SERVER_JAVA_OPTS:-} \
    -cp "$server_classpath" \
    io.flashgroup.TestFlashgroupApplication --server.port="$port" >"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 240); do
    if curl -fs "$url/actuator/health" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then echo "server died, see $log" >&2; exit 1; fi
    sleep 0.5
  done
  curl -fs "$url/actuator/health" >/dev/null || { echo "server not healthy after 120 s, see $log" >&2; exit 1; }
fi

# Figure 0: bare Reactor Netty answering a constant, on its own port, for this run only; figure
# 0b: bare Spring WebFlux with the ping's controller, in the same process on the next port.
bare_url="http://127.0.0.1:$bare_port"
webflux_url="http://127.0.0.1:$webflux_port"
echo "[bench.sh] starting figure 0's bare Reactor Netty server on $bare_url, figure 0b's WebFlux on $webflux_url"
setsid timeout 1200 "$java" -Xms256m -Xmx256m --enable-native-access=ALL-UNNAMED \
  -cp "$driver_classpath" \
  io.flashgroup.bench.BareServer --port "$bare_port" --webflux-port "$webflux_port" --seconds 1200 >"$here/target/bare-server.log" 2>&1 &
bare_pid=$!
for _ in $(seq 1 60); do
  if curl -fs "$bare_url/" >/dev/null 2>&1 && curl -fs "$webflux_url/api/bench/ping" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$bare_pid" 2>/dev/null; then echo "bare server died, see $here/target/bare-server.log" >&2; exit 1; fi
  sleep 0.5
done

out="$here/results/bench-$(date -u +%Y-%m-%d)${quick:+-quick}.md"
echo "[bench.sh] built in $(( measuring - started )) s, servers up in $(( $(date +%s) - measuring )) s; measuring"
# cqSize: thousands of watchers on io_uring answer in bursts larger than Netty's default ring.
# ZGC: the watchers' JVM measures delivery latency, so its own pauses must not show in it (with
# ParallelGC its young pauses took 100-370 ms during figure 5 on this machine).
# BENCH_DRIVER_OPTS: more JVM options for the driver, e.g. -Xlog:gc:file=/tmp/driver-gc.log.
"$java" -Xmx1g -XX:+UseZGC ${BENCH_DRIVER_OPTS:-} -Dio.netty.iouring.cqSize=32768 --enable-native-access=ALL-UNNAMED -cp "$driver_classpath" \
  io.flashgroup.bench.Bench --base-url "$url" --bare-url "$bare_url" --bare-webflux-url "$webflux_url" --wrk-script "$here/wrk/bench.lua" \
  $quick --out "$out" "${driver_args[@]}"
echo "[bench.sh] done in $(( $(date +%s) - started )) s, build and server start included (without the build: $(( $(date +%s) - measuring )) s)"
