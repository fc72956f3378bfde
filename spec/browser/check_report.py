#!/usr/bin/env python3
"""Checks an HTML report of luabench in headless Chromium, driven through
chromedriver's W3C WebDriver HTTP API (python3's standard library only).

    check_report.py REPORT.html RESULTS.json TMPDIR SCREENSHOT.png SWEEP_CHARTS

Checks: no console errors (the browser log); the number of charts (two per
benchmark with runs, one per group of two or more compared, SWEEP_CHARTS for
the sweeps); every chart an <svg role="img"> with a <title> and a <desc>, a
box larger than zero and labelled axes; the medians and relative speeds the
summary table shows equal the JSON's; no request but the page itself (the
performance log's Network events). Saves a screenshot of the whole page.
Prints what failed and exits 1; a missing chromium or chromedriver is a
failure, not a skip. Chromium runs as root here, so with --no-sandbox, and
with a user data directory inside TMPDIR.
"""
import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

UNITS = {"s": 1.0, "ms": 1e-3, "µs": 1e-6, "ns": 1e-9}


def request(port, method, path, body=None, timeout=60):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return json.loads(resp.read().decode())["value"]
    except urllib.error.HTTPError as e:
        raise RuntimeError(f"{method} {path}: {e.code} {e.read().decode()[:500]}") from None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_driver(tmp):
    driver = shutil.which("chromedriver")
    chromium = shutil.which("chromium")
    if not driver or not chromium:
        sys.exit("FAIL: chromium and chromedriver are needed for the browser specs: "
                 "apt-get install -y chromium chromium-driver (scripts/bootstrap installs them)")
    port = free_port()
    log = open(os.path.join(tmp, "chromedriver.log"), "w")
    proc = subprocess.Popen([driver, f"--port={port}"], stdout=log, stderr=subprocess.STDOUT)
    for _ in range(100):
        try:
            request(port, "GET", "/status", timeout=2)
            return proc, port, chromium
        except (OSError, RuntimeError):
            time.sleep(0.1)
    proc.kill()
    sys.exit("FAIL: chromedriver did not start (see its log in the spec's temp dir)")


PAGE_FACTS = r"""
const out = {charts: [], rows: []};
for (const svg of document.querySelectorAll("svg.chart")) {
  const box = svg.getBoundingClientRect();
  const labels = [...svg.querySelectorAll(".axis-label")].map(t => t.textContent.trim());
  const title = svg.querySelector(":scope > title"), desc = svg.querySelector(":scope > desc");
  out.charts.push({id: svg.id, role: svg.getAttribute("role"), width: box.width, height: box.height,
    title: title ? title.textContent : "", desc: desc ? desc.textContent : "", labels: labels,
    table: !!(svg.closest("figure") && svg.closest("figure").querySelector("details table"))});
}
for (const tr of document.querySelectorAll("table.summary tr[data-result]")) {
  const row = {index: +tr.dataset.result};
  for (const v of tr.querySelectorAll("[data-key]")) row[v.dataset.key] = {value: +v.dataset.value, text: v.textContent};
  out.rows.push(row);
}
out.height = document.documentElement.scrollHeight;
return out;
"""


def shown_time(text):
    m = re.match(r"^\s*(-?[0-9.]+) (s|ms|µs|ns)\s*$", text)
    if not m:
        return None, None
    decimals = len(m.group(1).split(".")[1]) if "." in m.group(1) else 0
    return float(m.group(1)) * UNITS[m.group(2)], 0.5 * 10 ** -decimals * UNITS[m.group(2)]


def expected_charts(results, sweeps):
    groups = {}
    for r in results:
        key = (r.get("suite"), json.dumps(r.get("parameters") or {}, sort_keys=True))
        groups.setdefault(key, []).append(r)
    whiskers = sum(1 for g in groups.values()
                   if sum(1 for r in g if r.get("mean") is not None and not r.get("output_mismatch")) >= 2)
    per_bench = 2 * sum(1 for r in results if r.get("times"))
    return whiskers + per_bench + sweeps


