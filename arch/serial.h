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
/* True if a received byte is waiting (reads the line status). */
int serial_input_ready(void);

/* Receive interrupts (IER, and OUT2, which gates the UART's interrupt
 * line on PCs): the host then learns of input from IRQ 4 instead of
 * reading the line status. Returns 0 if there is no UART. */
int serial_enable_rx_interrupt(void);
/* Called for IRQ 4: input may be waiting. */
void serial_rx_interrupt(void);
/* True from an IRQ 4 (or start-up) until serial_getc() finds the UART
 * empty: whether reading it could find anything. */
int serial_rx_pending(void);

#endif
