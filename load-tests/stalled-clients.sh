#!/usr/bin/env bash
# Fault script for stalled live clients (issue 11, item 1): N WebSocket clients with a 1 KB receive
# buffer subscribe to busy flash sales and stop reading; prints the server's live heap before, while
# they are stalled and after, how many it closed with 1013, and the session gauge over time.
# Needs a dev run (bench endpoints, dev HMAC key) that is already up, e.g. in the repository root:
#   ./mvnw spring-boot:test-run -Dspring-boot.run.arguments=--server.port=18082
#
#   load-tests/stalled-clients.sh --base-url http://127.0.0.1:18082
#   load-tests/stalled-clients.sh --base-url http://127.0.0.1:18082 --clients 2000 --topics 20 --rate 300
# Options (defaults): --clients 1000, --topics 10 (flash sales it creates), --rate 200 (purchases/s
# spread over them), --stall-seconds 60 (longest wait for the server to close them), --out
# results/stalled-clients-<date>.txt; --clients 0 is the control run (the same purchases, no client).
set -euo pipefail
cd "$(dirname "$0")"
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
# One descriptor per client.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
../mvnw -q -B compile dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile=target/classpath.txt
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx512m -cp "target/classes:$(cat target/classpath.txt)" \
  io.flashgroup.bench.StalledClients "$@"
