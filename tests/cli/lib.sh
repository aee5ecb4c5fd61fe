# Shared set-up for the end-to-end tests: a private index and home, no
# colour, a fixed locale, and TAP output.  Source it first.
set -u
: "${NEWSSEARCH:?run through make check, which sets NEWSSEARCH}"
: "${top_srcdir:?run through make check, which sets top_srcdir}"
export LC_ALL=C.UTF-8 NO_COLOR=1
TMP=$(mktemp -d /tmp/newssearch-test-XXXXXX)
trap 'chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
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
