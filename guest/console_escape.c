/* The console's escape sequences; see console_escape.h. */
#include <stddef.h>
#include "guest/console_escape.h"

const char *const console_escape_help[] = {
	"Ctrl-A h  this help",
	"Ctrl-A s  VM exit statistics (the guest runs on)",
	"Ctrl-A r  the guest's registers (the guest runs on)",
	"Ctrl-A n  NMI button: an NMI to the guest (Linux prints a backtrace)",
	"Ctrl-A p  ACPI power button (the guest decides what it does)",
	"Ctrl-A x  power the machine off",
	"Ctrl-A Ctrl-A  send Ctrl-A to the guest",
	NULL,
};

enum console_key console_escape_feed(struct console_escape *e, uint8_t in,
				     uint8_t *out)
{
	*out = in;
	if (!e->pending) {
		if (in != CONSOLE_ESCAPE_CHAR)
			return CONSOLE_PASS;
		e->pending = true;
		return CONSOLE_HOLD;
	}
	e->pending = false;
	switch (in) {
	case CONSOLE_ESCAPE_CHAR:
		return CONSOLE_PASS;
	case 'h': case 'H': case '?':
		return CONSOLE_HELP;
	case 's': case 'S':
		return CONSOLE_STATS;
	case 'r': case 'R':
		return CONSOLE_REGS;
	case 'x': case 'X':
		return CONSOLE_POWEROFF;
	case 'n': case 'N':
		return CONSOLE_NMI;
	case 'p': case 'P':
		return CONSOLE_POWER_BUTTON;
	default:
		return CONSOLE_UNKNOWN;
	}
}
