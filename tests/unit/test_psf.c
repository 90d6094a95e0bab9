/* Tests for kernel/psf.c: PSF 1 and PSF 2 console fonts, their Unicode
 * tables, and hostile files. The fonts are built here byte by byte. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/psf.h"

static uint8_t buf[8192];

static void wr32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}

/* Parses a copy of exactly len bytes, so ASan sees any overread. The
 * copy is kept (freed by the caller) because out points into it. */
static int parse_copy(const uint8_t *src, size_t len, struct psf_font *f,
		      uint8_t **copy)
{
	*copy = malloc(len ? len : 1);
	assert_non_null(*copy);
	memcpy(*copy, src, len);
	return psf_parse(*copy, len, f);
}

/* PSF 1, 256 glyphs of 8x14, glyph i filled with byte i; no table. */
static size_t make_psf1_plain(void)
{
	memset(buf, 0, sizeof(buf));
	buf[0] = PSF1_MAGIC0;
	buf[1] = PSF1_MAGIC1;
	buf[2] = 0;
	buf[3] = 14;
	for (unsigned i = 0; i < 256; i++)
		memset(buf + 4 + i * 14, (int)i, 14);
	return 4 + 256 * 14;
}

static void test_psf1_plain(void **state)
{
	struct psf_font f;
	size_t len = make_psf1_plain();
	uint8_t *c;

	(void)state;
	assert_int_equal(parse_copy(buf, len, &f, &c), PSF_OK);
	assert_int_equal(f.version, 1);
	assert_int_equal(f.width, 8);
	assert_int_equal(f.height, 14);
	assert_int_equal(f.row_bytes, 1);
	assert_int_equal(f.glyph_bytes, 14);
	assert_int_equal(f.nglyphs, 256);
	assert_null(f.unicode);
	/* no table: glyph number = code point */
	assert_int_equal(psf_glyph_index(&f, 'A'), 'A');
	assert_int_equal(psf_glyph_index(&f, 255), 255);
	assert_int_equal(psf_glyph_index(&f, 256), -1);
	assert_int_equal(psf_glyph(&f, 'A')[13], 'A');
	assert_null(psf_glyph(&f, 256));
	/* one byte short of the glyphs */
	free(c);
	assert_int_equal(parse_copy(buf, len - 1, &f, &c), PSF_E_TRUNCATED);
	free(c);
	/* height 0 */
	buf[3] = 0;
	assert_int_equal(parse_copy(buf, len, &f, &c), PSF_E_SIZE);
	free(c);
}

/* PSF 1, 512 glyphs of 8x2 with a table: glyph 0 is 'A' and U+0391;
 * glyph 1 is 'B' then a sequence "C D" (not a single 'C'); glyph 2 is
 * 'C'; the rest have no code point. */
static size_t make_psf1_table(void)
{
	static const uint16_t tab[] = {
		'A', 0x0391, 0xFFFF,
		'B', 0xFFFE, 'C', 'D', 0xFFFF,
		'C', 0xFFFF,
	};
	size_t at = 4 + 512 * 2, i;

	memset(buf, 0, sizeof(buf));
	buf[0] = PSF1_MAGIC0;
	buf[1] = PSF1_MAGIC1;
	buf[2] = PSF1_MODE512 | PSF1_MODEHASTAB;
	buf[3] = 2;
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		buf[at++] = (uint8_t)tab[i];
		buf[at++] = (uint8_t)(tab[i] >> 8);
	}
	for (i = 3; i < 512; i++) {
		buf[at++] = 0xFF;
		buf[at++] = 0xFF;
	}
	return at;
}

