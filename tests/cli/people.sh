# People: canonical names in search, facets and `people`; the journalist's
# corrections in entities.tsv, applied by index and by index --reextract.
. "$top_srcdir/tests/cli/lib.sh"
SEED="$CORPORA/seed/000_fcd995d91045e671.txt"

run index --no-progress --crawled-at "$CRAWLED" "$SEED"
run --format json --no-collapse --limit 10 military
is "the seed's people, story by story" \
"Trump administration eyes: Claudia Sheinbaum, Marco Rubio, Pam Bondi, Nicolás Maduro, Brian Finucane, Donald Trump
Zelenskyy meets US: Volodymyr Zelenskyy, JD Vance, Donald Trump, Vladimir Putin, Emmanuel Macron, Steve Witkoff
Israel cops flak: Steve Witkoff, Benjamin Netanyahu, Einav Zangauker, Ramadan Gaber, Mahmoud Hawila
Head of US: Donald Trump, Pete Hegseth, Doug Wilson, Cliff Owen, Pamela Brown, Sean Parnell, Brendan Smialowski, Josh Prince, Amy Prince, Toby Sumpter, Jared Longshore" \
    "$(jqr '.hits | sort_by(.source) | .[] | "\(.title | split(" ")[0:3] | join(" ")): \(.people | join(", "))"')"

run --format json 'person:Trump'
is "person:Trump: anyone of that name, here one man in three stories" 3 "$(jqr .total)"
run --format json 'person:"Donald Trump"'
is "person:\"Donald Trump\": that person" 3 "$(jqr .total)"
run --format json 'person:"Mr Trump"'
is "no person is called Mr Trump" 0 "$(jqr .total)"
run --format json 'person:Witkoff person:Netanyahu'
is "two people of one field OR together" 2 "$(jqr .total)"
run --format json 'person:maduro'
is "case and accents do not matter" 1 "$(jqr .total)"

run people --limit 3
is "people lists the most mentioned first" "     3  Donald Trump
     2  Steve Witkoff
     1  Amy Prince
(3 of 25 people; --limit 0 lists all)" "$out"
run people --format json sheinb
is "people with a pattern, in JSON" '{"pattern":"sheinb","total":1,"people":[{"name":"Claudia Sheinbaum","count":1}]}' \
    "$(jqr 'del(.format_version) | tojson')"
run people nobody
is "a pattern nobody matches exits 1" 1 "$status"

# The journalist's corrections.
printf '# corrections\nblock\tCliff Owen\nblock\tBrendan Smialowski\nalias\tEmmanuel Macron\tMacron\nmerge\tPam Bondi\tPamela Bondi\n' > "$NEWSSEARCH_DB/entities.tsv"
run index --reextract
is "--reextract exits 0" 0 "$status"
is "... and says what changed" "Found the people of 4 articles again" "$(printf '%s' "$out" | cut -d' ' -f1-7)"
contains "... one article changed, three did not" "1 changed, 3 unchanged." "$out"
run --format json 'person:Owen OR person:Smialowski'
is "blocked names are gone" 0 "$(jqr .total)"
run people --format json --limit 0
is "... from the people list too" 23 "$(jqr .total)"
run index --reextract
contains "a second --reextract changes nothing" "0 changed, 4 unchanged." "$out"
run index --no-progress --crawled-at "$CRAWLED" "$SEED"
contains "index of the unchanged file changes nothing" "0 added, 0 updated, 4 unchanged" "$out"

printf 'blok\tJackson Hole\n' > "$NEWSSEARCH_DB/entities.tsv"
run index --no-progress "$SEED"
is "a malformed entity file stops index with exit 2" 2 "$status"
contains "... naming the file and line" "$NEWSSEARCH_DB/entities.tsv:1:" "$err"
run --format json military
is "... and nothing indexed is lost" 4 "$(jqr .total)"

done_testing
