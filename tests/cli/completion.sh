# The bash completion script: commands, options, their values, query
# fields and, after a field, the values in the index.
. "$top_srcdir/tests/cli/lib.sh"

run index --no-progress --crawled-at "$CRAWLED" "$CORPORA"
mkdir -p "$TMP/bin"
ln -s "$NEWSSEARCH" "$TMP/bin/newssearch"
PATH="$TMP/bin:$PATH"
. "$top_srcdir/completion/newssearch"

# completes LINE: what completing at the end of LINE offers.
completes() {
    COMP_LINE=$1
    COMP_POINT=${#1}
    COMPREPLY=()
    _newssearch
    printf '%s\n' "${COMPREPLY[*]}"
}

is "commands first" "index search show stats people batch watch complete serve --db --format --help --version" "$(completes 'newssearch ')"
is "a command by its start" "watch" "$(completes 'newssearch wa')"
is "formats" "json jsonl" "$(completes 'newssearch --format j')"
is "search options" "--histogram" "$(completes 'newssearch search --his')"
is "histogram units" "week" "$(completes 'newssearch search --histogram w')"
is "a field by its start" "person:" "$(completes 'newssearch ceasefire per')"
is "outlets in the index, after the colon" "abc-news ap-news" "$(completes 'newssearch ceasefire outlet:a')"
is "... in a word left out" "perth-now" "$(completes 'newssearch ceasefire -outlet:p')"
is "credits, as the first word" "aap afp ap reuters rnz" "$(completes 'newssearch credit:')"
is "people" "chris-minns" "$(completes 'newssearch person:chr')"
is "since: spans" "48h" "$(completes 'newssearch ceasefire since:4')"
is "watch actions" "rm run" "$(completes 'newssearch watch r')"
run watch add --now 2025-08-09T12:00:00Z floods 'flood*'
is "watch names" "floods" "$(completes 'newssearch watch run f')"
is "batch --by" "month" "$(completes 'newssearch batch --by m')"
is "serve options" "--search-time" "$(completes 'newssearch serve --se')"
is "people, the command" "people" "$(completes 'newssearch peo')"

done_testing
