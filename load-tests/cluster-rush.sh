#!/usr/bin/env bash
# The 2-node rush figure: one purchase rush against one server node, then the same rush split
# over two nodes, both on one Redis Cluster (3 masters, Debian's redis-server >= 7, free ports
# picked here) and one embedded PostgreSQL. Prints purchases/s of each and their ratio.
#
#   load-tests/cluster-rush.sh                     15 s per figure, nodes on 18120 and 18121
#   load-tests/cluster-rush.sh --seconds 10 --port 18124   nodes on 18124 and 18125
#   load-tests/cluster-rush.sh --no-build          reuse target/ from an earlier build
#   load-tests/cluster-rush.sh --warmup 10         seconds of warm-up per node (default 20: a node
#                                                  needs thousands of purchases before C2 compiles
#                                                  the hot path; a busy machine gives it few)
#
# wrk drives every figure through load-tests/wrk/bench.lua (the bench's script: 20,000 shopper
# tokens round-robin, a new Idempotency-Key per purchase, answers counted by status), 64
# connections in all: 2 threads x 64 on the one node; then 1 thread x 32 on each node, side by
# side; then the one node again (A-B-A, so a JIT still warming does not flatter the later
# figures). Both nodes start first and get a warm-up of the same request (not counted); node 2
# stays up, idle, during the one-node figures. The ratio is the two-node figure over the mean of
# the one-node figures. Answers other than 201 are listed by status. On a machine whose
# cores are shared by the load client, Redis, PostgreSQL and the nodes, a second node buys
# nothing but more contention: read the ratio with the core count next to it.
# Everything runs on 127.0.0.1, under `timeout`, and is stopped by its PID (process group).
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)
root=$(cd .. && pwd)

seconds=15
port=18120
build=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --no-build) build=""; shift ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
port2=$((port + 1))
warmup=20

if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
redis_server=$(command -v redis-server || true)
redis_cli=$(command -v redis-cli || true)
[ -n "$redis_server" ] && [ -n "$redis_cli" ] || { echo "needs redis-server and redis-cli >= 7" >&2; exit 1; }
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }

if [ -n "$build" ]; then
  echo "[cluster-rush] building"
  (cd "$root" && ./mvnw -q -B -DskipTests -Dspring-javaformat.skip=true test-compile \
    dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt)
fi
classpath="$root/target/test-classes:$root/target/classes:$(cat "$root/target/bench-classpath.txt")"

