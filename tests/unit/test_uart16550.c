/*
 * Unit tests for the emulated 16550A UART (guest/uart16550.c).
 *
 * Besides register-level checks, two tests replay the exact port access
 * sequences of Linux's 8250 driver (drivers/tty/serial/8250/8250_port.c):
 * autoconfig() with autoconfig_16550a() and size_fifo(), and the
 * interrupt tests in serial8250_do_startup(). The replays mirror the
 * driver's decisions, so a model that Linux would misdetect fails here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "guest/uart16550.h"

/* Offsets and values as Linux names them (include/uapi/linux/serial_reg.h). */
enum { RX = 0, TX = 0, DLL = 0, IER = 1, DLM = 1, IIR = 2, FCR = 2,
       EFR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7 };

/* Everything tx() was handed. */
struct sink {
	uint8_t bytes[64];
	unsigned n;
};

static void sink_tx(void *ctx, uint8_t byte)
{
	struct sink *s = ctx;

	assert_true(s->n < sizeof(s->bytes));
	s->bytes[s->n++] = byte;
}

static uint8_t in(struct uart16550 *u, unsigned off)
{
	return uart16550_read(u, off);
}

static void out(struct uart16550 *u, unsigned off, uint8_t v)
{
	uart16550_write(u, off, v);
}

/* ---------------------------------------------------------------------- */

static void test_reset_state(void **state)
{
	struct uart16550 u;
	struct sink s = { .n = 0 };

	uart16550_init(&u, sink_tx, &s);
	assert_int_equal(in(&u, IER), 0x00);
	assert_int_equal(in(&u, IIR), 0x01);
	assert_int_equal(in(&u, LCR), 0x00);
	assert_int_equal(in(&u, MCR), 0x00);
	assert_int_equal(in(&u, LSR), 0x60);
	assert_int_equal(in(&u, MSR), 0xb0);	/* CTS DSR DCD, no deltas */
	assert_int_equal(in(&u, SCR), 0x00);
	assert_int_equal(in(&u, RX), 0x00);	/* empty: reads 0 */
	assert_int_equal(in(&u, LSR), 0x60);	/* still no DR */
	assert_false(uart16550_irq_pending(&u));
	assert_false(uart16550_irq_line(&u));
	assert_int_equal(uart16550_rx_room(&u), 1);	/* 16450 mode */
	assert_int_equal(u.last_error, UART16550_OK);
	assert_int_equal(s.n, 0);
}

static void test_scratch_lcr_divisor(void **state)
{
	struct uart16550 u;
	struct sink s = { .n = 0 };

	uart16550_init(&u, sink_tx, &s);
	out(&u, SCR, 0xa5);
	assert_int_equal(in(&u, SCR), 0xa5);
	out(&u, SCR, 0x5a);
	assert_int_equal(in(&u, SCR), 0x5a);

	out(&u, IER, 0x05);
	out(&u, LCR, 0x83);			/* DLAB, 8 bits */
	assert_int_equal(in(&u, LCR), 0x83);
	out(&u, DLL, 0x01);			/* not a transmit */
	out(&u, DLM, 0x02);			/* not IER */
	assert_int_equal(in(&u, DLL), 0x01);
	assert_int_equal(in(&u, DLM), 0x02);
	assert_int_equal(u.dll, 0x01);
	assert_int_equal(u.dlm, 0x02);
	assert_int_equal(in(&u, IIR), 0x01);	/* offset 2 is IIR even with DLAB */
	assert_int_equal(s.n, 0);

	out(&u, LCR, 0x03);
	assert_int_equal(in(&u, IER), 0x05);	/* IER untouched by DLM write */
	out(&u, TX, 'x');
	assert_int_equal(s.n, 1);
	assert_int_equal(s.bytes[0], 'x');
	assert_int_equal(in(&u, DLL), 0x00);	/* DLAB=0: RBR, empty */
	assert_int_equal(u.dll, 0x01);
}

static void test_ier_low_bits_only(void **state)
{
	struct uart16550 u;

	uart16550_init(&u, NULL, NULL);
	out(&u, IER, 0xff);
	assert_int_equal(in(&u, IER), 0x0f);
	out(&u, IER, 0xf0);
	assert_int_equal(in(&u, IER), 0x00);
	out(&u, IER, 0x4a);			/* UART_IER_UUE (0x40) dropped */
	assert_int_equal(in(&u, IER), 0x0a);
	out(&u, MCR, 0xff);
	assert_int_equal(in(&u, MCR), 0x1f);
}

