#!/usr/bin/env python3
"""Scripted load run for the Contacts targets of issue 3 (global search, customer page data, filtered list).

Sends requests over HTTP with keep-alive to a running eCRM and prints p50/p95/max per scenario. Bounded: a fixed number
of requests per scenario, loopback only. Usage (see docs/performance.md for the whole procedure):

    benchmarks/load/contacts_load.py --base http://127.0.0.1:5080 --api-key ecrm_... [--requests 300]
"""
import argparse
import http.client
import json
import random
import statistics
import time
import urllib.parse


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:5080")
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    url = urllib.parse.urlparse(args.base)
    if url.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("Load runs go to loopback only.")
    conn = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=30)
    headers = {"X-Api-Key": args.api_key, "Accept": "application/json"}
    rnd = random.Random(args.seed)

    def get(path):
        start = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != 200:
            raise SystemExit(f"GET {path} -> {response.status}: {body[:300]!r}")
        return elapsed, body

    # Sample real customers to search for and open (ids, names, emails, phones).
    _, body = get("/api/v1/customers?pageSize=200&sort=Created&descending=true")
    total = json.loads(body)["totalCount"]
    samples = []
    for page in rnd.sample(range(0, max(1, total // 200)), k=min(15, max(1, total // 200))):
        _, body = get(f"/api/v1/customers?pageSize=200&page={page}&sort=Created")
        samples.extend(json.loads(body)["items"])
    print(f"{total:,} customers; sampled {len(samples)}")

    def phone_variants(e164):
        digits = e164[2:] if e164.startswith("+1") else e164.lstrip("+")
        return [e164, f"({digits[:3]}) {digits[3:6]}-{digits[6:]}", f"{digits[:3]}.{digits[3:6]}.{digits[6:]}"]

    def search_terms(c):
        name = c["displayName"]
        terms = [name[: rnd.randint(3, max(3, len(name)))]]
        if c.get("primaryEmail"):
            terms.append(c["primaryEmail"][: rnd.randint(4, len(c["primaryEmail"]))])
        if c.get("primaryPhone"):
            terms.append(rnd.choice(phone_variants(c["primaryPhone"])))
        return terms

    cities = sorted({c["city"] for c in samples if c.get("city")})
    scenarios = {
        "global search (name, email or phone)": lambda: get(
            "/api/v1/customers/search?limit=10&q=" + urllib.parse.quote(rnd.choice(search_terms(rnd.choice(samples)))))[0],
        "customer page data (customer + first timeline page)": lambda: sum(
            t for t, _ in (get(f"/api/v1/customers/{cid}"), get(f"/api/v1/customers/{cid}/interactions?pageSize=25"))
        ) if (cid := rnd.choice(samples)["id"]) else 0,
        "list page, filter by city, sort by last contact": lambda: get(
            f"/api/v1/customers?city={urllib.parse.quote(rnd.choice(cities))}&sort=LastContact&descending=true"
            f"&page={rnd.randint(0, 20)}&pageSize=25")[0],
        "list page, name search, sort by name": lambda: get(
            f"/api/v1/customers?search={urllib.parse.quote(rnd.choice(samples)['displayName'][:3])}&sort=Name&pageSize=25")[0],
    }

    for name, run in scenarios.items():
        for _ in range(10):  # warm-up
            run()
        times = sorted(run() for _ in range(args.requests))
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"{name:55s} n={len(times)} p50={statistics.median(times):7.1f} ms  p95={p95:7.1f} ms  max={times[-1]:7.1f} ms")


if __name__ == "__main__":
    main()
