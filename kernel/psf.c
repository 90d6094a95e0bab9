/* PSF font parsing; see psf.h. Pure: the host unit tests and the build's
 * font converter (scripts/psf2c.c) use it too. */
#include "kernel/kstring.h"
#include "kernel/psf.h"

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Glyph geometry and that the glyphs are in the file; sets the table. */
static int finish(struct psf_font *f, const uint8_t *p, size_t len,
		  size_t glyphs_at, int has_table)
{
	uint64_t bytes;

	if (f->width == 0 || f->width > PSF_MAX_WIDTH || f->height == 0 ||
	    f->height > PSF_MAX_HEIGHT || f->nglyphs == 0 ||
	    f->nglyphs > PSF_MAX_GLYPHS)
		return PSF_E_SIZE;
	f->row_bytes = (f->width + 7) / 8;
	if (f->glyph_bytes != f->height * f->row_bytes)
		return PSF_E_SIZE;
	bytes = (uint64_t)f->nglyphs * f->glyph_bytes;
	if (glyphs_at > len || bytes > len - glyphs_at)
		return PSF_E_TRUNCATED;
	f->glyphs = p + glyphs_at;
	if (has_table && len - glyphs_at > bytes) {
		f->unicode = p + glyphs_at + bytes;
		f->unicode_len = len - glyphs_at - (size_t)bytes;
	}
	return PSF_OK;
}

int psf_parse(const void *data, size_t len, struct psf_font *out)
{
	const uint8_t *p = data;
	uint32_t headersize, flags;

	if (!data || !out)
		return PSF_E_INVAL;
	memset(out, 0, sizeof(*out));
	if (len >= PSF1_HEADER_SIZE && p[0] == PSF1_MAGIC0 &&
	    p[1] == PSF1_MAGIC1) {
		out->version = 1;
		out->width = 8;
		out->height = p[3];
		out->glyph_bytes = p[3];
		out->nglyphs = (p[2] & PSF1_MODE512) ? 512 : 256;
		return finish(out, p, len, PSF1_HEADER_SIZE,
			      p[2] & (PSF1_MODEHASTAB | PSF1_MODESEQ));
	}
	if (len < 4 || rd32(p) != PSF2_MAGIC)
		return PSF_E_MAGIC;
	if (len < PSF2_HEADER_SIZE)
		return PSF_E_HEADER;
	out->version = 2;
	headersize = rd32(p + 8);
	flags = rd32(p + 12);
	if (rd32(p + 4) != 0 || headersize < PSF2_HEADER_SIZE)
		return PSF_E_HEADER;
	out->nglyphs = rd32(p + 16);
	out->glyph_bytes = rd32(p + 20);
	out->height = rd32(p + 24);
	out->width = rd32(p + 28);
	return finish(out, p, len, headersize,
		      flags & PSF2_HAS_UNICODE_TABLE);
}

const uint8_t *psf_glyph(const struct psf_font *f, uint32_t i)
{
	if (!f || !f->glyphs || i >= f->nglyphs)
		return NULL;
	return f->glyphs + (size_t)i * f->glyph_bytes;
}

/* One UTF-8 code point at t[*i] (advancing *i), or -1 for a malformed
 * byte (which is skipped). Lead bytes 0xFE/0xFF are the caller's. */
static long utf8_next(const uint8_t *t, size_t n, size_t *i)
{
	uint8_t c = t[(*i)++];
	unsigned more;
	uint32_t cp;

	if (c < 0x80)
		return c;
	if ((c & 0xE0) == 0xC0) {
		cp = c & 0x1F;
		more = 1;
	} else if ((c & 0xF0) == 0xE0) {
		cp = c & 0x0F;
		more = 2;
	} else if ((c & 0xF8) == 0xF0) {
		cp = c & 0x07;
		more = 3;
	} else {
		return -1;
	}
	while (more--) {
		if (*i >= n || (t[*i] & 0xC0) != 0x80)
			return -1;
		cp = cp << 6 | (t[(*i)++] & 0x3F);
	}
	return cp;
}

static long lookup_psf1(const struct psf_font *f, uint32_t cp)
{
	const uint8_t *t = f->unicode;
	size_t n = f->unicode_len & ~(size_t)1;
	uint32_t glyph = 0;
	int in_seq = 0;

	for (size_t i = 0; i < n && glyph < f->nglyphs; i += 2) {
		uint32_t v = (uint32_t)t[i] | (uint32_t)t[i + 1] << 8;
		if (v == PSF1_SEPARATOR) {
			glyph++;
			in_seq = 0;
		} else if (v == PSF1_STARTSEQ) {
			in_seq = 1;
		} else if (!in_seq && v == cp) {
			return glyph;
		}
	}
	return -1;
}

static long lookup_psf2(const struct psf_font *f, uint32_t cp)
{
	const uint8_t *t = f->unicode;
	size_t n = f->unicode_len, i = 0;
	uint32_t glyph = 0;
	int in_seq = 0;

	while (i < n && glyph < f->nglyphs) {
		if (t[i] == PSF2_SEPARATOR) {
			i++;
			glyph++;
			in_seq = 0;
		} else if (t[i] == PSF2_STARTSEQ) {
			i++;
			in_seq = 1;
		} else {
			long v = utf8_next(t, n, &i);
			if (!in_seq && v >= 0 && (uint32_t)v == cp)
				return glyph;
		}
	}
	return -1;
}

long psf_glyph_index(const struct psf_font *f, uint32_t cp)
{
	if (!f || !f->glyphs)
		return -1;
	if (!f->unicode)
		return cp < f->nglyphs ? (long)cp : -1;
	return f->version == 1 ? lookup_psf1(f, cp) : lookup_psf2(f, cp);
}

const char *psf_strerror(int err)
{
	switch (err) {
	case PSF_OK:
		return "ok";
	case PSF_E_INVAL:
		return "invalid argument";
	case PSF_E_MAGIC:
		return "not a PSF font (bad magic)";
	case PSF_E_HEADER:
		return "bad PSF 2 header";
	case PSF_E_SIZE:
		return "glyph size or count out of range";
	case PSF_E_TRUNCATED:
		return "file ends inside the glyphs";
	default:
		return "unknown PSF error";
	}
}
