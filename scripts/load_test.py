#!/usr/bin/env python3
"""A bounded load on `jixiao serve` over loopback (issue 19): N simulated units, each signs in
and saves its first project's 全年执行数 M times in a row (a value unique to the unit and the
save), all units at once, spread over the servers given. Every 10th unit also has a second
person save the same project at the same version at the same moment: exactly one of the two
must be stored and the other told "该项目已被他人修改" — never both, never silently.

With --bureau NAME (issue 20), each unit then submits its filing and tries one more save, which
must be refused as locked; bureau users, one signed in on every server, approve each filing as it
is submitted, from a server other than the unit's where there are several, while the other units
are still saving.

Prints and writes (--out) a JSON summary: saves, errors, lost, crossed, conflicts_expected,
conflicts_seen, submitted, locked, approved, p50_ms, p95_ms, max_ms, seconds, and per unit the
value that must be stored.
Only loopback addresses are accepted as servers; every loop is bounded.
"""
import argparse
import http.client
import json
import re
import statistics
import sys
import threading
import time
import urllib.parse


class Session:
    def __init__(self, base):
        u = urllib.parse.urlparse(base)
        if u.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit(f"refusing a non-loopback server: {base}")
        self.host, self.port = u.hostname, u.port
        self.conn = None
        self.cookies = {}
        self.csrf = ""

    def request(self, method, path, body=None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            body = urllib.parse.urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
                self.conn.request(method, path, body=body, headers=headers)
                r = self.conn.getresponse()
                data = r.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, OSError):
                self.conn = None
                if attempt == 1:
                    raise
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                value = rest.split(";")[0]
                if "Max-Age=0" in v:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
        m = re.search(r'name="csrf" value="([^"]*)"', data)
        if m:
            self.csrf = m.group(1)
        return r.status, r.getheader("Location"), data

    def login(self, name, password):
        self.request("GET", "/login")
        status, _, _ = self.request("POST", "/login", {"name": name, "password": password, "csrf": self.csrf})
        if status != 303:
            raise RuntimeError(f"login {name}: {status}")

    def form(self, project):
        status, _, page = self.request("GET", f"/projects/{project}")
        if status != 200:
            raise RuntimeError(f"form {project}: {status}")
        version = re.search(r'name="version" value="(\d+)"', page).group(1)
        value = re.search(r'name="executed" value="([^"]*)"', page).group(1)
        return version, value

    def save(self, project, version, value, reason):
        start = time.perf_counter()
        status, location, page = self.request("POST", f"/projects/{project}", {
            "csrf": self.csrf, "version": version, "executed": value, "executed.reason": reason})
        return status, location, page, (time.perf_counter() - start) * 1000


def unit_value(i, s):
    return f"{1000 + i}.{s:02d}"


def run_unit(i, code, server, args, results, lock, submitted, submitted_ok):
    out = {"code": code, "latencies": [], "errors": [], "conflicts_seen": 0, "expected": None, "project": None,
           "submitted": False, "locked": False, "refused": False}
    try:
        me = Session(server)
        me.login(f"load-{code}", args.password)
        _, _, home = me.request("GET", f"/departments/{code}")
        project = next(p for p in re.findall(r'href="/projects/([A-Za-z0-9]+)\?year=', home) if p != code)
        out["project"] = project
        last = None
        for s in range(args.saves):
            version, _ = me.form(project)
            value = unit_value(i, s)
            status, location, page, ms = me.save(project, version, value, f"load unit {i} save {s}")
            out["latencies"].append(ms)
            if status == 303 and location and "saved=1" in location:
                last = value
            else:
                out["errors"].append(f"save {s}: {status} {re.sub(r'<[^>]+>', ' ', page)[:200]}")
        if i % 10 == 0:
            # Two people, the same version, the same moment.
            other = Session(server)
            other.login(f"load-{code}-b", args.password)
            version, _ = me.form(project)
            other.form(project)
            barrier = threading.Barrier(2)
            answers = {}

            def race(who, session, value):
                barrier.wait()
                answers[who] = (value,) + session.save(project, version, value, f"race {who}")[:3]

            threads = [threading.Thread(target=race, args=("a", me, unit_value(i, 90))), threading.Thread(target=race, args=("b", other, unit_value(i, 91)))]
            for t in threads:
                t.start()
            for t in threads:
                t.join(120)
            won = [a for a in answers.values() if a[1] == 303]
            told = [a for a in answers.values() if a[1] == 200 and "该项目已被他人修改" in a[3]]
            out["conflicts_seen"] = len(told)
            if len(won) == 1 and len(told) == 1:
                last = won[0][0]
            else:
                out["errors"].append(f"race: {[(a[0], a[1]) for a in answers.values()]}")
        out["expected"] = last
        _, stored = me.form(project)
        out["stored"] = stored
        if args.bureau:
            version, _ = me.form(project)
            me.request("GET", f"/departments/{code}")
            status, location, page = me.request("POST", f"/departments/{code}/submit", {"csrf": me.csrf, "note": f"load unit {i}"})
            if status == 303 and location and "done=submitted" in location:
                out["submitted"] = True
                submitted_ok.add(code)
                submitted[code].set()
                # Locked now (submitted, or already approved): a save at the last version must be
                # refused and change nothing.
                status, location, page, _ = me.save(project, version, unit_value(i, 99), "after submission")
                out["locked"] = status != 303 and ("已提交" in page or "已审核" in page)
                if not out["locked"]:
                    out["errors"].append(f"save after submission: {status} {location} {re.sub(r'<[^>]+>', ' ', page)[:200]}")
            elif status == 200 and "尚不能提交" in page:
                # The generated filing has an open problem (a reason left blank): refused as it
                # should be, and the filing stays 填报中.
                out["refused"] = True
            else:
                out["errors"].append(f"submit: {status} {re.sub(r'<[^>]+>', ' ', page)[:300]}")
    except Exception as e:  # noqa: BLE001 — counted, reported
        out["errors"].append(f"{type(e).__name__}: {e}")
    finally:
        submitted[code].set()
    with lock:
        results.append(out)


