# Journalists' features on all corpora, with the reference time fixed:
# relative dates, exact and fuzzy words, explanations, match reports,
# contexts, histograms, facets, exports, batch, watch, completion values.
. "$top_srcdir/tests/cli/lib.sh"
NOW=2025-08-09T12:00:00Z

run index --no-progress --crawled-at "$CRAWLED" "$CORPORA"
is "index the corpora" 0 "$status"

# total QUERY...: the number of matches, with --now fixed.
total() { run --format json --now "$NOW" --limit 0 "$@"; jqr .total; }

# ---- dates the way people say them (Saturday 2025-08-09, 12:00 UTC) ----
is "date:today" 7 "$(total 'date:today')"
is "date:yesterday (the cocoa story, 2025-08-08)" 1 "$(total 'date:yesterday')"
is 'date:"this week" (Monday 4 to Sunday 10)' 28 "$(total 'date:"this week"')"
is 'date:"last week" (28 July to 3 August)' 0 "$(total 'date:"last week"')"
is 'date:"this month"' 28 "$(total 'date:"this month"')"
is "date:7d" 28 "$(total 'date:7d')"
is "date:3d (from 2025-08-06T12:00Z: all but the 4th, 5th and the floods)" 22 "$(total 'date:3d')"
is "since:48h (from 2025-08-07T12:00Z: the Chile story at 21:14 and a feed item at 12:00 are in)" 10 "$(total 'since:48h')"
is "since:yesterday" 8 "$(total 'since:yesterday')"
is "date:2025-08-04..+1d (the 4th, and the 5th with the Rotterdam stories)" 5 "$(total 'date:2025-08-04..+1d')"
is "since narrows date (the Chile, cocoa and 13 format samples of the 7th)" 15 "$(total 'date:2025-08-04..2025-08-08 since:2025-08-07')"
is "--tz +14:00: today is the 10th there, from 10:00Z on the 9th" 4 "$(total --tz +14:00 'date:today')"
is "--tz America/New_York: today from 04:00Z" 7 "$(total --tz America/New_York 'date:today')"
run --now "$NOW" 'date:"next fortnight"'
is "an unknown relative date exits 2" 2 "$status"
is "... saying what a date can be" 'newssearch: date:"next fortnight": not a date: write YYYY, YYYY-MM, YYYY-MM-DD, today, yesterday, this or last week/month/year, or a span up to now such as 7d or 48h' "$err"
run --now "$NOW" 'date:last week'
contains "unquoted words get a hint" '(quote words that go together: date:"last week")' "$err"
run --now yesterday ceasefire
is "a bad --now exits 2" 2 "$status"
contains "... naming it" "--now wants an ISO 8601 time such as 2025-08-09T10:00:00Z, not 'yesterday'" "$err"
run --tz Mars/Olympus ceasefire
is "an unknown zone exits 2" 2 "$status"
run --format json --now "$NOW" ceasefire
is "date_source stays in every hit" "relative" "$(jqr '.hits[0].date_source')"

# ---- exact and fuzzy words ----
is "us: folded, every US" 4 "$(total 'us')"
is "=US: as written" 4 "$(total '=US')"
is "=us: only the lower-case word" 2 "$(total '=us')"
is "=\"Trump's\": the possessive as written" 1 "$(total "=\"Trump's\"")"
is "Trump: folded" 3 "$(total 'Trump')"
is "=Café: the capital" 1 "$(total '=Café')"
is "=café: precomposed and combining accents are one spelling" 1 "$(total '=café')"
is '="no invasion of Mexico": an exact phrase' 1 "$(total '="no invasion of Mexico"')"
is '="No invasion": not as written' 0 "$(total '="No invasion"')"
is "Zelensky: nothing" 0 "$(total 'Zelensky')"
is "Zelensky~: the close spelling" 1 "$(total 'Zelensky~')"
is "--fuzzy does the same for every word" 1 "$(total --fuzzy 'Zelensky')"
run --format json --now "$NOW" 'Zelensky'
is "a suggestion from the index's words" '{"query":"Zelenskyy","total":1}' "$(jqr '.suggestion | tojson')"
run --now "$NOW" 'Zelensky ceasefire'
is "... in text, with the rest of the query kept" "No articles matched.
Did you mean: Zelenskyy ceasefire (1 article)" "$out"
is "... exit 1" 1 "$status"

