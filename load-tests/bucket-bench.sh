#!/usr/bin/env bash
# The hot-sale figure at the Redis level (issue 16): one flash sale's purchase script on a 3-master Redis Cluster,
# its stock in one bucket (K = 1) vs split into K buckets on K hash tags on different masters (K = 3 by default),
# purchase-script calls per second from one driver run (BucketBench, Lettuce's cluster client), and their ratio.
#
#   load-tests/bucket-bench.sh [--buckets 3] [--seconds 10] [--in-flight 96] [--rounds 2]
#
# It starts three redis-server masters (Debian's 7.0 at /usr/bin) on free ports picked now, bound to 127.0.0.1,
# in a temp dir, without persistence, joins them with redis-cli --cluster create, runs the driver, and stops them
# by PID (each also dies by itself after 10 minutes). On a small machine the three masters and the driver share
# the same cores: the driver prints each process's CPU so the ratio can be read against it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
redis_server="${REDIS_SERVER:-/usr/bin/redis-server}"
redis_cli="${REDIS_CLI:-/usr/bin/redis-cli}"

dir="$(mktemp -d -t bucket-bench.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$dir"
}
trap cleanup EXIT

# Three ports free now whose cluster bus ports (port + 10000) are free too.
ports=($(python3 - <<'PY'
import socket
found = []
while len(found) < 3:
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]
    if port + 10000 > 65535 or port in found:
        s.close(); continue
    b = socket.socket()
    try:
        b.bind(("127.0.0.1", port + 10000)); found.append(port)
    except OSError:
        pass
    finally:
        b.close(); s.close()
print(" ".join(map(str, found)))
PY
))

for port in "${ports[@]}"; do
  mkdir -p "$dir/$port"
  setsid timeout 600 "$redis_server" --port "$port" --bind 127.0.0.1 --dir "$dir/$port" --cluster-enabled yes \
    --cluster-config-file nodes.conf --save '' --appendonly no --protected-mode no \
    --logfile "$dir/$port/redis.log" &
  pids+=($!)
done
for port in "${ports[@]}"; do
  for _ in $(seq 1 50); do
    if "$redis_cli" -p "$port" ping >/dev/null 2>&1; then break; fi
    sleep 0.1
  done
done
"$redis_cli" --cluster create "127.0.0.1:${ports[0]}" "127.0.0.1:${ports[1]}" "127.0.0.1:${ports[2]}" \
  --cluster-replicas 0 --cluster-yes >"$dir/create.log"
for _ in $(seq 1 100); do
  ok=1
  for port in "${ports[@]}"; do
    "$redis_cli" -p "$port" cluster info | grep -q 'cluster_state:ok' || ok=0
  done
  [ "$ok" = 1 ] && break
  sleep 0.1
done
# The redis-server processes themselves (the PIDs above are their timeouts), for the CPU figures.
server_pids=()
for port in "${ports[@]}"; do
  server_pids+=($("$redis_cli" -p "$port" info server | tr -d '\r' | awk -F: '/^process_id:/ {print $2}'))
done
echo "[bucket-bench.sh] 3-master cluster on ports ${ports[*]} (redis-server PIDs ${server_pids[*]})"

(cd "$here" && ../mvnw -q -B compile dependency:build-classpath -DincludeScope=runtime \
  -Dmdep.outputFile=target/classpath.txt)
nodes="127.0.0.1:${ports[0]},127.0.0.1:${ports[1]},127.0.0.1:${ports[2]}"
redis_pids="$(IFS=,; echo "${server_pids[*]}")"
timeout 300 "$java" -Xmx512m -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  io.flashgroup.bench.BucketBench --nodes "$nodes" --scripts "$root/src/main/resources/scripts" \
  --redis-pids "$redis_pids" "$@"
