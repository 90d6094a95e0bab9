/* Where the guest sees the machine's framebuffer: the pure part of
 * guest/framebuffer.c. The guest gets it at GUEST_FB_GPA (with the same
 * offset into its first page as on the host), outside its RAM (which
 * ends by 0xC0000000: memory is at most 3072 MiB) and below the
 * IOAPIC/HPET/LAPIC window at GUEST_FB_END. */
#ifndef GUEST_FB_PLAN_H
#define GUEST_FB_PLAN_H

#include <stdint.h>
#include "boot/bootinfo.h"
#include "guest/boot_params.h"

#define GUEST_FB_GPA	0xC0000000ull
#define GUEST_FB_END	0xFEC00000ull

struct guest_fb_plan {
	struct guest_fb fb;	/* as screen_info describes it */
	uint64_t map_gpa;	/* EPT mapping: whole 4 KiB pages */
	uint64_t map_hpa;
	uint64_t map_len;
};

/* Plans the guest's view of host framebuffer fb for a guest with
 * ram_size bytes of RAM. Returns 0, or -1 if there is no framebuffer or
 * it does not fit between the end of RAM and GUEST_FB_END. */
int guest_fb_plan(const struct hv_framebuffer *fb, uint64_t ram_size,
		  struct guest_fb_plan *out);

#endif
