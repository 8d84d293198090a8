#!/usr/bin/env python3
"""Times Sales list endpoints over HTTP against a running host: p50/p95 of N sequential calls after warm-up."""
import json, statistics, sys, time, urllib.request
base, key, n = sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 30
def call(path):
    req = urllib.request.Request(base + path, headers={"X-Api-Key": key})
    t = time.perf_counter()
    with urllib.request.urlopen(req) as r:
        body = r.read()
    return (time.perf_counter() - t) * 1000, body
scenarios = [
    ("orders list, newest first, page 1 (with total count)", "/api/v1/orders?page=0&pageSize=25"),
    ("orders list, page 400 (offset 10,000)", "/api/v1/orders?page=400&pageSize=25"),
    ("orders list, status Returned", "/api/v1/orders?status=Returned&page=0&pageSize=25"),
    ("orders list, channel Phone, last 90 days", "/api/v1/orders?channel=Phone&from=2025-10-01&page=0&pageSize=25"),
    ("orders list, sorted by total desc", "/api/v1/orders?sort=Total&descending=true&page=0&pageSize=25"),
    ("orders of one customer", "/api/v1/orders?customerId=123456&page=0&pageSize=25"),
    ("kanban board (all owners, 50 cards per stage)", "/api/v1/opportunities/board"),
    ("opportunity list, page 1", "/api/v1/opportunities?page=0&pageSize=25"),
    ("forecast by month", "/api/v1/opportunities/forecast"),
]
print("| scenario | p50 | p95 | max |\n|---|---:|---:|---:|")
for name, path in scenarios:
    for _ in range(3):
        call(path)
    times = sorted(call(path)[0] for _ in range(n))
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    print(f"| {name} | {statistics.median(times):.1f} ms | {p95:.1f} ms | {times[-1]:.1f} ms |", flush=True)
