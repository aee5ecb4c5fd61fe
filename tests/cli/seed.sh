# The saved aggregator page: four articles, the issue's example queries.
. "$top_srcdir/tests/cli/lib.sh"
SEED="$CORPORA/seed/000_fcd995d91045e671.txt"

run index --no-progress --crawled-at "$CRAWLED" "$SEED"
is "index exits 0" 0 "$status"
contains "index adds four articles" "articles: 4 added, 0 updated, 0 unchanged, 0 removed" "$out"

run stats --format json
is "stats counts 4 articles" 4 "$(jqr .articles)"
is "stats counts 3 outlets" 3 "$(jqr .outlets)"
is "stats first date is the oldest related story" 2025-08-09T05:00:00Z "$(jqr .first_date)"
is "stats last date is the crawl time" 2025-08-09T10:00:00Z "$(jqr .last_date)"

run --format json "ceasefire AND Alaska"
is "ceasefire AND Alaska exits 0" 0 "$status"
is "ceasefire AND Alaska finds exactly one" 1 "$(jqr .total)"
is "... the Zelenskyy story" "Zelenskyy meets US and European officials after re-afirming Ukraine would not cede land to Russia" "$(jqr '.hits[0].title')"
is "... from ABC News" "ABC News" "$(jqr '.hits[0].outlet')"
is "... credited Reuters/AP" "Reuters/AP" "$(jqr '.hits[0].credit')"
is "... dated 7 minutes before the crawl" 2025-08-09T09:53:00Z "$(jqr '.hits[0].date')"
is "... from the second article of the file" "$SEED#2" "$(jqr '.hits[0].source')"

run --format json '"no invasion of Mexico"'
is "the phrase finds one story" 1 "$(jqr .total)"
is "... the main story" "Trump administration eyes military action against Mexican and Venezuelan drug cartels, US officials say" "$(jqr '.hits[0].title')"
is "... credited Reuters" Reuters "$(jqr '.hits[0].credit')"
is "... without an outlet" null "$(jqr '.hits[0].outlet')"
is "... whose snippet highlights the phrase as a unit" "no invasion of Mexico" \
    "$(jqr '.hits[0] | .snippet as $s | [.highlights[] | $s[.[0]:.[0]+.[1]]] | join(" ")')"

run --format json 'person:Sheinbaum'
is "person:Sheinbaum finds the main story only" "1 Trump administration eyes military action against Mexican and Venezuelan drug cartels, US officials say" "$(jqr '"\(.total) \(.hits[0].title)"')"
run --format json 'person:"Claudia Sheinbaum"'
is "person:\"Claudia Sheinbaum\" the same" 1 "$(jqr .total)"
run --format json 'person:"Mr Sheinbaum"'
is "a name nobody has finds nothing" 0 "$(jqr .total)"
is "... and exits 1" 1 "$status"

run --format json --facet outlet --facet credit --facet day --limit 0 military
is "military matches all four" 4 "$(jqr .total)"
is "limit 0 shows every hit" 4 "$(jqr '.hits | length')"
is "outlet facet counts each outlet (the main story has none)" \
    "ABC News=1 Daily Telegraph=1 Perth Now=1" "$(jqr '[.facets.outlet[] | "\(.value)=\(.count)"] | join(" ")')"
is "credit facet counts agencies" "Reuters=2 AP=1" "$(jqr '[.facets.credit[] | "\(.value)=\(.count)"] | join(" ")')"
is "day facet" "2025-08-09=4" "$(jqr '[.facets.day[] | "\(.value)=\(.count)"] | join(" ")')"

run --format json --sort newest --limit 2 --offset 1 military
is "sorted newest, page two" "2 2025-08-09T09:53:00Z 3" "$(jqr '"\(.hits | length) \(.hits[0].date) \(.hits[1].rank)"')"

run --format json ceasefire
is "top-level JSON schema" '["facets","format_version","hits","limit","notes","offset","query","stories","total"]' \
    "$(jqr '[keys[]] | tojson')"
is "hit JSON schema" '["also","credit","date","date_source","highlights","id","outlet","people","rank","score","snippet","source","title","url"]' \
    "$(jqr '[.hits[0] | keys[]] | tojson')"
is "people is a list" array "$(jqr '.hits[0].people | type')"

run --format json "ceasefire AND Alaska"
id=$(jqr '.hits[0].id')
run show --format json "$id"
is "show gives the whole body, first words" "Ukrainian and European security officials" "$(jqr '.body[0:41]')"
is "... to the last" "Ukrainian military analysts say." "$(jqr '.body[-32:]')"
is "... and the date's source" relative "$(jqr .date_source)"
is "show JSON schema" '["body","bylines","credit","credits","date","date_source","format","format_version","id","outlet","people","source","title","url"]' \
    "$(jqr '[keys[]] | tojson')"

run index --no-progress --crawled-at "$CRAWLED" "$SEED"
contains "re-indexing changes nothing" "articles: 0 added, 0 updated, 4 unchanged, 0 removed" "$out"
run stats --format json
is "... and the count stays 4" 4 "$(jqr .articles)"

done_testing
