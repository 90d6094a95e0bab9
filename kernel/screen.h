/* The hypervisor's log on the screen: the GOP framebuffer the loader
 * found (boot information), as a text console (kernel/fbcon.c). Without a
 * framebuffer every call here does nothing. */
#ifndef KERNEL_SCREEN_H
#define KERNEL_SCREEN_H

#include <stddef.h>
#include "boot/bootinfo.h"

/* Maps the framebuffer write-combining and shows what was logged so far
 * (kept from before the screen was set up). Call after paging_init. */
void screen_init(const struct hv_bootinfo *bi);

/* Shows n characters of the log (kept for screen_init until then). */
void screen_write(const char *s, size_t n);

/* The guest draws on the screen now: the log stops showing there. */
void screen_give_to_guest(void);
/* The log shows again: the screen is redrawn with its text. */
void screen_take_back(void);

#endif
