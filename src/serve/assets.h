/* The page's files (assets/), built into the binary by scripts/embed-assets
 * so that the server reads nothing from disk and needs nothing installed. */
#ifndef NS_SERVE_ASSETS_H
#define NS_SERVE_ASSETS_H

#include <stddef.h>

typedef struct ns_asset {
    const char *name;           /* "app.js" */
    const char *content_type;   /* "text/javascript; charset=utf-8" */
    const unsigned char *data;
    size_t len;
} ns_asset;

extern const ns_asset ns_assets[];
extern const size_t ns_n_assets;

#endif
