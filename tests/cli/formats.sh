# HTML pages, feeds and web archives end to end: what each reader takes,
# where dates come from, outlets and credits across formats, bad input.
. "$top_srcdir/tests/cli/lib.sh"

run index --no-progress --crawled-at "$CRAWLED" "$CORPORA/html" "$CORPORA/feeds" "$CORPORA/warc"
is "index exits 0" 0 "$status"
contains "13 articles: 4 pages, 5 feed items, 4 archived pages" \
    "articles: 13 added, 0 updated, 0 unchanged, 0 removed" "$out"
contains "8 files read" "files:    8 read, 0 unchanged, 0 skipped, 0 not articles" "$out"
is "nothing on stderr" "" "$err"

# shown QUERY: `show` the article the query finds; $out is its JSON.
shown() {
    run --format json "$1"
    local id
    id=$(jqr '.hits[0].id')
    run show --format json "$id"
}
# "date date_source format outlet" of the shown article.
provenance() {
    jqr '"\(.date) \(.date_source) \(.format) \(.outlet)"'
}

shown 'title:hazard'
is "HTML: article:published_time, not the update stamp or a comment" \
    "2025-08-07T06:40:00Z metadata html SBS News" "$(provenance)"
is "... bylines from the author meta and JSON-LD" '["Hannah Lowe","Tom Ferris"]' "$(jqr '.bylines | tojson')"
is "... the body without the page's furniture" \
    "A hazard reduction burn in the Blue Mountains crossed its containment lines" "$(jqr '.body[0:75]')"
run --format json '"Accept all" OR "Share on Facebook" OR "morning briefing" OR Leura'
is "... cookie banners, share buttons, newsletters and comments are not indexed" 0 "$(jqr .total)"
shown 'title:Gippsland'
is "HTML: <meta name=date>, not 'Last modified'" \
    "2025-08-07T08:30:00Z metadata html The Guardian" "$(provenance)"
shown 'title:frost'
is "HTML: the date in the URL" "2025-08-07T00:00:00Z url html Riverina Chronicle" "$(provenance)"
shown 'title:Montréal'
is "HTML: the dateline, Windows-1252 text" "2025-08-07T00:00:00Z text html null" "$(provenance)"
run --format json Montreal
is "... accents fold across encodings" "Port workers in Montréal vote to extend walkout" "$(jqr '.hits[0].title')"
shown 'title:ferry'
is "RSS: pubDate" "2025-08-07T07:20:00Z feed feed The Harbour Gazette" "$(provenance)"
is "... dc:creator as the byline" '["Mia Castellano"]' "$(jqr '.bylines | tojson')"
shown 'title:fisheries'
is "Atom: published, not updated" "2025-08-07T10:15:00Z feed feed RNZ" "$(provenance)"
shown 'title:tunnel'
is "WARC: JSON-LD datePublished, through gzip and chunked coding" \
    "2025-08-07T01:30:00Z json-ld warc The Canberra Times" "$(provenance)"
is "... the record's target URI as url" \
    "https://www.canberratimes.com.au/story/9012345/light-rail-tunnel-boring-machine-breaks-through/" \
    "$(jqr .url)"
shown 'title:library'
is "WARC: no date on the page, so the record's date" \
    "2025-08-07T03:12:45Z crawl warc The Harbour Gazette" "$(provenance)"
shown 'crèche'
is "WARC: the server's ISO-8859-1, the date in the URL" \
    "2025-08-07T00:00:00Z url warc Sydney Morning Herald" "$(provenance)"
shown 'title:kiwifruit'
is "WARC: an uncompressed archive" "2025-08-07T07:00:00Z json-ld warc RNZ" "$(provenance)"
run --format json 'date:2025-08-07 AND (jpeg OR Moved OR wget)'
is "images, redirects and wget's own records are not articles" 0 "$(jqr .total)"

run --format json 'credit:AFP'
titles() { jqr '[.hits[].title | split(" ")[0:3] | join(" ")] | sort | join(" | ")'; }
is "credits from an author meta, a dateline and a dashed credit" \
    "Volcano alert raised | Wheat growers count" "$(titles)"
run --format json 'credit:Reuters'
is "a dateline credit" "Port workers in" "$(titles)"

