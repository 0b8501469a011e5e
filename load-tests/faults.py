#!/usr/bin/env python3
"""Fault rehearsals with real processes: ops re-run the faults of issue 11 against the dev run.

    python3 load-tests/faults.py                      # every scenario, about 3 minutes here
    python3 load-tests/faults.py redis-loss           # one scenario
    python3 load-tests/faults.py --seconds 20 redis-loss postgres-freeze

It builds the server, starts the dev run (embedded Redis and PostgreSQL, both real server
processes) on 127.0.0.1 in its own process group, drives a purchase rush with a few threads,
injects the fault into the real process mid-rush, then checks from the outside what the README
promises and prints the figures (also written to load-tests/results/faults-<date>.md). Everything
it starts is stopped when it ends (and cannot outlive it by more than 15 minutes).

Scenarios
  redis-loss       Redis is SIGKILLed mid-rush and restarted empty on the same port (a restart
                   without persistence). Expected: purchases get 503 + Retry-After while Redis is
                   away and while the campaign is rebuilt, then 201 again; the server rebuilds the
                   campaign from PostgreSQL (audit lists the rebuild and agrees); the only orders
                   lost are those accepted but not yet flushed when Redis died, and no unit is
                   oversold.
  postgres-freeze  Every PostgreSQL process is SIGSTOPped for a while mid-rush, then SIGCONTinued.
                   Expected: purchases keep being accepted (readiness UP, /actuator/health DOWN),
                   the outbox backlog grows, then drains; nothing is lost.

Only the Python 3 standard library is used; a JDK 21+ is needed for the server.
"""
import argparse
import concurrent.futures
import datetime
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def log(message):
    print(f"[faults] {message}", flush=True)


class Api:
    """A tiny JSON client: one connection per thread."""

    def __init__(self, port):
        self.port = port
        self.local = threading.local()

    def request(self, method, path, body=None, token=None, headers=None, timeout=10):
        status, parsed, retry_after = self._request(method, path, body, token, headers, timeout)
        if status == 0 and self.local.reused:
            # A kept-alive connection the server closed while idle (server.netty.idle-timeout): once more.
            status, parsed, retry_after = self._request(method, path, body, token, headers, timeout)
        return status, parsed, retry_after

    def _request(self, method, path, body, token, headers, timeout):
        conn = getattr(self.local, "conn", None)
        self.local.reused = conn is not None
        if conn is None:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
            self.local.conn = conn
        conn.timeout = timeout
        if conn.sock is not None:
            conn.sock.settimeout(timeout)
        all_headers = {"Content-Type": "application/json"}
        if token:
            all_headers["Authorization"] = "Bearer " + token
        all_headers.update(headers or {})
        try:
            conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=all_headers)
            response = conn.getresponse()
            raw = response.read()
            retry_after = response.getheader("Retry-After")
        except (OSError, http.client.HTTPException):
            conn.close()
            self.local.conn = None
            return 0, None, None
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        return response.status, parsed, retry_after

    def token(self, user, *roles):
        status, body, _ = self.request("POST", "/api/dev/tokens", {"userId": user, "roles": list(roles)})
        if status != 200:
            raise SystemExit(f"dev token for {user}: {status} {body}")
        return body["token"]


