# Bad input: each is reported with the file (and line) at fault, skipped,
# and nothing already indexed is lost.
. "$top_srcdir/tests/cli/lib.sh"
IN="$TMP/in"
mkdir -p "$IN"

run index --no-progress --crawled-at "$CRAWLED" "$CORPORA/seed"
is "a good index first" 0 "$status"

: > "$IN/empty.txt"
printf ' \n\t\n' > "$IN/blank.txt"
head -c 4096 /dev/urandom | tr -d '\n' | sed 's/^/\x00\x01/' > "$IN/random.txt"
printf 'Caf\xe9 prices rise\nThe caf\xe9 owners say the latte costs more.\n' > "$IN/latin1.txt"
printf '%s\n' '{"title":"Line one story","body":"Lighthouse keepers gather."}' \
    '{"title": "broken' \
    '{"title":"Line three story","body":"Lighthouse museums open."}' > "$IN/feed.jsonl"
printf '{"title": ' > "$IN/truncated.json"
printf 'Locked away\nLighthouse archive.\n' > "$IN/unreadable.txt"
chmod 000 "$IN/unreadable.txt"
ln -s "$IN" "$IN/loop"

run index --no-progress --crawled-at "$CRAWLED" "$IN" "$TMP/missing-path"
is "index with bad input exits 1" 1 "$status"
contains "empty file" "newssearch: skipped $IN/empty.txt: empty file" "$err"
contains "blank file" "newssearch: skipped $IN/blank.txt: empty file (only white space)" "$err"
contains "binary file" "newssearch: skipped $IN/random.txt: binary file" "$err"
contains "invalid UTF-8 is replaced, the rest indexed" "newssearch: $IN/latin1.txt: 2 invalid UTF-8 bytes replaced" "$err"
contains "a malformed JSON line is reported with its line" "newssearch: $IN/feed.jsonl:2: malformed JSON" "$err"
contains "a truncated JSON file" "newssearch: skipped $IN/truncated.json: 1: malformed JSON" "$err"
if [ "$(id -u)" -ne 0 ]; then
    contains "an unreadable file" "newssearch: skipped $IN/unreadable.txt: Permission denied" "$err"
fi
contains "a symbolic link loop" "newssearch: skipped $IN/loop: symbolic link loop" "$err"
contains "a missing path" "newssearch: skipped $TMP/missing-path: No such file or directory" "$err"

run --format json Lighthouse
expected=2
[ "$(id -u)" -eq 0 ] && expected=3   # root reads the chmod 000 file
is "the good lines and files are indexed" "$expected" "$(jqr .total)"
run --format json 'latte'
is "the Latin-1 file is indexed" 1 "$(jqr .total)"
run stats --format json
is "nothing indexed before was lost" "$((4 + 2 + 1 + expected - 2))" "$(jqr .articles)"
run --format json "ceasefire AND Alaska"
is "the seed still answers" 1 "$(jqr .total)"

done_testing
