/* The guest's view of the framebuffer; see fb_plan.h. */
#include "guest/fb_plan.h"
#include "kernel/kstring.h"

#define PAGE 0x1000ull

int guest_fb_plan(const struct hv_framebuffer *fb, uint64_t ram_size,
		  struct guest_fb_plan *out)
{
	uint64_t off;

	if (!fb || !out || !fb->base || !fb->size)
		return -1;
	memset(out, 0, sizeof(*out));
	off = fb->base & (PAGE - 1);
	if (ram_size > GUEST_FB_GPA ||
	    fb->size > GUEST_FB_END - GUEST_FB_GPA - off ||
	    fb->base + fb->size < fb->base)
		return -1;
	out->map_gpa = GUEST_FB_GPA;
	out->map_hpa = fb->base - off;
	out->map_len = (off + fb->size + PAGE - 1) & ~(PAGE - 1);
	out->fb.gpa = GUEST_FB_GPA + off;
	out->fb.size = fb->size;
	out->fb.width = fb->width;
	out->fb.height = fb->height;
	out->fb.stride = fb->stride;
	out->fb.red_mask = fb->red_mask;
	out->fb.green_mask = fb->green_mask;
	out->fb.blue_mask = fb->blue_mask;
	out->fb.reserved_mask = fb->reserved_mask;
	return 0;
}
