#!/usr/bin/env python3
"""Drives the telephony webhook as a busy PBX does (issue 18's target: p95 < 50 ms at 200 calls per second).

Usage: cti_load.py WEBHOOK_URL EXTENSION [CALLS_PER_SECOND] [SECONDS] [CALLER_NUMBER]
WEBHOOK_URL is a token URL as shown when the telephone system was made (loopback only); EXTENSION one of its extensions.
Open loop: a new call starts every 1/CALLS_PER_SECOND s (default 200 for 30 s) whatever the answers take, as calls
arrive at a PBX; each call posts newCall, then answer and hangup (cause normalClearing) from a pool of workers with
kept-alive connections. A late start (the client could not keep up) is counted and reported. Prints a Markdown table
of p50/p95/max per event, the achieved rate and any non-200 answers.
"""
import concurrent.futures, http.client, statistics, sys, threading, time, urllib.parse, uuid

url = urllib.parse.urlsplit(sys.argv[1])
extension = sys.argv[2]
rate = float(sys.argv[3]) if len(sys.argv) > 3 else 200.0
seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 30.0
caller = sys.argv[5] if len(sys.argv) > 5 else "anonymous"
if url.scheme != "http" or url.hostname not in ("127.0.0.1", "localhost"):
    sys.exit("WEBHOOK_URL must be a loopback http address")

local = threading.local()
lock = threading.Lock()
timings = {"newCall": [], "answer": [], "hangup": []}
failures = []


def post(event, call_id, cause=None):
    if not hasattr(local, "connection"):
        local.connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    fields = {"event": event, "callId": call_id, "from": caller, "to": extension, "direction": "in", "user[]": extension}
    if cause:
        fields["cause"] = cause
    body = urllib.parse.urlencode(fields)
    started = time.perf_counter()
    try:
        local.connection.request("POST", url.path, body, {"Content-Type": "application/x-www-form-urlencoded"})
        response = local.connection.getresponse()
        response.read()
        status = response.status
    except (http.client.HTTPException, OSError) as error:
        local.connection.close()
        del local.connection
        status = repr(error)
    elapsed = (time.perf_counter() - started) * 1000
    with lock:
        if status == 200:
            timings[event].append(elapsed)
        else:
            failures.append((event, status))


def one_call():
    call_id = "bench-" + uuid.uuid4().hex
    post("newCall", call_id)
    post("answer", call_id)
    post("hangup", call_id, "normalClearing")


total = int(rate * seconds)
late = 0
with concurrent.futures.ThreadPoolExecutor(max_workers=96) as pool:
    for i in range(5):
        pool.submit(one_call).result()  # warm-up, not timed
    for values in timings.values():
        values.clear()
    begin = time.perf_counter()
    futures = []
    for i in range(total):
        due = begin + i / rate
        wait = due - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        elif wait < -0.05:
            late += 1
        futures.append(pool.submit(one_call))
    concurrent.futures.wait(futures)
    took = time.perf_counter() - begin


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


print(f"{total} calls ({3 * total} posts) offered at {rate:g} calls/s for {seconds:g} s; all answered after {took:.1f} s; "
      f"{late} calls started more than 50 ms late; {len(failures)} non-200 answers {failures[:5]}")
print()
print("| event | posts | p50 | p95 | max |")
print("|---|---:|---:|---:|---:|")
for event, values in timings.items():
    if values:
        print(f"| {event} | {len(values)} | {statistics.median(values):.1f} ms | {pct(values, 95):.1f} ms | {max(values):.1f} ms |")
everything = [v for values in timings.values() for v in values]
if everything:
    print(f"| all | {len(everything)} | {statistics.median(everything):.1f} ms | {pct(everything, 95):.1f} ms | {max(everything):.1f} ms |")
