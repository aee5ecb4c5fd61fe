/* Outlets: the table of known outlets and the canonical form of any
 * written outlet (see outlet.h). */
#include "extract/outlet.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text/tokenize.h"
#include "util/mem.h"

typedef struct known_outlet {
    const char *host;      /* the registered host, without "www." */
    const char *display;   /* the name the outlet publishes under */
    const char *key;       /* ns_slug(display); a unit test checks it */
} known_outlet;

/* Known outlets, in byte order of host (looked up by binary search; a
 * unit test checks the order and the keys).
 *
 * Where it came from: written by hand for newssearch in 2025, from the
 * names these outlets publish under (the site name their pages give, e.g.
 * in og:site_name), as known to the author; not copied from a data set and
 * not checked against the live sites (newssearch is built without network
 * access).  The choice favours English-language news and the Australian
 * outlets of the sample corpora.  Two outlets that publish under the same
 * name are told apart here ("ABC News" is abc.net.au; abcnews.go.com is
 * "ABC News (US)").  To add an outlet, add a row in host order. */
static const known_outlet outlets[] = {
    { "7news.com.au", "7NEWS", "7news" },
    { "9news.com.au", "9News", "9news" },
    { "aap.com.au", "AAP", "aap" },
    { "abc.net.au", "ABC News", "abc-news" },
    { "abcnews.go.com", "ABC News (US)", "abc-news-us" },
    { "adelaidenow.com.au", "The Advertiser", "the-advertiser" },
    { "afp.com", "AFP", "afp" },
    { "afr.com", "Australian Financial Review", "australian-financial-review" },
    { "aljazeera.com", "Al Jazeera", "al-jazeera" },
    { "apnews.com", "AP News", "ap-news" },
    { "axios.com", "Axios", "axios" },
    { "bbc.co.uk", "BBC News", "bbc-news" },
    { "bbc.com", "BBC News", "bbc-news" },
    { "bloomberg.com", "Bloomberg", "bloomberg" },
    { "brisbanetimes.com.au", "Brisbane Times", "brisbane-times" },
    { "businessinsider.com", "Business Insider", "business-insider" },
    { "canberratimes.com.au", "The Canberra Times", "the-canberra-times" },
    { "cbc.ca", "CBC News", "cbc-news" },
    { "cbsnews.com", "CBS News", "cbs-news" },
    { "cnbc.com", "CNBC", "cnbc" },
    { "cnn.com", "CNN", "cnn" },
    { "couriermail.com.au", "The Courier-Mail", "the-courier-mail" },
    { "crikey.com.au", "Crikey", "crikey" },
    { "ctvnews.ca", "CTV News", "ctv-news" },
    { "dailymail.co.uk", "Daily Mail", "daily-mail" },
    { "dailytelegraph.com.au", "Daily Telegraph", "daily-telegraph" },
    { "dw.com", "Deutsche Welle", "deutsche-welle" },
    { "economist.com", "The Economist", "the-economist" },
    { "elpais.com", "El País", "el-pais" },
    { "euronews.com", "Euronews", "euronews" },
    { "express.co.uk", "Daily Express", "daily-express" },
    { "forbes.com", "Forbes", "forbes" },
    { "foxnews.com", "Fox News", "fox-news" },
    { "france24.com", "France 24", "france-24" },
    { "ft.com", "Financial Times", "financial-times" },
    { "globalnews.ca", "Global News", "global-news" },
    { "guardian.co.uk", "The Guardian", "the-guardian" },
    { "heraldsun.com.au", "Herald Sun", "herald-sun" },
    { "huffpost.com", "HuffPost", "huffpost" },
    { "independent.co.uk", "The Independent", "the-independent" },
    { "irishtimes.com", "The Irish Times", "the-irish-times" },
    { "japantimes.co.jp", "The Japan Times", "the-japan-times" },
    { "latimes.com", "Los Angeles Times", "los-angeles-times" },
    { "lemonde.fr", "Le Monde", "le-monde" },
    { "mirror.co.uk", "Daily Mirror", "daily-mirror" },
    { "msnbc.com", "MSNBC", "msnbc" },
    { "nbcnews.com", "NBC News", "nbc-news" },
    { "news.com.au", "news.com.au", "news-com-au" },
    { "news.sky.com", "Sky News", "sky-news" },
    { "news.yahoo.com", "Yahoo News", "yahoo-news" },
    { "newsweek.com", "Newsweek", "newsweek" },
    { "nos.nl", "NOS", "nos" },
    { "npr.org", "NPR", "npr" },
    { "ntnews.com.au", "NT News", "nt-news" },
    { "nytimes.com", "The New York Times", "the-new-york-times" },
    { "nzherald.co.nz", "NZ Herald", "nz-herald" },
    { "perthnow.com.au", "Perth Now", "perth-now" },
    { "politico.com", "Politico", "politico" },
    { "politico.eu", "Politico Europe", "politico-europe" },
    { "reuters.com", "Reuters", "reuters" },
    { "rnz.co.nz", "RNZ", "rnz" },
    { "rte.ie", "RTÉ News", "rte-news" },
    { "sbs.com.au", "SBS News", "sbs-news" },
    { "scmp.com", "South China Morning Post", "south-china-morning-post" },
    { "skynews.com.au", "Sky News Australia", "sky-news-australia" },
    { "smh.com.au", "Sydney Morning Herald", "sydney-morning-herald" },
    { "spiegel.de", "Der Spiegel", "der-spiegel" },
    { "standard.co.uk", "Evening Standard", "evening-standard" },
    { "straitstimes.com", "The Straits Times", "the-straits-times" },
    { "stuff.co.nz", "Stuff", "stuff" },
    { "telegraph.co.uk", "The Telegraph", "the-telegraph" },
    { "theage.com.au", "The Age", "the-age" },
    { "theatlantic.com", "The Atlantic", "the-atlantic" },
    { "theaustralian.com.au", "The Australian", "the-australian" },
    { "theconversation.com", "The Conversation", "the-conversation" },
    { "theglobeandmail.com", "The Globe and Mail", "the-globe-and-mail" },
    { "theguardian.com", "The Guardian", "the-guardian" },
    { "thehindu.com", "The Hindu", "the-hindu" },
    { "themercury.com.au", "The Mercury", "the-mercury" },
    { "thesun.co.uk", "The Sun", "the-sun" },
    { "thetimes.co.uk", "The Times", "the-times" },
    { "theverge.com", "The Verge", "the-verge" },
    { "time.com", "Time", "time" },
    { "timesofindia.indiatimes.com", "The Times of India", "the-times-of-india" },
    { "usatoday.com", "USA Today", "usa-today" },
    { "vox.com", "Vox", "vox" },
    { "washingtonpost.com", "The Washington Post", "the-washington-post" },
    { "watoday.com.au", "WAtoday", "watoday" },
    { "wsj.com", "The Wall Street Journal", "the-wall-street-journal" },
};

