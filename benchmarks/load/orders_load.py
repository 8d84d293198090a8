#!/usr/bin/env python3
"""Scripted load run for the orders targets of the Sales issue: >= 1,000 orders/s sustained, single and bulk.

Starts the Release host on a fresh SQLite file (Production environment, loopback only), issues API keys through the
command line (a Manager key to seed the product catalogue, a SalesRep key that places the orders, as a web shop would),
seeds products, then:
  1. posts --orders orders one per call from --concurrency threads (keep-alive), and reports orders/s and latency;
  2. posts --bulk-orders other orders 1,000 per call to /api/v1/orders/bulk and reports orders/s;
  3. replays every order of 1 and 2 concurrently and checks that the number of orders in the database did not change.
Every order names its customer by a customer block (external id + email): the first order of a customer creates it.
Bounded: fixed counts, loopback only. Usage (see docs/performance.md):

    benchmarks/load/orders_load.py [--orders 20000] [--bulk-orders 20000] [--concurrency 8] [--no-build]
"""
import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WEB_DLL = os.path.join(ROOT, "src", "Crm.Web", "bin", "Release", "net10.0", "Crm.Web.dll")
CLI_DLL = os.path.join(ROOT, "src", "Crm.Cli", "bin", "Release", "net10.0", "crm.dll")


def issue_key(connection, name, role):
    out = subprocess.run(["dotnet", CLI_DLL, "apikeys", "add", "--name", name, "--role", role, "--connection-string", connection],
                         check=True, capture_output=True, text=True, cwd=ROOT).stdout.strip().splitlines()
    return out[-1].strip()


class Client:
    """One keep-alive connection per thread."""

    def __init__(self, port, key):
        self.port, self.key = port, key
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def post(self, path, body, extra_headers=None):
        headers = {"X-Api-Key": self.key, "Content-Type": "application/json", "Accept": "application/json"}
        headers.update(extra_headers or {})
        data = json.dumps(body).encode()
        for attempt in range(3):
            try:
                self.conn.request("POST", path, body=data, headers=headers)
                response = self.conn.getresponse()
                return response.status, response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        raise SystemExit(f"POST {path}: connection keeps failing")


class RawClient:
    """A lean keep-alive HTTP/1.1 client for the timed runs: requests are encoded before the clock starts and responses
    are parsed only as far as status and body (Content-Length or chunked), so the load generator takes as little as
    possible of the two cores it shares with the host (its CPU per order is printed beside the host's)."""

    def __init__(self, port):
        self.port = port
        self.sock = None
        self.buffer = b""

    @staticmethod
    def encode(port, key, path, body):
        data = json.dumps(body).encode()
        head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Api-Key: {key}\r\nContent-Type: application/json\r\n"
                f"Accept: application/json\r\nContent-Length: {len(data)}\r\n\r\n")
        return head.encode() + data

    def send(self, request):
        for attempt in range(3):
            try:
                if self.sock is None:
                    self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=120)
                    self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    self.buffer = b""
                self.sock.sendall(request)
                return self._response()
            except (ConnectionError, OSError):
                if self.sock is not None:
                    self.sock.close()
                self.sock = None
        raise SystemExit("POST: connection keeps failing")

    def _read_until(self, marker):
        while marker not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionResetError("closed")
            self.buffer += chunk
        head, _, self.buffer = self.buffer.partition(marker)
        return head

    def _read_exactly(self, count):
        while len(self.buffer) < count:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionResetError("closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def _response(self):
        lines = self._read_until(b"\r\n\r\n").split(b"\r\n")
        status = int(lines[0].split(b" ", 2)[1])
        headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(b":") for line in lines[1:])}
        if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
            body = b""
            while size := int(self._read_until(b"\r\n").split(b";")[0], 16):
                body += self._read_exactly(size)
                self._read_exactly(2)
            self._read_until(b"\r\n")  # no trailers are sent: the empty line ending the body
            return status, body
        return status, self._read_exactly(int(headers.get(b"content-length", b"0")))