# ---- explain ----
run --format json --now "$NOW" --explain 'Ceasefire cease* outlet:abc-news date:2025-08'
is "explain: the reading" "(ceasefire AND cease*) filtered by outlet = abc-news, date 2025-08-01..2025-08-31" "$(jqr .explain.reading)"
is "explain: a word folded and stemmed, and the index's words with its stem" '{"written":"Ceasefire","field":"text","match":"stem","folded":"ceasefire","stem":"ceasefir","expansions":["ceasefire"],"expansion_count":1}' "$(jqr '.explain.words[0] | tojson')"
is "explain: a wildcard's expansions" '{"written":"cease*","field":"text","match":"wildcard","folded":"cease","expansions":["ceasefire"],"expansion_count":1}' "$(jqr '.explain.words[1] | tojson')"
is "explain: the Xapian query" "Query(((ceasefire@1 AND (WILDCARD SYNONYM cease SYNONYM WILDCARD SYNONYM XEcease)) FILTER (XOabc-news@2 AND M202508@3)))" "$(jqr .explain.xapian)"
run --now "$NOW" --explain --limit 0 'since:48h =US "peace deal"'
is "explain in text" 'Query:  (exactly "US" AND "peace deal") filtered by since:48h = from 2025-08-07T12:00:00Z
Words:  =US: exactly as written
        peace: any case and accents, not stemmed
        deal: any case and accents, not stemmed' "$(printf '%s\n' "$out" | sed -n 1,4p)"
run --format jsonl --now "$NOW" --explain cocoa
is "explain in JSON Lines: on the first line" "cocoa" "$(printf '%s\n' "$out" | head -1 | jq -r .explain.reading)"

# ---- why and contexts ----
run --format json --now "$NOW" --why 'ceasefire outlet:abc-news'
is "why: the word, where and how often" '{"part":"ceasefire","field":"body","count":2,"quotes":["… as part of a ceasefire deal, despite Washington signalling …","… including demands that a ceasefire must take place before …"]}' "$(jqr '.hits[0].why[0] | tojson')"
is "why: the filter and the article's value" '{"part":"outlet = abc-news","field":"outlet","count":1,"quotes":["ABC News"]}' "$(jqr '.hits[0].why[1] | tojson')"
run --now "$NOW" --context 2 '"no invasion" OR (Putin NEAR/3 Alaska)'
is "context: a phrase and a NEAR window as units" '   body 166: … meet Mr [Putin in Alaska] on August …
   body 34: … will be [no invasion] of Mexico," …' "$(printf '%s\n' "$out" | grep '^   body')"
run --format json --now "$NOW" --context 1 'ceasefire outlet:abc-news'
is "contexts in JSON" '[{"field":"body","position":74,"text":"… a ceasefire deal, …","highlights":[[4,9]]},{"field":"body","position":249,"text":"… a ceasefire must …","highlights":[[4,9]]}]' "$(jqr '.hits[0].contexts | tojson')"

# ---- histograms and facets ----
run --format json --now "$NOW" --histogram day 'cafe OR rain OR strike'
is "histogram by day, with each day's share" '[{"bucket":"2025-08-04","count":1,"articles":1,"share":1},{"bucket":"2025-08-05","count":3,"articles":4,"share":0.75},{"bucket":"2025-08-06","count":1,"articles":1,"share":1},{"bucket":"2025-08-07","count":0,"articles":14,"share":0},{"bucket":"2025-08-08","count":1,"articles":1,"share":1},{"bucket":"2025-08-09","count":2,"articles":7,"share":0.2857142857142857}]' "$(jqr '.histogram | tojson')"
run --format json --now "$NOW" --histogram week 'date:2025'
is "histogram by ISO week" '2025-W32=28' "$(jqr '[.histogram[] | "\(.bucket)=\(.count)"] | join(" ")')"
run --now "$NOW" --histogram day --limit 0 'cafe OR rain OR strike'
is "histogram as a table with bars" '  2025-08-08      1  100.0%  ██████████
  2025-08-09      2   28.6%  ████████████████████' "$(printf '%s\n' "$out" | tail -2)"
