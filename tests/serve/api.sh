# newssearch serve: every API endpoint and error, the page's files and
# headers, an index that appears and grows under a running server, the
# token, and the options.
. "$top_srcdir/tests/serve/lib.sh"
SEED="$CORPORA/seed/000_fcd995d91045e671.txt"
DB="$TMP/db"

# ---- no index yet ----
start_server missing --db "$DB"
contains "a missing index is reported when the server starts" "no index there; the page says so until" "$(cat "$TMP/missing.out")"
get api/search?q=ceasefire
is "search without an index is 503" 503 "$code"
is "... with the status as JSON" "no index" "$(jqr .error)"
contains "... and a message naming the place" "$DB" "$(jqr .message)"
get api/stats
is "stats without an index is 503" 503 "$code"
get api/article/x
is "an article without an index is 503" 503 "$code"
get ""
is "the page is served without an index" 200 "$code"

# ---- the index appears, then grows, under the same server ----
"$NEWSSEARCH" index --db "$DB" --no-progress --crawled-at "$CRAWLED" "$SEED" >/dev/null
get api/stats
is "an index made after the start is found" "200 4" "$code $(jqr .articles)"
"$NEWSSEARCH" index --db "$DB" --no-progress --crawled-at "$CRAWLED" "$CORPORA/json" >/dev/null
get api/stats
is "articles indexed later show without a restart" "200 9" "$code $(jqr .articles)"
"$NEWSSEARCH" index --db "$DB" --no-progress --crawled-at "$CRAWLED" "$CORPORA/plain" >/dev/null
for _ in 1 2 3 4 5 6 7 8; do get api/stats; done   # every worker's handle
is "... on every worker" 12 "$(jqr .articles)"

# ---- search: the command line's JSON ----
export NEWSSEARCH_DB="$DB"
get 'api/search?q=ceasefire%20AND%20Alaska&facet=outlet&facet=credit'
is "search is 200" 200 "$code"
is "ceasefire AND Alaska finds the one story" "1 Zelenskyy meets US and European officials after re-afirming Ukraine would not cede land to Russia" \
    "$(jqr '"\(.total) \(.hits[0].title)"')"
api_json=$(canon)
run --format json --facet outlet --facet credit "ceasefire AND Alaska"
is "... the same JSON as the command line's --format json" "$(canon)" "$api_json"

get 'api/search?q=military&facet=outlet,credit,day&limit=0'
is "facets as a comma list" "4 0 ABC News=1 Daily Telegraph=1 Perth Now=1 | Reuters=2 AP=1 | 2025-08-09=4" \
    "$(jqr '"\(.total) \(.hits | length) \([.facets.outlet[] | "\(.value)=\(.count)"] | join(" ")) | \([.facets.credit[] | "\(.value)=\(.count)"] | join(" ")) | \([.facets.day[] | "\(.value)=\(.count)"] | join(" "))"')"
get 'api/search?q=military&sort=newest&limit=2&offset=1'
is "sort, limit and offset" "2 2 2025-08-09T09:53:00Z" "$(jqr '"\(.hits | length) \(.hits[0].rank) \(.hits[0].date)"')"
get 'api/search?q=military+outlet%3A%22Perth+Now%22'
is "a filter written in the query ('+' for space)" "1 Perth Now" "$(jqr '"\(.total) \(.hits[0].outlet)"')"
get 'api/search?q=-outlet%3A%22ABC+News%22&limit=0'
is "an exclusion alone: everything else" 10 "$(jqr .total)"
get 'api/search?limit=0&facet=year'
is "no query: every article" "12 null 2025=12" "$(jqr '"\(.total) \(.query) \(.facets.year[0].value)=\(.facets.year[0].count)"')"
get 'api/search?q=%20%20'
is "a blank query: every article" 12 "$(jqr .total)"
get 'api/search?q=ceasefire+Alaska+OR+(Anchorage'
is "a repaired query is answered" 200 "$code"
is "... with the repair as a note" "a parenthesis was not closed: closed at the end of the query" "$(jqr '.notes[0]')"

