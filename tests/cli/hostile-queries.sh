# Hostile queries, one row each: every query ends, within a time limit,
# with the exit status and message it should have (1 nothing found, 2 a
# query the user must change), and never a crash or a stack of Xapian text.
. "$top_srcdir/tests/cli/lib.sh"
LIMIT=60   # seconds any one query may take (timeout), sanitizers included

run index --no-progress --crawled-at "$CRAWLED" "$CORPORA"
is "the corpora are indexed" 0 "$status"
# 6,000 words that start with "uaf", for wildcards that match too much.
gen_articles "$TMP/in" 6 1000
run index --no-progress "$TMP/in"
is "... and 6,000 articles" 0 "$status"

# query STATUS STDERR ARG...: search for ARG... (--limit 1); STDERR is the
# whole of stderr, or ~TEXT for stderr that contains TEXT.
query() {
    local want_status=$1 want_err=$2
    shift 2
    name=$(printf '%s' "${*}" | head -c 60 | LC_ALL=C tr -c '[:print:]' '?')
    out=$(timeout "$LIMIT" "$NEWSSEARCH" --limit 1 "$@" 2> "$TMP/stderr")
    status=$?
    err=$(cat "$TMP/stderr")
    is "[$name] exit status" "$want_status" "$status"
    case "$want_err" in
    "~"*) contains "[$name] message" "${want_err#"~"}" "$err" ;;
    *) is "[$name] message" "$want_err" "$err" ;;
    esac
}
no_words() {
    printf 'newssearch: the query "%s" has no words to search for' "$1"
}

# Unbalanced quotes and parentheses are closed (or dropped) with a note.
query 0 'newssearch: note: a quote was not closed: the phrase runs to the end of the query' '"no invasion'
query 0 'newssearch: note: a parenthesis was not closed: closed at the end of the query' '(ceasefire OR Alaska'
query 0 'newssearch: note: a closing parenthesis without an opening one: ignored' 'ceasefire))'
query 2 "$(no_words '((((((')" '(((((('
query 2 "$(no_words '""""""')" '""""""'
query 2 'newssearch: the query nests parentheses more than 64 deep' "$(printf '(%.0s' $(seq 65))ceasefire"
query 2 'newssearch: the query nests parentheses more than 64 deep' "$(printf 'title:(%.0s' $(seq 1000))ceasefire"

# Thousands of words and operators.
query 1 '' $(seq -f 'w%g' 1000)
query 2 'newssearch: the query has more than 1000 words: search for fewer' $(seq -f 'w%g' 1001)
query 2 'newssearch: the query has more than 1000 words: search for fewer' $(seq -f 'w%g OR' 10000) ceasefire
query 2 'newssearch: the query has more than 1000 words: search for fewer' "\"$(seq -s ' ' -f 'w%g' 10000)\""
query 0 '' $(for _ in $(seq 100000); do echo NOT; done) ceasefire
query 0 '~newssearch: note: AND without a word after it: ignored' ceasefire $(for _ in $(seq 10000); do echo AND; done) Alaska
query 2 "$(no_words "$(printf 'x%.0s' $(seq 100000) | head -c 60)")" "$(printf 'x%.0s' $(seq 100000))"

# Wildcards.
query 2 "$(no_words '*')" '*'
query 2 'newssearch: u* matches more than 5000 words: make it longer' 'u*'
query 2 'newssearch: uaf* matches more than 5000 words: make it longer' 'gencorpus NEAR uaf*'
query 2 'newssearch: uaf* matches more than 5000 words: make it longer' 'uaf* OR ceasefire'
query 0 '' 'title:uaf* OR ceasefire'
query 0 '' 'uaf1n99*'
query 0 '' 'ceasefir*'

# Every operator alone.
for op in AND OR NOT XOR NEAR ADJ NEAR/5 ADJ/2 + - '(' ')' '"' '“' title: outlet: person: credit: date: '..' '+-' '*+'; do
    query 2 "$(no_words "$op")" "$op"
done
query 2 'newssearch: date:..: a date range needs a date on at least one side of ".."' 'date:..'
query 0 'newssearch: note: AND without a word before it: ignored
newssearch: note: NOT without a word after it: ignored' 'AND ceasefire NOT'
query 0 'newssearch: note: NEAR without a word before it: ignored' 'NEAR ceasefire'

# Operators with impossible values.
query 2 'newssearch: NEAR/0: the distance must be between 1 and 1000 words' 'a NEAR/0 b'
query 2 'newssearch: ADJ/1001: the distance must be between 1 and 1000 words' 'a ADJ/1001 b'
query 2 'newssearch: date:0000: year 0 is not between 1000 and 9999' 'date:0000'
query 2 '~newssearch: date:99999: not a date: write YYYY, YYYY-MM, YYYY-MM-DD' 'date:99999'
query 2 'newssearch: date:2025-02-31: 2025-02 has no day 31' 'date:2025-02-31'
query 2 'newssearch: date:2025-08-10..2025-08-01: the range ends before it starts' 'date:2025-08-10..2025-08-01'
query 2 '~newssearch: date:someday: not a date: write YYYY, YYYY-MM, YYYY-MM-DD' 'date:someday'

# Control characters and bytes that are not UTF-8.
query 2 "$(no_words '\x01\x1b\x7f')" $'\x01\x1b\x7f'
query 1 '' $'\x1b[31m'
query 1 '' $'\x1b[2J\x1b]0;title\x07'
query 1 'newssearch: note: a quote was not closed: the phrase runs to the end of the query' $'"\x1b[2J'
query 0 '' $'ceasefire\x07\tAlaska\r'
query 2 'newssearch: the query is not UTF-8 text (byte 4 is 0xE9): set a UTF-8 locale, or convert it with iconv' $'caf\xe9'
query 2 'newssearch: the query is not UTF-8 text (byte 1 is 0xFF): set a UTF-8 locale, or convert it with iconv' $'\xff\xfe ceasefire'
query 2 '~newssearch: the query is not UTF-8 text (byte 6 is 0xC0)' $'title\xc0\xba ceasefire'

# Field names that are none.
query 1 'newssearch: note: "foo:" is not a field (fields are title, outlet, person, credit and date): searched as words' 'foo:bar'
query 0 '' 'Outlet:"ABC News"'
query 1 'newssearch: note: "https:" is not a field (fields are title, outlet, person, credit and date): searched as words' 'https://example.com/ceasefire'

# A query that looks like an option is a query.
query 0 '' -ceasefire
query 1 '' -- -ceasefire Alaska

done_testing
