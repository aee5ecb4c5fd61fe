# Readers beside a writer: searches and stats while `index` writes never
# fail and always see one committed state of each part of the index (the
# facet counts add up to the total, totals only grow); a second `index` is
# turned away, naming the first.
. "$top_srcdir/tests/cli/lib.sh"
big_corpus

# An index to start from, so that readers never find none.
run index --no-progress --crawled-at "$CRAWLED" "$CORPORA"
is "a first index" 0 "$status"
BASE=$(count_articles)

"$NEWSSEARCH" index --no-progress "$IN" > "$TMP/writer.out" 2> "$TMP/writer.err" &
writer=$!
at_exit "kill -9 $writer 2>/dev/null"

# Until the writer is under way (its lock record is there), then a second
# writer while it works.
for _ in $(seq 300); do
    [ -f "$NEWSSEARCH_DB/newssearch-writer.pid" ] && break
    sleep 0.1
done
run index --no-progress "$CORPORA"
is "a second index exits 3" 3 "$status"
is "... naming the first" "newssearch: $NEWSSEARCH_DB: the index is locked by another newssearch (pid $writer) (another \`newssearch index\` is writing it; wait for it to finish)" "$err"
is "... and writes nothing" "" "$out"

# A second reader that reads many stored articles a search, for as long
# as the writer writes: what a writer's commits can pull from under a
# reader (Xapian's DatabaseModifiedError, answered by reopening).
(
    while kill -0 "$writer" 2>/dev/null; do
        "$NEWSSEARCH" --format json --limit 400 gencorpus > "$TMP/busy.out" 2> "$TMP/busy.err"
        s=$?
        echo "$s" >> "$TMP/busy.statuses"
        [ "$s" -le 1 ] || cat "$TMP/busy.err" >> "$TMP/busy.failures"
    done
) &
busy=$!
at_exit "kill $busy 2>/dev/null"

# Readers, for as long as the writer writes.
searches=0
failures=0
inconsistent=0
shrank=0
previous=0
totals=
while kill -0 "$writer" 2>/dev/null; do
    run --format json --facet outlet --limit 3 gencorpus
    searches=$((searches + 1))
    if [ "$status" -gt 1 ] || ! total=$(jqr .total 2>/dev/null) || [ -z "$total" ]; then
        failures=$((failures + 1))
        echo "# search failed: status $status: $err"
        continue
    fi
    # One revision: the outlets' counts add up to the total.
    sum=$(jqr '[.facets.outlet[].count] | add // 0')
    [ "$sum" = "$total" ] || { inconsistent=$((inconsistent + 1)); echo "# total $total, facets $sum"; }
    [ "$total" -ge "$previous" ] || shrank=$((shrank + 1))
    case " $totals " in *" $total "*) ;; *) totals="$totals $total" ;; esac
    previous=$total
    "$NEWSSEARCH" stats > /dev/null 2> "$TMP/stats.err" || { failures=$((failures + 1)); echo "# stats: $(cat "$TMP/stats.err")"; }
done
wait "$writer"
is "the writer finished" 0 "$?"
wait "$busy"
echo "# the busy reader ran $(wc -l < "$TMP/busy.statuses") searches of 400 articles"
is "the busy reader never failed" "" "$(cat "$TMP/busy.failures" 2>/dev/null)"
echo "# $searches searches while it wrote, seeing totals:$totals"
is "searches ran while the writer wrote, and saw it grow" yes \
    "$([ "$searches" -ge 5 ] && [ "$(wc -w <<<"$totals")" -ge 2 ] && echo yes)"
is "no search or stats failed" 0 "$failures"
is "every search saw one revision (facets add up to the total)" 0 "$inconsistent"
is "totals never went down" 0 "$shrank"

run stats --format json
is "in the end: every article" "$((BASE + TOTAL))" "$(jqr .articles)"
run --format json --limit 0 gencorpus
is "... all found" "$TOTAL" "$(jqr .total)"
is "the lock record is gone with the writer" no "$([ -e "$NEWSSEARCH_DB/newssearch-writer.pid" ] && echo yes || echo no)"

# A record left by a writer that was killed names nobody.
echo 999999999 > "$NEWSSEARCH_DB/newssearch-writer.pid"
run index --no-progress "$CORPORA"
is "a stale lock record is no obstacle" 0 "$status"

done_testing
