/* The machine's own serial port (COM1, a 16550-compatible UART at 0x3F8),
 * driven by polling: the hypervisor's log, and the guest's console output.
 * Shared by the loader and the kernel. */
#ifndef ARCH_SERIAL_H
#define ARCH_SERIAL_H

#include <stddef.h>

#define COM1_BASE 0x3F8

void serial_init(void);
void serial_putc(char c);
void serial_write(const char *s, size_t n);
/* A received byte, or -1 if none is waiting (never blocks). */
int serial_getc(void);
/* True if a received byte is waiting. */
int serial_input_ready(void);

#endif
