#!/bin/sh
# Renders a real report (the reference server's) and opens it in headless Chromium: the page must
# load, show the summary counts that are in the JSON, a row for every requirement and an anchor
# for every case.
# usage: test_html.sh IOWIRE_CONFORM PYTHON REPORT_DIR WORK_DIR
set -eu
conform=$1 py=$2 report=$3 work=$4
mkdir -p "$work"
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "chromium is not installed (apt-get install chromium)"
    exit 1
fi
"$conform" --json "$work/report.json" >/dev/null || true
"$py" "$report/iowire-conform-html" "$work/report.json" -o "$work/report.html"
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --dump-dom "file://$work/report.html" >"$work/dom.html" 2>/dev/null
"$py" - "$work/report.json" "$work/dom.html" <<'PY'
import json, re, sys
report = json.load(open(sys.argv[1]))
dom = open(sys.argv[2], encoding="utf-8").read()
problems = []
if "<h1>iowire-conform report</h1>" not in dom:
    problems.append("the page did not load (no heading in the DOM)")
for verdict, count in report["summary"].items():
    if not re.search(r'id="count-%s">%d<' % (re.escape(verdict), count), dom):
        problems.append(f"summary count {verdict}={count} missing")
reqs = {r.strip() for c in report["cases"] for r in c["requirements"].split(",") if r.strip()}
for req in reqs:
    if f'id="req-{req}"' not in dom:
        problems.append(f"no row for requirement {req}")
for case in report["cases"]:
    if f'id="case-{case["id"]}"' not in dom:
        problems.append(f"no anchor for case {case['id']}")
    if f'href="#case-{case["id"]}"' not in dom:
        problems.append(f"no link to case {case['id']}")
print(f"{len(report['cases'])} cases, {len(reqs)} requirements checked in the rendered page")
for p in problems:
    print("problem:", p)
sys.exit(1 if problems else 0)
PY
