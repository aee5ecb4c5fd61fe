# Re-indexing: unchanged files are not read again, a changed file's
# articles are replaced and those that vanished removed, ids stay stable.
. "$top_srcdir/tests/cli/lib.sh"
IN="$TMP/in"
mkdir -p "$IN"
cp "$CORPORA/json/newsplease.jsonl" "$IN/feed.jsonl"
cp "$CORPORA/plain/vote-count.txt" "$IN/vote.txt"

run index --no-progress "$IN"
contains "first run adds" "articles: 4 added, 0 updated, 0 unchanged, 0 removed" "$out"
run --format json cocoa
id=$(jqr '.hits[0].id')

run index --no-progress "$IN"
contains "second run reads nothing" "files:    0 read, 2 unchanged, 0 skipped, 0 not articles" "$out"
contains "... and changes nothing" "articles: 0 added, 0 updated, 4 unchanged, 0 removed" "$out"

touch -d '2025-01-01' "$IN/vote.txt"
run index --no-progress "$IN"
contains "a touched file is read but its article is the same unless its date is the file time" "articles: 0 added, 1 updated, 3 unchanged, 0 removed" "$out"

# Drop the Kenya line, change the cocoa one.
grep -v 'kenya' "$IN/feed.jsonl" | sed 's/Cocoa futures fell/Cocoa futures slid/' > "$IN/feed.new"
mv "$IN/feed.new" "$IN/feed.jsonl"
run index --no-progress "$IN"
contains "a changed file: one updated, one unchanged, one removed" "articles: 0 added, 1 updated, 2 unchanged, 1 removed" "$out"
run stats --format json
is "three articles left" 3 "$(jqr .articles)"
run --format json tea
is "the removed article is gone" 0 "$(jqr .total)"
run --format json slid
is "the change is searchable" 1 "$(jqr .total)"
is "... under the same id" "$id" "$(jqr '.hits[0].id')"

cd "$TMP" && run index --no-progress in
contains "the same files through another path are the same articles" "0 added" "$out"
run stats --format json
is "no duplicates" 3 "$(jqr .articles)"

# --prune: files gone from disk lose their articles; only under the paths given.
mkdir -p "$TMP/other"
cp "$CORPORA/plain/cafe-owners.txt" "$TMP/other/"
run index --no-progress "$TMP/other"
rm "$IN/vote.txt" "$TMP/other/cafe-owners.txt"
run index --no-progress "$IN"
contains "without --prune a deleted file's articles stay" "0 removed" "$out"
run stats --format json
is "... all four" 4 "$(jqr .articles)"
run index --no-progress --prune "$IN"
contains "--prune removes them" "1 removed" "$out"
contains "... and says which files went" "pruned:   1 file gone from disk" "$out"
run stats --format json
is "... three left, the file outside the path untouched" 3 "$(jqr .articles)"
is "stats by format" "json=2 plain=1" "$(jqr '[.by_format[] | "\(.value)=\(.count)"] | join(" ")')"
run --format json recount
is "the pruned article is gone" 0 "$(jqr .total)"

done_testing