class Server:
    """The dev run in its own process group, with its embedded Redis and PostgreSQL."""

    def __init__(self, name, port, extra_args):
        self.name = name
        self.port = port
        self.extra_args = extra_args
        self.process = None

    def build(self):
        log("building the server (test classes included: the dev run lives there)")
        subprocess.run(["./mvnw", "-q", "-B", "-DskipTests", "-Dspring-javaformat.skip=true", "test-compile",
                        "dependency:build-classpath", "-Dmdep.outputFile=target/bench-classpath.txt"],
                       cwd=ROOT, check=True)

    def start(self):
        java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
        with open(os.path.join(ROOT, "target", "bench-classpath.txt")) as f:
            classpath = f"{ROOT}/target/test-classes:{ROOT}/target/classes:{f.read().strip()}"
        self.log_path = os.path.join(ROOT, "target", f"faults-server-{self.name}.log")
        log(f"starting the dev run on 127.0.0.1:{self.port} (log: {self.log_path})")
        self.process = subprocess.Popen(
            ["timeout", "900", java, "-Xmx1g", "-cp", classpath, "io.flashgroup.TestFlashgroupApplication",
             f"--server.port={self.port}", "--server.address=127.0.0.1", *self.extra_args],
            stdout=open(self.log_path, "w"), stderr=subprocess.STDOUT, start_new_session=True)
        api = Api(self.port)
        deadline = time.time() + 180
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the server died, see {self.log_path}")
            status, _, _ = api.request("GET", "/actuator/health/readiness", timeout=2)
            if status == 200:
                return api
            time.sleep(0.5)
        raise SystemExit(f"the server did not become ready in 180 s, see {self.log_path}")

    def stop(self):
        if self.process and self.process.poll() is None:
            log(f"stopping the dev run (process group {self.process.pid})")
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                pass
        if self.process:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)  # postgres and redis-server share the group
            except ProcessLookupError:
                pass

    def postgres(self):
        """PIDs of the embedded PostgreSQL: it daemonizes into its own session, so it is found by the
        port the server logged (the postmaster's -p) and then by parent."""
        with open(self.log_path) as f:
            match = re.search(r"jdbc:postgresql://127\.0\.0\.1:(\d+)/", f.read())
        if not match:
            return []
        table = {}
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/stat") as f:
                    stat = f.read()
                with open(f"/proc/{pid}/cmdline") as f:
                    args = f.read().split("\0")
                table[int(pid)] = (int(stat[stat.rindex(")") + 2:].split()[1]), args)
            except (OSError, ValueError):
                continue
        master = [pid for pid, (_, args) in table.items()
                  if args and args[0].endswith("/postgres") and "-p" in args and args[args.index("-p") + 1] == match.group(1)]
        return master + [pid for pid, (ppid, _) in table.items() if master and ppid == master[0]]

    def processes(self, name):
        """PIDs of processes called `name` in the server's process group (its embedded servers)."""
        found = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/stat") as f:
                    stat = f.read()
                comm = stat[stat.index("(") + 1:stat.rindex(")")]
                fields = stat[stat.rindex(")") + 2:].split()
                if comm == name and int(fields[2]) == self.process.pid:  # field 5: process group
                    found.append(int(pid))
            except (OSError, ValueError):
                continue
        return found


class Rush:
    """Threads buying one unit at a time with unique keys, until stopped; every answer is kept."""

    def __init__(self, api, sale_id, tokens, threads=8):
        self.api, self.sale_id, self.tokens, self.threads = api, sale_id, tokens, threads
        self.stop_event = threading.Event()
        self.answers = []  # (time, status, order id or None, user index, retry-after)
        self.lock = threading.Lock()

    def _worker(self, index):
        n = 0
        while not self.stop_event.is_set():
            user = (index + n * self.threads) % len(self.tokens)
            n += 1
            status, body, retry_after = self.api.request(
                "POST", f"/api/flash-sales/{self.sale_id}/purchases", {"quantity": 1}, token=self.tokens[user],
                headers={"Idempotency-Key": str(uuid.uuid4())}, timeout=5)
            order_id = body.get("id") if status == 201 and body else None
            with self.lock:
                self.answers.append((time.time(), status, order_id, user, retry_after))
            if status in (0, 503):
                time.sleep(0.05)  # a polite client backs off (Retry-After is seconds; the rehearsal wants detail)

    def __enter__(self):
        self.pool = concurrent.futures.ThreadPoolExecutor(self.threads)
        self.futures = [self.pool.submit(self._worker, i) for i in range(self.threads)]
        return self

    def __exit__(self, *exc):
        self.stop_event.set()
        for f in self.futures:
            f.result()
        self.pool.shutdown()

    def count(self, since=0.0, until=float("inf")):
        counts = {}
        for at, status, _, _, _ in self.answers:
            if since <= at < until:
                counts[status] = counts.get(status, 0) + 1
        return counts


def create_sale(api, seller, stock, per_user_limit, minutes=15):
    now = datetime.datetime.now(datetime.timezone.utc)
    body = {"sku": "FAULT-1", "title": "Fault rehearsal", "price": 1999, "currency": "EUR", "stock": stock,
            "perUserLimit": per_user_limit, "startsAt": (now - datetime.timedelta(seconds=5)).isoformat(),
            "endsAt": (now + datetime.timedelta(minutes=minutes)).isoformat(), "payWindow": "PT10M"}
    status, sale, _ = api.request("POST", "/api/flash-sales", body, token=seller)
    if status != 201:
        raise SystemExit(f"creating the sale: {status} {sale}")
    return sale["id"]


def audit(api, ops, campaign_id):
    status, report, _ = api.request("GET", f"/api/ops/campaigns/{campaign_id}/audit", token=ops)
    return report if status == 200 else None


