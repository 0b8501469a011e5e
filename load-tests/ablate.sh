#!/usr/bin/env bash
# What one part of the server's stack costs per request: for each variant (JVM options and
# server arguments), starts the dev run on 127.0.0.1, warms it with the authenticated ping for
# 60 s, then measures the ping and figure 0b's bare Spring WebFlux (one process for the whole
# run) alternately, twice for 15 s each, and prints ping / 0b. Ratios taken in the same
# minutes hold up on a machine whose speed drifts between runs; absolute figures do not.
#
#   load-tests/ablate.sh "as configured|-XX:+UseZGC|" \
#     "no http.server.requests|-XX:+UseZGC|--management.observations.enable.http.server.requests=false"
#
# Each variant is "label|JVM options|server arguments". Needs wrk (bench.sh installs it).
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)
root=$(cd .. && pwd)
# shellcheck source=load-tests/build.sh
. "$here/build.sh"
port=${ABLATE_PORT:-18281}
bare_port=$((port + 1))
webflux_port=$((port + 2))
command -v wrk >/dev/null 2>&1 || { echo "wrk is needed (apt-get install wrk, or run bench.sh once)" >&2; exit 1; }

build_server_and_driver

bare_pid=""
server_pid=""
stop() {
  if [ -n "$server_pid" ]; then kill -TERM -- "-$server_pid" 2>/dev/null || true; fi
  if [ -n "$bare_pid" ]; then kill -TERM -- "-$bare_pid" 2>/dev/null || true; fi
}
trap stop EXIT INT TERM

setsid timeout 3600 "$java" -Xms256m -Xmx256m --enable-native-access=ALL-UNNAMED \
  -cp "$driver_classpath" \
  io.flashgroup.bench.BareServer --port "$bare_port" --webflux-port "$webflux_port" --seconds 3500 \
  >"$here/target/ablate-bare.log" 2>&1 &
bare_pid=$!
webflux="http://127.0.0.1:$webflux_port/api/bench/ping"
for _ in $(seq 1 60); do curl -fs "$webflux" >/dev/null 2>&1 && break; sleep 0.5; done
wrk -t2 -c64 -d60s "$webflux" >/dev/null

rps() { wrk -t2 -c64 -d15s "$@" | awk '/Requests\/sec/ {print int($2)}'; }
for variant in "$@"; do
  IFS='|' read -r label jvm_options server_args <<<"$variant"
  # Word splitting of the options and arguments is wanted here.
  # shellcheck disable=SC2086
  setsid timeout 900 "$java" -Xms2g -Xmx2g $jvm_options \
    -cp "$server_classpath" \
    io.flashgroup.TestFlashgroupApplication --server.port="$port" $server_args >"$here/target/ablate-server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && break; sleep 0.5; done
  token=$(curl -fs -X POST "http://127.0.0.1:$port/api/dev/tokens" -H 'Content-Type: application/json' \
    -d '{"userId":"ablate","roles":["SHOPPER"]}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
  ping="http://127.0.0.1:$port/api/bench/ping"
  wrk -t2 -c64 -d60s -H "Authorization: Bearer $token" "$ping" >/dev/null
  b1=$(rps "$webflux"); p1=$(rps -H "Authorization: Bearer $token" "$ping")
  b2=$(rps "$webflux"); p2=$(rps -H "Authorization: Bearer $token" "$ping")
  echo "$label: figure 0b $b1/s $b2/s, ping $p1/s $p2/s, ping / 0b $(awk "BEGIN {printf \"%.2f\", ($p1 + $p2) / ($b1 + $b2)}")"
  kill -TERM "$server_pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
  kill -TERM -- "-$server_pid" 2>/dev/null || true
  server_pid=""
done