/* ---------------------------------------------------------------------- */
/* Replay of Linux's autoconfig().                                         */

enum port_type { PORT_NONE, PORT_8250, PORT_16450, PORT_UNKNOWN,
		 PORT_16550, PORT_16550A, PORT_16650, PORT_16550A_FSL64,
		 PORT_EFR_V2, PORT_NS16550A, PORT_16750, PORT_XSCALE,
		 PORT_U6_16550A };

static unsigned dl_read(struct uart16550 *u)
{
	return in(u, DLL) | in(u, DLM) << 8;
}

static void dl_write(struct uart16550 *u, unsigned v)
{
	out(u, DLL, v & 0xff);
	out(u, DLM, v >> 8 & 0xff);
}

/* size_fifo(): count the bytes the receive FIFO holds in loopback. */
static int size_fifo(struct uart16550 *u)
{
	uint8_t old_fcr, old_mcr, old_lcr;
	unsigned old_dl;
	int count;

	old_lcr = in(u, LCR);
	out(u, LCR, 0);
	old_fcr = in(u, FCR);			/* really IIR */
	old_mcr = in(u, MCR);
	out(u, FCR, 0x01 | 0x02 | 0x04);
	out(u, MCR, 0x10);			/* UART_MCR_LOOP */
	out(u, LCR, 0x80);			/* UART_LCR_CONF_MODE_A */
	old_dl = dl_read(u);
	dl_write(u, 0x0001);
	out(u, LCR, 0x03);
	for (count = 0; count < 256; count++)
		out(u, TX, (uint8_t)count);
	/* mdelay(20) */
	for (count = 0; (in(u, LSR) & 0x01) && count < 256; count++)
		in(u, RX);
	out(u, FCR, old_fcr);
	out(u, MCR, old_mcr);
	out(u, LCR, 0x80);
	dl_write(u, old_dl);
	out(u, LCR, old_lcr);
	return count;
}

static unsigned read_divisor_id(struct uart16550 *u)
{
	uint8_t old_lcr = in(u, LCR);
	unsigned id, old_dl;

	out(u, LCR, 0x80);
	old_dl = dl_read(u);
	dl_write(u, 0);
	id = dl_read(u);
	dl_write(u, old_dl);
	out(u, LCR, old_lcr);
	return id;
}

static enum port_type autoconfig_16550a(struct uart16550 *u, int *fifo)
{
	uint8_t status1, status2;
	unsigned iersave;

	/* EFR with DLAB set (ST16C650V1). */
	out(u, LCR, 0x80);
	if (in(u, EFR) == 0) {
		out(u, EFR, 0xa8);
		if (in(u, EFR) != 0)
			return PORT_16650;
		out(u, LCR, 0);
		out(u, FCR, 0x01 | 0x20);
		status1 = in(u, IIR) >> 5;
		out(u, FCR, 0);
		out(u, LCR, 0);
		out(u, EFR, 0);
		return status1 == 7 ? PORT_16550A_FSL64 : PORT_16550A;
	}
	/* EFR behind LCR = 0xBF (ST16C650V2, TI16C752). */
	out(u, LCR, 0xbf);
	if (in(u, EFR) == 0 &&
	    !(read_divisor_id(u) == 0x0201 && size_fifo(u) == 16))
		return PORT_EFR_V2;
	/* National SuperIO: MCR.LOOP mirrored in EXCR1 of bank 2. */
	out(u, LCR, 0);
	status1 = in(u, MCR);
	out(u, LCR, 0xe0);
	status2 = in(u, 0x02);
	if (!((status2 ^ status1) & 0x10)) {
		out(u, LCR, 0);
		out(u, MCR, status1 ^ 0x10);
		out(u, LCR, 0xe0);
		status2 = in(u, 0x02);
		out(u, LCR, 0);
		out(u, MCR, status1);
		if ((status2 ^ status1) & 0x10)
			return PORT_NS16550A;
	}
	/* TI16750: IIR bit 5 follows FCR bit 5 only with DLAB set. */
	out(u, LCR, 0);
	out(u, FCR, 0x01 | 0x20);
	status1 = in(u, IIR) >> 5;
	out(u, FCR, 0x01);
	out(u, LCR, 0x80);
	out(u, FCR, 0x01 | 0x20);
	status2 = in(u, IIR) >> 5;
	out(u, FCR, 0x01);
	out(u, LCR, 0);
	if (status1 == 6 && status2 == 7)
		return PORT_16750;
	/* XScale: IER bit 6 (UUE) sticks. */
	iersave = in(u, IER);
	out(u, IER, iersave & ~0x40);
	if (!(in(u, IER) & 0x40)) {
		out(u, IER, iersave | 0x40);
		if (in(u, IER) & 0x40)
			return PORT_XSCALE;
	}
	out(u, IER, iersave);
	*fifo = size_fifo(u);
	if (*fifo == 64)
		return PORT_U6_16550A;
	return PORT_16550A;
}