static void test_psf1_table(void **state)
{
	struct psf_font f;
	size_t len = make_psf1_table();
	uint8_t *c;

	(void)state;
	assert_int_equal(parse_copy(buf, len, &f, &c), PSF_OK);
	assert_int_equal(f.nglyphs, 512);
	assert_non_null(f.unicode);
	assert_int_equal(f.unicode_len, len - 4 - 1024);
	assert_int_equal(psf_glyph_index(&f, 'A'), 0);
	assert_int_equal(psf_glyph_index(&f, 0x391), 0);
	assert_int_equal(psf_glyph_index(&f, 'B'), 1);
	assert_int_equal(psf_glyph_index(&f, 'C'), 2);	/* not the sequence */
	assert_int_equal(psf_glyph_index(&f, 'D'), -1);
	assert_int_equal(psf_glyph_index(&f, 'Z'), -1);
	free(c);
	/* a table cut in the middle of an entry still answers */
	assert_int_equal(parse_copy(buf, 4 + 1024 + 3, &f, &c), PSF_OK);
	assert_int_equal(psf_glyph_index(&f, 'A'), 0);
	assert_int_equal(psf_glyph_index(&f, 0x391), -1);
	free(c);
}

/* PSF 2: 4 glyphs of 10x3 (2 bytes a row), header 36 bytes (4 extra),
 * table: glyph 0 'a'; glyph 1 U+00E9 (2 bytes) and U+20AC (3 bytes);
 * glyph 2 a sequence only; glyph 3 U+1F600 (4 bytes). */
static size_t make_psf2(void)
{
	static const uint8_t tab[] = {
		'a', 0xFF,
		0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xFF,
		0xFE, 'x', 'y', 0xFF,
		0xF0, 0x9F, 0x98, 0x80, 0xFF,
	};
	size_t at = 36;

	memset(buf, 0, sizeof(buf));
	wr32(buf, PSF2_MAGIC);
	wr32(buf + 4, 0);
	wr32(buf + 8, 36);
	wr32(buf + 12, PSF2_HAS_UNICODE_TABLE);
	wr32(buf + 16, 4);
	wr32(buf + 20, 6);
	wr32(buf + 24, 3);
	wr32(buf + 28, 10);
	for (unsigned i = 0; i < 4 * 6; i++)
		buf[at++] = (uint8_t)(0x10 + i);
	memcpy(buf + at, tab, sizeof(tab));
	return at + sizeof(tab);
}

static void test_psf2(void **state)
{
	struct psf_font f;
	size_t len = make_psf2();
	uint8_t *c;

	(void)state;
	assert_int_equal(parse_copy(buf, len, &f, &c), PSF_OK);
	assert_int_equal(f.version, 2);
	assert_int_equal(f.width, 10);
	assert_int_equal(f.height, 3);
	assert_int_equal(f.row_bytes, 2);
	assert_int_equal(f.glyph_bytes, 6);
	assert_int_equal(f.nglyphs, 4);
	assert_int_equal(psf_glyph(&f, 1)[0], 0x16);
	assert_int_equal(psf_glyph_index(&f, 'a'), 0);
	assert_int_equal(psf_glyph_index(&f, 0xE9), 1);
	assert_int_equal(psf_glyph_index(&f, 0x20AC), 1);
	assert_int_equal(psf_glyph_index(&f, 'x'), -1);	/* sequence only */
	assert_int_equal(psf_glyph_index(&f, 0x1F600), 3);
	free(c);
	/* without the table flag the bytes after the glyphs are ignored */
	wr32(buf + 12, 0);
	assert_int_equal(parse_copy(buf, len, &f, &c), PSF_OK);
	assert_null(f.unicode);
	assert_int_equal(psf_glyph_index(&f, 3), 3);
	assert_int_equal(psf_glyph_index(&f, 'a'), -1);
	free(c);
}

