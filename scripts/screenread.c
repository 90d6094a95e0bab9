/* screenread: reads a screenshot of the hypervisor's screen (a binary PPM,
 * as QEMU's screendump writes it) for the tests.
 *
 *   screenread text SHOT.ppm      the text on the screen, one line per
 *                                 character row (trailing blanks cut):
 *                                 every cell must be exactly the font's
 *                                 rendering (kernel/fbcon.c: glyph pixels
 *                                 FBCON_FG_RGB, the rest FBCON_BG_RGB) of
 *                                 some character; exit 1 if any cell is
 *                                 not (it is printed as '?' and counted
 *                                 on standard error)
 *   screenread ocr SHOT.ppm OUT.pgm
 *                                 the picture for an OCR program: grey,
 *                                 inverted (dark text on white), scaled
 *                                 up 3 times
 *
 * A host program linked with the generated font table (build/gen). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/fbcon.h"
#include "kernel/font.h"

#define OCR_SCALE 2

struct image {
	unsigned w, h;
	unsigned char *rgb;
};

static int ppm_token(FILE *f, unsigned *v)
{
	int c;

	do {
		c = fgetc(f);
		if (c == '#')
			while (c != '\n' && c != EOF)
				c = fgetc(f);
	} while (c == ' ' || c == '\t' || c == '\n' || c == '\r');
	if (c < '0' || c > '9')
		return -1;
	*v = 0;
	while (c >= '0' && c <= '9') {
		*v = *v * 10 + (unsigned)(c - '0');
		if (*v > 100000)
			return -1;
		c = fgetc(f);
	}
	return 0;	/* the one whitespace after the number is consumed */
}

static int read_ppm(const char *path, struct image *im)
{
	FILE *f = fopen(path, "rb");
	unsigned maxval;
	size_t n;

	if (!f) {
		perror(path);
		return -1;
	}
	if (fgetc(f) != 'P' || fgetc(f) != '6' || ppm_token(f, &im->w) ||
	    ppm_token(f, &im->h) || ppm_token(f, &maxval) || maxval != 255 ||
	    !im->w || !im->h) {
		fprintf(stderr, "%s: not an 8-bit binary PPM\n", path);
		fclose(f);
		return -1;
	}
	n = (size_t)im->w * im->h * 3;
	im->rgb = malloc(n);
	if (!im->rgb || fread(im->rgb, 1, n, f) != n) {
		fprintf(stderr, "%s: short file\n", path);
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

static unsigned rgb_at(const struct image *im, unsigned x, unsigned y)
{
	const unsigned char *p = im->rgb + ((size_t)y * im->w + x) * 3;
	return (unsigned)p[0] << 16 | (unsigned)p[1] << 8 | p[2];
}

/* The character whose glyph cell (col, row) shows exactly, or -1. Printable
 * ASCII first, so a glyph shared by several code points reads as ASCII. */
static int read_cell(const struct image *im, unsigned col, unsigned row)
{
	const struct bitmap_font *f = &font_default;
	unsigned char cell[64 * 8];
	size_t gb = (size_t)f->height * f->row_bytes;
	int order[FONT_GLYPHS], n = 0;

	memset(cell, 0, sizeof(cell));
	for (unsigned y = 0; y < f->height; y++)
		for (unsigned x = 0; x < f->width; x++) {
			unsigned v = rgb_at(im, col * f->width + x,
					    row * f->height + y);
			if (v == FBCON_FG_RGB)
				cell[y * f->row_bytes + x / 8] |= 0x80 >> (x % 8);
			else if (v != FBCON_BG_RGB)
				return -1;
		}
	for (int c = 0x20; c < 0x7F; c++)
		order[n++] = c;
	for (int c = 0; c < FONT_GLYPHS; c++)
		if (c < 0x20 || c >= 0x7F)
			order[n++] = c;
	for (int i = 0; i < n; i++)
		if (!memcmp(cell, f->bits + (size_t)order[i] * gb, gb))
			return order[i];
	return -1;
}

static int cmd_text(const struct image *im)
{
	const struct bitmap_font *f = &font_default;
	unsigned cols = im->w / f->width, rows = im->h / f->height, bad = 0;
	char *line = malloc(cols + 1);

	if (!line || (size_t)f->height * f->row_bytes > 64 * 8)
		return 2;
	for (unsigned r = 0; r < rows; r++) {
		int end = 0;
		for (unsigned c = 0; c < cols; c++) {
			int ch = read_cell(im, c, r);
			if (ch < 0) {
				ch = '?';
				bad++;
			} else if (ch < 0x20 || ch >= 0x7F) {
				ch = '.';
			}
			line[c] = (char)ch;
			if (ch != ' ')
				end = (int)c + 1;
		}
		line[end] = '\0';
		puts(line);
	}
	free(line);
	if (bad) {
		fprintf(stderr, "screenread: %u cells are no glyph of %s\n", bad,
			f->name);
		return 1;
	}
	return 0;
}

static int cmd_ocr(const struct image *im, const char *out)
{
	FILE *f = fopen(out, "wb");
	unsigned char *row = malloc((size_t)im->w * OCR_SCALE);

	if (!f || !row) {
		perror(out);
		return 2;
	}
	fprintf(f, "P5\n%u %u\n255\n", im->w * OCR_SCALE, im->h * OCR_SCALE);
	for (unsigned y = 0; y < im->h; y++) {
		for (unsigned x = 0; x < im->w; x++) {
			unsigned v = rgb_at(im, x, y);
			unsigned g = ((v >> 16) + ((v >> 8) & 0xFF) + (v & 0xFF)) / 3;
			memset(row + (size_t)x * OCR_SCALE, 255 - (int)g, OCR_SCALE);
		}
		for (unsigned i = 0; i < OCR_SCALE; i++)
			fwrite(row, 1, (size_t)im->w * OCR_SCALE, f);
	}
	free(row);
	return fclose(f) ? 2 : 0;
}

int main(int argc, char **argv)
{
	struct image im;

	if (argc < 3 || (strcmp(argv[1], "text") && strcmp(argv[1], "ocr")) ||
	    (!strcmp(argv[1], "ocr") && argc != 4)) {
		fprintf(stderr, "usage: screenread text SHOT.ppm | "
				"screenread ocr SHOT.ppm OUT.pgm\n");
		return 2;
	}
	if (read_ppm(argv[2], &im))
		return 2;
	if (!strcmp(argv[1], "text"))
		return cmd_text(&im);
	return cmd_ocr(&im, argv[3]);
}
