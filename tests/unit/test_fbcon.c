/* Tests for kernel/fbcon.c: pixel formats, glyph rendering into a buffer,
 * wrapping, scrolling (which draws only the cells that change) and
 * redrawing. The font is a made-up 8x4 one: glyph c has rows c, ~c, c^0x55
 * and 0x81, so every glyph differs and every pixel is checked. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/fbcon.h"

#define FW 8
#define FH 4
static uint8_t font_bits[FONT_GLYPHS * FH];
static const struct bitmap_font font = {
	.name = "test", .width = FW, .height = FH, .row_bytes = 1,
	.bits = font_bits,
};

/* A 4x3-cell screen, BGRX, with a stride of 40 pixels (8 of padding). */
#define W (4 * FW)
#define H (3 * FH)
#define STRIDE 40
static uint32_t fbmem[STRIDE * H];
static uint8_t text[64];
static struct fbcon con;

#define FG 0x00C0C0C0u	/* FBCON_FG_RGB in BGRX */
#define BG 0x00000000u
#define PAD 0xDEADBEEFu

static const struct hv_framebuffer bgrx = {
	.base = 0x80000000, .size = sizeof(fbmem), .width = W, .height = H,
	.stride = STRIDE, .format = HV_FB_BGRX8, .red_mask = 0x00FF0000,
	.green_mask = 0x0000FF00, .blue_mask = 0x000000FF,
	.reserved_mask = 0xFF000000,
};

static uint8_t glyph_row(uint8_t c, unsigned y)
{
	switch (y) {
	case 0: return c;
	case 1: return (uint8_t)~c;
	case 2: return c ^ 0x55;
	default: return 0x81;
	}
}

static int setup(void **state)
{
	(void)state;
	for (unsigned c = 0; c < FONT_GLYPHS; c++)
		for (unsigned y = 0; y < FH; y++)
			font_bits[c * FH + y] = c == ' ' ? 0 : glyph_row((uint8_t)c, y);
	for (size_t i = 0; i < STRIDE * H; i++)
		fbmem[i] = PAD;
	assert_int_equal(fbcon_init(&con, &bgrx, fbmem, &font, text,
				    sizeof(text)), FBCON_OK);
	return 0;
}

/* Cell (col, row) shows character ch, pixel by pixel. */
static void assert_cell(unsigned col, unsigned row, uint8_t ch)
{
	for (unsigned y = 0; y < FH; y++) {
		uint8_t bits = ch == ' ' ? 0 : glyph_row(ch, y);
		for (unsigned x = 0; x < FW; x++) {
			uint32_t want = (bits & (0x80 >> x)) ? FG : BG;
			assert_int_equal(fbmem[(row * FH + y) * STRIDE + col * FW + x],
					 want);
		}
	}
	assert_int_equal(con.text[row * con.cols + col], ch);
}

static void assert_screen(const char *rows)	/* 3 rows of 4, by row */
{
	for (unsigned r = 0; r < 3; r++)
		for (unsigned c = 0; c < 4; c++)
			assert_cell(c, r, (uint8_t)rows[r * 4 + c]);
	/* the stride's padding is never written */
	for (unsigned y = 0; y < H; y++)
		for (unsigned x = W; x < STRIDE; x++)
			assert_int_equal(fbmem[y * STRIDE + x], PAD);
}