def make_orders(rnd, count, customers, products, prefix):
    orders = []
    for i in range(count):
        c = rnd.randrange(customers)
        lines = [{"productCode": code, "quantity": rnd.randint(1, 5)} for code in rnd.sample(products, rnd.randint(1, 4))]
        orders.append({
            "externalId": f"{prefix}-{i}",
            "customer": {"externalId": f"shop-customer-{c}", "email": f"customer{c}@example.com",
                         "firstName": f"First{c}", "lastName": f"Shopper{c}", "country": "GB"},
            "channel": "WebShop",
            "lines": lines,
        })
    return orders


def run_single(port, key, orders, concurrency, expect):
    """Posts each order once from `concurrency` threads; returns (seconds, latencies ms, statuses)."""
    requests = [RawClient.encode(port, key, "/api/v1/orders", order) for order in orders]
    next_index = [0]
    lock = threading.Lock()
    latencies, statuses = [], {}

    failures = []

    def worker():
        try:
            post_all()
        except BaseException as error:  # a thread's SystemExit would vanish silently
            failures.append(error)

    def post_all():
        client = RawClient(port)
        mine, seen = [], {}
        while True:
            with lock:
                i = next_index[0]
                next_index[0] += 1
            if i >= len(orders):
                break
            start = time.perf_counter()
            status, body = client.send(requests[i])
            mine.append((time.perf_counter() - start) * 1000)
            seen[status] = seen.get(status, 0) + 1
            if status not in expect:
                print(f"unexpected {status}: {body[:300]!r}", file=sys.stderr)
        with lock:
            latencies.extend(mine)
            for s, n in seen.items():
                statuses[s] = statuses.get(s, 0) + n

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise SystemExit(f"single orders: {failures[0]!r}")
    return time.perf_counter() - start, sorted(latencies), statuses


def run_bulk(port, key, orders, concurrency, size=1000):
    batches = [orders[i:i + size] for i in range(0, len(orders), size)]
    next_index = [0]
    lock = threading.Lock()
    counts = {}

    def worker():
        client = Client(port, key)
        while True:
            with lock:
                i = next_index[0]
                next_index[0] += 1
            if i >= len(batches):
                break
            status, body = client.post("/api/v1/orders/bulk", batches[i])
            if status != 200:
                raise SystemExit(f"bulk -> {status}: {body[:300]!r}")
            result = json.loads(body)
            with lock:
                for item in result["items"]:
                    counts[item["status"]] = counts.get(item["status"], 0) + 1
                    if item["status"] == "rejected":
                        print(f"rejected: {item['errors']}", file=sys.stderr)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, counts


def start_host(web_dll, port, connection):
    """The Release host in the Production environment on loopback, without demo data or a log file."""
    # A throw-away database: unencrypted data-protection keys are fine, and the load needs more than the per-caller limit.
    env = dict(os.environ, ASPNETCORE_ENVIRONMENT="Production", ConnectionStrings__Crm=connection, DemoData__Customers="0",
               Logging__WriteToFile="false", DataProtection__AllowUnencryptedKeys="true", Api__RateLimit__PermitsPerWindow="100000000")
    # Run from the build output, as a deployment does: the content root (appsettings.json: log levels) is the current directory.
    return subprocess.Popen(["dotnet", web_dll, "--urls", f"http://127.0.0.1:{port}"], cwd=os.path.dirname(os.path.abspath(web_dll)),
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def wait_ready(port):
    """Waits up to a minute for the host's readiness check (migrations done) to answer 200."""
    for _ in range(120):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/health/ready")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the host on port {port} did not become ready")