# Outlets across formats, however they are written.
run index --no-progress --crawled-at "$CRAWLED" "$CORPORA"
for q in 'outlet:abc.net.au' 'outlet:www.abc.net.au' 'outlet:m.abc.net.au' 'outlet:"ABC News"' 'outlet:abc-news'; do
    run --format json "$q"
    is "$q: the ABC's two stories (aggregator page and JSON)" "Thousands told to | Zelenskyy meets US" "$(titles)"
done
run --format json 'outlet:theguardian.com'
is "outlet:theguardian.com: news-please's www.theguardian.com and an HTML page's canonical URL" \
    "Offshore wind farm | Rescuers reach trapped" "$(titles)"
run --format json 'outlet:"The Harbour Gazette"'
is "outlet: a feed's channel title and a page's og:site_name" \
    "Council keeps the | Ferry timetable trimmed | Library opens on | Sea-level study maps" "$(titles)"
run --format json --facet outlet --limit 0 'outlet:rnz.co.nz'
is "... one facet value, the display name" "RNZ=3" "$(jqr '[.facets.outlet[] | "\(.value)=\(.count)"] | join(" ")')"

# ---- bad input: reported with the file (and line or record), the rest read ----
IN="$TMP/in"
mkdir -p "$IN"
page="$CORPORA/html/sbs-hazard-burn.html"
head -c 250 "$page" > "$IN/cut-in-head.html"
head -c "$(grep -b -o 'The highway remained open' "$page" | cut -d: -f1)" "$page" > "$IN/cut-in-body.html"
printf '<html><head><title>Menu</title></head><body><nav><a href="/">Home</a></nav><footer>(c)</footer></body></html>\n' \
    > "$IN/no-text.html"
printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Broken</title>\n<item><title>Pelican count</title><description>Volunteers counted pelicans.</description></item>\n<item><title>Bad & item</title></item>\n</channel></rss>\n' \
    > "$IN/broken.rss"
printf '<?xml version="1.0"?>\n<rss version="2.0">\n<channel><title>Cut' > "$IN/cut.xml"
printf '<?xml version="1.0"?>\n<urlset><url><loc>https://example.org/</loc></url></urlset>\n' > "$IN/sitemap.xml"

# A web archive of three pages, a gzip member each, the second damaged.
record() {
    local body="<html><head><title>$1 story</title></head><body><p>The $1 pelican story.</p></body></html>"
    local http
    http=$(printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n%s' "$body")
    printf 'WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/%s\r\nWARC-Date: 2025-08-07T00:00:00Z\r\nContent-Type: application/http;msgtype=response\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n' \
        "$1" "${#http}" "$http" | gzip -n
}
record Alpha > "$IN/crawl.warc.gz"
first=$(wc -c < "$IN/crawl.warc.gz")
record Bravo >> "$IN/crawl.warc.gz"
record Charlie >> "$IN/crawl.warc.gz"
printf 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' | dd of="$IN/crawl.warc.gz" bs=1 seek=$((first + 40)) conv=notrunc 2>/dev/null

run index --no-progress --crawled-at "$CRAWLED" "$IN"
is "index with bad input exits 1" 1 "$status"
contains "HTML cut in its head" "newssearch: skipped $IN/cut-in-head.html: no article text" "$err"
contains "HTML cut in its body: read, with a warning" \
    "newssearch: $IN/cut-in-body.html: the page ends without </body> or </html> (cut short?): read what is there" "$err"
contains "a page with no text" "newssearch: skipped $IN/no-text.html: no article text (nothing is left once navigation" "$err"
contains "a feed that is not well-formed: its line, and what can be recovered read" \
    "newssearch: $IN/broken.rss:4: not well-formed XML (xmlParseEntityRef: no name): read the 2 items that could be recovered" "$err"
contains "a feed with nothing to recover" \
    "newssearch: skipped $IN/cut.xml: 3: not well-formed XML: Premature end of data in tag title line 3" "$err"
contains "XML that is not a feed is not an article" "$IN/sitemap.xml: not a format newssearch reads" "$out"
contains "a WARC with a corrupt gzip member: its offset" \
    "newssearch: $IN/crawl.warc.gz: the gzip member at byte $first is corrupt" "$err"
run --format json pelican
is "the records before and after the corrupt member, and the good feed item, are indexed" \
    "Alpha story | Charlie story | Pelican count" "$(jqr '[.hits[].title] | sort | join(" | ")')"
run --format json helicopters
is "the page cut in its body is indexed" 1 "$(jqr .total)"

done_testing
