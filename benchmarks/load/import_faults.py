#!/usr/bin/env python3
"""Fault runs of issue 16: kill -9 during an order import and during an order burst, then check what was stored.

1. Import: `crm import orders --format online-retail` of the full UCI file on a fresh SQLite file, killed with SIGKILL
   once it has reported a (random) number of orders created, short of what is left to write, --rounds times in a row on
   the same database. After every
   kill: no order has fewer or more lines than its invoice has rows in the file, no line lacks its order, and every
   order of a customer has its timeline entry (InteractionReported) in the outbox, written in the order's transaction.
   Then a last import runs to the end: it must complete the file (25,900 orders, every one created or unchanged, no
   conflict, no skipped row) and the same checks hold.
2. Burst: the Release web host takes single orders over the API from --concurrency threads and is killed with SIGKILL
   mid-burst; it is started again on the same database. Every order acknowledged with 201 before the kill must be
   stored, whole, and once the outbox has delivered, every order of a customer must be on the customer's timeline.

Bounded: fixed counts, loopback only, a temporary folder. Usage (see docs/fault-runs.md):

    benchmarks/load/import_faults.py [--rounds 3] [--burst-seconds 15] [--concurrency 8] [--no-build]
"""
import argparse
import csv
import gzip
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from orders_load import CLI_DLL, ROOT, WEB_DLL, Client, RawClient, issue_key, make_orders, start_host, wait_ready  # noqa: E402

ONLINE_RETAIL = os.path.join(ROOT, "data", "online-retail", "online_retail.csv.gz")
INVOICES = 25_900


