# Crash safety: `index` killed with SIGKILL at several points of a large
# run leaves an index that opens, that xapian-check finds no error in, and
# in which every article that `stats` counts is found; running `index`
# again finishes the job with the exact count.  SIGTERM and SIGINT stop a
# run cleanly: what was done is committed, with a message and the status
# of the signal, promptly even in the middle of one big file.
. "$top_srcdir/tests/cli/lib.sh"
big_corpus

# check_index WHEN: the index opens, checks clean, and every article stats
# counts is found by a word they all have, once each.
check_index() {
    local when=$1 count
    count=$(count_articles)
    is "$when: stats opens the index" yes "$([ -n "$count" ] && echo yes)"
    is "$when: xapian-check finds no error" "0 No errors found" "$(check_index_parts "$NEWSSEARCH_DB")"
    run --format json --limit 0 gencorpus
    is "$when: every article stats counts is found" "$count" "$(jqr .total)"
    last_count=$count
}

# index_in_background PATH [MORE_THAN]: start `index PATH` in the
# background (stdout in $TMP/bg.out, stderr in $TMP/bg.err; its pid in
# $pid) and, with MORE_THAN, wait until the index holds more articles than
# that (a commit is visible) or the run ends, for at most a minute.
index_in_background() {
    "$NEWSSEARCH" index --no-progress "$1" > "$TMP/bg.out" 2> "$TMP/bg.err" &
    pid=$!
    at_exit "kill -9 $pid 2>/dev/null"
    [ "$#" -ge 2 ] || return 0
    local c
    for _ in $(seq 600); do
        c=$(count_articles)
        [ -n "$c" ] && [ "$c" -gt "$2" ] && return 0
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
}

# Kill -9 at different moments: after Xapian's first batch is committed,
# after a second, and twice at once.  Each run picks up where the last
# committed state left it.
last_count=0
killed=0
for delay in wait-commit wait-commit 0.3 0; do
    if [ "$delay" = wait-commit ]; then
        index_in_background "$IN" "$last_count"
    else
        index_in_background "$IN"
        sleep "$delay"
    fi
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" && killed=$((killed + 1))
    wait "$pid" 2>/dev/null
    check_index "after kill -9 ($delay)"
done
is "index was killed in the middle of its run four times" 4 "$killed"
is "... and the runs got somewhere" yes "$([ "$last_count" -gt 0 ] && [ "$last_count" -lt "$TOTAL" ] && echo yes)"

run index --no-progress "$IN"
is "running index again finishes the job" 0 "$status"
contains "... reading again only what was not committed" "articles: $((TOTAL - last_count)) added, 0 updated, $last_count unchanged, 0 removed" "$out"
is "... with the exact count" "$TOTAL" "$(count_articles)"
check_index "after the last run"
run --format json --limit "$TOTAL" gencorpus
is "... each article once" "$TOTAL" "$(jqr '[.hits[].id] | unique | length')"

# SIGTERM in the middle of one big file: it stops at the next article,
# commits, and says so.
export NEWSSEARCH_DB="$TMP/db-big"
BIG="$TMP/big"
BIG_ARTICLES=12000
gen_articles "$BIG" 1 "$BIG_ARTICLES" big
index_in_background "$BIG" 0
kill -TERM "$pid"
signalled=$(date +%s)
wait "$pid"
status=$?
is "SIGTERM: exit status 128 + 15" 143 "$status"
is "... within a few seconds" yes "$([ $(($(date +%s) - signalled)) -le 10 ] && echo yes)"
contains "... saying what was committed" "newssearch: interrupted: 0 of 1 files done and committed, and part of $BIG/big-00001.jsonl (it is read again next time)" "$(cat "$TMP/bg.err")"
written=$(sed -n 's/^  articles: \([0-9]*\) added.*/\1/p' "$TMP/bg.out")
is "... all it wrote is committed" "$written" "$(count_articles)"
is "... which is part of the file" yes "$([ "$written" -gt 0 ] && [ "$written" -lt "$BIG_ARTICLES" ] && echo yes)"
run index --no-progress "$BIG"
is "the next run reads the file again" 0 "$status"
contains "... and adds the rest" "articles: $((BIG_ARTICLES - written)) added, 0 updated, $written unchanged, 0 removed" "$out"

# SIGINT between files: the files done are committed.
export NEWSSEARCH_DB="$TMP/db-int"
index_in_background "$IN" 0
kill -INT "$pid"
wait "$pid"
is "SIGINT: exit status 128 + 2" 130 "$?"
contains "... saying what was committed" "newssearch: interrupted: " "$(cat "$TMP/bg.err")"
written=$(sed -n 's/^  articles: \([0-9]*\) added.*/\1/p' "$TMP/bg.out")
is "... all it wrote is committed" "$written" "$(count_articles)"
check_index "after SIGINT"
run index --no-progress "$IN"
is "the next run finishes" "0 $TOTAL" "$status $(count_articles)"

done_testing