static void test_formats(void **state)
{
	struct hv_framebuffer f = bgrx;

	(void)state;
	assert_int_equal(fbcon_bytes_per_pixel(&f), 4);
	assert_int_equal(fbcon_pixel(&f, 0xC0C0C0), 0xC0C0C0);
	assert_int_equal(fbcon_pixel(&f, 0x112233), 0x112233);
	/* RGBX: red in the low byte */
	f.red_mask = 0xFF;
	f.blue_mask = 0xFF0000;
	assert_int_equal(fbcon_pixel(&f, 0x112233), 0x332211);
	/* RGB 5:6:5, no reserved bits: 2 bytes */
	f.red_mask = 0xF800;
	f.green_mask = 0x07E0;
	f.blue_mask = 0x001F;
	f.reserved_mask = 0;
	assert_int_equal(fbcon_bytes_per_pixel(&f), 2);
	assert_int_equal(fbcon_pixel(&f, 0xFFFFFF), 0xFFFF);
	assert_int_equal(fbcon_pixel(&f, 0x800000), 0x8000);
	assert_int_equal(fbcon_pixel(&f, 0x00FF00), 0x07E0);
	/* 10-bit channels scale up */
	f.red_mask = 0x3FF00000;
	f.green_mask = 0x000FFC00;
	f.blue_mask = 0x000003FF;
	f.reserved_mask = 0xC0000000;
	assert_int_equal(fbcon_bytes_per_pixel(&f), 4);
	assert_int_equal(fbcon_pixel(&f, 0x800000), 0x20000000);
	/* 3 bytes */
	f = bgrx;
	f.reserved_mask = 0;
	assert_int_equal(fbcon_bytes_per_pixel(&f), 3);
	/* unusable masks */
	f = bgrx;
	f.green_mask = 0;
	assert_int_equal(fbcon_bytes_per_pixel(&f), 0);
	f.green_mask = 0x0000F0F0;		/* two runs */
	assert_int_equal(fbcon_bytes_per_pixel(&f), 0);
	f.green_mask = 0x0001FF00;		/* overlaps red */
	assert_int_equal(fbcon_bytes_per_pixel(&f), 0);
	assert_int_equal(fbcon_bytes_per_pixel(NULL), 0);
}

static void test_init_errors(void **state)
{
	struct hv_framebuffer f = bgrx;
	struct fbcon c;

	(void)state;
	assert_int_equal(fbcon_init(&c, &f, fbmem, &font, text, 0), FBCON_E_INVAL);
	assert_int_equal(fbcon_init(&c, &f, NULL, &font, text, 64), FBCON_E_INVAL);
	f.base = 0;
	assert_int_equal(fbcon_init(&c, &f, fbmem, &font, text, 64), FBCON_E_INVAL);
	f = bgrx;
	f.blue_mask = 0;
	assert_int_equal(fbcon_init(&c, &f, fbmem, &font, text, 64), FBCON_E_FORMAT);
	f = bgrx;
	f.stride = W - 1;
	assert_int_equal(fbcon_init(&c, &f, fbmem, &font, text, 64), FBCON_E_GEOMETRY);
	f = bgrx;
	/* the last line needs only W pixels, one byte less is too small */
	f.size = ((H - 1) * STRIDE + W) * 4;
	memset(fbmem, 0, sizeof(fbmem));
	assert_int_equal(fbcon_init(&c, &f, fbmem, &font, text, 64), FBCON_OK);
	f.size--;
	assert_int_equal(fbcon_init(&c, &f, fbmem, &font, text, 64), FBCON_E_GEOMETRY);
	f = bgrx;
	f.height = FH - 1;
	assert_int_equal(fbcon_init(&c, &f, fbmem, &font, text, 64), FBCON_E_GEOMETRY);
	f = bgrx;
	f.stride = FBCON_MAX_PIXELS + 1;
	f.size = ~0ull;
	assert_int_equal(fbcon_init(&c, &f, fbmem, &font, text, 64), FBCON_E_GEOMETRY);
	/* a grid larger than the text buffer: fewer rows */
	f = bgrx;
	assert_int_equal(fbcon_init(&c, &f, fbmem, &font, text, 9), FBCON_OK);
	assert_int_equal(c.cols, 4);
	assert_int_equal(c.rows, 2);
	assert_string_equal(fbcon_strerror(FBCON_E_GEOMETRY),
			    "framebuffer size does not match its resolution");
	assert_string_equal(fbcon_strerror(5), "unknown framebuffer error");
}

static void test_init_clears(void **state)
{
	(void)state;
	assert_int_equal(con.cols, 4);
	assert_int_equal(con.rows, 3);
	assert_int_equal(con.pitch, STRIDE * 4);
	assert_screen("            ");
}

