#!/usr/bin/env python3
"""Times the service desk over HTTP against a running host (loopback only), as issue 17 sets its targets:
the agent's case lists, the case page data, a reply and a status change, and the SLA recompute after a policy change.

Usage: service_load.py BASE AGENT_EMAIL AGENT_PASSWORD MANAGER_EMAIL MANAGER_PASSWORD [N] [DATABASE]
Signs in through the sign-in form (cookie session, as the browser does); N timed sequential calls per scenario after 5
warm-up calls (default 200). Prints a Markdown table of p50/p95/max, then the policy change's duration and, given the
host's SQLite DATABASE (read only), how long until the sweep had recomputed every case the change made due.
"""
import datetime, http.cookiejar, json, random, re, sqlite3, statistics, sys, time, urllib.error, urllib.parse, urllib.request

base, agent, agent_password, manager, manager_password = sys.argv[1:6]
n = int(sys.argv[6]) if len(sys.argv) > 6 else 200
database = sys.argv[7] if len(sys.argv) > 7 else None
if not re.match(r"^http://(127\.0\.0\.1|localhost)(:\d+)?$", base):
    sys.exit("BASE must be a loopback address")
rng = random.Random(17)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def session(email, password):
    """The auth cookie of a form sign-in. Sent by hand: the cookie is Secure, and loopback HTTP is what we measure."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    page = opener.open(base + "/account/login").read().decode()
    token = re.search(r'name="__RequestVerificationToken"[^>]*value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"_handler": "login", "__RequestVerificationToken": token,
                                   "Input.Email": email, "Input.Password": password}).encode()
    try:
        opener.open(urllib.request.Request(base + "/account/login", data=form))
        sys.exit(f"sign-in of {email} did not redirect")
    except urllib.error.HTTPError as e:
        if e.code != 302:
            raise
        auth = [c.split(";")[0] for c in e.headers.get_all("Set-Cookie") if c.startswith("ecrm.auth=")]
        if not auth:
            sys.exit(f"sign-in of {email} failed")
    return urllib.request.build_opener(), auth[0]


def call(who, path, body=None, method=None, headers=None):
    opener, cookie = who
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json", "Cookie": cookie, **(headers or {})})
    t = time.perf_counter()
    with opener.open(req) as r:
        payload = r.read()
        etag = r.headers.get("ETag")
    return (time.perf_counter() - t) * 1000, payload, etag


def measure(name, fn, count=None, warmup=5):
    for _ in range(warmup):
        fn()
    times = sorted(fn() for _ in range(count or n))
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    print(f"| {name} | {statistics.median(times):.1f} ms | {p95:.1f} ms | {times[-1]:.1f} ms |", flush=True)


agent_session = session(agent, agent_password)
manager_session = session(manager, manager_password)
total = json.loads(call(manager_session, "/api/v1/cases?page=0&pageSize=1")[1])["totalCount"]
open_cases = json.loads(call(manager_session, "/api/v1/cases?openOnly=true&page=0&pageSize=1")[1])["totalCount"]
print(f"{total:,} cases, {open_cases:,} open\n")
# Open cases to write to: a spread of pages of the open list, newest activity first.
targets = []
for page in rng.sample(range(max(1, open_cases // 100)), 10):
    items = json.loads(call(manager_session, f"/api/v1/cases?openOnly=true&page={page}&pageSize=100")[1])["items"]
    targets += [c["id"] for c in items if c["status"] in ("New", "Open")]

print("| scenario | p50 | p95 | max |\n|---|---:|---:|---:|")
lists = [
    ("my queues' open cases, newest activity first (agent)", "/api/v1/cases?myQueues=true&openOnly=true&page=0&pageSize=25"),
    ("my queues' open cases, page 20 (agent)", "/api/v1/cases?myQueues=true&openOnly=true&page=20&pageSize=25"),
    ("unassigned open cases (agent)", "/api/v1/cases?unassigned=true&openOnly=true&page=0&pageSize=25"),
    ("overdue: SLA breached, open (agent)", "/api/v1/cases?slaState=Breached&openOnly=true&page=0&pageSize=25"),
    ("all cases, by number (manager)", "/api/v1/cases?sort=Number&page=0&pageSize=25"),
    ("search by subject word (agent)", "/api/v1/cases?search=refund&page=0&pageSize=25"),
]
for name, path in lists:
    who = manager_session if "(manager)" in name else agent_session
    measure(name, lambda: call(who, path)[0])

measure("case page data: the case with its thread and SLA (agent)",
        lambda: call(agent_session, f"/api/v1/cases/{rng.randint(1, total)}")[0])
measure("reply to an open case (manager)",
        lambda: call(manager_session, f"/api/v1/cases/{rng.choice(targets)}/replies", {"body": "Thanks, we are on it."}, "POST")[0])
flip = {"value": False}


def status_change():
    flip["value"] = not flip["value"]
    case = targets[0]  # one case back and forth: every call is an allowed transition
    status = "PendingCustomer" if flip["value"] else "Open"
    return call(manager_session, f"/api/v1/cases/{case}/status", {"status": status}, "POST")[0]


measure("status change, Open <-> Pending customer (manager)", status_change)
today = datetime.date.today()
year = f"from={today.replace(year=today.year - 1) + datetime.timedelta(days=1)}&to={today}"  # the longest period allowed
measure("service report, last 12 months (manager)", lambda: call(manager_session, f"/api/v1/service/reports?{year}")[0], count=10, warmup=1)

# A policy change makes every open case under it due for the SLA sweep, which it wakes; the sweep recomputes them.
policies = json.loads(call(manager_session, "/api/v1/sla/policies")[1])
policy = max(policies, key=lambda p: p["id"] == 1)
_, body, etag = call(manager_session, f"/api/v1/sla/policies/{policy['id']}")
current = json.loads(body)
change = {k: current[k] for k in ("name", "priority", "category", "calendarId", "firstResponseMinutes", "nextResponseMinutes",
                                  "warningPercent", "pauseWhenPendingCustomer", "pauseWhenPendingThirdParty")}
change["resolutionMinutes"] = (current["resolutionMinutes"] or 2400) + 60
started = time.perf_counter()
changed_at = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
elapsed, _, _ = call(manager_session, f"/api/v1/sla/policies/{policy['id']}", change, "PUT", {"If-Match": etag})
print(f"\nPolicy '{policy['name']}' resolution target {current['resolutionMinutes']} -> {change['resolutionMinutes']} min: "
      f"PUT returned after {elapsed / 1000:.1f} s ({open_cases:,} open cases in all)")
if database:
    # Due cases carry SlaNextCheckAtUtc <= the change; the sweep sets each swept case's next check in the future.
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        marked = db.execute("SELECT COUNT(*) FROM Service_Cases WHERE SlaPolicyId = ? AND IsOpen = 1", (policy["id"],)).fetchone()[0]
        while True:
            due = db.execute("SELECT COUNT(*) FROM Service_Cases WHERE SlaNextCheckAtUtc <= ?", (changed_at + ".9999999",)).fetchone()[0]
            if due == 0:
                break
            time.sleep(0.5)
    print(f"The sweep had recomputed all {marked:,} open cases under the policy {time.perf_counter() - started:.1f} s after the PUT was sent")
