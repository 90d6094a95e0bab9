/* Polled COM1 output at 115200 8N1; input by IRQ 4 once the kernel
 * enables it (arch/host_irq.c). Register names from the 16550D
 * datasheet. If no UART answers (scratch register test), output is dropped
 * instead of spinning on a line-status register that reads 0xFF. */
#include <stdint.h>
#include "arch/io.h"
#include "arch/serial.h"

#define UART_THR 0	/* transmit holding (DLAB=0) */
#define UART_DLL 0	/* divisor latch low (DLAB=1) */
#define UART_IER 1
#define UART_DLM 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_SCR 7
#define UART_IER_RDA  0x01	/* received data available interrupt */
#define UART_MCR_DTR  0x01
#define UART_MCR_RTS  0x02
#define UART_MCR_OUT2 0x08	/* gates the interrupt line on PCs */
#define UART_LSR_DR   0x01
#define UART_LSR_THRE 0x20
#define UART_LSR_TEMT 0x40

static int serial_present;
/* Set by IRQ 4, cleared when a read finds nothing; set at start so that
 * what was typed before anyone listened is read. */
static volatile int rx_pending = 1;

void serial_init(void)
{
	outb(COM1_BASE + UART_SCR, 0x5a);
	if (inb(COM1_BASE + UART_SCR) != 0x5a)
		return;
	serial_present = 1;
	/* Let what an earlier user (the loader) queued drain first:
	 * reprogramming clears the FIFO. */
	for (unsigned spins = 0; spins < 1000000; spins++)
		if (inb(COM1_BASE + UART_LSR) & UART_LSR_TEMT)
			break;
	outb(COM1_BASE + UART_IER, 0x00);	/* no interrupts until the
						 * host can take them */
	outb(COM1_BASE + UART_LCR, 0x80);	/* DLAB on */
	outb(COM1_BASE + UART_DLL, 1);		/* 115200 baud */
	outb(COM1_BASE + UART_DLM, 0);
	outb(COM1_BASE + UART_LCR, 0x03);	/* 8N1, DLAB off */
	outb(COM1_BASE + UART_FCR, 0x07);	/* FIFOs on and cleared */
	outb(COM1_BASE + UART_MCR, 0x03);	/* DTR, RTS */
}

void serial_putc(char c)
{
	unsigned spins = 0;
	if (!serial_present)
		return;
	while (!(inb(COM1_BASE + UART_LSR) & UART_LSR_THRE))
		if (++spins > 1000000)
			return;		/* stuck UART: drop, do not hang */
	outb(COM1_BASE + UART_THR, (uint8_t)c);
}

void serial_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

int serial_input_ready(void)
{
	return serial_present && (inb(COM1_BASE + UART_LSR) & UART_LSR_DR);
}

int serial_enable_rx_interrupt(void)
{
	if (!serial_present)
		return 0;
	outb(COM1_BASE + UART_IER, UART_IER_RDA);
	outb(COM1_BASE + UART_MCR, UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2);
	return 1;
}

void serial_rx_interrupt(void)
{
	rx_pending = 1;
}

int serial_rx_pending(void)
{
	return rx_pending;
}

int serial_getc(void)
{
	if (!serial_input_ready()) {
		rx_pending = 0;	/* a byte arriving now raises IRQ 4 again */
		return -1;
	}
	return inb(COM1_BASE + UART_THR);	/* RBR at the same offset */
}
