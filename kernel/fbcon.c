/* Framebuffer text console; see fbcon.h. */
#include "kernel/fbcon.h"
#include "kernel/kstring.h"

/* A mask's lowest set bit and its number of set bits, if they are one
 * contiguous run; 0 otherwise. */
static int mask_run(uint32_t m, uint32_t *shift, uint32_t *len)
{
	uint32_t s = 0, l = 0;

	if (!m)
		return 0;
	while (!(m & 1)) {
		m >>= 1;
		s++;
	}
	while (m & 1) {
		m >>= 1;
		l++;
	}
	if (m)
		return 0;	/* a second run */
	*shift = s;
	*len = l;
	return 1;
}

uint32_t fbcon_bytes_per_pixel(const struct hv_framebuffer *fb)
{
	uint32_t s, l, all, top = 0;

	if (!fb || !mask_run(fb->red_mask, &s, &l) ||
	    !mask_run(fb->green_mask, &s, &l) ||
	    !mask_run(fb->blue_mask, &s, &l))
		return 0;
	if ((fb->red_mask & fb->green_mask) || (fb->red_mask & fb->blue_mask) ||
	    (fb->green_mask & fb->blue_mask))
		return 0;
	all = fb->red_mask | fb->green_mask | fb->blue_mask |
	      fb->reserved_mask;
	while (top < 32 && (all >> top))
		top++;
	return (top + 7) / 8;
}

static uint32_t component(uint32_t mask, uint32_t v8)
{
	uint32_t s, l, v;

	if (!mask_run(mask, &s, &l))
		return 0;
	v = l <= 8 ? v8 >> (8 - l) : v8 << (l - 8);
	return (v << s) & mask;
}

uint32_t fbcon_pixel(const struct hv_framebuffer *fb, uint32_t rgb)
{
	if (!fb)
		return 0;
	return component(fb->red_mask, (rgb >> 16) & 0xFF) |
	       component(fb->green_mask, (rgb >> 8) & 0xFF) |
	       component(fb->blue_mask, rgb & 0xFF);
}

static void put_pixel(struct fbcon *c, uint8_t *p, uint32_t v)
{
	switch (c->bytes_pp) {
	case 4:
		*(volatile uint32_t *)p = v;
		break;
	case 2:
		*(volatile uint16_t *)p = (uint16_t)v;
		break;
	default:
		for (uint32_t i = 0; i < c->bytes_pp; i++)
			((volatile uint8_t *)p)[i] = (uint8_t)(v >> (8 * i));
		break;
	}
}

static void draw_cell(struct fbcon *c, uint32_t col, uint32_t row, uint8_t ch)
{
	const struct bitmap_font *f = c->font;
	const uint8_t *g = f->bits + (size_t)ch * f->height * f->row_bytes;
	uint8_t *line = c->fb + (size_t)row * f->height * c->pitch +
			(size_t)col * f->width * c->bytes_pp;

	for (uint32_t y = 0; y < f->height; y++, line += c->pitch) {
		const uint8_t *bits = g + y * f->row_bytes;
		uint8_t *p = line;
		for (uint32_t x = 0; x < f->width; x++, p += c->bytes_pp) {
			int on = bits[x / 8] & (0x80 >> (x % 8));
			put_pixel(c, p, on ? c->fg : c->bg);
		}
	}
}

static void clear_screen(struct fbcon *c)
{
	uint8_t *line = c->fb;

	for (uint32_t y = 0; y < c->height; y++, line += c->pitch)
		for (uint32_t x = 0; x < c->width; x++)
			put_pixel(c, line + (size_t)x * c->bytes_pp, c->bg);
}

