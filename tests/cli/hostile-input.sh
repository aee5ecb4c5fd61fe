# Hostile input, one row each: what a scraper can leave on disk.  For each
# row, a directory holds a good article (good.txt, found by "goodword")
# beside the hostile files; `index` must not crash or hang, must name each
# file at fault, index the good parts, and count exactly.  Big inputs are
# made here at run time.
. "$top_srcdir/tests/cli/lib.sh"
LIMIT=600   # seconds any one index run may take (timeout), sanitizers included

# hostile NAME STATUS ARTICLES [MESSAGE]...: make the row's input with
# make_NAME DIR, index it into an index of its own, and check the exit
# status, that each MESSAGE is on stderr (@ stands for the row's directory;
# no MESSAGE: stderr is empty), and the number of articles.  A function
# check_NAME, when there is one, checks more.
hostile() {
    local name=$1 want_status=$2 want_articles=$3
    shift 3
    local dir="$TMP/in-$name"
    mkdir -p "$dir"
    printf 'Good article\nThe goodword is here.\n' > "$dir/good.txt"
    "make_$name" "$dir"
    export NEWSSEARCH_DB="$TMP/db-$name"
    out=$(timeout "$LIMIT" "${as_user[@]}" "$NEWSSEARCH" index --no-progress "${crawled_at[@]}" "$dir" 2> "$TMP/stderr")
    status=$?
    err=$(cat "$TMP/stderr")
    is "$name: exit status" "$want_status" "$status"
    local message
    if [ "$#" -eq 0 ]; then
        is "$name: no message" "" "$err"
    fi
    for message in "$@"; do
        contains "$name: says so" "${message//@/$dir}" "$err"
    done
    is "$name: articles" "$want_articles" "$(count_articles)"
    run --format json goodword
    is "$name: the good file is indexed" 1 "$(jqr .total)"
    if declare -F "check_$name" > /dev/null; then
        "check_$name" "$dir"
    fi
    as_user=()
}
as_user=()
crawled_at=(--crawled-at "$CRAWLED")

make_empty() { : > "$1/empty.txt"; }
hostile empty 1 1 "newssearch: skipped @/empty.txt: empty file"

make_blank() { printf ' \n\t\r\n   \n' > "$1/blank.txt"; }
hostile blank 1 1 "newssearch: skipped @/blank.txt: empty file (only white space)"

make_binary() {
    head -c 65536 /dev/urandom > "$1/noise.txt"
    head -c 65536 /dev/urandom > "$1/photo.jpg"
}
hostile binary 1 1 "newssearch: skipped @/noise.txt: binary file"
check_binary() {
    contains "binary: a photo is not an article, and not a problem" "Not articles:
  $1/photo.jpg: not a format newssearch reads" "$out"
}

make_nul() {
    # Two NUL bytes in 400 of text are stray bytes; a head of NULs is no text.
    { printf 'Nul bytes\nA stray\000 NUL in\000 the harbour text.'; printf ' More text.%.0s' $(seq 36); echo; } > "$1/nul.txt"
    head -c 4096 /dev/zero > "$1/zeros.txt"
}
hostile nul 1 2 "newssearch: @/nul.txt: 2 invalid UTF-8 bytes replaced" \
    "newssearch: skipped @/zeros.txt: binary file (it contains NUL bytes)"
check_nul() {
    run --format json '"stray NUL in the harbour"'
    is "nul: the text around the NUL bytes is searchable" 1 "$(jqr .total)"
}

# Latin-1, an overlong "/" (C0 AF), an overlong NUL (E0 80 80), a UTF-16
# surrogate (ED A0 80), a truncated sequence (E2 82) and a lone
# continuation byte (80).
make_bad_utf8() {
    { printf 'Caf\351 owners\nOverlong \300\257 and \340\200\200, surrogate \355\240\200, cut \342\202 end \200 latte.'
      printf ' The owners say the latte costs more.%.0s' $(seq 10); echo; } > "$1/bad.txt"
}
hostile bad_utf8 0 2 "newssearch: @/bad.txt: 12 invalid UTF-8 bytes replaced"
check_bad_utf8() {
    run --format json latte
    is "bad_utf8: the text is searchable" 1 "$(jqr .total)"
    is "bad_utf8: ... and valid UTF-8 in JSON" "Caf� owners" "$(jqr '.hits[0].title')"
}

make_utf16() {
    printf '\377\376W\000i\000d\000e\000 \000t\000i\000t\000l\000e\000\n\000T\000i\000d\000e\000s\000 \000r\000i\000s\000e\000.\000\n\000' > "$1/le.txt"
    printf '\376\377\000B\000i\000g\000 \000e\000n\000d\000\n\000T\000i\000d\000e\000s\000 \000f\000a\000l\000l\000.\000\n' > "$1/be.txt"
}
hostile utf16 0 3
check_utf16() {
    run --format json tides
    is "utf16: both byte orders are read" "Big end,Wide title" "$(jqr '[.hits[].title] | sort | join(",")')"
}