static enum port_type autoconfig(struct uart16550 *u, int *fifo)
{
	uint8_t scratch, scratch2, scratch3, status1, save_mcr, save_lcr;
	enum port_type type = PORT_NONE;

	scratch = in(u, IER);
	out(u, IER, 0);
	scratch2 = in(u, IER) & 0x0f;
	out(u, IER, 0x0f);
	scratch3 = in(u, IER) & 0x0f;
	out(u, IER, scratch);
	if (scratch2 != 0 || scratch3 != 0x0f)
		return PORT_NONE;

	save_mcr = in(u, MCR);
	save_lcr = in(u, LCR);

	out(u, MCR, 0x10 | 0x0a);		/* LOOP | OUT2 | RTS */
	status1 = in(u, MSR) & 0xf0;
	out(u, MCR, save_mcr);
	if (status1 != 0x90)
		return PORT_NONE;

	out(u, LCR, 0xbf);
	out(u, EFR, 0);
	out(u, LCR, 0);

	out(u, FCR, 0x01);
	scratch = in(u, IIR) >> 6;
	switch (scratch) {
	case 0:
		type = PORT_8250;		/* (16450 scratch test skipped) */
		break;
	case 1:
		type = PORT_UNKNOWN;
		break;
	case 2:
		type = PORT_16550;
		break;
	case 3:
		type = autoconfig_16550a(u, fifo);
		break;
	}
	out(u, LCR, save_lcr);

	/* Reset the UART. */
	out(u, MCR, save_mcr);
	out(u, FCR, 0x01);			/* serial8250_clear_fifos() */
	out(u, FCR, 0x01 | 0x02 | 0x04);
	out(u, FCR, 0);
	in(u, RX);
	out(u, IER, 0);
	return type;
}

/* Probe a UART in reset state, as the first boot would. */
static void test_linux_autoconfig_from_reset(void **state)
{
	struct uart16550 u;
	struct sink s = { .n = 0 };
	int fifo = -1;

	uart16550_init(&u, sink_tx, &s);
	assert_int_equal(autoconfig(&u, &fifo), PORT_16550A);
	assert_int_equal(fifo, 16);
	/* Nothing reached the console: the probe bytes were looped back. */
	assert_int_equal(s.n, 0);
	assert_int_equal(u.tx_bytes, 0);
	/* 256 bytes looped into a 16-byte FIFO: 240 overruns. */
	assert_int_equal(u.rx_bytes, 16);
	assert_int_equal(u.overruns, 240);
	/* Everything put back. */
	assert_int_equal(in(&u, LCR), 0x00);
	assert_int_equal(in(&u, MCR), 0x00);
	assert_int_equal(in(&u, IER), 0x00);
	assert_int_equal(in(&u, IIR), 0x01);	/* FIFOs off, no interrupt */
	assert_int_equal(in(&u, LSR), 0x60);	/* OE already read away */
	out(&u, LCR, 0x80);
	assert_int_equal(dl_read(&u), 0x0000);
	out(&u, LCR, 0x00);
	assert_int_equal(u.rx_len, 0);
}

