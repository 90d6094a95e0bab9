/* Fatal errors. panic() prints one line naming the cause, then the host's
 * state and backtrace, then the current guest's state (when a vCPU has
 * registered a dumper), then halts the machine with interrupts off. */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include <stdint.h>

void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Called to print the guest's state after the host's; NULL for none. */
void panic_set_guest_dumper(void (*dump)(void *ctx), void *ctx);

void panic_backtrace(uint64_t rbp, uint64_t rip);
/* Prints the guest's state (if a dumper is set), then halts. */
void panic_finish(void) __attribute__((noreturn));
void panic_halt(void) __attribute__((noreturn));

#endif
