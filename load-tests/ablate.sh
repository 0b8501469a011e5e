#!/usr/bin/env bash
# What one part of the server's stack costs per request, measured side by side: starts one dev
# run per variant (JVM options and server arguments) on 127.0.0.1, all at once, beside figure
# 0b's bare Spring WebFlux; warms each with 60 s of its ping; then measures them in rounds, each
# round 15 s of wrk on every one in turn. Per measurement it prints the throughput and the
# server's CPU time per request (user + system, from /proc), and at the end each variant's
# median over the rounds, as a ratio to figure 0b and to the first variant taken round by round.
#
#   load-tests/ablate.sh --rounds 6 "as configured|-XX:+UseZGC|" "again, as a control|-XX:+UseZGC|" \
#     "no http.server.requests|-XX:+UseZGC|--management.observations.enable.http.server.requests=false"
#
# Each variant is "label|JVM options|server arguments". Why side by side: on this shared machine
# the speed drifts by tens of percent within minutes, so variants measured one after the other
# (as this script once did) differ by the minute they ran in. Run the first variant twice: the
# second copy, a control, shows how far two equal servers differ (JIT decisions differ between
# JVMs too); an effect smaller than that is not measured. Needs wrk (bench.sh installs it).
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)
root=$(cd .. && pwd)
# shellcheck source=load-tests/build.sh
. "$here/build.sh"
rounds=4
if [ "${1:-}" = "--rounds" ]; then rounds=$2; shift 2; fi
[ $# -gt 0 ] || { echo "usage: ablate.sh [--rounds N] \"label|JVM options|server arguments\" ..." >&2; exit 2; }
port=${ABLATE_PORT:-18281}
webflux_port=$((port + 1))
command -v wrk >/dev/null 2>&1 || { echo "wrk is needed (apt-get install wrk, or run bench.sh once)" >&2; exit 1; }

build_server_and_driver

# The java process under a timeout wrapper.
java_of() { local child; child=$(pgrep -P "$1" | head -1); echo "${child:-$1}"; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# "requests/s µs-of-CPU-per-request" for 15 s of load on the process $1.
measure() {
  local pid=$1 before after rate
  shift
  before=$(ticks "$pid")
  rate=$(wrk -t2 -c64 -d15s "$@" | awk '/Requests\/sec/ {print $2}')
  after=$(ticks "$pid")
  awk -v r="${rate:-0}" -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" \
    'BEGIN {printf "%d %.1f", r, (r > 0) ? t / hz * 1e6 / (r * 15) : 0}'
}

pids=()
results=$(mktemp)
stop() {
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  rm -f "$results"
}
trap stop EXIT INT TERM

setsid timeout 3600 "$java" -Xms256m -Xmx256m --enable-native-access=ALL-UNNAMED \
  -cp "$driver_classpath" \
  io.flashgroup.bench.BareServer --port "$port" --webflux-port "$webflux_port" --seconds 3500 \
  >"$here/target/ablate-bare.log" 2>&1 &
pids+=($!)
labels=("figure 0b")
urls=("http://127.0.0.1:$webflux_port/api/bench/ping")
headers=("X-Ablate: 0b")
n=0
for variant in "$@"; do
  IFS='|' read -r label jvm_options server_args <<<"$variant"
  server_port=$((webflux_port + 1 + n))
  # Word splitting of the options and arguments is wanted here.
  # shellcheck disable=SC2086
  setsid timeout 3600 "$java" -Xms1g -Xmx1g $jvm_options \
    -cp "$server_classpath" \
    io.flashgroup.TestFlashgroupApplication --server.port="$server_port" $server_args \
    >"$here/target/ablate-server-$n.log" 2>&1 &
  pids+=($!)
  labels+=("$label")
  urls+=("http://127.0.0.1:$server_port/api/bench/ping")
  n=$((n + 1))
done
javas=()
for i in "${!urls[@]}"; do
  base=${urls[$i]%/api/bench/ping}
  health="$base/actuator/health"
  [ "$i" -eq 0 ] && health=${urls[0]}
  for _ in $(seq 1 480); do curl -fs "$health" >/dev/null 2>&1 && break; sleep 0.5; done
  if [ "$i" -gt 0 ]; then
    token=$(curl -fs -X POST "$base/api/dev/tokens" -H 'Content-Type: application/json' \
      -d '{"userId":"ablate","roles":["SHOPPER"]}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
    headers[i]="Authorization: Bearer $token"
  fi
  javas+=("$(java_of "${pids[$i]}")")
done
for i in "${!urls[@]}"; do wrk -t2 -c64 -d60s -H "${headers[$i]}" "${urls[$i]}" >/dev/null; done

for round in $(seq 1 "$rounds"); do
  line="round $round:"
  for i in "${!urls[@]}"; do
    read -r rate cpu <<<"$(measure "${javas[$i]}" -H "${headers[$i]}" "${urls[$i]}")"
    echo "$round $i $rate $cpu" >>"$results"
    line="$line ${labels[$i]} $rate/s ${cpu} µs;"
  done
  echo "$line"
done
# Medians over the rounds; ratios to the first variant taken round by round, then their median.
for i in "${!urls[@]}"; do
  awk -v i="$i" -v label="${labels[$i]}" '
    function median(a, n,   j, k, t) {
      for (j = 1; j <= n; j++) for (k = j + 1; k <= n; k++) if (a[k] < a[j]) { t = a[j]; a[j] = a[k]; a[k] = t }
      return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    function ratio(a, b) { return (b > 0) ? a / b : 0 }
    $2 == 0 { bareRate[$1] = $3 }
    $2 == 1 { firstRate[$1] = $3; firstCpu[$1] = $4 }
    $2 == i { rate[$1] = $3; cpu[$1] = $4 }
    END {
      n = 0
      for (r in rate) { n++; rs[n] = rate[r]; cs[n] = cpu[r]; rr[n] = ratio(rate[r], firstRate[r]); cr[n] = ratio(cpu[r], firstCpu[r]); rb[n] = ratio(rate[r], bareRate[r]) }
      if (i == 0) {
        printf "%s: median %d/s, %.1f µs of CPU per request\n", label, median(rs, n), median(cs, n)
      } else {
        printf "%s: median %d/s (%.2f x figure 0b), %.1f µs of CPU per request; x first variant: throughput %.2f, CPU per request %.2f\n", \
          label, median(rs, n), median(rb, n), median(cs, n), median(rr, n), median(cr, n)
      }
    }' "$results"
done