/* Probe again after the early console programmed the port. */
static void test_linux_autoconfig_configured(void **state)
{
	struct uart16550 u;
	struct sink s = { .n = 0 };
	int fifo = -1;

	uart16550_init(&u, sink_tx, &s);
	out(&u, LCR, 0x83);
	dl_write(&u, 0x0001);			/* 115200 */
	out(&u, LCR, 0x03);
	out(&u, FCR, 0xc7);
	out(&u, MCR, 0x0b);			/* DTR RTS OUT2 */
	assert_int_equal(uart16550_rx_push(&u, 'q'), true);

	assert_int_equal(autoconfig(&u, &fifo), PORT_16550A);
	assert_int_equal(fifo, 16);
	assert_int_equal(s.n, 0);
	assert_int_equal(in(&u, LCR), 0x03);
	assert_int_equal(in(&u, MCR), 0x0b);
	assert_int_equal(in(&u, IER), 0x00);
	out(&u, LCR, 0x83);
	assert_int_equal(dl_read(&u), 0x0001);
	out(&u, LCR, 0x03);
	assert_int_equal(in(&u, LSR), 0x60);	/* pending 'q' flushed */
}

/* The TI16750 and NatSemi checks must see IIR bits 5:4 = 0. */
static void test_iir_bits_5_4_zero(void **state)
{
	struct uart16550 u;

	uart16550_init(&u, NULL, NULL);
	out(&u, FCR, 0x21);
	assert_int_equal(in(&u, IIR), 0xc1);
	out(&u, LCR, 0x80);
	out(&u, FCR, 0x21);
	assert_int_equal(in(&u, IIR), 0xc1);
	out(&u, LCR, 0xbf);
	assert_int_equal(in(&u, EFR), 0xc1);	/* no EFR behind 0xBF */
	out(&u, LCR, 0xe0);
	out(&u, LCR, 0x00);
	out(&u, MCR, 0x10);
	out(&u, LCR, 0xe0);
	assert_int_equal(in(&u, 0x02) & 0x10, 0);
}

/* Replay of the interrupt tests in serial8250_do_startup(). */
static void test_linux_startup_thre_and_txen(void **state)
{
	struct uart16550 u;
	struct sink s = { .n = 0 };
	uint8_t lsr, iir, iir1;
	bool bug_thre, bug_txen;

	uart16550_init(&u, sink_tx, &s);
	/* serial8250_clear_fifos() */
	out(&u, FCR, 0x01);
	out(&u, FCR, 0x07);
	out(&u, FCR, 0x00);
	/* Clear the interrupt registers. */
	in(&u, LSR);
	in(&u, RX);
	in(&u, IIR);
	in(&u, MSR);
	assert_int_not_equal(in(&u, LSR), 0xff);

	/* THRE test. */
	while (!(in(&u, LSR) & 0x20))
		;
	out(&u, IER, 0x02);
	iir1 = in(&u, IIR);
	out(&u, IER, 0);
	out(&u, IER, 0x02);
	iir = in(&u, IIR);
	out(&u, IER, 0);
	assert_int_equal(iir1, 0x02);
	assert_int_equal(iir, 0x02);
	bug_thre = !(iir1 & 0x01) && (iir & 0x01);
	assert_false(bug_thre);

	/* Initialise: 8N1, OUT2 | DTR | RTS. */
	out(&u, LCR, 0x03);
	out(&u, MCR, 0x0b);

	/* TXEN test. */
	out(&u, IER, 0x02);
	lsr = in(&u, LSR);
	iir = in(&u, IIR);
	out(&u, IER, 0);
	assert_int_equal(lsr, 0x60);
	assert_int_equal(iir, 0x02);
	bug_txen = (lsr & 0x40) && (iir & 0x01);
	assert_false(bug_txen);

	in(&u, LSR);
	in(&u, RX);
	in(&u, IIR);
	in(&u, MSR);

	/* set_termios: IER, divisor, FCR in two steps (fcr 0x87). */
	out(&u, IER, 0x05);
	out(&u, LCR, 0x83);
	dl_write(&u, 1);
	out(&u, LCR, 0x03);
	out(&u, FCR, 0x01);
	out(&u, FCR, 0x87);
	assert_int_equal(in(&u, IIR), 0xc1);
	assert_false(uart16550_irq_line(&u));
	assert_int_equal(uart16550_rx_room(&u), 16);

	/* start_tx: enabling THRI raises the line at once. */
	out(&u, IER, 0x07);
	assert_true(uart16550_irq_line(&u));
	/* The handler: IIR says THRE (and clears it), LSR says THRE. */
	assert_int_equal(in(&u, IIR), 0xc2);
	assert_false(uart16550_irq_line(&u));
	assert_int_equal(in(&u, LSR), 0x60);
	out(&u, TX, 'o');
	out(&u, TX, 'k');
	/* THR emptied again: the line rises, a fresh edge for the PIC. */
	assert_true(uart16550_irq_line(&u));
	/* Nothing left to send: __stop_tx() drops THRI. */
	out(&u, IER, 0x05);
	assert_false(uart16550_irq_line(&u));
	assert_int_equal(in(&u, IIR), 0xc1);
	assert_int_equal(s.n, 2);
	assert_memory_equal(s.bytes, "ok", 2);
}