# ---- search errors: 400 naming the bad part ----
bad() {
    get "$2"
    is "$1: 400" 400 "$code"
    is "$1: says '$3'" "$3" "$(jqr .message)"
}
bad "an impossible date" 'api/search?q=ceasefire+date:2025-13-45' "date:2025-13-45: month 13 is not between 1 and 12"
bad "a query of punctuation" 'api/search?q=%3F%3F' 'the query "??" has no words to search for'
bad "a limit over the maximum" 'api/search?q=a&limit=1000' "limit= wants a whole number from 0 to 100, not '1000'"
bad "a negative offset" 'api/search?q=a&offset=-1' "offset= wants a whole number from 0 to 100000, not '-1'"
bad "an unknown sort" 'api/search?q=a&sort=best' "unknown sort 'best': use relevance, newest or oldest"
bad "an unknown facet" 'api/search?q=a&facet=outlet,colour' "unknown facet 'colour': use outlet, person, credit, format, year, month or day"
bad "an unknown parameter" 'api/search?q=a&lmit=5' "unknown parameter 'lmit'"
bad "q twice" 'api/search?q=a&q=b' "q= is given twice"
bad "a histogram unit that does not exist" 'api/search?q=a&histogram=hour' "unknown histogram 'hour': use day, week, month or year"
get 'api/search?q=military&histogram=day&limit=0'
is "histogram=day: the matches per day" "day 2025-08-09=4" \
    "$(jqr '"\(.histogram_unit) \([.histogram[] | "\(.bucket)=\(.count)"] | join(" "))"')"
get 'api/search?facet=outlet&facet_limit=2&limit=0'
is "facet_limit keeps the most frequent values" "ABC News=2 1" "$(jqr '"\(.facets.outlet[0].value)=\(.facets.outlet[0].count) \(.facets.outlet | length - 1)"')"
long=$(printf 'a%.0s' $(seq 2100))
get "api/search?q=$long"
is "a query over 2048 bytes: 400" 400 "$code"
contains "... saying how long" "q= is too long: 2100 bytes, at most 2048" "$(jqr .message)"
get "api/search?q=$(printf 'a%%20%.0s' $(seq 12000))"
is "a request line over the memory limit is refused" 414 "$code"

# ---- one article ----
id=$(curl -s "${URL}api/search?q=ceasefire%20AND%20Alaska" | jq -r '.hits[0].id')
get "api/article/$id"
is "article is 200" 200 "$code"
api_json=$(canon)
run show --format json "$id"
is "... the same JSON as show --format json" "$(canon)" "$api_json"
get "api/article/$id?q=ceasefire+Alaska"
is "with q=, the body's matches, as [start, length] in characters" "Alaska ceasefire" \
    "$(jqr '.body as $b | [.highlights.body[] | $b[.[0]:.[0]+.[1]]] | unique | join(" ")')"
is "... and the title's (none here)" 0 "$(jqr '.highlights.title | length')"
cafe=$(curl -s "${URL}api/search?q=Montr%C3%A9al" | jq -r '.hits[0].id')
get "api/article/$cafe?q=cafe"
is "highlights count characters, not bytes (accents, before and inside the match)" "Café" \
    "$(jqr '.title as $t | .highlights.title[0] | $t[.[0]:.[0]+.[1]]')"
is "... in the body too" "Café cafe cafés" \
    "$(jqr '.body as $b | [.highlights.body[] | $b[.[0]:.[0]+.[1]]] | unique | join(" ")')"
get "api/article/$(jq -rn --arg s "$SEED#2" '$s|@uri')"
is "an id that is no id: 404" 404 "$code"
get "api/article/nonexistent"
is "an unknown id: 404" "404 not found no article with id 'nonexistent'" "$code $(jqr '"\(.error) \(.message)"')"
get "api/article/"
is "no id: 400" 400 "$code"
get "api/article/$id?q=date:2025-99"
is "a bad highlight query: 400" 400 "$code"

# ---- how a query is read ----
get 'api/parse?q=ceasefire+Alaska+OR+(Anchorage'
is "parse gives the tree" "(AND word:ceasefire (OR word:alaska word:anchorage))" "$(jqr .tree)"
is "... and the repairs" 1 "$(jqr '.notes | length')"
get 'api/parse'
is "parse without a query: 400" 400 "$code"

# ---- stats ----
get api/stats
api_json=$(canon)
run stats --format json
is "stats: the same JSON as stats --format json" "$(canon)" "$api_json"
get 'api/stats?x=1'
is "stats takes no parameters" 400 "$code"

