# The command line's contract: help, version, exit statuses and messages.
. "$top_srcdir/tests/cli/lib.sh"

run --version
is "--version" "newssearch 0.1.0" "$out"
run --help
is "--help exits 0" 0 "$status"
contains "--help lists commands" "index    add files and directories to the index" "$out"
run search --help
contains "search --help shows its options" "[--facet outlet|person|credit|format|year|month|day[,...]]" "$out"
run
is "no arguments: usage, exit 2" 2 "$status"

run ceasefire
is "no index yet: exit 3" 3 "$status"
is "... saying what to do" "newssearch: $TMP/db: no index there (run \`newssearch index PATH\` to make one, or give its place with --db)" "$err"

run index --no-progress "$CORPORA/seed"
is "index with no crawl time uses the file time" 0 "$status"
run --format json military
is "the default command is search" 4 "$(jqr .total)"
is "... dates from the file time" file-time "$(jqr '[.hits[] | select(.outlet == null) | .date_source] | join(",")')"
run --format json military --limit 1
is "options may follow the query" "4 1" "$(jqr '"\(.total) \(.hits | length)"')"
run --format json military -Alaska
is "a -word in the query excludes, and is no option" 3 "$(jqr .total)"
run --format json -- military --limit
is "after --, words that look like options are words" 0 "$(jqr .total)"
run search --limit x ceasefire
is "a bad --limit exits 2" 2 "$status"
is "... naming it" "newssearch: --limit wants a whole number from 0 to 1000000, not 'x'
Try 'newssearch search --help'." "$err"
run search --facet colour ceasefire
is "an unknown facet exits 2" 2 "$status"
contains "... listing the facets" "unknown facet 'colour': use outlet, person, credit, format, year, month or day" "$err"
run search --sort sideways ceasefire
is "an unknown sort exits 2" 2 "$status"
run search --format xml ceasefire
is "an unknown format exits 2" 2 "$status"
run search
is "search without a query exits 2" 2 "$status"
run zzzyzzx
is "no match exits 1" 1 "$status"
is "... and says so" "No articles matched." "$out"
run show nonexistent
is "show of an unknown id exits 1" 1 "$status"
contains "... saying so" "no article with id 'nonexistent'" "$err"
run --db "$TMP/elsewhere" stats
is "--db before the command" 3 "$status"
run index
is "index without paths exits 2" 2 "$status"
run index --crawled-at yesterday "$CORPORA/seed"
is "a bad --crawled-at exits 2" 2 "$status"
contains "... naming it" "--crawled-at wants an ISO 8601 time" "$err"

NEWSSEARCH_DB= XDG_DATA_HOME="$TMP/xdg" run index --no-progress "$CORPORA/seed"
is "\$XDG_DATA_HOME/newssearch/db is the default" 0 "$status"
contains "... and is said in the summary" "into $TMP/xdg/newssearch/db" "$out"

done_testing