/* ---------------------------------------------------------------------- */

static void test_tx_and_loopback(void **state)
{
	struct uart16550 u;
	struct sink s = { .n = 0 };

	uart16550_init(&u, sink_tx, &s);
	out(&u, TX, 0x00);
	out(&u, TX, 0xff);
	out(&u, TX, '\n');
	assert_int_equal(s.n, 3);
	assert_int_equal(s.bytes[0], 0x00);
	assert_int_equal(s.bytes[1], 0xff);
	assert_int_equal(s.bytes[2], '\n');
	assert_int_equal(u.tx_bytes, 3);
	assert_int_equal(in(&u, LSR), 0x60);

	/* Loopback: THR goes to the receiver, not to tx. */
	out(&u, MCR, 0x10);
	out(&u, TX, 'A');
	assert_int_equal(s.n, 3);
	assert_int_equal(u.tx_bytes, 3);
	assert_int_equal(in(&u, LSR), 0x61);
	assert_int_equal(in(&u, RX), 'A');
	assert_int_equal(in(&u, LSR), 0x60);
	out(&u, MCR, 0x00);
	out(&u, TX, 'B');
	assert_int_equal(s.n, 4);
	assert_int_equal(s.bytes[3], 'B');

	/* A NULL sink is allowed; bytes are only counted. */
	uart16550_init(&u, NULL, NULL);
	out(&u, TX, 'C');
	assert_int_equal(u.tx_bytes, 1);
}

static void test_rx_fifo_order_and_overrun(void **state)
{
	struct uart16550 u;
	unsigned i;

	uart16550_init(&u, NULL, NULL);
	out(&u, FCR, 0x01);
	assert_int_equal(uart16550_rx_room(&u), 16);
	for (i = 0; i < 16; i++)
		assert_true(uart16550_rx_push(&u, (uint8_t)(0x40 + i)));
	assert_int_equal(uart16550_rx_room(&u), 0);
	assert_int_equal(u.last_error, UART16550_OK);
	assert_false(uart16550_rx_push(&u, 0x99));
	assert_int_equal(u.overruns, 1);
	assert_int_equal(u.last_error, UART16550_ERR_OVERRUN);
	assert_int_equal(in(&u, LSR), 0x63);	/* DR OE THRE TEMT */
	assert_int_equal(in(&u, LSR), 0x61);	/* OE cleared by the read */
	for (i = 0; i < 16; i++)
		assert_int_equal(in(&u, RX), 0x40 + i);	/* 0x99 lost */
	assert_int_equal(in(&u, LSR), 0x60);
	assert_int_equal(in(&u, RX), 0x00);
	assert_int_equal(u.rx_len, 0);

	/* The ring wraps correctly. */
	for (i = 0; i < 10; i++)
		assert_true(uart16550_rx_push(&u, (uint8_t)i));
	for (i = 0; i < 5; i++)
		assert_int_equal(in(&u, RX), i);
	for (i = 10; i < 21; i++)
		assert_true(uart16550_rx_push(&u, (uint8_t)i));
	assert_false(uart16550_rx_push(&u, 21));
	for (i = 5; i < 21; i++)
		assert_int_equal(in(&u, RX), i);
	assert_int_equal(u.rx_bytes, 37);
}

