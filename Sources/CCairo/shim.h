#include <cairo.h>
#include <cairo-svg.h>
#include <cairo-pdf.h>
#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include <zlib.h>

/* zlib's deflate, under a name that does not clash with Swift code named deflate. */
static inline int zlib_deflate(z_streamp stream, int flush) { return deflate(stream, flush); }