# ---- the page, its files and headers ----
get api/nothing
is "an unknown API: 404" 404 "$code"
get nothing.html
is "an unknown page: 404" 404 "$code"
get assets/../../../etc/passwd --path-as-is
is "a path out of the assets: 404" 404 "$code"
contains "... and nothing of the file" "no such page" "$out"
get ""
is "the page" 200 "$code"
contains "... is the newssearch page" '<input id="q"' "$out"
is "... has no inline script" "" "$(printf '%s' "$out" | grep -o '<script>' || true)"
headers=$(curl -s -D - -o /dev/null "$URL")
contains "... with a policy that forbids inline script" "script-src 'self'" "$headers"
contains "... and framing" "frame-ancestors 'none'" "$headers"
contains "... and type sniffing" "X-Content-Type-Options: nosniff" "$headers"
for asset in app.js app.css icon.svg; do
    get "assets/$asset"
    is "assets/$asset" 200 "$code"
done
is "the script is served as the file in assets/" "$(cat "$top_srcdir/assets/app.js")" "$(curl -s "${URL}assets/app.js")"
code=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "$URL")
is "DELETE: 405" 405 "$code"
code=$(curl -s -o /dev/null -w '%{http_code}' --data-binary "@$SEED" "${URL}api/search")
is "a request with a body: 413" 413 "$code"

# ---- a token ----
start_server token --token s3cret-Token
contains "the start says a token is needed" "with a token" "$(cat "$TMP/token.out")"
get api/stats
is "no token: 401" "401 this server needs a token: send 'Authorization: Bearer TOKEN'" "$code $(jqr .message)"
get api/stats -H 'Authorization: Bearer wrong'
is "a wrong token: 401" 401 "$code"
get api/stats -H 'Authorization: Bearer s3cret-Token'
is "the token as a bearer header: 200" 200 "$code"
get ""
is "the page without a token: 401" 401 "$code"
contains "... is a form asking for it" '<form method="post" action="/login">' "$out"
get assets/app.js
is "the page's files need the token too" 401 "$code"
code=$(curl -s -o /dev/null -w '%{http_code}' -d token=wrong "${URL}login")
is "logging in with a wrong token: 401" 401 "$code"
cookie=$(curl -s -D - -o /dev/null -d token=s3cret-Token "${URL}login" | tr -d '\r' | sed -n 's/^Set-Cookie: //p')
contains "logging in sets a cookie no script can read" "newssearch_token=s3cret-Token; Path=/; HttpOnly; SameSite=Strict" "$cookie"
get "" -H "Cookie: ${cookie%%;*}"
is "... which opens the page" 200 "$code"
NEWSSEARCH_TOKEN=from-env start_server envtoken
get api/stats -H 'Authorization: Bearer from-env'
is "the token from \$NEWSSEARCH_TOKEN" 200 "$code"

# ---- a search's time limit ----
# The limit is far below any search's time, so every search runs past it.
start_server slow --search-time 0.000001
get "api/search?q=ceasefire"
is "a search past --search-time: 503" "503 time limit" "$code $(jqr .error)"
is "... saying how to narrow it" "counting every match took longer than 1e-06 s: narrow the search (rarer words, a field, a date range)" "$(jqr .message)"
get "api/article/$id"
is "... an article is still shown" 200 "$code"

# ---- options ----
run serve --bind localhost
is "--bind wants a numeric address" "2 newssearch: --bind wants a numeric IPv4 or IPv6 address, not 'localhost'" "$status $(echo "$err" | head -1)"
run serve --bind 192.0.2.1 --port 0
contains "a non-loopback address is warned about" "warning: listening on 192.0.2.1, which other machines may reach" "$err"
is "... (this one is not ours: the server cannot start)" 1 "$status"
run serve --token 'a b'
is "a token with spaces is refused" 2 "$status"
run serve --threads 0
is "--threads 0 is refused" 2 "$status"
run serve --search-time 0
is "--search-time 0 is refused" "2 newssearch: --search-time wants seconds above 0, at most 3600, not '0'" "$status $(echo "$err" | head -1)"
run serve extra
is "serve takes no arguments" 2 "$status"
run serve --help
contains "serve --help" "Usage: newssearch serve [--db DIR] [--bind 127.0.0.1] [--port 8080]" "$out"

done_testing