static void test_rx_16450_mode(void **state)
{
	struct uart16550 u;

	uart16550_init(&u, NULL, NULL);
	assert_int_equal(uart16550_rx_room(&u), 1);
	assert_true(uart16550_rx_push(&u, 'a'));
	assert_int_equal(uart16550_rx_room(&u), 0);
	assert_false(uart16550_rx_push(&u, 'b'));
	/* As on the chip: the unread byte is overwritten. */
	assert_int_equal(in(&u, LSR), 0x63);
	assert_int_equal(in(&u, RX), 'b');
	assert_int_equal(in(&u, LSR), 0x60);
	assert_int_equal(u.overruns, 1);

	/* Enabling the FIFOs clears the receiver. */
	assert_true(uart16550_rx_push(&u, 'c'));
	out(&u, FCR, 0x01);
	assert_int_equal(in(&u, LSR), 0x60);
	/* And so does disabling them. */
	assert_true(uart16550_rx_push(&u, 'd'));
	assert_true(uart16550_rx_push(&u, 'e'));
	out(&u, FCR, 0x00);
	assert_int_equal(in(&u, LSR), 0x60);
	assert_int_equal(in(&u, IIR), 0x01);
}

static void test_rx_interrupts_and_trigger(void **state)
{
	struct uart16550 u;
	unsigned i;

	uart16550_init(&u, NULL, NULL);
	out(&u, MCR, 0x08);			/* OUT2 */
	out(&u, IER, 0x01);			/* ERBFI */

	/* 16450 mode: received data available. */
	assert_true(uart16550_rx_push(&u, 1));
	assert_int_equal(in(&u, IIR), 0x04);
	assert_true(uart16550_irq_line(&u));
	in(&u, RX);
	assert_int_equal(in(&u, IIR), 0x01);
	assert_false(uart16550_irq_line(&u));

	/* FIFO, trigger 8: below it a character timeout, at it RDA. */
	out(&u, FCR, 0x81);
	assert_true(uart16550_rx_push(&u, 1));
	assert_int_equal(in(&u, IIR), 0xcc);
	assert_true(uart16550_irq_line(&u));
	for (i = 0; i < 6; i++)
		assert_true(uart16550_rx_push(&u, 1));
	assert_int_equal(in(&u, IIR), 0xcc);	/* 7 bytes */
	assert_true(uart16550_rx_push(&u, 1));
	assert_int_equal(in(&u, IIR), 0xc4);	/* 8 bytes */
	in(&u, RX);
	assert_int_equal(in(&u, IIR), 0xcc);
	for (i = 0; i < 7; i++)
		in(&u, RX);
	assert_int_equal(in(&u, IIR), 0xc1);
	assert_false(uart16550_irq_line(&u));

	/* Trigger 14 and 1. */
	out(&u, FCR, 0xc1);
	for (i = 0; i < 13; i++)
		assert_true(uart16550_rx_push(&u, 1));
	assert_int_equal(in(&u, IIR), 0xcc);
	assert_true(uart16550_rx_push(&u, 1));
	assert_int_equal(in(&u, IIR), 0xc4);
	out(&u, FCR, 0x03);			/* trigger 1, clear RX */
	assert_int_equal(in(&u, IIR), 0xc1);
	assert_true(uart16550_rx_push(&u, 1));
	assert_int_equal(in(&u, IIR), 0xc4);

	/* Without ERBFI data sets DR but raises nothing. */
	out(&u, IER, 0x00);
	assert_int_equal(in(&u, IIR), 0xc1);
	assert_int_equal(in(&u, LSR), 0x61);
	assert_false(uart16550_irq_line(&u));
}

static void test_fcr_semantics(void **state)
{
	struct uart16550 u;

	uart16550_init(&u, NULL, NULL);
	out(&u, FCR, 0xc0);			/* bit 0 clear: not programmed */
	assert_int_equal(in(&u, IIR), 0x01);
	assert_int_equal(u.fcr, 0x00);
	out(&u, FCR, 0x41);
	assert_int_equal(u.fcr, 0x41);
	assert_int_equal(in(&u, IIR), 0xc1);

	/* RX reset clears data but not a latched overrun. */
	for (int i = 0; i < 17; i++)
		uart16550_rx_push(&u, 7);
	out(&u, FCR, 0x43);
	assert_int_equal(u.rx_len, 0);
	assert_int_equal(in(&u, LSR), 0x62);
	/* TX reset and DMA mode have no visible effect. */
	assert_true(uart16550_rx_push(&u, 9));
	out(&u, FCR, 0x4d);
	assert_int_equal(in(&u, LSR), 0x61);
	assert_int_equal(u.fcr, 0x41);
	assert_int_equal(in(&u, RX), 9);
	/* Bits 5:4 are reserved on the 16550A: not kept. */
	out(&u, FCR, 0xf1);
	assert_int_equal(u.fcr, 0xc1);
	assert_int_equal(in(&u, IIR), 0xc1);
}