def metric(api, name):
    """A gauge's value from /actuator/prometheus (the first sample), None when absent."""
    conn = http.client.HTTPConnection("127.0.0.1", api.port, timeout=10)
    try:
        conn.request("GET", "/actuator/prometheus")
        text = conn.getresponse().read().decode()
    except OSError:
        return None
    finally:
        conn.close()
    match = re.search(rf"^{name}(?:{{[^}}]*}})? ([0-9.eE+-]+)$", text, re.M)
    return float(match.group(1)) if match else None


def wait_until(what, predicate, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise SystemExit(f"timed out after {seconds} s waiting for {what}")


def accepted_orders(rush):
    return [(order_id, user) for _, status, order_id, user, _ in rush.answers if status == 201]


def missing_orders(api, tokens, orders):
    """Orders that got 201 but that neither Redis nor PostgreSQL knows now."""
    def check(item):
        order_id, user = item
        status, _, _ = api.request("GET", f"/api/orders/{order_id}", token=tokens[user])
        return order_id if status == 404 else None
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        return [o for o in pool.map(check, orders) if o]


def redis_loss(server, api, seconds):
    """Redis SIGKILLed mid-rush and restarted empty on the same port."""
    seller, ops = api.token("fault-seller", "SELLER"), api.token("fault-ops", "OPS")
    tokens = [api.token(f"fault-shopper-{i}", "SHOPPER") for i in range(400)]
    sale_id = create_sale(api, seller, stock=1_000_000, per_user_limit=1000)
    redis_pids = server.processes("redis-server")
    if len(redis_pids) != 1:
        raise SystemExit(f"expected one embedded redis-server in the server's process group, found {redis_pids}")
    pid = redis_pids[0]
    binary = os.readlink(f"/proc/{pid}/exe")
    if os.path.basename(binary).startswith("redis-check"):  # Debian: redis-server links to redis-check-rdb,
        binary = os.path.join(os.path.dirname(binary), "redis-server")  # which acts by the name it is run as
    with open(f"/proc/{pid}/cmdline") as f:
        port = re.search(r":(\d+)", f.read().replace("\0", " ")).group(1)
    log(f"sale {sale_id}; embedded Redis pid {pid} ({binary}) on port {port}")
    restarted = []  # the empty Redis this scenario starts: not in the server's process group
    try:
        return _redis_loss(api, seconds, ops, tokens, sale_id, pid, binary, port, restarted)
    finally:
        for process in restarted:
            process.terminate()


def _redis_loss(api, seconds, ops, tokens, sale_id, pid, binary, port, restarted):
    with Rush(api, sale_id, tokens) as rush:
        time.sleep(seconds / 2)
        killed_at = time.time()
        before = rush.count()
        log(f"SIGKILL Redis after {sum(before.values())} answers {before}")
        os.kill(pid, signal.SIGKILL)
        time.sleep(1)
        restarted.append(subprocess.Popen(
            ["timeout", "900", binary, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        restarted_at = time.time()
        log("Redis restarted empty on the same port")
        rebuilt = wait_until("the rebuild of the sale", lambda: (audit(api, ops, sale_id) or {}).get("recoveries"),
                             60)
        rebuilt_at = time.time()
        log(f"rebuilt {rebuilt_at - restarted_at:.1f} s after the restart: {rebuilt[0]}")
        time.sleep(seconds / 2)
    after = wait_until("the audit to agree", lambda: (lambda r: r if r and r["agrees"] else None)(
        audit(api, ops, sale_id)), 60)
    accepted = accepted_orders(rush)
    missing = missing_orders(api, tokens, accepted)
    counts = rush.count()
    during = rush.count(killed_at, rebuilt_at)
    retry_after = {ra for _, status, _, _, ra in rush.answers if status == 503}
    held = after["postgres"]["heldUnits"]
    rows = [
        ("answers in all", counts),
        ("answers from the kill to the rebuild", during),
        ("503s carried Retry-After", sorted(retry_after) if retry_after else "no 503"),
        ("rebuild after Redis came back", f"{rebuilt_at - restarted_at:.1f} s"),
        ("orders restored", rebuilt[0]["orders"]),
        ("201s in all", len(accepted)),
        ("201s lost (accepted, never flushed)", len(missing)),
        ("outbox backlog at the last check before the loss", rebuilt[0]["unflushedAtLastCheck"]),
        ("units held in PostgreSQL = 201s kept", f"{held} = {len(accepted) - len(missing)}"),
        ("audit agrees, no oversell", f"{after['agrees']}, {after['invariants']['noOversell']}"),
        ("5xx other than 503", sum(n for s, n in counts.items() if s >= 500 and s != 503)),
    ]
    ok = (after["agrees"] and held == len(accepted) - len(missing) and 500 not in counts
          and counts.get(201, 0) > 0 and rush.count(rebuilt_at).get(201, 0) > 0)
    return ok, rows


def postgres_freeze(server, api, seconds):
    """Every PostgreSQL process stopped (SIGSTOP) mid-rush, then continued."""
    seller, ops = api.token("fault-seller", "SELLER"), api.token("fault-ops", "OPS")
    tokens = [api.token(f"fault-freeze-{i}", "SHOPPER") for i in range(400)]
    sale_id = create_sale(api, seller, stock=1_000_000, per_user_limit=1000)
    pids = server.postgres()
    if not pids:
        raise SystemExit("no postgres process found in the server's process group")
    freeze = max(10, seconds)
    with Rush(api, sale_id, tokens) as rush:
        time.sleep(seconds / 3)
        log(f"SIGSTOP {len(pids)} postgres processes for {freeze} s")
        frozen_at = time.time()
        for pid in pids:
            os.kill(pid, signal.SIGSTOP)
        time.sleep(freeze / 2)
        ready, _, _ = api.request("GET", "/actuator/health/readiness")
        asked = time.time()
        overall, _, _ = api.request("GET", "/actuator/health", timeout=10)
        overall = f"{overall} in {time.time() - asked:.1f} s" if overall else "no answer in 10 s"
        time.sleep(freeze / 2)
        backlog = metric(api, "flashgroup_outbox_lag_entries")
        for pid in pids:
            os.kill(pid, signal.SIGCONT)
        thawed_at = time.time()
        log(f"SIGCONT; readiness was {ready}, overall {overall}, backlog {backlog}")
        time.sleep(seconds / 3)
    after = wait_until("the outbox to drain and the audit to agree",
                       lambda: (lambda r: r if r and r["agrees"] else None)(audit(api, ops, sale_id)), 120)
    drained_at = time.time()
    accepted = accepted_orders(rush)
    counts, frozen = rush.count(), rush.count(frozen_at, thawed_at)
    held = after["postgres"]["heldUnits"]
    rows = [
        ("answers in all", counts),
        ("answers while PostgreSQL was frozen", frozen),
        ("readiness / overall health while frozen", f"{ready} / {overall}"),
        ("outbox backlog just before the thaw", backlog),
        ("drained and agreeing after the thaw", f"{drained_at - thawed_at:.1f} s"),
        ("201s in all = units held in PostgreSQL", f"{len(accepted)} = {held}"),
    ]
    ok = after["agrees"] and held == len(accepted) and frozen.get(201, 0) > 0 and ready == 200
    return ok, rows


SCENARIOS = {"redis-loss": redis_loss, "postgres-freeze": postgres_freeze}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenarios", nargs="*", help=", ".join(SCENARIOS) + " (default: all)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("FAULTS_PORT", "18191")))
    parser.add_argument("--seconds", type=int, default=16, help="length of each rush (default 16)")
    parser.add_argument("--no-build", action="store_true", help="use the classes built last time")
    argv = sys.argv[1:]
    server_args = argv[argv.index("--") + 1:] if "--" in argv else []  # after --: more server arguments
    args = parser.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    unknown = [s for s in args.scenarios if s not in SCENARIOS]
    if unknown:
        parser.error(f"unknown scenario {unknown}; choose from {list(SCENARIOS)}")
    if not os.environ.get("JAVA_HOME") and os.path.isdir("/usr/lib/jvm/temurin-25-jdk-amd64"):
        os.environ["JAVA_HOME"] = "/usr/lib/jvm/temurin-25-jdk-amd64"
    results, all_ok = [], True
    for name in args.scenarios or list(SCENARIOS):
        server = Server(name, args.port, server_args)
        try:
            if not args.no_build:
                server.build()
                args.no_build = True
            api = server.start()
            log(f"scenario {name}")
            ok, rows = SCENARIOS[name](server, api, args.seconds)
        finally:
            server.stop()
        all_ok &= ok
        results.append((name, ok, rows))
    lines = [f"# Fault rehearsal {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC", ""]
    for name, ok, rows in results:
        lines += [f"## {name}: {'held' if ok else 'FAILED'}", "", "| what | measured |", "| --- | --- |"]
        lines += [f"| {what} | {value} |" for what, value in rows] + [""]
    report = "\n".join(lines)
    print(report)
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    path = os.path.join(HERE, "results", f"faults-{datetime.date.today()}.md")
    with open(path, "w") as f:
        f.write(report)
    log(f"written to {path}")
    sys.exit(0 if all_ok else 1)


if __name__ == "__main__":
    main()