run --format csv --now "$NOW" --histogram month 'date:2025'
is "histogram in CSV" "month,count,articles,share
2025-08,28,28,1.000000" "$(printf '%s\n' "$out" | tr -d '\r' | tail -2)"
run --format json --now "$NOW" --facet outlet,credit --facet year --facet-limit 2 --limit 0 'date:2025'
is "several facets at once, two values each" "outlet:The Harbour Gazette=4,RNZ=3 credit:Reuters=6,AAP=2 year:2025=28" \
    "$(jqr '[.facets | to_entries[] | "\(.key):" + ([.value[] | "\(.value)=\(.count)"] | join(","))] | join(" ")')"
is "... and how many were left out" '{"outlet":12,"credit":3}' "$(jqr '.facets_more | tojson')"
run --facet colour,outlet ceasefire
is "an unknown facet in a list exits 2" 2 "$status"

# ---- exports ----
run --format jsonl --now "$NOW" 'date:2025'
is "jsonl: a first line and a line per hit, every copy of every story" 29 "$(printf '%s\n' "$out" | wc -l)"
is "jsonl: the first line says what was searched" '["facets","format_version","index_revision","limit","newssearch","notes","now","offset","query","total"]' \
    "$(printf '%s\n' "$out" | head -1 | jq -c '[keys[]]')"
is "... with the version and the query" "0.1.0 date:2025 2025-08-09T12:00:00Z" "$(printf '%s\n' "$out" | head -1 | jq -r '"\(.newssearch) \(.query) \(.now)"')"
is "jsonl: every field of a hit" '["body","bylines","credit","credits","date","date_source","format","id","outlet","people","rank","score","source","title","url"]' \
    "$(printf '%s\n' "$out" | sed -n 2p | jq -c '[keys[]]')"
run --format jsonl --now "$NOW" --limit 3 --offset 2 'date:2025'
is "jsonl honours --limit and --offset" "3 4 5" "$(printf '%s\n' "$out" | tail -n +2 | jq -r .rank | tr '\n' ' ' | sed 's/ $//')"
run --format csv --now "$NOW" cafe
is "csv: the comment records the query" "# newssearch 0.1.0; index revision 1; now 2025-08-09T12:00:00Z; query: cafe" "$(printf '%s\n' "$out" | head -1 | tr -d '\r')"
is "csv: a comment, a header and a row per hit, ending in CRLF (RFC 4180)" 4 "$(printf '%s\n' "$out" | grep -c $'\r$')"
contains "csv: a field with quotes is quoted, its quotes doubled" '""Our cafe has been here for forty years,"" said' "$out"
contains "... and keeps its line breaks inside the quotes" $'customers.\n""Our cafe' "$out"
run --format csv --now "$NOW" 'cartels'
contains "csv: a field with a comma is quoted" ',"Trump administration eyes military action against Mexican and Venezuelan drug cartels, US officials say",' "$out"

# ---- batch ----
printf '# people to check\nZelenskyy\n\n  Sheinbaum  \nPutin OR Trump\nZelensky\n' > "$TMP/names.txt"
run batch --now "$NOW" "$TMP/names.txt"
is "batch: a table of totals" "query            total
Zelenskyy            1
Sheinbaum            1
Putin OR Trump       3
Zelensky             0

4 queries, 5 matches in all." "$out"
is "batch exits 0 when something matched" 0 "$status"
run batch --now "$NOW" --by outlet "$TMP/names.txt"
is "batch --by outlet: a column per outlet" "query            total  ABC News  Daily Telegraph
Putin OR Trump       3         1                1" "$(printf '%s\n' "$out" | sed -n '1p;4p')"
run batch --format json --now "$NOW" --by month "$TMP/names.txt"
is "batch JSON: line, query, total, breakdown" '[2,"Zelenskyy",1,{"2025-08":1}]' "$(jqr '.queries[0] | [.line, .query, .total, .by] | tojson')"
is "batch JSON: each query's wall time" "number number" "$(jqr '[.queries[0].elapsed_ms, .elapsed_ms] | map(type) | join(" ")')"
run --format json --now "$NOW" --limit 2 --sort oldest 'Putin OR Trump'
oldest_two=$(jqr '[.hits[].id] | tojson')
run batch --format json --now "$NOW" --limit 2 --sort oldest --facet outlet "$TMP/names.txt"
is "batch --limit runs the whole search: the top ids, in the order asked" \
    "[[\"Putin OR Trump\",3,$oldest_two]]" \
    "$(jqr '[.queries[] | select(.total > 1) | [.query, .total, .ids]] | tojson')"