static void test_iir_priority(void **state)
{
	struct uart16550 u;
	unsigned i;

	uart16550_init(&u, NULL, NULL);
	out(&u, FCR, 0x01);
	/* A modem status change: leave loopback, lines go 0 -> CTS DSR DCD. */
	out(&u, MCR, 0x10);
	out(&u, MCR, 0x08);
	/* Overrun plus data. */
	for (i = 0; i < 17; i++)
		uart16550_rx_push(&u, (uint8_t)i);
	out(&u, IER, 0x0f);			/* also arms THRE */

	assert_int_equal(in(&u, IIR), 0xc6);	/* line status first */
	assert_int_equal(in(&u, IIR), 0xc6);	/* IIR read does not clear it */
	assert_int_equal(in(&u, LSR), 0x63);
	assert_int_equal(in(&u, IIR), 0xc4);	/* then data */
	for (i = 0; i < 16; i++)
		in(&u, RX);
	assert_int_equal(in(&u, IIR), 0xc2);	/* then THRE; read clears */
	assert_int_equal(in(&u, IIR), 0xc0);	/* then modem status */
	assert_true(uart16550_irq_line(&u));
	assert_int_equal(in(&u, MSR), 0xbb);	/* lines + DCTS DDSR DDCD */
	assert_int_equal(in(&u, IIR), 0xc1);
	assert_false(uart16550_irq_line(&u));
	assert_int_equal(in(&u, MSR), 0xb0);
}

static void test_thre_interrupt_rules(void **state)
{
	struct uart16550 u;

	uart16550_init(&u, NULL, NULL);
	out(&u, MCR, 0x08);
	/* Not pending after reset even with ETBEI... until it is enabled. */
	assert_int_equal(in(&u, IIR), 0x01);
	out(&u, IER, 0x02);
	assert_int_equal(in(&u, IIR), 0x02);
	assert_int_equal(in(&u, IIR), 0x01);	/* cleared by the read */
	/* Rewriting ETBEI = 1 is not a 0 -> 1 transition. */
	out(&u, IER, 0x02);
	assert_int_equal(in(&u, IIR), 0x01);
	/* A THR write rearms it. */
	out(&u, TX, 'z');
	assert_true(uart16550_irq_line(&u));
	assert_int_equal(in(&u, IIR), 0x02);
	assert_false(uart16550_irq_line(&u));

	/* Reading IIR does not clear THRE when it reports something else. */
	out(&u, IER, 0x03);
	out(&u, TX, 'z');
	uart16550_rx_push(&u, 'r');
	assert_int_equal(in(&u, IIR), 0x04);
	assert_int_equal(in(&u, IIR), 0x04);
	in(&u, RX);
	assert_int_equal(in(&u, IIR), 0x02);
	assert_int_equal(in(&u, IIR), 0x01);

	/* Masked THRE is latched but invisible, and not cleared by IIR. */
	out(&u, IER, 0x00);
	out(&u, TX, 'z');
	assert_int_equal(in(&u, IIR), 0x01);
	assert_true(u.thr_int);
}

static void test_msr_loopback(void **state)
{
	struct uart16550 u;

	uart16550_init(&u, NULL, NULL);
	/* Linux's loop test: LOOP|OUT2|RTS -> DCD|CTS. DSR fell: DDSR. */
	out(&u, MCR, 0x1a);
	assert_int_equal(in(&u, MSR), 0x92);
	assert_int_equal(in(&u, MSR), 0x90);
	/* All four outputs. DSR rose (DDSR); RI rose (no TERI). */
	out(&u, MCR, 0x1f);
	assert_int_equal(in(&u, MSR), 0xf2);
	/* OUT1 off: RI falls: trailing edge. */
	out(&u, MCR, 0x1b);
	assert_int_equal(in(&u, MSR), 0xb4);
	/* DTR off, RTS off: DDSR DCTS. */
	out(&u, MCR, 0x18);
	assert_int_equal(in(&u, MSR), 0x83);
	/* Leave loopback: a terminal again, CTS DSR back. */
	out(&u, MCR, 0x00);
	assert_int_equal(in(&u, MSR), 0xb3);
	assert_int_equal(in(&u, MSR), 0xb0);
	/* Outside loopback MCR does not reach MSR. */
	out(&u, MCR, 0x0f);
	assert_int_equal(in(&u, MSR), 0xb0);
	/* MSR and LSR are not writable. */
	out(&u, MSR, 0x0f);
	out(&u, LSR, 0xff);
	assert_int_equal(in(&u, MSR), 0xb0);
	assert_int_equal(in(&u, LSR), 0x60);
}