def rows_per_invoice():
    """The file's rows per invoice (every row of the file is imported: 0 skipped, so an invoice's lines = its rows)."""
    counts = {}
    with gzip.open(ONLINE_RETAIL, "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            key = row["InvoiceNo"].strip()
            counts[key] = counts.get(key, 0) + 1
    return counts


def check_store(db_path, expected_lines=None):
    """Whole orders only, and every order of a customer with its timeline entry (delivered or in the outbox)."""
    with sqlite3.connect(db_path) as db:
        orders = db.execute("SELECT COUNT(*) FROM Sales_Orders").fetchone()[0]
        half = db.execute("SELECT COUNT(*) FROM Sales_Orders o WHERE o.LineCount <> "
                          "(SELECT COUNT(*) FROM Sales_OrderLines l WHERE l.OrderId = o.Id)").fetchone()[0]
        orphans = db.execute("SELECT COUNT(*) FROM Sales_OrderLines l WHERE NOT EXISTS "
                             "(SELECT 1 FROM Sales_Orders o WHERE o.Id = l.OrderId)").fetchone()[0]
        with_customer = db.execute("SELECT COUNT(*) FROM Sales_Orders WHERE CustomerId IS NOT NULL").fetchone()[0]
        reported = db.execute("SELECT COUNT(*) FROM Kernel_OutboxMessages WHERE EventType LIKE '%InteractionReported'").fetchone()[0]
        on_timeline = db.execute("SELECT COUNT(*) FROM Contacts_Interactions WHERE Type = 'Order'").fetchone()[0]
        differing = 0
        if expected_lines is not None:
            for number, lines in db.execute("SELECT OrderNumber, LineCount FROM Sales_Orders"):
                if expected_lines.get(number) != lines:
                    differing += 1
    problems = []
    if half:
        problems.append(f"{half} orders whose LineCount differs from their stored lines")
    if orphans:
        problems.append(f"{orphans} lines without their order")
    if differing:
        problems.append(f"{differing} orders with fewer or more lines than the file's invoice")
    if reported + on_timeline != with_customer:
        problems.append(f"{with_customer} orders of customers but {reported} timeline entries in the outbox + {on_timeline} delivered")
    return orders, with_customer, problems


def import_until_killed(connection, target_orders):
    """Starts the import and SIGKILLs it once its progress reports at least `target_orders` orders created."""
    process = subprocess.Popen(["dotnet", CLI_DLL, "import", "orders", "--format", "online-retail", ONLINE_RETAIL,
                                "--connection-string", connection],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    reported = 0
    text = b""
    while True:
        chunk = os.read(process.stderr.fileno(), 4096)
        if not chunk:
            break
        text = (text + chunk)[-400:]
        found = re.findall(rb"([\d,]+) orders created", text)
        if found:
            reported = int(found[-1].replace(b",", b""))
        if reported >= target_orders:
            os.killpg(process.pid, signal.SIGKILL)
            break
    process.wait()
    return reported, process.returncode


def run_import_faults(workdir, rounds, rnd):
    db_path = os.path.join(workdir, "import.db")
    connection = f"Data Source={db_path}"
    subprocess.run(["dotnet", CLI_DLL, "migrate", "--connection-string", connection], check=True, cwd=ROOT, capture_output=True)
    expected = rows_per_invoice()
    assert len(expected) == INVOICES, len(expected)
    failed = False
    for n in range(1, rounds + 1):
        with sqlite3.connect(db_path) as db:
            remaining = INVOICES - db.execute("SELECT COUNT(*) FROM Sales_Orders").fetchone()[0]
        # Somewhere in what is still to write, so every round is killed while it writes.
        target = rnd.randrange(min(500, remaining // 4), max(remaining * 3 // 4, 2))
        start = time.perf_counter()
        reported, code = import_until_killed(connection, target)
        orders, with_customer, problems = check_store(db_path, expected)
        print(f"import kill {n}: SIGKILL after {time.perf_counter() - start:5.1f} s, progress said {reported:,} orders created "
              f"(exit {code}); stored {orders:,} orders ({with_customer:,} of customers): {'; '.join(problems) or 'whole, each with its timeline entry'}")
        failed |= bool(problems)
    start = time.perf_counter()
    finish = subprocess.run(["dotnet", CLI_DLL, "import", "orders", "--format", "online-retail", ONLINE_RETAIL,
                             "--connection-string", connection, "--json"], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if finish.returncode != 0:
        print(f"re-import failed with exit {finish.returncode}: {finish.stderr[-500:]}")
        return False
    summary = json.loads(finish.stdout)
    orders, with_customer, problems = check_store(db_path, expected)
    complete = (summary["ordersCreated"] + summary["ordersUnchanged"] == INVOICES and summary["conflictCount"] == 0
                and summary["rowsSkipped"] == 0 and orders == INVOICES)
    if not complete:
        problems.append("the re-import did not complete the file")
    print(f"re-import: {seconds:5.1f} s, {summary['ordersCreated']:,} created + {summary['ordersUnchanged']:,} unchanged, "
          f"{summary['conflictCount']} conflicts, {summary['rowsSkipped']} rows skipped; stored {orders:,} orders: "
          f"{'; '.join(problems) or 'the file is complete, every order whole with its timeline entry'}")
    return not failed and not problems


def run_burst_fault(workdir, seconds, concurrency, port, rnd):
    db_path = os.path.join(workdir, "burst.db")
    connection = f"Data Source={db_path}"
    manager_key = issue_key(connection, "faults products", "Manager")
    shop_key = issue_key(connection, "faults web shop", "SalesRep")
    host = start_host(WEB_DLL, port, connection)
    acknowledged, lock, stop = [], threading.Lock(), threading.Event()
    try:
        wait_ready(port)
        manager = Client(port, manager_key)
        codes = []
        for p in range(100):
            code = f"FAULT-{p:04d}"
            status, body = manager.post("/api/v1/products", {"code": code, "name": f"Fault product {p}", "listPrice": 10 + p,
                                                             "unitCost": 4, "stockOnHand": 1_000_000})
            if status != 201:
                raise SystemExit(f"product -> {status}: {body[:300]!r}")
            codes.append(code)
        orders = make_orders(rnd, 200_000, 2_000, codes, "fault")
        next_index = [0]

        def worker():
            client = RawClient(port)
            while not stop.is_set():
                with lock:
                    i = next_index[0]
                    next_index[0] += 1
                try:
                    status, _ = client.send(RawClient.encode(port, shop_key, "/api/v1/orders", orders[i]))
                except (SystemExit, OSError):
                    return  # the host is gone
                if status == 201:
                    with lock:
                        acknowledged.append(orders[i]["externalId"])

        threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
        for t in threads:
            t.start()
        time.sleep(seconds)
        os.killpg(host.pid, signal.SIGKILL)
        host.wait()
        stop.set()
        for t in threads:
            t.join(timeout=30)
    finally:
        if host.poll() is None:
            os.killpg(host.pid, signal.SIGKILL)
    with lock:
        acked = list(acknowledged)
    orders_before, with_customer, problems = check_store(db_path)
    print(f"burst kill: SIGKILL after {seconds} s with {len(acked):,} orders acknowledged (201); stored {orders_before:,} orders: "
          f"{'; '.join(problems) or 'whole, each with its timeline entry (delivered or in the outbox)'}")

    host = start_host(WEB_DLL, port, connection)
    try:
        wait_ready(port)
        start = time.perf_counter()
        while time.perf_counter() - start < 120:
            with sqlite3.connect(db_path) as db:
                if db.execute("SELECT COUNT(*) FROM Kernel_OutboxMessages WHERE DeadAtUtc IS NULL").fetchone()[0] == 0:
                    break
            time.sleep(1)
        drained = time.perf_counter() - start
    finally:
        os.killpg(host.pid, signal.SIGTERM)
        host.wait()
    with sqlite3.connect(db_path) as db:
        stored = {row[0] for row in db.execute("SELECT ExternalId FROM Sales_Orders WHERE ExternalId IS NOT NULL")}
        missing_entries = db.execute(
            "SELECT COUNT(*) FROM Sales_Orders o WHERE o.CustomerId IS NOT NULL AND NOT EXISTS "
            "(SELECT 1 FROM Contacts_Interactions i WHERE i.OrderId = o.OrderNumber AND i.CustomerId = o.CustomerId)").fetchone()[0]
        dead = db.execute("SELECT COUNT(*) FROM Kernel_OutboxMessages WHERE DeadAtUtc IS NOT NULL").fetchone()[0]
    lost = [e for e in acked if e not in stored]
    _, _, problems_after = check_store(db_path)
    if lost:
        problems_after.append(f"{len(lost)} acknowledged orders missing (e.g. {lost[:3]})")
    if missing_entries:
        problems_after.append(f"{missing_entries} orders of customers not on their timeline")
    if dead:
        problems_after.append(f"{dead} dead outbox messages")
    print(f"after restart: outbox drained in {drained:.1f} s; {len(stored):,} orders stored, every one of the {len(acked):,} "
          f"acknowledged present: {not lost}; {'; '.join(problems_after) or 'whole, each on its customer timeline'}")
    return not problems and not problems_after


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3, help="imports killed in a row before the completing one")
    parser.add_argument("--burst-seconds", type=float, default=15)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--port", type=int, default=5098)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the database files")
    args = parser.parse_args()

    if not args.no_build:
        for project in ("src/Crm.Web", "src/Crm.Cli"):
            subprocess.run(["dotnet", "build", project, "-c", "Release", "-v", "q", "-nologo"], check=True, cwd=ROOT)

    rnd = random.Random(args.seed)
    workdir = tempfile.mkdtemp(prefix="import-faults-")
    print(f"load average {os.getloadavg()[0]:.1f}; databases in {workdir}")
    try:
        ok = run_import_faults(workdir, args.rounds, rnd)
        ok = run_burst_fault(workdir, args.burst_seconds, args.concurrency, args.port, rnd) and ok
    finally:
        if not args.keep:
            for name in os.listdir(workdir):
                os.remove(os.path.join(workdir, name))
            os.rmdir(workdir)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