def check(facts, results, sweeps, logs, requests, page_url):
    failures = []
    for entry in logs:
        if entry.get("level") == "SEVERE":
            failures.append(f"console error: {entry.get('message')}")
    want = expected_charts(results, sweeps)
    if len(facts["charts"]) != want:
        failures.append(f"{len(facts['charts'])} charts, expected {want}")
    for c in facts["charts"]:
        name = c["id"] or c["title"]
        if c["role"] != "img" or not c["title"] or not c["desc"]:
            failures.append(f"chart {name}: role={c['role']!r}, title={c['title']!r}, desc={c['desc']!r}")
        if not (c["width"] > 0 and c["height"] > 0):
            failures.append(f"chart {name}: an empty box ({c['width']} × {c['height']})")
        if len(c["labels"]) < 2 or not all(c["labels"]):
            failures.append(f"chart {name}: axis labels {c['labels']!r}")
        if not c["table"]:
            failures.append(f"chart {name}: no data table")
    if len(facts["rows"]) != len(results):
        failures.append(f"{len(facts['rows'])} summary rows for {len(results)} results")
    for row in facts["rows"]:
        r = results[row["index"] - 1]
        label = r.get("name") or r["command"]
        if r.get("median") is not None:
            m = row.get("median")
            if not m:
                failures.append(f"{label}: no median shown")
            else:
                value, tol = shown_time(m["text"])
                if abs(m["value"] - r["median"]) > 1e-12 * max(1.0, abs(r["median"])) * 1e3:
                    failures.append(f"{label}: median {m['value']} on the page, {r['median']} in the JSON")
                if value is None or abs(value - r["median"]) > tol * 1.0001:
                    failures.append(f"{label}: median shown as {m['text']!r}, {r['median']} s in the JSON")
        c = r.get("comparison")
        if c and c.get("ratio") is not None:
            rel = row.get("ratio")
            if not rel:
                failures.append(f"{label}: no relative speed shown")
            else:
                if abs(rel["value"] - c["ratio"]) > 1e-9 * max(1.0, c["ratio"]):
                    failures.append(f"{label}: ratio {rel['value']} on the page, {c['ratio']} in the JSON")
                shown = float(rel["text"].lstrip("×"))
                if abs(shown - c["ratio"]) > 0.005001:
                    failures.append(f"{label}: ratio shown as {rel['text']!r}, {c['ratio']} in the JSON")
    for url in requests:
        if url != page_url:
            failures.append(f"a request left the page: {url}")
    if page_url not in requests:
        failures.append("the performance log saw no request at all (is the network log on?)")
    return failures


def main():
    report, results_path, tmp, screenshot, sweeps = sys.argv[1:6]
    results = json.load(open(results_path))["results"]
    proc, port, chromium = start_driver(tmp)
    try:
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:loggingPrefs": {"browser": "ALL", "performance": "ALL"},
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--no-first-run", "--disable-background-networking", "--disable-component-update",
                         "--disable-sync", f"--user-data-dir={os.path.join(tmp, 'chromium-profile')}",
                         "--window-size=1340,1000", "--hide-scrollbars"],
                "perfLoggingPrefs": {"enableNetwork": True, "enablePage": False}}}}}
        sid = request(port, "POST", "/session", caps)["sessionId"]
        try:
            page_url = "file://" + os.path.abspath(report)
            request(port, "POST", f"/session/{sid}/url", {"url": page_url})
            facts = request(port, "POST", f"/session/{sid}/execute/sync", {"script": PAGE_FACTS, "args": []})
            height = min(int(facts["height"]) + 20, 30000)
            request(port, "POST", f"/session/{sid}/window/rect", {"width": 1340, "height": height})
            png = request(port, "GET", f"/session/{sid}/screenshot")
            os.makedirs(os.path.dirname(os.path.abspath(screenshot)), exist_ok=True)
            with open(screenshot, "wb") as f:
                f.write(base64.b64decode(png))
            logs = request(port, "POST", f"/session/{sid}/se/log", {"type": "browser"})
            perf = request(port, "POST", f"/session/{sid}/se/log", {"type": "performance"})
        finally:
            request(port, "DELETE", f"/session/{sid}")
        requests = []
        for entry in perf:
            msg = json.loads(entry["message"])["message"]
            if msg.get("method") == "Network.requestWillBeSent":
                params = msg["params"]
                url = params["request"]["url"]
                # (Chromium's own pages, the new tab's, make requests of
                # their own: the page's are those of its document, and no
                # request anywhere may go to the network)
                if params.get("documentURL") == page_url or re.match(r"^(https?|wss?|ftp):", url):
                    requests.append(url)
        failures = check(facts, results, int(sweeps), logs, requests, page_url)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    print(json.dumps({"charts": len(facts["charts"]), "rows": len(facts["rows"]), "requests": requests,
                      "console": len(logs), "screenshot": screenshot}))
    for f in failures:
        print("FAIL: " + f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
