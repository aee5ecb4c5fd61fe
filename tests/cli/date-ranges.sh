# Date ranges: built from year, month and day terms with the part days at
# either end narrowed by the date value (src/query/build.c), they must find
# exactly what a range of the date value finds, at every boundary: a day's
# last second, a leap day, a year's turn, open ends, a time zone's day.
. "$top_srcdir/tests/cli/lib.sh"

mkdir -p "$TMP/corpus"
n=0
for d in 1999-12-31T23:59:59Z 2000-01-01T00:00:00Z 2000-02-29T12:00:00Z 2000-03-01T00:00:00Z \
         2003-06-15T08:00:00Z 2019-01-01T00:00:00Z 2024-12-31T23:30:00Z 2025-01-01T00:30:00Z \
         2025-08-06T23:59:59Z 2025-08-07T00:00:00Z 2025-08-07T11:59:59Z 2025-08-07T12:00:00Z \
         2025-08-08T00:00:00Z 2025-12-31T23:59:59Z; do
    n=$((n + 1))
    printf '{"title": "Council meeting %s", "maintext": "The council met to discuss the budget and the harbour works, the minutes show.", "date_publish": "%s", "url": "https://example.com/story-%d", "source_domain": "example.com"}\n' \
        "$n" "$d" "$n"
done >"$TMP/corpus/dated.jsonl"
run index --no-progress "$TMP/corpus"
is "14 dated articles indexed" "0 articles: 14 added" "$status $(printf '%s' "$out" | grep -o 'articles: [0-9]* added')"

# dated ARGS...: the dates (to the minute) of every hit, oldest first.
dated() {
    run --format json --no-collapse --limit 100 --sort oldest "$@"
    jqr '[.hits[].date[0:16]] | join(" ")'
}

is "whole days, across a leap day" "2000-01-01T00:00 2000-02-29T12:00" "$(dated 'date:2000-01-01..2000-02-29')"
is "whole years" "1999-12-31T23:59 2000-01-01T00:00 2000-02-29T12:00 2000-03-01T00:00" "$(dated 'date:1999..2000')"
is "whole months" "2000-02-29T12:00 2000-03-01T00:00 2003-06-15T08:00" "$(dated 'date:2000-02..2003-06')"
is "across a year's turn" "2024-12-31T23:30 2025-01-01T00:30" "$(dated 'date:2024-12-31..2025-01-01')"
is "open start" "1999-12-31T23:59 2000-01-01T00:00 2000-02-29T12:00" "$(dated 'date:..2000-02-29')"
is "open end" "2025-08-07T00:00 2025-08-07T11:59 2025-08-07T12:00 2025-08-08T00:00 2025-12-31T23:59" \
    "$(dated 'date:2025-08-07..')"
is "open start, before every article but one" "1999-12-31T23:59" "$(dated 'date:..1999')"
is "open end, after every article" "" "$(dated 'date:2026..')"
is "a range wider than the articles" 14 "$(dated 'date:1990..2030' | wc -w)"
is "a day in a time zone ahead of UTC is two part days" \
    "2025-08-06T23:59 2025-08-07T00:00 2025-08-07T11:59" "$(dated --tz +12:00 'date:2025-08-07')"
is "... and behind it" "2025-08-06T23:59 2025-08-07T00:00" "$(dated --tz -05:00 'date:2025-01-01..2025-08-06')"
is "an open start in a time zone" 8 "$(dated --tz +05:30 'date:..2025-08-06' | wc -w)"
is "the last 12 hours: a part day and a second" "2025-08-07T12:00 2025-08-08T00:00" \
    "$(dated --now 2025-08-08T00:00:00Z 'date:12h')"
is "a day's first 12 hours" "2025-08-07T00:00 2025-08-07T11:59" "$(dated 'date:2025-08-07..+12h')"
is "since: an open end from a time of day" \
    "2025-08-06T23:59 2025-08-07T00:00 2025-08-07T11:59 2025-08-07T12:00 2025-08-08T00:00 2025-12-31T23:59" \
    "$(dated --now 2025-08-08T00:00:00Z 'since:48h')"
is "with words" "2000-01-01T00:00 2000-02-29T12:00 2000-03-01T00:00 2003-06-15T08:00 2019-01-01T00:00" \
    "$(dated 'council date:2000..2019')"
scores() { "$NEWSSEARCH" --format json --no-collapse --limit 100 "$1" | jq -r '.hits[] | "\(.id) \(.score)"' | sort; }
scores budget >"$TMP/all-scores"
scores 'budget date:2000-01-01..2000-02-29' >"$TMP/range-scores"
is "a date range does not change a hit's score (2 hits, scored as without it)" "2 2" \
    "$(wc -l <"$TMP/range-scores") $(comm -12 "$TMP/all-scores" "$TMP/range-scores" | wc -l)"

done_testing