work=$(mktemp -d /tmp/cluster-rush.XXXXXX)
pids=()
stop_all() {
  for pid in "${pids[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap stop_all EXIT INT TERM

free_port() {  # a free port whose cluster bus port (+10000) is free too
  python3 -c 'import random, socket
for _ in range(200):
    p = random.randint(20000, 54000)
    try:
        for q in (p, p + 10000):
            s = socket.socket(); s.bind(("127.0.0.1", q)); s.close()
        print(p); break
    except OSError:
        pass'
}

echo "[cluster-rush] starting a Redis Cluster of 3 masters in $work"
masters=()
for i in 1 2 3; do
  p=$(free_port)
  mkdir -p "$work/redis-$p"
  setsid timeout 900 "$redis_server" --port "$p" --bind 127.0.0.1 --cluster-enabled yes \
    --cluster-config-file "$work/redis-$p/nodes.conf" --dir "$work/redis-$p" --appendonly yes \
    --appendfsync everysec --save '' --logfile "$work/redis-$p/redis.log" >/dev/null 2>&1 &
  pids+=($!)
  masters+=("127.0.0.1:$p")
done
for m in "${masters[@]}"; do
  for _ in $(seq 1 40); do "$redis_cli" -h 127.0.0.1 -p "${m#*:}" ping >/dev/null 2>&1 && break; sleep 0.25; done
done
"$redis_cli" --cluster create "${masters[@]}" --cluster-replicas 0 --cluster-yes >"$work/create.log"
for _ in $(seq 1 80); do
  "$redis_cli" -h 127.0.0.1 -p "${masters[0]#*:}" cluster info | grep -q 'cluster_state:ok' && break
  sleep 0.25
done
nodes=$(IFS=,; echo "${masters[*]}")

echo "[cluster-rush] starting the embedded PostgreSQL"
setsid timeout 900 "$java" -Xmx256m -cp "$classpath" io.flashgroup.SharedPostgres "$work/postgres.args" 900 \
  >"$work/postgres.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 240); do [ -f "$work/postgres.args" ] && break; sleep 0.5; done
[ -f "$work/postgres.args" ] || { echo "PostgreSQL did not start, see $work/postgres.log" >&2; exit 1; }
mapfile -t postgres_args <"$work/postgres.args"

start_node() {  # port log
  setsid timeout 900 "$java" -XX:+UseZGC -Xms1g -Xmx1g -Dflashgroup.node.lifetime=900 -cp "$classpath" \
    io.flashgroup.NodeProcess "${postgres_args[@]}" --spring.data.redis.cluster.nodes="$nodes" \
    --server.port="$1" >"$2" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$1/actuator/health/readiness" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "node on $1 not ready, see $2" >&2
  exit 1
}

echo "[cluster-rush] starting node 1 on $port and node 2 on $port2"
start_node "$port" "$root/target/cluster-rush-node1.log"
start_node "$port2" "$root/target/cluster-rush-node2.log"

# 20,000 shopper tokens and a seller's, minted with the dev key as load-tests/bench does.
python3 - "$work" <<'PY'
import base64, hashlib, hmac, json, sys, time
key = b"dev-only-secret-not-for-production-use-0123456789"
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
head = b64(b'{"alg":"HS256","typ":"JWT"}')
now = int(time.time())
def mint(sub, role):
    claims = b64(json.dumps({"sub": sub, "roles": [role], "iat": now, "exp": now + 6 * 3600}, separators=(",", ":")).encode())
    signing = head + "." + claims
    return signing + "." + b64(hmac.new(key, signing.encode(), hashlib.sha256).digest())
with open(sys.argv[1] + "/tokens.txt", "w") as f:
    for i in range(20000):
        f.write(mint("rush-%d" % i, "SHOPPER") + "\n")
with open(sys.argv[1] + "/seller.txt", "w") as f:
    f.write(mint("rush-seller", "SELLER"))
with open(sys.argv[1] + "/ops.txt", "w") as f:
    f.write(mint("rush-ops", "OPS"))
PY

create_sale() {
  local now; now=$(date -u +%s)
  curl -fs -XPOST "http://127.0.0.1:$port/api/flash-sales" -H "authorization: Bearer $(cat "$work/seller.txt")" \
    -H 'content-type: application/json' -d "{\"sku\":\"RUSH\",\"title\":\"Cluster rush\",\"price\":100,\"currency\":\"EUR\",
      \"stock\":10000000,\"perUserLimit\":1000,\"startsAt\":\"$(date -u -d @$((now - 1)) +%FT%TZ)\",
      \"endsAt\":\"$(date -u -d @$((now + 3600)) +%FT%TZ)\",\"payWindow\":\"PT10M\"}" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])'
}

rush() {  # name url threads connections seconds sale -> WRK_RESULT json on stdout
  wrk -t"$3" -c"$4" -d"$5"s --timeout 10s -s "$here/wrk/bench.lua" "$2" threads="$3" method=POST \
    path="/api/flash-sales/$6/purchases" tokens="$work/tokens.txt" keys="unique:$1-$6-$RANDOM" \
    body='{"quantity":1}' | sed -n 's/^WRK_RESULT //p'
}

rate() {  # WRK_RESULT json -> accepted purchases per second, and a summary
  python3 -c 'import json, sys
r = json.loads(sys.argv[1]); s = r["statuses"]; ok = s.get("201", 0); secs = r["durationUs"] / 1e6
bad = sum(v for k, v in s.items() if k != "201") + sum(r["errors"].values())
print("%.0f %d %.1f %.1f %d" % (ok / secs, ok, r["p50Us"] / 1000, r["p99Us"] / 1000, bad))' "$1"
}

