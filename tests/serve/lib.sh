# Shared set-up for the tests of `newssearch serve`: everything of
# tests/cli/lib.sh, plus starting servers on free ports and stopping them
# at the end.  Source it first.
. "$top_srcdir/tests/cli/lib.sh"

server_pids=()
trap 'for p in "${server_pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
      chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT

# start_server NAME [OPTION]...: serve on a free loopback port; sets $URL
# (ending in /) and leaves the server's output in $TMP/NAME.out.
start_server() {
    local name=$1
    shift
    "$NEWSSEARCH" serve --port 0 "$@" >"$TMP/$name.out" 2>&1 &
    server_pids+=($!)
    URL=
    for _ in $(seq 100); do
        URL=$(grep -o 'http://[^ ]*/' "$TMP/$name.out" 2>/dev/null | head -1)
        [ -n "$URL" ] && return 0
        sleep 0.1
    done
    echo "Bail out! newssearch serve did not start: $(cat "$TMP/$name.out")"
    exit 1
}

# get PATH [CURL-OPTION]...: GET $URL$PATH; sets $out (the body) and
# $code (the HTTP status).
get() {
    local path=$1
    shift
    code=$(curl -s -o "$TMP/body" -w '%{http_code}' "$@" "$URL$path")
    out=$(cat "$TMP/body")
}

# canon: $out as JSON with sorted keys, for comparing documents.
canon() {
    printf '%s' "$out" | jq -S .
}