static void test_irq_line_gating(void **state)
{
	struct uart16550 u;

	uart16550_init(&u, NULL, NULL);
	out(&u, IER, 0x08);			/* EDSSI */
	out(&u, MCR, 0x18);			/* LOOP | OUT2: DCD only */
	assert_true(uart16550_irq_pending(&u));	/* CTS DSR fell */
	assert_false(uart16550_irq_line(&u));	/* OUT2 pin inactive in loop */
	out(&u, MCR, 0x00);
	in(&u, MSR);
	out(&u, IER, 0x02);
	assert_true(uart16550_irq_pending(&u));
	assert_false(uart16550_irq_line(&u));	/* OUT2 = 0 */
	out(&u, MCR, 0x08);
	assert_true(uart16550_irq_line(&u));
	out(&u, MCR, 0x07);			/* OUT1 is not OUT2 */
	assert_false(uart16550_irq_line(&u));
}

static void test_bad_inputs(void **state)
{
	struct uart16550 u, before;

	uart16550_init(&u, NULL, NULL);
	out(&u, SCR, 0x11);
	memcpy(&before, &u, sizeof(u));
	assert_int_equal(in(&u, 8), 0xff);
	assert_int_equal(u.last_error, UART16550_ERR_BAD_OFFSET);
	u.last_error = UART16550_OK;
	out(&u, 0xffffffffu, 0x55);
	out(&u, 8, 0x55);
	assert_int_equal(u.last_error, UART16550_ERR_BAD_OFFSET);
	u.last_error = UART16550_OK;
	assert_memory_equal(&u, &before, sizeof(u));

	/* Host input while in loopback: refused, no overrun. */
	out(&u, MCR, 0x10);
	assert_int_equal(uart16550_rx_room(&u), 0);
	assert_false(uart16550_rx_push(&u, 'x'));
	assert_int_equal(u.last_error, UART16550_ERR_LOOPBACK);
	assert_int_equal(u.overruns, 0);
	assert_int_equal(in(&u, LSR), 0x60);
	out(&u, MCR, 0x00);
	assert_true(uart16550_rx_push(&u, 'x'));
	assert_int_equal(in(&u, RX), 'x');
}

static void test_error_strings(void **state)
{
	assert_string_equal(uart16550_error_str(UART16550_OK), "ok");
	assert_string_equal(uart16550_error_str(UART16550_ERR_BAD_OFFSET),
			    "register offset out of range");
	assert_string_equal(uart16550_error_str(UART16550_ERR_OVERRUN),
			    "receiver overrun");
	assert_string_equal(uart16550_error_str(UART16550_ERR_LOOPBACK),
			    "input refused in loopback mode");
	assert_string_equal(uart16550_error_str(99),
			    "unknown uart16550 error");
	assert_string_equal(uart16550_error_str(-1),
			    "unknown uart16550 error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_state),
		cmocka_unit_test(test_scratch_lcr_divisor),
		cmocka_unit_test(test_ier_low_bits_only),
		cmocka_unit_test(test_linux_autoconfig_from_reset),
		cmocka_unit_test(test_linux_autoconfig_configured),
		cmocka_unit_test(test_iir_bits_5_4_zero),
		cmocka_unit_test(test_linux_startup_thre_and_txen),
		cmocka_unit_test(test_tx_and_loopback),
		cmocka_unit_test(test_rx_fifo_order_and_overrun),
		cmocka_unit_test(test_rx_16450_mode),
		cmocka_unit_test(test_rx_interrupts_and_trigger),
		cmocka_unit_test(test_fcr_semantics),
		cmocka_unit_test(test_iir_priority),
		cmocka_unit_test(test_thre_interrupt_rules),
		cmocka_unit_test(test_msr_loopback),
		cmocka_unit_test(test_irq_line_gating),
		cmocka_unit_test(test_bad_inputs),
		cmocka_unit_test(test_error_strings),
	};

	return cmocka_run_group_tests_name("uart16550", tests, NULL, NULL);
}