sale=$(create_sale)
# Both nodes are up and warmed the same way from the start, so every figure runs on the same JIT
# state; during a one-node figure node 2 is idle (its timers and flusher poll, nothing more).
echo "[cluster-rush] sale $sale; warming node 1, then node 2, ${warmup} s each"
rush warm1 "http://127.0.0.1:$port" 2 64 "$warmup" "$sale" >/dev/null
rush warm2 "http://127.0.0.1:$port2" 2 64 "$warmup" "$sale" >/dev/null
echo "[cluster-rush] figure: one node (node 2 idle), 2 threads x 64 connections, ${seconds} s"
one_json=$(rush one "http://127.0.0.1:$port" 2 64 "$seconds" "$sale")
echo "[cluster-rush] figure: two nodes, 1 thread x 32 connections on each, ${seconds} s, side by side"
rush twoA "http://127.0.0.1:$port" 1 32 "$seconds" "$sale" >"$work/two-a.json" &
a_pid=$!
rush twoB "http://127.0.0.1:$port2" 1 32 "$seconds" "$sale" >"$work/two-b.json"
wait "$a_pid"
# One node again: A-B-A, so a JIT still warming up does not flatter the later figures.
echo "[cluster-rush] figure: one node again (node 2 idle), 2 threads x 64 connections, ${seconds} s"
again_json=$(rush again "http://127.0.0.1:$port" 2 64 "$seconds" "$sale")
one=$(rate "$one_json")
two_a=$(rate "$(cat "$work/two-a.json")")
two_b=$(rate "$(cat "$work/two-b.json")")
again=$(rate "$again_json")

# The audit once the flushers caught up: every accepted purchase in PostgreSQL, nothing oversold.
agrees=false
for _ in $(seq 1 120); do
  audit=$(curl -fs "http://127.0.0.1:$port/api/ops/campaigns/$sale/audit" -H "authorization: Bearer $(cat "$work/ops.txt")" || true)
  if echo "$audit" | grep -q '"agrees":true'; then agrees=true; break; fi
  sleep 0.5
done
sold=$(echo "$audit" | python3 -c 'import json, sys; print(json.load(sys.stdin)["redis"]["sold"])' 2>/dev/null || echo "?")

read -r one_rate one_ok one_p50 one_p99 one_bad <<<"$one"
read -r a_rate a_ok a_p50 a_p99 a_bad <<<"$two_a"
read -r b_rate b_ok b_p50 b_p99 b_bad <<<"$two_b"
read -r again_rate again_ok again_p50 again_p99 again_bad <<<"$again"
two_rate=$((a_rate + b_rate))
echo
echo "| Rush ($(nproc) cores, ${seconds} s, 64 connections) | purchases/s | p50 ms | p99 ms | not 201 |"
echo "| --- | --- | --- | --- | --- |"
echo "| one node | $one_rate | $one_p50 | $one_p99 | $one_bad |"
echo "| two nodes (node 1 + node 2) | $two_rate ($a_rate + $b_rate) | $a_p50 / $b_p50 | $a_p99 / $b_p99 | $((a_bad + b_bad)) |"
echo "| one node again (node 2 idle) | $again_rate | $again_p50 | $again_p99 | $again_bad |"
python3 -c "print('ratio two / one (mean of both one-node figures): %.2f' % ($two_rate / (($one_rate + $again_rate) / 2)))"
for name in one two-a two-b again; do
  case "$name" in
    one) json="$one_json" ;; again) json="$again_json" ;; *) json=$(cat "$work/$name.json") ;;
  esac
  python3 -c 'import json, sys; r = json.loads(sys.argv[2]); print("answers %s: %s, socket errors %s" % (sys.argv[1], r["statuses"], r["errors"]))' "$name" "$json"
done
echo "audit after the flush: agrees=$agrees, sold $sold (accepted $((one_ok + a_ok + b_ok + again_ok)) measured, plus the warm-ups)"