# 50 MB of text on one line: the title keeps its first words, the rest is
# the body, all of it searchable.
make_huge_line() {
    awk 'BEGIN { s = "harbour lighthouse keepers gather "; while (n < 50 * 1024 * 1024) { printf "%s", s; n += length(s) }; printf "zzlastword\n" }' > "$1/huge.txt"
}
hostile huge_line 0 2 "newssearch: @/huge.txt: a title of 52428826 bytes: its first 494 kept as the title, the rest put in the body"
check_huge_line() {
    run --format json --limit 1 zzlastword
    is "huge_line: the last word is found" 1 "$(jqr .total)"
    is "huge_line: ... under a short title" 494 "$(jqr '.hits[0].title | length')"
}

make_many() {
    awk -v dir="$1" 'BEGIN { for (n = 1; n <= 10000; n++) printf "{\"id\":\"m%d\",\"title\":\"Story %d\",\"body\":\"Harbour news number w%d.\"}\n", n, n, n > dir "/many.jsonl" }'
}
hostile many 0 10001
check_many() {
    run --format json --limit 0 w9999
    is "many: the 9999th article is found" 1 "$(jqr .total)"
}

make_deep_json() {
    awk -v dir="$1" 'BEGIN {
        printf "{\"title\":\"Deep\",\"body\":\"x\",\"extra\":" > dir "/deep.json"
        for (i = 0; i < 100000; i++) printf "[" > dir "/deep.json"
        for (i = 0; i < 100000; i++) printf "]" > dir "/deep.json"
        printf "}\n" > dir "/deep.json"
        printf "{\"title\":\"Shallow line\",\"body\":\"Harbour\"}\n{\"title\":\"Deep line\",\"body\":" > dir "/deep.jsonl"
        for (i = 0; i < 100000; i++) printf "{\"a\":" > dir "/deep.jsonl"
        printf "\n{\"title\":\"Last line\",\"body\":\"Harbour\"}\n" > dir "/deep.jsonl"
    }'
}
hostile deep_json 1 3 "newssearch: skipped @/deep.json: 1: malformed JSON: maximum parsing depth reached" \
    "newssearch: @/deep.jsonl:2: malformed JSON: maximum parsing depth reached"

# Every field of the wrong type: an article without text is skipped, one
# with text keeps the fields that are right.
make_wrong_types() {
    cat > "$1/types.jsonl" <<'EOF'
{"id":[1],"url":5,"title":{"a":1},"body":true,"outlet":3.5,"date":20250809,"credit":[],"people":7,"authors":{}}
{"id":{"x":1},"url":[],"title":"Typed harbour story","body":["no"],"text":"The harbour text.","outlet":[],"date":[],"credit":{},"people":["Ann Lee",3],"authors":[null,"Bo Ek"]}
EOF
}
hostile wrong_types 0 2 \
    'newssearch: @/types.jsonl:1: field "title" should be a string: ignored' \
    'newssearch: @/types.jsonl:1: field "body" should be a string: ignored' \
    'newssearch: @/types.jsonl:1: an article with neither title nor body: skipped' \
    'newssearch: @/types.jsonl:2: field "body" should be a string: ignored' \
    'newssearch: @/types.jsonl:2: field "id" should be a string: ignored' \
    'newssearch: @/types.jsonl:2: field "url" should be a string: ignored' \
    'newssearch: @/types.jsonl:2: field "outlet" should be a string: ignored' \
    'newssearch: @/types.jsonl:2: field "date" should be a string: ignored' \
    'newssearch: @/types.jsonl:2: field "credit" should be a string: ignored' \
    'newssearch: @/types.jsonl:2: field "people" item 2 is not a string: ignored' \
    'newssearch: @/types.jsonl:2: field "authors" item 1 is not a string: ignored'
check_wrong_types() {
    run --format json 'title:typed'
    is "wrong_types: the right fields are kept" '"The harbour text." ["Ann Lee"]' \
        "$(jqr '.hits[0].snippet | tojson') $(jqr '.hits[0].people | tojson')"
}

make_bad_dates() {
    cat > "$1/dates.jsonl" <<'EOF'
{"title":"Year zero","body":"Harbour","date":"0000-01-01"}
{"title":"Far future","body":"Harbour","date":"99999-01-01"}
{"title":"No such day","body":"Harbour","date":"2025-02-31"}
{"title":"Good day","body":"Harbour","date":"2024-02-29"}
EOF
}
hostile bad_dates 0 5 \
    'newssearch: @/dates.jsonl:1: date "0000-01-01" is not an ISO 8601 date in years 1000-9999: ignored' \
    'newssearch: @/dates.jsonl:2: date "99999-01-01" is not an ISO 8601 date in years 1000-9999: ignored' \
    'newssearch: @/dates.jsonl:3: date "2025-02-31" is not an ISO 8601 date in years 1000-9999: ignored'
