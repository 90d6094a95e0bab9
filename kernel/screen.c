/* The log on the screen; see screen.h. */
#include "arch/paging.h"
#include "kernel/fbcon.h"
#include "kernel/font.h"
#include "kernel/kstring.h"
#include "kernel/log.h"
#include "kernel/screen.h"

/* Room for the character grid of a 3840x2160 screen in 8x16 cells. */
#define SCREEN_TEXT_MAX (480 * 135)
/* What is logged before the screen is set up (the banner and a few
 * lines); more is dropped. */
#define SCREEN_EARLY_MAX 2048

static struct fbcon con;
static uint8_t text[SCREEN_TEXT_MAX];
static char early[SCREEN_EARLY_MAX];
static size_t early_len;
static enum { SCREEN_EARLY, SCREEN_NONE, SCREEN_ON, SCREEN_GUEST } state;

void screen_write(const char *s, size_t n)
{
	if (state == SCREEN_ON) {
		fbcon_write(&con, s, n);
	} else if (state == SCREEN_EARLY) {
		if (n > SCREEN_EARLY_MAX - early_len)
			n = SCREEN_EARLY_MAX - early_len;
		memcpy(early + early_len, s, n);
		early_len += n;
	}
}

void screen_init(const struct hv_bootinfo *bi)
{
	const struct hv_framebuffer *fb = &bi->fb;
	void *mem;
	int err;

	state = SCREEN_NONE;
	if (!fb->base)
		return;
	mem = paging_map_wc(fb->base, fb->size);
	if (!mem) {
		log_warn("screen: cannot map the framebuffer at 0x%llx",
			 (unsigned long long)fb->base);
		return;
	}
	err = fbcon_init(&con, fb, mem, &font_default, text, sizeof(text));
	if (err) {
		log_warn("screen: %ux%u framebuffer at 0x%llx: %s", fb->width,
			 fb->height, (unsigned long long)fb->base,
			 fbcon_strerror(err));
		return;
	}
	fbcon_write(&con, early, early_len);
	state = SCREEN_ON;
	log_info("screen: %ux%u at 0x%llx, %ux%u characters (%s)", fb->width,
		 fb->height, (unsigned long long)fb->base, con.cols, con.rows,
		 font_default.name);
}

void screen_give_to_guest(void)
{
	if (state == SCREEN_ON)
		state = SCREEN_GUEST;
}

void screen_take_back(void)
{
	if (state != SCREEN_GUEST)
		return;
	fbcon_redraw(&con);
	state = SCREEN_ON;
}