#define N_OUTLETS (sizeof outlets / sizeof outlets[0])

/* Other names of known outlets, by key: names that differ from the display
 * name by more than a leading "The". */
static const struct {
    const char *key;
    const char *host;
} aliases[] = {
    { "associated-press", "apnews.com" },
    { "bbc", "bbc.com" },
    { "dw", "dw.com" },
    { "perthnow", "perthnow.com.au" },
    { "smh", "smh.com.au" },
};

size_t ns_outlet_table_size(void)
{
    return N_OUTLETS;
}

void ns_outlet_table_row(size_t i, const char **host, const char **display, const char **key)
{
    *host = outlets[i].host;
    *display = outlets[i].display;
    *key = outlets[i].key;
}

/* Prefixes that name a version of a site rather than another site. */
static const char *const site_prefixes[] = { "www.", "www1.", "www2.", "m.", "mobile.", "amp." };

typedef struct name_key {
    const char *name;
    size_t len;
} name_key;

/* bsearch's order for a row whose first member is its name. */
static int compare_host(const void *key, const void *row)
{
    const name_key *k = key;
    const char *host = *(const char *const *)row;
    int c = strncmp(k->name, host, k->len);
    return c ? c : host[k->len] == '\0' ? 0 : -1;
}

static const known_outlet *find_host(const char *host, size_t len)
{
    name_key key = { host, len };
    return bsearch(&key, outlets, N_OUTLETS, sizeof outlets[0], compare_host);
}

static size_t count_dots(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += s[i] == '.';
    return n;
}

/* host[0..*len) without a "www." or "m." in front, when a registered name
 * is left ("m.co" stays). */
static const char *strip_site_prefix(const char *host, size_t *len)
{
    for (size_t i = 0; i < sizeof site_prefixes / sizeof site_prefixes[0]; i++) {
        size_t n = strlen(site_prefixes[i]);
        if (*len > n && strncmp(host, site_prefixes[i], n) == 0 &&
            count_dots(host + n, *len - n) >= 1) {
            *len -= n;
            return host + n;
        }
    }
    return host;
}

/* The known outlet of a lower-case host: the host itself, then its parent
 * domains ("edition.cnn.com" -> "cnn.com"). */