int fbcon_init(struct fbcon *c, const struct hv_framebuffer *fb, void *mem,
	       const struct bitmap_font *font, uint8_t *text, size_t text_cap)
{
	uint64_t need;

	if (!c || !fb || !mem || !font || !text || !text_cap || !fb->base ||
	    !font->width || !font->height)
		return FBCON_E_INVAL;
	memset(c, 0, sizeof(*c));
	c->bytes_pp = fbcon_bytes_per_pixel(fb);
	if (!c->bytes_pp)
		return FBCON_E_FORMAT;
	if (fb->width < font->width || fb->height < font->height ||
	    fb->stride < fb->width || fb->stride > FBCON_MAX_PIXELS ||
	    fb->height > FBCON_MAX_PIXELS)
		return FBCON_E_GEOMETRY;
	/* The last line need only hold width pixels. */
	need = ((uint64_t)fb->height - 1) * fb->stride * c->bytes_pp +
	       (uint64_t)fb->width * c->bytes_pp;
	if (need > fb->size)
		return FBCON_E_GEOMETRY;
	c->fb = mem;
	c->width = fb->width;
	c->height = fb->height;
	c->pitch = fb->stride * c->bytes_pp;
	c->fg = fbcon_pixel(fb, FBCON_FG_RGB);
	c->bg = fbcon_pixel(fb, FBCON_BG_RGB);
	c->font = font;
	c->cols = fb->width / font->width;
	c->rows = fb->height / font->height;
	if (c->cols > text_cap)
		c->cols = (uint32_t)text_cap;
	if ((uint64_t)c->cols * c->rows > text_cap)
		c->rows = (uint32_t)(text_cap / c->cols);
	c->text = text;
	memset(text, ' ', (size_t)c->cols * c->rows);
	clear_screen(c);
	return FBCON_OK;
}

static void set_cell(struct fbcon *c, uint32_t col, uint32_t row, uint8_t ch)
{
	uint8_t *t = &c->text[(size_t)row * c->cols + col];

	if (*t == ch)
		return;
	*t = ch;
	draw_cell(c, col, row, ch);
}

/* Moves every row up one and blanks the last: only cells whose character
 * changes are drawn. */
static void scroll(struct fbcon *c)
{
	for (uint32_t row = 0; row + 1 < c->rows; row++)
		for (uint32_t col = 0; col < c->cols; col++)
			set_cell(c, col, row,
				 c->text[(size_t)(row + 1) * c->cols + col]);
	for (uint32_t col = 0; col < c->cols; col++)
		set_cell(c, col, c->rows - 1, ' ');
}

static void newline(struct fbcon *c)
{
	c->x = 0;
	if (c->y + 1 < c->rows)
		c->y++;
	else
		scroll(c);
}

void fbcon_write(struct fbcon *c, const char *s, size_t n)
{
	if (!c || !c->text || !s)
		return;
	for (size_t i = 0; i < n; i++) {
		uint8_t ch = (uint8_t)s[i];
		switch (ch) {
		case '\n':
			newline(c);
			continue;
		case '\r':
			c->x = 0;
			continue;
		case '\t':
			do {
				if (c->x >= c->cols)
					break;
				set_cell(c, c->x, c->y, ' ');
				c->x++;
			} while (c->x % 8);
			continue;
		default:
			break;
		}
		if (c->x >= c->cols)
			newline(c);
		set_cell(c, c->x, c->y, ch);
		c->x++;
	}
}

void fbcon_redraw(struct fbcon *c)
{
	if (!c || !c->text)
		return;
	clear_screen(c);
	for (uint32_t row = 0; row < c->rows; row++)
		for (uint32_t col = 0; col < c->cols; col++) {
			uint8_t ch = c->text[(size_t)row * c->cols + col];
			if (ch != ' ')
				draw_cell(c, col, row, ch);
		}
}

const char *fbcon_strerror(int err)
{
	switch (err) {
	case FBCON_OK:
		return "ok";
	case FBCON_E_INVAL:
		return "invalid argument";
	case FBCON_E_FORMAT:
		return "unusable pixel format";
	case FBCON_E_GEOMETRY:
		return "framebuffer size does not match its resolution";
	default:
		return "unknown framebuffer error";
	}
}
