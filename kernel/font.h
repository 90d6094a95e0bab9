/* The screen's bitmap font: one glyph for each of the 256 Latin-1 code
 * points. font_default is generated at build time from a Debian console
 * font (scripts/psf2c.c; the Makefile names the file). */
#ifndef KERNEL_FONT_H
#define KERNEL_FONT_H

#include <stdint.h>

#define FONT_GLYPHS 256

struct bitmap_font {
	const char *name;	/* the PSF file it came from */
	uint32_t width, height;	/* pixels of one character cell */
	uint32_t row_bytes;	/* (width + 7) / 8, most significant bit left */
	const uint8_t *bits;	/* FONT_GLYPHS glyphs of height * row_bytes */
};

extern const struct bitmap_font font_default;

#endif