static const known_outlet *known_host(const char *host, size_t len)
{
    host = strip_site_prefix(host, &len);
    while (count_dots(host, len) >= 1) {
        const known_outlet *o = find_host(host, len);
        if (o)
            return o;
        const char *dot = memchr(host, '.', len);
        len -= (size_t)(dot + 1 - host);
        host = dot + 1;
    }
    return NULL;
}

/* True when s[0..len) is a host name: labels of letters, digits and
 * hyphens separated by dots, the last of letters. */
static bool is_host(const char *s, size_t len)
{
    if (len < 4 || len > 253 || s[0] == '.' || s[len - 1] == '.')
        return false;
    size_t last_dot = 0;
    bool dot = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '.') {
            if (s[i + 1] == '.')
                return false;
            last_dot = i;
            dot = true;
        } else if (!isalnum((unsigned char)c) && c != '-') {
            return false;
        }
    }
    if (!dot || len - last_dot - 1 < 2)
        return false;
    for (size_t i = last_dot + 1; i < len; i++)
        if (!isalpha((unsigned char)s[i]))
            return false;
    return true;
}

char *ns_url_host(const char *url)
{
    const char *p = url;
    if (strncasecmp(p, "https://", 8) == 0)
        p += 8;
    else if (strncasecmp(p, "http://", 7) == 0)
        p += 7;
    else
        return NULL;
    size_t len = strcspn(p, "/?#");
    const char *at = memchr(p, '@', len);
    if (at) {
        len -= (size_t)(at + 1 - p);
        p = at + 1;
    }
    const char *colon = memchr(p, ':', len);
    if (colon)
        len = (size_t)(colon - p);
    if (len && p[len - 1] == '.')
        len--;
    if (len == 0)
        return NULL;
    char *host = ns_xstrndup(p, len);
    for (char *c = host; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    return host;
}

const char *ns_outlet_for_host(const char *host, size_t len)
{
    char *from_url = NULL;
    if (memchr(host, ':', len)) {
        char *copy = ns_xstrndup(host, len);
        from_url = ns_url_host(copy);
        free(copy);
        if (!from_url)
            return NULL;
        host = from_url;
        len = strlen(from_url);
    }
    char lower[256];
    if (len >= sizeof lower) {
        free(from_url);
        return NULL;
    }
    for (size_t i = 0; i < len; i++)
        lower[i] = (char)tolower((unsigned char)host[i]);
    const known_outlet *o = known_host(lower, len);
    free(from_url);
    return o ? o->display : NULL;
}

/* The known outlet with a key, with or without "the-". */
static const known_outlet *known_key(const char *key)
{
    const char *bare = strncmp(key, "the-", 4) == 0 ? key + 4 : key;
    for (size_t i = 0; i < N_OUTLETS; i++) {
        const char *k = outlets[i].key;
        const char *k_bare = strncmp(k, "the-", 4) == 0 ? k + 4 : k;
        if (k_bare[0] == bare[0] && strcmp(k_bare, bare) == 0)
            return &outlets[i];
    }
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(aliases[i].key, key) == 0 || strcmp(aliases[i].key, bare) == 0)
            return find_host(aliases[i].host, strlen(aliases[i].host));
    return NULL;
}

void ns_outlet_canonical(const char *written, ns_outlet *out)
{
    const char *s = written;
    size_t len = strlen(s);
    while (len && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    while (len && isspace((unsigned char)s[len - 1]))
        len--;

    char *host = NULL;
    if (len > 7 && (strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0)) {
        char *copy = ns_xstrndup(s, len);
        host = ns_url_host(copy);
        free(copy);
    } else if (is_host(s, len)) {
        host = ns_xstrndup(s, len);
        for (char *c = host; *c; c++)
            *c = (char)tolower((unsigned char)*c);
    }
    if (host) {
        size_t hlen = strlen(host);
        const known_outlet *o = known_host(host, hlen);
        if (o) {
            out->display = ns_xstrdup(o->display);
            out->key = ns_xstrdup(o->key);
        } else {
            const char *bare = strip_site_prefix(host, &hlen);
            out->display = ns_xstrndup(bare, hlen);
            out->key = ns_slug(out->display);
        }
        free(host);
        return;
    }
    char *name = ns_xstrndup(s, len);
    char *key = ns_slug(name);
    const known_outlet *known = *key ? known_key(key) : NULL;
    if (known) {
        free(name);
        free(key);
        out->display = ns_xstrdup(known->display);
        out->key = ns_xstrdup(known->key);
        return;
    }
    out->display = name;
    out->key = key;
}

void ns_outlet_clear(ns_outlet *outlet)
{
    if (!outlet)
        return;
    free(outlet->display);
    free(outlet->key);
    outlet->display = NULL;
    outlet->key = NULL;
}
