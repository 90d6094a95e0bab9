/* The machine's serial console as the guest's: host COM1 input goes to the
 * guest's COM1 through the escape sequences of console_escape.h. */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include <stdint.h>

struct vm;

/* One byte typed on the host's COM1: handed to the guest's UART (the
 * caller checked it has room), or acted on as a console control. */
void console_input(struct vm *vm, uint8_t byte);

#endif
