/* Console controls: what is typed on the machine's serial console goes to
 * the guest, except after the escape character Ctrl-A:
 *   Ctrl-A h        help (the list below)
 *   Ctrl-A s        the exit statistics table; the guest runs on
 *   Ctrl-A r        the guest's registers; the guest runs on
 *   Ctrl-A x        power the machine off
 *   Ctrl-A Ctrl-A   a literal Ctrl-A for the guest
 * Any other key after Ctrl-A is dropped with a hint. A pure state machine
 * (unit-tested on the host); guest/console.c acts on its answers. */
#ifndef GUEST_CONSOLE_ESCAPE_H
#define GUEST_CONSOLE_ESCAPE_H

#include <stdbool.h>
#include <stdint.h>

#define CONSOLE_ESCAPE_CHAR 0x01	/* Ctrl-A */

enum console_key {
	CONSOLE_PASS,		/* give the byte in *out to the guest */
	CONSOLE_HOLD,		/* Ctrl-A: the next byte says what to do */
	CONSOLE_HELP,
	CONSOLE_STATS,
	CONSOLE_REGS,
	CONSOLE_POWEROFF,
	CONSOLE_NMI,		/* press the machine's NMI button */
	CONSOLE_POWER_BUTTON,	/* press its ACPI power button */
	CONSOLE_UNKNOWN,	/* Ctrl-A and an unbound key: dropped */
};

struct console_escape {
	bool pending;		/* the last byte was the escape character */
};

/* Feeds one typed byte; says what to do with it. */
enum console_key console_escape_feed(struct console_escape *e, uint8_t in,
				     uint8_t *out);

/* The help text, one line per entry, NULL-terminated. */
extern const char *const console_escape_help[];

#endif
