# Shards in parts (src/index/layout.h): with small parts
# (NEWSSEARCH_PART_DOCUMENTS), new parts start between files, a changed or
# vanished article is replaced or removed in the part that holds it, a
# shard that ends a run with more than four parts is merged into one, and
# the index answers with the same counts as an index of one part a shard.
. "$top_srcdir/tests/cli/lib.sh"
IN="$TMP/in"
gen_articles "$IN" 30 20          # 600 articles, about 300 a shard
ONE="$TMP/one"                     # the reference: one part a shard

# parts DB: the parts shard-0's stub lists, as "part-0 part-1 ...".
parts() {
    sed -n 's/^auto //p' "$1/shard-0/XAPIANDB" | tr '\n' ' ' | sed 's/ $//'
}
# on_disk DB: the part directories in shard-0, the same way.
on_disk() {
    (cd "$1/shard-0" && ls -d part-* | sort -t- -k2 -n | tr '\n' ' ' | sed 's/ $//')
}
# answers DB: the total of a few queries, the outlet counts and every id of
# "gencorpus", sorted: what must not depend on how the shards are split.
answers() {
    local q
    for q in gencorpus k17 'k17 OR k1999' '"gencorpus story"' 'outlet:outlet-3' 'story*'; do
        NEWSSEARCH_DB="$1" "$NEWSSEARCH" search --limit 0 --format json "$q" | jq -r .total
    done
    NEWSSEARCH_DB="$1" "$NEWSSEARCH" search --limit 0 --facet outlet --format json gencorpus |
        jq -r '[.facets.outlet[] | "\(.value)=\(.count)"] | join(" ")'
    NEWSSEARCH_DB="$1" "$NEWSSEARCH" search --limit 1000 --format json gencorpus |
        jq -r '[.hits[].id] | sort | join(" ")' | md5sum
}

NEWSSEARCH_DB="$ONE" run index --no-progress "$IN"
is "the reference index: one part a shard" "part-0" "$(parts "$ONE")"

export NEWSSEARCH_PART_DOCUMENTS=100
run index --no-progress "$IN"
contains "an index in parts takes every article" \
    "articles: 600 added, 0 updated, 0 unchanged, 0 removed" "$out"
is "... and merges nothing while a shard has at most four parts" "" "$(grep merged <<<"$out")"
n=$(parts "$NEWSSEARCH_DB" | wc -w)
is "shard-0 is in 2 to 4 parts of about 100 articles" "yes" \
    "$([ "$n" -ge 2 ] && [ "$n" -le 4 ] && echo yes || echo "$n: $(parts "$NEWSSEARCH_DB")")"
is "... every part listed is on disk, and no other" "$(parts "$NEWSSEARCH_DB")" "$(on_disk "$NEWSSEARCH_DB")"
is "... every part is a sound database" "0 No errors found" "$(check_index_parts "$NEWSSEARCH_DB")"
is "it answers as the index of one part does" "$(answers "$ONE")" "$(answers "$NEWSSEARCH_DB")"

run index --no-progress "$IN"
contains "re-indexing finds every article unchanged, whichever part holds it" \
    "articles: 0 added, 0 updated, 600 unchanged, 0 removed" "$out"

# File 1's articles are in the first part: change one, and remove file 2.
sed -i 's/"Gencorpus story 3 of file 1"/"Gencorpus story 3 of file 1, revised"/' "$IN/a-00001.jsonl"
rm "$IN/a-00002.jsonl"
run index --no-progress --prune "$IN"
contains "a changed article is replaced and a gone file's removed" \
    "articles: 0 added, 1 updated, 579 unchanged, 20 removed" "$out"
run search --format json revised
is "... the change is found" "a-1-3" "$(jqr '.hits[0].id')"
run stats --format json
is "... 580 articles, none twice" 580 "$(jqr .articles)"

# A partial new part left by a crash is not listed: the next run removes it.
mkdir "$NEWSSEARCH_DB/shard-0/part-999"
echo partial > "$NEWSSEARCH_DB/shard-0/part-999/postlist.glass"
before=$(parts "$NEWSSEARCH_DB")

# More files: a shard with more than four parts is merged into one.
gen_articles "$IN" 30 20 b
run index --no-progress "$IN"
contains "the new files are added" "articles: 600 added, 0 updated, 580 unchanged, 0 removed" "$out"
is "... and the merge is reported" "yes" \
    "$(grep -q -E '^  merged:   [0-9]+ parts of [0-9]+ shards? into one each, in [0-9.]+ s$' <<<"$out" && echo yes || echo "$out")"
is "a crash's leftover part is removed" "" "$(ls -d "$NEWSSEARCH_DB/shard-0/part-999" 2>/dev/null)"
merged=$(parts "$NEWSSEARCH_DB")
is "shard-0 is merged into one new part" "yes" \
    "$(case "$merged" in *' '*|"${before%% *}") echo "$merged" ;; part-*) echo yes ;; esac)"
is "... and the parts it replaced are gone" "$merged" "$(on_disk "$NEWSSEARCH_DB")"
is "... a sound database" "0 No errors found" "$(check_index_parts "$NEWSSEARCH_DB")"
unset NEWSSEARCH_PART_DOCUMENTS
rm -rf "$ONE"
NEWSSEARCH_DB="$ONE" run index --no-progress "$IN"
is "the merged index answers as an index built in one part" "$(answers "$ONE")" "$(answers "$NEWSSEARCH_DB")"

done_testing