def run_bureau(n, server, codes, args, submitted, submitted_ok, approvals, lock):
    """Approves, from `server`, every n-th filing (by position) once its unit has submitted it."""
    done = []
    try:
        me = Session(server)
        me.login(args.bureau, args.password)
        for code in codes:
            if not submitted[code].wait(600):
                done.append((code, "timeout"))
                continue
            if code not in submitted_ok:
                continue
            me.request("GET", f"/departments/{code}")
            status, location, page = me.request("POST", f"/departments/{code}/approve", {"csrf": me.csrf})
            done.append((code, "approved" if status == 303 and location and "done=approved" in location else f"{status} {re.sub(r'<[^>]+>', ' ', page)[:200]}"))
    except Exception as e:  # noqa: BLE001 — counted, reported
        done.append(("bureau", f"{type(e).__name__}: {e}"))
    with lock:
        approvals.extend(done)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--servers", required=True, help="comma-separated base URLs (loopback only)")
    parser.add_argument("--units", required=True, help="file with one department code per line")
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--password", required=True)
    parser.add_argument("--bureau", help="a bureau user (same password): units submit, the bureau approves")
    parser.add_argument("--out")
    args = parser.parse_args()
    servers = args.servers.split(",")
    codes = [c.strip() for c in open(args.units, encoding="utf-8") if c.strip()]
    results, lock = [], threading.Lock()
    submitted = {c: threading.Event() for c in codes}
    submitted_ok = set()
    approvals = []
    start = time.perf_counter()
    threads = [threading.Thread(target=run_unit, args=(i, c, servers[i % len(servers)], args, results, lock, submitted, submitted_ok)) for i, c in enumerate(codes)]
    if args.bureau:
        # Bureau user n approves the units of server n + 1, so approval crosses processes.
        for n, server in enumerate(servers):
            mine = [c for i, c in enumerate(codes) if (i + 1) % len(servers) == n % len(servers)]
            threads.append(threading.Thread(target=run_bureau, args=(n, server, mine, args, submitted, submitted_ok, approvals, lock)))
    for t in threads:
        t.start()
    for t in threads:
        t.join(600)
    seconds = time.perf_counter() - start
    latencies = sorted(ms for r in results for ms in r["latencies"])
    own = {unit_value(i, s) for i in range(len(codes)) for s in list(range(args.saves)) + [90, 91]}
    values_of = {c: {unit_value(i, s) for s in list(range(args.saves)) + [90, 91]} for i, c in enumerate(codes)}
    lost = [r["code"] for r in results if r.get("expected") and r.get("stored") != r["expected"] and r.get("stored") in values_of[r["code"]]]
    crossed = [r["code"] for r in results if r.get("stored") in own and r.get("stored") not in values_of[r["code"]]]
    errors = [f"{r['code']}: {e}" for r in results for e in r["errors"]]
    errors += [f"approve {c}: {a}" for c, a in approvals if a != "approved"]

    def pct(p):
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * p))], 1) if latencies else None

    summary = {
        "units": len(codes), "servers": len(servers), "saves": len(latencies), "errors": len(errors), "error_samples": errors[:10],
        "lost": len(lost), "crossed": len(crossed), "unfinished": len(codes) - len(results),
        "conflicts_expected": len([i for i in range(len(codes)) if i % 10 == 0]), "conflicts_seen": sum(r["conflicts_seen"] for r in results),
        "submitted": sum(1 for r in results if r["submitted"]), "locked": sum(1 for r in results if r["locked"]),
        "refused": sum(1 for r in results if r["refused"]),
        "approved": sum(1 for _, a in approvals if a == "approved"),
        "p50_ms": pct(0.50), "p95_ms": pct(0.95), "max_ms": round(latencies[-1], 1) if latencies else None,
        "mean_ms": round(statistics.mean(latencies), 1) if latencies else None, "seconds": round(seconds, 1),
        "expected": {r["code"]: {"project": r["project"], "value": r["expected"], "submitted": r["submitted"]} for r in results},
    }
    text = json.dumps(summary, ensure_ascii=False, indent=1)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    print(json.dumps({k: v for k, v in summary.items() if k != "expected"}, ensure_ascii=False))
    return 0 if not errors and not lost and not crossed and summary["unfinished"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
