# Syndicated copies: an edited copy of a story (another headline, a few
# words changed, the last paragraph cut) is grouped with it; another
# outlet's own story on the same event is not.
. "$top_srcdir/tests/cli/lib.sh"

run index --no-progress "$CORPORA/syndication"
contains "three articles" "articles: 3 added" "$out"

run --format json Rotterdam
is "three articles match" 3 "$(jqr .total)"
is "... two stories" 2 "$(jqr .stories)"
is "... shown as two hits" 2 "$(jqr '.hits | length')"
is "the copy and the original are one hit" "Deutsche Welle+Reuters NOS+" \
    "$(jqr '[.hits[] | "\(.outlet)+\([.also[].outlet] | join(","))"] | sort | join(" ")')"
is "the other copy's id and date" "rtr-rotterdam-strike 2025-08-05T09:12:00Z" \
    "$(jqr '.hits[] | select(.outlet == "Deutsche Welle") | .also[0] | "\(.id) \(.date)"')"

run --format json 'strike OR strikes OR stoppage'
is "an OR query counts stories exactly too" "3 2" "$(jqr '"\(.total) \(.stories)"')"

run Rotterdam
contains "text says so" "3 articles matched (2 stories: copies of one story are shown as one hit)." "$out"
contains "text lists the copy" "Also in: Reuters 2025-08-05 09:12 (rtr-rotterdam-strike)" "$out"

run --format json --facet outlet Rotterdam
is "facets still count articles" "Deutsche Welle=1 NOS=1 Reuters=1" \
    "$(jqr '[.facets.outlet[] | "\(.value)=\(.count)"] | join(" ")')"

run --format json --no-collapse Rotterdam
is "--no-collapse shows every copy" "3 3 3" "$(jqr '"\(.total) \(.stories) \(.hits | length)"')"
is "... with no also lists" 0 "$(jqr '[.hits[].also[]] | length')"

run --format json 'Rotterdam -outlet:reuters'
is "a copy left alone after a filter is a story of its own" "2 2" "$(jqr '"\(.total) \(.stories)"')"
is "... and lists no also" 0 "$(jqr '[.hits[].also[]] | length')"

run --format json '"walked out on Tuesday"'
is "the original's wording finds only it" "Reuters" "$(jqr '[.hits[].outlet] | join(",")')"

run index --no-progress "$CORPORA/syndication"
run --format json Rotterdam
is "re-indexing keeps the grouping" 2 "$(jqr .stories)"

done_testing
