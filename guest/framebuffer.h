/* The guest's screen: the machine's GOP framebuffer (boot information),
 * passed through. It is mapped into the guest's EPT write-combining at
 * GUEST_FB_GPA, outside guest RAM (which ends by 0xC0000000: memory is at
 * most 3072 MiB) and below the IOAPIC/LAPIC window, and described in the
 * zero page's screen_info as the EFI stub would (VIDEO_TYPE_EFI), so
 * Linux's efifb and memtest86+ find it. From then on the guest owns the
 * screen; the hypervisor's log goes on only on the serial port. */
#ifndef GUEST_FRAMEBUFFER_H
#define GUEST_FRAMEBUFFER_H

#include <stdbool.h>
#include "boot/bootinfo.h"
#include "guest/bzimage.h"
#include "guest/vm.h"

#define GUEST_FB_GPA	0xC0000000ull
#define GUEST_FB_END	0xFEC00000ull	/* IOAPIC, HPET, LAPIC above */

/* Gives a Linux-protocol guest (zero page placed by plan, already
 * written) the framebuffer fb. Returns false, with a warning logged if
 * there was a framebuffer, when the guest gets none. */
bool guest_framebuffer_attach(struct vm *vm, const struct linux_plan *plan,
			      const struct hv_framebuffer *fb);

#endif
