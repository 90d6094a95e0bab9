/* A text console on a linear framebuffer: the hypervisor's log on the
 * screen, character cells of a bitmap font (kernel/font.h), light grey on
 * black, scrolling up a line when the bottom is full.
 *
 * Pure: it draws into whatever memory it is given (the mapped GOP
 * framebuffer in the kernel, a buffer in the unit tests). It keeps the
 * characters on the screen in a grid, so scrolling only writes the cells
 * that change and never reads the framebuffer (reads of video memory are
 * slow, uncached). Cell (col, row) is at pixel (col * font width, row *
 * font height). */
#ifndef KERNEL_FBCON_H
#define KERNEL_FBCON_H

#include <stddef.h>
#include <stdint.h>
#include "boot/bootinfo.h"
#include "kernel/font.h"

/* Colours as 8-bit red, green, blue. */
#define FBCON_FG_RGB	0xC0C0C0u	/* light grey */
#define FBCON_BG_RGB	0x000000u

/* Larger widths, strides or heights are refused (16K screens are 15360
 * pixels wide). */
#define FBCON_MAX_PIXELS	65536u

struct fbcon {
	uint8_t *fb;			/* the framebuffer's first pixel */
	uint32_t width, height;		/* pixels */
	uint32_t pitch;			/* bytes from a line to the next */
	uint32_t bytes_pp;		/* bytes per pixel, 1..4 */
	uint32_t fg, bg;		/* pixel values */
	const struct bitmap_font *font;
	uint32_t cols, rows;		/* character cells */
	uint32_t x, y;			/* cursor cell */
	uint8_t *text;			/* cols * rows: what the cells show */
};

enum {
	FBCON_OK = 0,
	FBCON_E_INVAL = -1,	/* NULL argument, no framebuffer */
	FBCON_E_FORMAT = -2,	/* masks empty, overlapping, not contiguous,
				   or wider than 32 bits */
	FBCON_E_GEOMETRY = -3,	/* stride < width, size too small,
				   smaller than one character cell, or
				   larger than FBCON_MAX_PIXELS */
};

/* Bytes per pixel of fb (1..4) from its masks, or 0 if they are unusable:
 * each of red, green and blue one run of set bits, none overlapping. */
uint32_t fbcon_bytes_per_pixel(const struct hv_framebuffer *fb);

/* The pixel value of colour rgb (0xRRGGBB) in fb's format: each 8-bit
 * component scaled to its mask's width and shifted to its place. */
uint32_t fbcon_pixel(const struct hv_framebuffer *fb, uint32_t rgb);

/* Sets up c for the framebuffer fb, mapped at mem, with font; text is
 * room for the character grid (text_cap bytes; rows beyond it are not
 * used). Clears the screen. Returns 0 or an FBCON_E_* code. */
int fbcon_init(struct fbcon *c, const struct hv_framebuffer *fb, void *mem,
	       const struct bitmap_font *font, uint8_t *text, size_t text_cap);

/* Writes n characters: '\n' goes to the next line's start, '\r' to this
 * line's, '\t' to the next multiple of 8; others are Latin-1 glyphs. A
 * full line wraps; below the last row the screen scrolls up a line. */
void fbcon_write(struct fbcon *c, const char *s, size_t n);

/* Clears the screen and draws every cell of the grid again (after
 * someone else, the guest, drew on it). */
void fbcon_redraw(struct fbcon *c);

/* A short static string for an FBCON_E_* code. */
const char *fbcon_strerror(int err);

#endif
