#!/bin/sh
# Opens every page of the built specification in headless Chromium, as a reader would, and checks
# on the DOM Chromium built: every page loads with its title, every requirement of
# requirements.json has its anchor on its page, and every link inside the spec resolves to a page
# and an id that exist.
# usage: check_html.sh HTML_DIR PYTHON WORK_DIR
set -eu
html=$1 py=$2 work=$3
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "chromium is not installed (apt-get install chromium)"; exit 1; }
[ -f "$html/index.html" ] || { echo "no $html/index.html: build the target spec-html first"; exit 1; }
rm -rf "$work"
mkdir -p "$work/dom"
find "$html" -name '*.html' ! -name search.html ! -name genindex.html | sort >"$work/pages"
while read -r page; do
    rel=${page#"$html"/}
    mkdir -p "$work/dom/$(dirname "$rel")"
    timeout 60 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$work/profile" --dump-dom "file://$page" >"$work/dom/$rel" 2>/dev/null
done <"$work/pages"
"$py" - "$html" "$work/dom" <<'PY'
import json, os, re, sys
html, dom = sys.argv[1], sys.argv[2]
pages = {}
for root, _, files in os.walk(dom):
    for name in files:
        path = os.path.join(root, name)
        pages[os.path.relpath(path, dom)] = open(path, encoding="utf-8").read()
ids = {page: set(re.findall(r'\bid="([^"]+)"', text)) for page, text in pages.items()}
problems = []
for page, text in sorted(pages.items()):
    if not re.search(r"<title>[^<]+</title>", text) or "</body>" not in text:
        problems.append(f"{page}: did not load")
    for href in re.findall(r'href="([^"#:]*)(?:#([^"]*))?"', text):
        target, anchor = href
        if target.startswith(("http", "mailto")) or target.endswith((".css", ".js", ".txt", ".json")) \
                or target.startswith("_"):
            continue
        dest = os.path.normpath(os.path.join(os.path.dirname(page), target)) if target else page
        if dest.endswith("/") or os.path.isdir(os.path.join(html, dest)):
            dest = os.path.join(dest, "index.html")
        if dest in ("search.html", "genindex.html"):
            continue
        if dest not in pages:
            problems.append(f"{page}: link to missing page {target}")
        elif anchor and anchor not in ids[dest]:
            problems.append(f"{page}: link to missing anchor {target}#{anchor}")
reqs = json.load(open(os.path.join(html, "requirements.json")))["requirements"]
for r in reqs:
    page = r["document"] + ".html"
    if r["anchor"] not in ids.get(page, ()):
        problems.append(f"requirement {r['id']}: no anchor {r['anchor']} on {page}")
print(f"{len(pages)} pages, {len(reqs)} requirement anchors, "
      f"{sum(len(re.findall(r'href=', t)) for t in pages.values())} links checked")
for p in sorted(set(problems))[:50]:
    print("problem:", p)
sys.exit(1 if problems else 0)
PY
