/* The guest's screen: the machine's GOP framebuffer (boot information),
 * passed through. It is mapped into the guest's EPT write-combining where
 * guest/fb_plan.h places it, outside guest RAM, and described in the
 * zero page's screen_info as the EFI stub would (VIDEO_TYPE_EFI), so
 * Linux's efifb and memtest86+ find it. From then on the guest owns the
 * screen; the hypervisor's log goes on only on the serial port. */
#ifndef GUEST_FRAMEBUFFER_H
#define GUEST_FRAMEBUFFER_H

#include <stdbool.h>
#include "boot/bootinfo.h"
#include "guest/bzimage.h"
#include "guest/vm.h"

/* Gives a Linux-protocol guest (zero page placed by plan, already
 * written) the framebuffer fb. Returns false, with a warning logged if
 * there was a framebuffer, when the guest gets none. */
bool guest_framebuffer_attach(struct vm *vm, const struct linux_plan *plan,
			      const struct hv_framebuffer *fb);

#endif