def cpu_seconds(pid):
    """User + system CPU time of a process (Linux /proc), to tell the host's work from the machine's load."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds():
    """User + system CPU time of this script (the load generator)."""
    times = os.times()
    return times.user + times.system


def load_average():
    return os.getloadavg()[0]


def count_orders(db_path):
    with sqlite3.connect(db_path) as db:
        return db.execute("SELECT COUNT(*) FROM Sales_Orders").fetchone()[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=20000, help="orders posted one per call")
    parser.add_argument("--bulk-orders", type=int, default=20000, help="orders posted 1,000 per call")
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--products", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=2000, help="orders posted before measuring (JIT tiering, caches)")
    parser.add_argument("--bulk-concurrency", type=int, default=1)
    parser.add_argument("--port", type=int, default=5097)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the database file")
    args = parser.parse_args()

    if not args.no_build:
        for project in ("src/Crm.Web", "src/Crm.Cli"):
            subprocess.run(["dotnet", "build", project, "-c", "Release", "-v", "q", "-nologo"], check=True, cwd=ROOT)

    workdir = tempfile.mkdtemp(prefix="orders-load-")
    db_path = os.path.join(workdir, "orders.db")
    connection = f"Data Source={db_path}"
    manager_key = issue_key(connection, "load products", "Manager")
    shop_key = issue_key(connection, "load web shop", "SalesRep")

    host = start_host(WEB_DLL, args.port, connection)
    try:
        wait_ready(args.port)

        rnd = random.Random(args.seed)
        manager = Client(args.port, manager_key)
        codes = []
        for p in range(args.products):
            code = f"LOAD-{p:05d}"
            status, body = manager.post("/api/v1/products", {
                "code": code, "name": f"Load product {p}", "listPrice": round(rnd.uniform(1, 200), 2),
                "unitCost": round(rnd.uniform(0.5, 80), 2), "stockOnHand": 100000})
            if status != 201:
                raise SystemExit(f"product -> {status}: {body[:300]!r}")
            codes.append(code)

        warmup = make_orders(rnd, args.warmup, args.customers, codes, "warmup")
        single = make_orders(rnd, args.orders, args.customers, codes, "single")
        bulk = make_orders(rnd, args.bulk_orders, args.customers, codes, "bulk")
        print(f"{args.products} products; {args.customers} customers (created by their first order); "
              f"{len(single):,} single + {len(bulk):,} bulk orders, 1-4 lines each")

        run_single(args.port, shop_key, warmup, args.concurrency, {201})
        cpu, own = cpu_seconds(host.pid), own_cpu_seconds()
        seconds, latencies, statuses = run_single(args.port, shop_key, single, args.concurrency, {201})
        cpu, own = cpu_seconds(host.pid) - cpu, own_cpu_seconds() - own
        p95 = latencies[int(len(latencies) * 0.95) - 1]
        print(f"single  : {len(single):,} orders in {seconds:6.1f} s = {len(single) / seconds:7.0f} orders/s "
              f"(concurrency {args.concurrency}; p50 {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms) statuses {statuses}")
        print(f"          host CPU {cpu:.1f} s = {len(single) / cpu:,.0f} orders per CPU-second ({1000 * cpu / len(single):.2f} ms an order); "
              f"load generator {1000 * own / len(single):.2f} ms an order; load average {load_average():.1f}")

        cpu = cpu_seconds(host.pid)
        seconds, counts = run_bulk(args.port, shop_key, bulk, args.bulk_concurrency)
        cpu = cpu_seconds(host.pid) - cpu
        print(f"bulk    : {len(bulk):,} orders in {seconds:6.1f} s = {len(bulk) / seconds:7.0f} orders/s "
              f"(1,000 per call, {args.bulk_concurrency} call(s) at a time) {counts}")
        print(f"          host CPU {cpu:.1f} s = {len(bulk) / cpu:,.0f} orders per CPU-second; load average {load_average():.1f}")

        stored = count_orders(db_path)
        expected = len(warmup) + len(single) + len(bulk)
        print(f"stored  : {stored:,} orders (expected {expected:,})")

        # Replays: single orders from all threads at once while bulk replays run beside them.
        replay_bulk = {}
        bulk_thread = threading.Thread(target=lambda: replay_bulk.update(counts=run_bulk(args.port, shop_key, bulk, 2)[1]))
        bulk_thread.start()
        seconds, _, statuses = run_single(args.port, shop_key, single, args.concurrency, {200})
        bulk_thread.join()
        after = count_orders(db_path)
        print(f"replay  : {len(single):,} single replays in {seconds:.1f} s, statuses {statuses}; bulk replays {replay_bulk.get('counts')}")
        print(f"stored  : {after:,} orders after the replays -> {'UNCHANGED' if after == stored == expected else 'CHANGED!'}")
        if after != stored or stored != expected:
            sys.exit(1)
    finally:
        os.killpg(host.pid, signal.SIGTERM)
        host.wait(timeout=30)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"database kept at {db_path}")


if __name__ == "__main__":
    main()
