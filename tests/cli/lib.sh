# Shared set-up for the end-to-end tests: a private index and home, no
# colour, a fixed locale, and TAP output.  Source it first.
set -u
: "${NEWSSEARCH:?run through make check, which sets NEWSSEARCH}"
: "${top_srcdir:?run through make check, which sets top_srcdir}"
export LC_ALL=C.UTF-8 NO_COLOR=1
TMP=$(mktemp -d /tmp/newssearch-test-XXXXXX)
# at_exit COMMAND: run COMMAND when the script ends, before $TMP goes
# (stop a background process, unmount a file system).
at_exit_commands=
at_exit() {
    at_exit_commands="$at_exit_commands$1;"
}
trap 'eval "$at_exit_commands"; chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
export HOME="$TMP/home" NEWSSEARCH_DB="$TMP/db"
unset XDG_DATA_HOME
mkdir -p "$HOME"
# In the sanitizer build (configure --enable-sanitizers), every report goes
# to a file of its own, and done_testing fails the script when there is one.
if [ -n "${NS_SANITIZED:-}" ]; then
    mkdir -p "$TMP/sanitizer"
    export ASAN_OPTIONS="${ASAN_OPTIONS:-}:log_path=$TMP/sanitizer/asan"
    export UBSAN_OPTIONS="${UBSAN_OPTIONS:-}:log_path=$TMP/sanitizer/ubsan"
fi
CORPORA="$top_srcdir/corpora"
CRAWLED=2025-08-09T10:00:00Z

tests_run=0
tests_failed=0

# run ARGS...: run newssearch; sets $out, $err and $status.
run() {
    out=$("$NEWSSEARCH" "$@" 2>"$TMP/stderr")
    status=$?
    err=$(cat "$TMP/stderr")
}

# is NAME EXPECTED ACTUAL
is() {
    tests_run=$((tests_run + 1))
    if [ "$2" = "$3" ]; then
        echo "ok $tests_run - $1"
    else
        tests_failed=$((tests_failed + 1))
        echo "not ok $tests_run - $1"
        printf '%s\n' "expected: $2" "actual:   $3" | sed 's/^/#   /' | head -40
    fi
}

# contains NAME NEEDLE HAYSTACK
contains() {
    case "$3" in
    *"$2"*) is "$1" "$2" "$2" ;;
    *) is "$1" "(text containing) $2" "$3" ;;
    esac
}

# jqr FILTER: jq -r over $out.
jqr() {
    printf '%s' "$out" | jq -r "$1"
}

# gen_articles DIR FILES PER_FILE [PREFIX]: FILES JSON Lines files of
# PER_FILE articles each, made at run time (no large file is committed).
# Article N of file F has the id PREFIX-F-N, one of five outlets ("Outlet
# 0" to "Outlet 4", by N), the word "gencorpus" in its title and body, 60
# words drawn from a vocabulary of 2000 (so that no two are copies of one
# story) and the unique word "uPREFIXfFnN".
gen_articles() {
    mkdir -p "$1"
    awk -v dir="$1" -v files="$2" -v per="$3" -v prefix="${4:-a}" 'BEGIN {
        for (f = 1; f <= files; f++) {
            file = sprintf("%s/%s-%05d.jsonl", dir, prefix, f)
            for (n = 1; n <= per; n++) {
                srand(f * 100003 + n)
                body = "Gencorpus news."
                for (w = 0; w < 60; w++)
                    body = body " k" int(rand() * 2000)
                printf "{\"id\":\"%s-%d-%d\",\"title\":\"Gencorpus story %d of file %d\",\"body\":\"%s u%sf%dn%d.\",\"outlet\":\"Outlet %d\",\"date\":\"2025-08-09\"}\n", prefix, f, n, n, f, body, prefix, f, n, n % 5 > file
            }
            close(file)
        }
    }'
}

# big_corpus: $IN, the 10,000 generated articles that the crash and
# concurrency tests index: $FILES files of $PER_FILE, $TOTAL in all.
big_corpus() {
    IN="$TMP/in"
    FILES=250
    PER_FILE=40
    TOTAL=$((FILES * PER_FILE))
    gen_articles "$IN" "$FILES" "$PER_FILE"
}

# check_index_parts DB: xapian-check over every database of the index (the
# meta database and each part each shard's stub lists: xapian-check does
# not follow a stub inside a stub); prints "STATUS LAST-LINE" of the first
# that fails, or "0 No errors found" when all are sound.
check_index_parts() {
    local part status
    for part in "$1/meta" $(sed -n "s|^auto \(shard-[0-9]*\)$|\1|p" "$1/XAPIANDB" |
                            while read -r shard; do
                                sed -n "s|^auto \(part-[0-9]*\)$|$1/$shard/\1|p" "$1/$shard/XAPIANDB"
                            done); do
        xapian-check "$part" > "$TMP/xapian-check.out" 2>&1
        status=$?
        if [ "$status" -ne 0 ] || [ "$(tail -1 "$TMP/xapian-check.out")" != "No errors found" ]; then
            echo "$status $part: $(tail -1 "$TMP/xapian-check.out")"
            return
        fi
    done
    echo "0 No errors found"
}

# count_articles: the number of articles `stats` reports (empty on failure).
count_articles() {
    "$NEWSSEARCH" stats --format json 2>/dev/null | jq -r .articles
}

done_testing() {
    local report
    for report in "$TMP"/sanitizer/*; do
        [ -f "$report" ] || continue
        tests_run=$((tests_run + 1))
        tests_failed=$((tests_failed + 1))
        echo "not ok $tests_run - sanitizer report ${report##*/}"
        sed 's/^/#   /' "$report" | head -60
    done
    echo "1..$tests_run"
    [ "$tests_failed" -eq 0 ]
}
