#!/usr/bin/env python3
"""Simultaneous A/B run of the single-order path: two builds of the host side by side on one machine.

On a shared machine the speed drifts by +-20% from one minute to the next, so comparing a run of build A with a later
run of build B mostly measures the drift. Here both hosts run at once, each on its own fresh SQLite file, and every
phase posts the same orders to both at the same time: a slow minute slows both. The figure is the ratio of their host
CPU per order (from /proc) over the phases after the warm-up.

    A=/tmp/a/src/Crm.Web/bin/Release/net10.0/Crm.Web.dll B=src/Crm.Web/bin/Release/net10.0/Crm.Web.dll \\
        python3 benchmarks/load/orders_ab.py        # env: CONC (connections per host, 8), PHASES (8), N (orders a phase, 3000)

Needs the Release command line (src/Crm.Cli) built, for the API keys. Bounded: fixed counts, loopback only.
"""
import os
import random
import shutil
import signal
import tempfile
import threading

import orders_load as ol

WARM_UP_PHASES = 3


def start(dll, port, workdir):
    os.makedirs(workdir)
    connection = f"Data Source={os.path.join(workdir, 'orders.db')}"
    manager_key, shop_key = ol.issue_key(connection, "ab products", "Manager"), ol.issue_key(connection, "ab shop", "SalesRep")
    return ol.start_host(dll, port, connection), port, manager_key, shop_key


def main():
    builds = [os.environ["A"], os.environ["B"]]
    concurrency, phases, count = int(os.environ.get("CONC", "8")), int(os.environ.get("PHASES", "8")), int(os.environ.get("N", "3000"))
    hosts = []
    workdir = tempfile.mkdtemp(prefix="orders-ab-")
    try:
        for k, dll in enumerate(builds):
            hosts.append(start(dll, 5097 + k, os.path.join(workdir, "AB"[k])))
        codes = [f"LOAD-{p:05d}" for p in range(200)]
        for _, port, manager_key, _ in hosts:
            ol.wait_ready(port)
            manager = ol.Client(port, manager_key)
            for code in codes:
                status, body = manager.post("/api/v1/products", {"code": code, "name": code, "listPrice": 10, "unitCost": 5, "stockOnHand": 100000})
                if status != 201:
                    raise SystemExit(f"product -> {status}: {body[:300]!r}")

        rnd = random.Random(1)
        totals = [0.0, 0.0]
        for phase in range(phases):
            orders = ol.make_orders(rnd, count, 1000, codes, f"p{phase}")
            results = [None, None]
            before = [ol.cpu_seconds(host.pid) for host, *_ in hosts]

            def post(k):
                _, port, _, shop_key = hosts[k]
                results[k] = ol.run_single(port, shop_key, orders, concurrency, {201})

            threads = [threading.Thread(target=post, args=(k,)) for k in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            cpu = [ol.cpu_seconds(host.pid) - b for (host, *_), b in zip(hosts, before)]
            if phase >= WARM_UP_PHASES:
                totals = [t + c for t, c in zip(totals, cpu)]
            print(f"phase {phase}" + "".join(f"  {'AB'[k]}: {count / results[k][0]:5.0f}/s {1000 * cpu[k] / count:.2f} ms" for k in range(2))
                  + f"  B/A {cpu[1] / cpu[0]:.3f}" + ("  (warm-up)" if phase < WARM_UP_PHASES else ""), flush=True)
        measured = count * (phases - WARM_UP_PHASES)
        print(f"after the warm-up: A {1000 * totals[0] / measured:.3f} ms, B {1000 * totals[1] / measured:.3f} ms of host CPU per order; "
              f"B/A {totals[1] / totals[0]:.3f}")
    finally:
        for host, *_ in hosts:
            os.killpg(host.pid, signal.SIGTERM)
            host.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