static void test_write_and_wrap(void **state)
{
	(void)state;
	fbcon_write(&con, "hv: ", 4);
	assert_screen("hv:         ");
	assert_int_equal(con.x, 4);
	fbcon_write(&con, "ok", 2);		/* wraps */
	assert_screen("hv: ok      ");
	fbcon_write(&con, "\rOK\n", 4);
	assert_screen("hv: OK      ");
	assert_int_equal(con.x, 0);
	assert_int_equal(con.y, 2);
	/* a tab goes to column 8, past the line: 'b' wraps, and since this
	 * is the last row, the screen scrolls */
	fbcon_write(&con, "a\tb", 3);
	assert_screen("OK  " "a   " "b   ");
	fbcon_write(&con, "\xe9", 1);		/* Latin-1 glyph 0xE9 */
	assert_screen("OK  " "a   " "b\xe9  ");
	assert_int_equal(con.y, 2);
	assert_int_equal(con.x, 2);
}

static void test_scroll(void **state)
{
	(void)state;
	fbcon_write(&con, "1111\n2222\n33\n", 13);
	assert_screen("2222" "33  " "    ");
	fbcon_write(&con, "4", 1);
	fbcon_write(&con, "\n\n", 2);
	assert_screen("4   " "    " "    ");
	assert_int_equal(con.y, 2);
	assert_int_equal(con.x, 0);
}

/* Scrolling writes only cells whose character changes: a cell that stays
 * blank is left alone (a poisoned pixel there survives). */
static void test_scroll_draws_only_changes(void **state)
{
	(void)state;
	fbcon_write(&con, "ab\ncd\nef", 8);
	fbmem[(2 * FH) * STRIDE + 3 * FW] = PAD;	/* cell (3,2): blank */
	fbmem[(0 * FH) * STRIDE + 0 * FW] = PAD;	/* cell (0,0): a -> c */
	fbcon_write(&con, "\n", 1);
	assert_int_equal(fbmem[(2 * FH) * STRIDE + 3 * FW], PAD);
	fbmem[(2 * FH) * STRIDE + 3 * FW] = BG;
	assert_screen("cd  " "ef  " "    ");
}

static void test_redraw(void **state)
{
	(void)state;
	fbcon_write(&con, "xy\nz", 4);
	for (size_t i = 0; i < STRIDE * H; i++)
		if (i % STRIDE < W)
			fbmem[i] = 0x12345678;	/* the guest drew */
	fbcon_redraw(&con);
	assert_screen("xy  " "z   " "    ");
	fbcon_write(&con, "!", 1);
	assert_screen("xy  " "z!  " "    ");
}

/* 2 bytes per pixel: pixels are 16-bit values, packed. */
static void test_16bpp(void **state)
{
	static uint16_t m16[W * H];
	struct hv_framebuffer f = {
		.base = 1, .size = sizeof(m16), .width = W, .height = H,
		.stride = W, .format = HV_FB_BITMASK, .red_mask = 0xF800,
		.green_mask = 0x07E0, .blue_mask = 0x001F,
	};
	struct fbcon c;

	(void)state;
	assert_int_equal(fbcon_init(&c, &f, m16, &font, text, 64), FBCON_OK);
	assert_int_equal(c.fg, 0xC618);		/* 0xC0 >> 3, >> 2, >> 3 */
	fbcon_write(&c, "\xF0", 1);		/* rows F0, 0F, A5, 81 */
	assert_int_equal(m16[0], 0xC618);
	assert_int_equal(m16[4], 0);
	assert_int_equal(m16[W + 4], 0xC618);
	assert_int_equal(m16[3 * W + 7], 0xC618);
	assert_int_equal(m16[3 * W + 6], 0);
	assert_int_equal(m16[FW], 0);		/* next cell untouched */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats),
		cmocka_unit_test_setup(test_init_errors, setup),
		cmocka_unit_test_setup(test_init_clears, setup),
		cmocka_unit_test_setup(test_write_and_wrap, setup),
		cmocka_unit_test_setup(test_scroll, setup),
		cmocka_unit_test_setup(test_scroll_draws_only_changes, setup),
		cmocka_unit_test_setup(test_redraw, setup),
		cmocka_unit_test_setup(test_16bpp, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
