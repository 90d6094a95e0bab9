/* PC Screen Font (PSF) files: the Linux console's bitmap fonts, as Debian
 * ships them in /usr/share/consolefonts (console-setup, kbd).
 *
 * Format: kbd's doc/font-formats ("The PSF font file format"), also
 * Linux include/linux/font.h and kbd src/libkfont/psf.h:
 *
 *   PSF 1: magic 0x36 0x04, mode, charsize (= height; width is 8).
 *          256 glyphs, 512 with PSF1_MODE512. A Unicode table follows
 *          the glyphs with PSF1_MODEHASTAB or PSF1_MODESEQ: per glyph,
 *          16-bit little-endian code points, 0xFFFE before sequences,
 *          0xFFFF at the end.
 *   PSF 2: magic 72 b5 4a 86, then 32-bit little-endian version (0),
 *          headersize, flags (1: Unicode table), length (glyphs),
 *          charsize, height, width. Glyphs start at headersize. The
 *          Unicode table: per glyph, UTF-8 code points, 0xFE before
 *          sequences, 0xFF at the end.
 *
 * A glyph is height rows of (width + 7) / 8 bytes, most significant bit
 * leftmost. The file is input: every size and offset is checked; nothing
 * is read outside [data, data + len). */
#ifndef KERNEL_PSF_H
#define KERNEL_PSF_H

#include <stddef.h>
#include <stdint.h>

#define PSF1_MAGIC0		0x36
#define PSF1_MAGIC1		0x04
#define PSF1_MODE512		0x01
#define PSF1_MODEHASTAB		0x02
#define PSF1_MODESEQ		0x04
#define PSF1_SEPARATOR		0xFFFF
#define PSF1_STARTSEQ		0xFFFE
#define PSF1_HEADER_SIZE	4

#define PSF2_MAGIC		0x864AB572u	/* 72 b5 4a 86, little-endian */
#define PSF2_HAS_UNICODE_TABLE	0x01
#define PSF2_SEPARATOR		0xFF
#define PSF2_STARTSEQ		0xFE
#define PSF2_HEADER_SIZE	32

/* Limits of what we accept (real fonts: 8..32 wide, 512 glyphs at most). */
#define PSF_MAX_WIDTH		64
#define PSF_MAX_HEIGHT		64
#define PSF_MAX_GLYPHS		65536

struct psf_font {
	unsigned version;		/* 1 or 2 */
	uint32_t width, height;		/* pixels */
	uint32_t row_bytes;		/* (width + 7) / 8 */
	uint32_t glyph_bytes;		/* height * row_bytes */
	uint32_t nglyphs;
	const uint8_t *glyphs;		/* nglyphs * glyph_bytes */
	const uint8_t *unicode;		/* Unicode table, NULL if none */
	size_t unicode_len;
};

enum {
	PSF_OK = 0,
	PSF_E_INVAL = -1,	/* NULL argument */
	PSF_E_MAGIC = -2,	/* neither PSF 1 nor PSF 2 */
	PSF_E_HEADER = -3,	/* truncated header, bad headersize/version */
	PSF_E_SIZE = -4,	/* width, height or glyph count out of range,
				   or charsize != height * row bytes */
	PSF_E_TRUNCATED = -5,	/* glyphs run past the end of the file */
};

/* Checks len bytes of data as a PSF 1 or 2 font and fills out (pointers
 * into data). Returns 0 or a PSF_E_* code. */
int psf_parse(const void *data, size_t len, struct psf_font *out);

/* The glyph for Unicode code point cp: through the Unicode table if the
 * font has one (single code points only, not sequences), else the glyph
 * numbered cp. -1 if the font has none. */
long psf_glyph_index(const struct psf_font *f, uint32_t cp);

/* The bitmap of glyph i (glyph_bytes bytes), NULL if i is out of range. */
const uint8_t *psf_glyph(const struct psf_font *f, uint32_t i);

/* A short static string for a PSF_E_* code. */
const char *psf_strerror(int err);

#endif