check_bad_dates() {
    run --format json --limit 0 'harbour date:2025-08-09'
    is "bad_dates: a bad date gives way to the crawl time" 3 "$(jqr .total)"
    run --format json --limit 0 'harbour date:2024-02-29'
    is "bad_dates: a good one is kept" 1 "$(jqr .total)"
}

# File times outside the years 1000-9999 (a tmpfs keeps them; as root).
make_file_times() {
    mkdir -p "$1/tmpfs"
    mount -t tmpfs newssearch-test "$1/tmpfs" && at_exit "umount -l '$1/tmpfs'"
    printf 'Far future\nHarbour future.\n' > "$1/tmpfs/future.txt"
    touch -d @253402300800 "$1/tmpfs/future.txt"
    printf 'Far past\nHarbour past.\n' > "$1/tmpfs/past.txt"
    touch -d @-62135596900 "$1/tmpfs/past.txt"
}
check_file_times() {
    run --format json --sort oldest harbour
    is "file_times: dated at the ends of the range" "1000-01-01T00:00:00Z 9999-12-31T23:59:59Z" \
        "$(jqr '[.hits[].date] | join(" ")')"
}
if [ "$(id -u)" -eq 0 ]; then
    # No --crawled-at here: the file times are the dates.
    crawled_at=()
    hostile file_times 0 3 \
        "newssearch: @/tmpfs/future.txt: its modification time is outside the years 1000-9999: its articles without a date are dated at the nearest end" \
        "newssearch: @/tmpfs/past.txt: its modification time is outside the years 1000-9999: its articles without a date are dated at the nearest end"
    crawled_at=(--crawled-at "$CRAWLED")
fi

make_long_fields() {
    awk -v dir="$1" 'BEGIN {
        t = "Headline words "; while (length(t) < 1048576) t = t t; t = substr(t, 1, 1048576);
        o = ""; for (i = 0; i < 100; i++) o = o "Agence ";
        printf "{\"title\":\"%s\",\"body\":\"Harbour long fields.\",\"outlet\":\"%s\",\"credit\":\"%s\",\"people\":[\"%s\"]}\n", t, o, o, o > dir "/long.json"
    }'
}
hostile long_fields 0 2 "newssearch: @/long.json: a title of 1048576 bytes: its first 494 kept as the title, the rest put in the body"
check_long_fields() {
    run --format json --facet outlet 'harbour'
    is "long_fields: a 700-byte outlet is kept whole" 699 "$(jqr '.facets.outlet[0].value | length')"
    run --format json --limit 0 "outlet:\"$(printf 'Agence %.0s' $(seq 100))\""
    is "long_fields: ... and found by its name" 1 "$(jqr .total)"
}

make_links() {
    mkdir -p "$1/sub"
    ln -s .. "$1/sub/up"
    ln -s a "$1/b"
    ln -s b "$1/a"
    ln -s nowhere "$1/dangling.txt"
}
hostile links 1 1 "newssearch: skipped @/sub/up: symbolic link loop (a directory inside itself)" \
    "newssearch: skipped @/a: symbolic link loop" \
    "newssearch: skipped @/dangling.txt: broken symbolic link"

# A file its reader may not read (as root, the run is made as nobody).
make_unreadable() {
    printf 'Locked\nHarbour.\n' > "$1/locked.txt"
    chmod 000 "$1/locked.txt"
    mkfifo "$1/pipe.txt"
    if [ "$(id -u)" -eq 0 ]; then
        chmod 755 "$TMP" "$1"
        chmod 644 "$1/good.txt"
        mkdir -p "$TMP/db-unreadable" && chown nobody "$TMP/db-unreadable"
        [ -d "$TMP/sanitizer" ] && chmod 1777 "$TMP/sanitizer"
        as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
    fi
}
hostile unreadable 1 1 "newssearch: skipped @/locked.txt: Permission denied" \
    "newssearch: skipped @/pipe.txt: not a regular file or directory"

make_odd_names() {
    printf 'Newline name\nHarbour newline.\n' > "$1/new
line.txt"
    : > "$1/empty
name.txt"
    printf 'Latin name\nHarbour latin.\n' > "$1/caf$(printf '\351').txt"
    printf 'Escape name\nHarbour escape.\n' > "$1/esc$(printf '\033')[2J.txt"
}
hostile odd_names 1 4 'newssearch: skipped @/empty\nname.txt: empty file'
check_odd_names() {
    run --format json --limit 10 harbour
    is "odd_names: each file is an article with its name as source" \
        "$1/caf�.txt|$1/esc\u001b[2J.txt|$1/new\nline.txt" "$(jqr '[.hits[].source | tojson[1:-1]] | sort | join("|")')"
    run harbour
    contains "odd_names: the text output escapes them" "   $1/esc\\x1b[2J.txt" "$out"
}

done_testing