static void test_psf2_bad_headers(void **state)
{
	struct psf_font f;
	size_t len;
	uint8_t *c;

	(void)state;
	len = make_psf2();
	wr32(buf + 4, 1);			/* version */
	assert_int_equal(parse_copy(buf, len, &f, &c), PSF_E_HEADER);
	free(c);
	len = make_psf2();
	wr32(buf + 8, 31);			/* headersize */
	assert_int_equal(parse_copy(buf, len, &f, &c), PSF_E_HEADER);
	free(c);
	len = make_psf2();
	wr32(buf + 8, 0xFFFFFFF0);		/* beyond the file */
	assert_int_equal(parse_copy(buf, len, &f, &c), PSF_E_TRUNCATED);
	free(c);
	len = make_psf2();
	wr32(buf + 20, 7);			/* charsize != 3 * 2 */
	assert_int_equal(parse_copy(buf, len, &f, &c), PSF_E_SIZE);
	free(c);
	len = make_psf2();
	wr32(buf + 28, 0);			/* width */
	assert_int_equal(parse_copy(buf, len, &f, &c), PSF_E_SIZE);
	free(c);
	len = make_psf2();
	wr32(buf + 28, PSF_MAX_WIDTH + 1);
	assert_int_equal(parse_copy(buf, len, &f, &c), PSF_E_SIZE);
	free(c);
	len = make_psf2();
	wr32(buf + 16, 0);			/* no glyphs */
	assert_int_equal(parse_copy(buf, len, &f, &c), PSF_E_SIZE);
	free(c);
	len = make_psf2();
	wr32(buf + 16, 0xFFFFFFFF);		/* count * size wraps 32 bits */
	assert_int_equal(parse_copy(buf, len, &f, &c), PSF_E_SIZE);
	free(c);
	len = make_psf2();
	wr32(buf + 16, 5);			/* one glyph more than there is */
	wr32(buf + 12, 0);
	assert_int_equal(parse_copy(buf, 36 + 4 * 6, &f, &c), PSF_E_TRUNCATED);
	free(c);
	assert_int_equal(parse_copy(buf, 31, &f, &c), PSF_E_HEADER);
	free(c);
	buf[0] ^= 1;
	assert_int_equal(parse_copy(buf, len, &f, &c), PSF_E_MAGIC);
	free(c);
	assert_int_equal(parse_copy(buf, 0, &f, &c), PSF_E_MAGIC);
	free(c);
	assert_int_equal(psf_parse(NULL, 10, &f), PSF_E_INVAL);
	assert_int_equal(psf_parse(buf, 10, NULL), PSF_E_INVAL);
	assert_int_equal(psf_glyph_index(NULL, 'a'), -1);
	assert_null(psf_glyph(NULL, 0));
}

/* Every truncation and every single-byte corruption of a PSF 2 file with
 * a table: a defined answer, no read outside the file (ASan), and lookups
 * in whatever was accepted stay inside it too. */
static void test_hostile(void **state)
{
	static const uint8_t vals[] = { 0x00, 0x7F, 0x80, 0xC3, 0xE2, 0xF0,
					0xFE, 0xFF };
	struct psf_font f;
	size_t len = make_psf2();
	uint8_t *c;
	int r;

	(void)state;
	for (size_t l = 0; l <= len; l++) {
		r = parse_copy(buf, l, &f, &c);
		assert_true(r <= 0 && r >= PSF_E_TRUNCATED);
		if (r == PSF_OK)
			for (uint32_t cp = 0; cp < 0x300; cp += 7)
				(void)psf_glyph_index(&f, cp);
		free(c);
	}
	for (size_t off = 0; off < len; off++)
		for (size_t v = 0; v < sizeof(vals); v++) {
			make_psf2();
			buf[off] = vals[v];
			r = parse_copy(buf, len, &f, &c);
			assert_true(r <= 0 && r >= PSF_E_TRUNCATED);
			if (r == PSF_OK) {
				(void)psf_glyph_index(&f, 0x1F600);
				(void)psf_glyph_index(&f, 'z');
			}
			free(c);
		}
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(psf_strerror(PSF_OK), "ok");
	assert_string_equal(psf_strerror(PSF_E_TRUNCATED),
			    "file ends inside the glyphs");
	assert_string_equal(psf_strerror(-99), "unknown PSF error");
	for (int a = PSF_E_TRUNCATED; a <= PSF_OK; a++)
		for (int b = a + 1; b <= PSF_OK; b++)
			assert_string_not_equal(psf_strerror(a),
						psf_strerror(b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_psf1_plain),
		cmocka_unit_test(test_psf1_table),
		cmocka_unit_test(test_psf2),
		cmocka_unit_test(test_psf2_bad_headers),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_strerror),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