run batch --format csv --now "$NOW" --by year "$TMP/names.txt"
is "batch CSV" "line,query,total,2025
5,Putin OR Trump,3,3" "$(printf '%s\n' "$out" | tr -d '\r' | sed -n '2p;5p' | cut -d, -f1-3,5)"
printf 'Zelenskyy\nAND\n' > "$TMP/bad.txt"
run batch "$TMP/bad.txt"
is "batch: a line with only an operator exits 2" 2 "$status"
is "... naming the line, before running anything" "newssearch: $TMP/bad.txt:2: the query \"AND\" has no words to search for" "$err"
is "... and printing nothing" "" "$out"
run batch "$TMP/missing.txt"
is "batch: a missing file" "newssearch: $TMP/missing.txt: No such file or directory" "$err"
printf 'zzzyzzx\n' > "$TMP/none.txt"
run batch - < "$TMP/none.txt"
is "batch from stdin; nothing matched exits 1" 1 "$status"

# ---- watch ----
WDB="$TMP/watch-db"
run --db "$WDB" index --no-progress --crawled-at "$CRAWLED" "$CORPORA/seed"
run --db "$WDB" watch add --now "$NOW" cafes 'cafe OR café -tourists'
is "watch add" "Watch 'cafes' added: articles indexed from now on that match it are new to it." "$out"
run --db "$WDB" watch add cafes anything
is "a second watch of that name exits 2" 2 "$status"
run --db "$WDB" watch add 'bad name' anything
is "a bad watch name exits 2" 2 "$status"
run --db "$WDB" watch add --now "$NOW" broken 'date:"next fortnight"'
is "a watch with a bad query exits 2" 2 "$status"
run --db "$WDB" watch list
is "watch list" "cafes  cafe OR café -tourists
   added 2025-08-09T12:00:00Z, last run never, index revision 1" "$out"
run --db "$WDB" watch run --now 2025-08-09T13:00:00Z
is "watch run before anything new: exit 1" 1 "$status"
is "... saying so" "== cafes: cafe OR café -tourists
Nothing new." "$out"
run --db "$WDB" index --no-progress --crawled-at "$CRAWLED" "$CORPORA/plain"
run --db "$WDB" --format json watch run cafes --now 2025-08-10T08:00:00Z
is "watch run after indexing: exit 0" 0 "$status"
is "... only the new article that matches (not the tourists' one)" "Café owners in Montréal fight plan for bike lanes" "$(jqr '[.watches[0].new.hits[].title] | join("|")')"
is "... from which revision to which" "1 2" "$(jqr '"\(.watches[0].since_revision) \(.watches[0].revision)"')"
run --db "$WDB" watch run --now 2025-08-10T09:00:00Z cafes
is "the next run: nothing new" 1 "$status"
run --db "$WDB" index --no-progress --crawled-at "$CRAWLED" "$CORPORA/plain"
run --db "$WDB" watch run --now 2025-08-10T09:30:00Z cafes
is "indexing the same files again is nothing new" 1 "$status"
run --db "$WDB" --format json watch list
is "the watch remembers its last run (each index run is a revision)" "2025-08-10T09:30:00Z 3" "$(jqr '.watches[0] | "\(.last_run) \(.revision)"')"
run --db "$WDB" watch run nosuch
is "an unknown watch exits 2" 2 "$status"
is "... naming it" "newssearch: no watch named 'nosuch' (\`newssearch watch list\` lists them)
Try 'newssearch watch --help'." "$err"
run --db "$WDB" watch rm nosuch
is "rm of an unknown watch exits 2" 2 "$status"
run --db "$WDB" watch frobnicate
is "an unknown action exits 2" 2 "$status"
run --db "$WDB" watch rm cafes
is "watch rm" "Watch 'cafes' removed." "$out"
is "the watches live beside the index" '{"format_version":1,"watches":[]}' "$(jq -c . "$WDB/watches.json")"

# ---- completion values ----
run complete outlet
is "complete outlet" "abc-news ap-news daily-telegraph deutsche-welle nos perth-now reuters riverina-chronicle rnz sbs-news sydney-morning-herald the-canberra-times the-guardian the-harbour-gazette" "$(printf '%s\n' "$out" | tr '\n' ' ' | sed 's/ $//')"
run complete credit a
is "complete credit a" "aap afp ap" "$(printf '%s\n' "$out" | tr '\n' ' ' | sed 's/ $//')"
run complete date
is "complete refuses what it cannot list" 2 "$status"

done_testing
