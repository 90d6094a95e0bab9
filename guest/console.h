/* The machine's serial console as the guest's: host COM1 input goes to the
 * guest's COM1 through the escape sequences of console_escape.h.
 *
 * The host's bytes are read even while the guest's receive FIFO is full
 * (a guest that stopped reading its UART can still be powered off with
 * Ctrl-A x): bytes for the guest then wait here, in order, and go to its
 * FIFO as it makes room. Only when this buffer is full too is the host's
 * UART left to hold the rest. */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include <stdint.h>
#include "guest/console_escape.h"

#define CONSOLE_HELD_MAX 256

struct console {
	struct console_escape escape;
	uint8_t held[CONSOLE_HELD_MAX];	/* ring of bytes for the guest */
	uint16_t held_head;
	uint16_t held_len;
};

struct vm;

/* Moves typed bytes from the host's COM1 to the guest's, acting on the
 * console controls on the way. */
void console_poll(struct vm *vm);

#endif
