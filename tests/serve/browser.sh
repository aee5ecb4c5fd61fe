# newssearch serve in a real browser: tests/browser/serve.test.js in
# headless Chromium, over corpora/ and over hostile articles.  Needs what
# tests/browser/setup installs (scripts/test runs it); skipped, saying
# why, when that is missing.  Screenshots go to tests/browser/artifacts/.
. "$top_srcdir/tests/serve/lib.sh"
BROWSER_DIR="$top_srcdir/tests/browser"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
skip() {
    echo "1..0 # SKIP $1 (run tests/browser/setup)"
    exit 0
}
command -v node >/dev/null || skip "no node"
[ -x "$CHROMIUM" ] || skip "no $CHROMIUM"
[ -d "$BROWSER_DIR/node_modules/playwright-core" ] || skip "no playwright-core in $BROWSER_DIR/node_modules"

"$NEWSSEARCH" index --db "$TMP/seed-db" --no-progress --crawled-at "$CRAWLED" "$CORPORA" >/dev/null
start_server seed --db "$TMP/seed-db"
SEED_URL=$URL

# Articles written to attack the page: markup, script and javascript: links
# in every field the page shows, and a title of 1 MB; and characters
# beyond the BMP before a match (one code point, two UTF-16 units).
mkdir -p "$TMP/hostile"
yes 'hostile ceasefire headline words go on and on' | head -c 1048576 | tr '\n' ' ' >"$TMP/big-title"
jq -n --rawfile big "$TMP/big-title" '[
  { id: "hostile-img", title: "<img src=x onerror=\"window.__pwned='"'"'title'"'"'\"> hostile",
    body: "\"><script>window.__pwned='"'"'body'"'"'</script> <svg onload=\"window.__pwned='"'"'svg'"'"'\"> hostile ceasefire\n<a href=\"javascript:window.__pwned='"'"'a'"'"'\">click</a>",
    outlet: "<b onmouseover=\"window.__pwned='"'"'outlet'"'"'\">Evil</b>",
    url: "javascript:window.__pwned='"'"'url'"'"'",
    date: "2025-08-07T10:00:00Z", credit: "Reuters",
    people: ["<img src=x onerror=\"window.__pwned='"'"'person'"'"'\">"] },
  { id: "hostile-quote", title: "\"><script>window.__pwned='"'"'title2'"'"'</script> hostile",
    body: "hostile text with a data: link", outlet: "javascript:alert(1)",
    url: "data:text/html,<script>alert(1)</script>", date: "2025-08-08T10:00:00Z" },
  { id: "astral", title: "Emoji \ud83d\ude00 hostile", body: "\ud83d\ude00\ud83d\ude00 hostile \ud835\udd4f ceasefire",
    outlet: "Astral", date: "2025-08-08T11:00:00Z" },
  { id: "hostile-big", title: $big, body: "hostile and long", outlet: "Big",
    url: "https://example.org/big", date: "2025-08-09T10:00:00Z" }
]' >"$TMP/hostile/hostile.json"
"$NEWSSEARCH" index --db "$TMP/hostile-db" --no-progress --crawled-at "$CRAWLED" "$TMP/hostile" >/dev/null
start_server hostile --db "$TMP/hostile-db"
HOSTILE_URL=$URL

export SEED_URL HOSTILE_URL CHROMIUM
export ARTIFACTS="$PWD/tests/browser/artifacts"
export NODE_PATH="$BROWSER_DIR/node_modules"
node "$BROWSER_DIR/serve.test.js"
