/*
 * Emulated 16550A UART: the guest's COM1 console.
 *
 * Spec: National Semiconductor / TI PC16550D "Universal Asynchronous
 * Receiver/Transmitter with FIFOs" datasheet, "Registers": the summary
 * of accessible registers, the interrupt control functions table, and the
 * descriptions of the Line Control, Line Status, FIFO Control, Interrupt
 * Identification, Interrupt Enable, Modem Control (with loopback), Modem
 * Status and Scratchpad registers, and "FIFO Interrupt Mode Operation".
 *
 * What is emulated, and what is simplified:
 *
 *  - Transmit is instantaneous. A byte written to THR leaves at once
 *    through the tx callback, so LSR.THRE and LSR.TEMT always read 1 and
 *    the baud-rate divisor (DLL/DLM) is stored but has no effect.
 *  - Receive goes through a 16-byte FIFO (FIFO mode) or the one-byte
 *    holding register (16450 mode), filled by uart16550_rx_push().
 *  - The chip has no clock, so the character timeout is taken to have
 *    already expired: with FIFOs enabled, a FIFO holding at least one byte
 *    but fewer than the FCR trigger level reports the character-timeout
 *    interrupt (IIR id 0xC, which drivers treat as "data available"); at or
 *    above the trigger level it reports "received data available" (0x4).
 *    Either way the receive interrupt is pending while data is present.
 *  - No parity, framing or break errors ever happen; the only line error
 *    is overrun. LSR bit 7 (error in RCVR FIFO) therefore always reads 0.
 *  - Outside loopback the modem inputs are those of a connected terminal:
 *    CTS, DSR and DCD asserted, RI not. In loopback they follow MCR.
 *  - DMA mode (FCR bit 3) and the TXRDY/RXRDY pins are not modelled.
 *
 * The model does no I/O and keeps all state in struct uart16550; the
 * caller owns the struct and serialises calls.
 */
#ifndef GUEST_UART16550_H
#define GUEST_UART16550_H

#include <stdbool.h>
#include <stdint.h>

/* Register offsets from the base port (summary of registers). */
#define UART16550_RBR		0	/* receiver buffer, read, DLAB=0 */
#define UART16550_THR		0	/* transmitter holding, write, DLAB=0 */
#define UART16550_DLL		0	/* divisor latch LS, DLAB=1 */
#define UART16550_IER		1	/* interrupt enable, DLAB=0 */
#define UART16550_DLM		1	/* divisor latch MS, DLAB=1 */
#define UART16550_IIR		2	/* interrupt ident, read */
#define UART16550_FCR		2	/* FIFO control, write */
#define UART16550_LCR		3	/* line control */
#define UART16550_MCR		4	/* modem control */
#define UART16550_LSR		5	/* line status */
#define UART16550_MSR		6	/* modem status */
#define UART16550_SCR		7	/* scratch */
#define UART16550_NR_PORTS	8

/* IER bits. Bits 7:4 are always 0. */
#define UART16550_IER_ERBFI	0x01	/* received data available */
#define UART16550_IER_ETBEI	0x02	/* transmitter holding register empty */
#define UART16550_IER_ELSI	0x04	/* receiver line status */
#define UART16550_IER_EDSSI	0x08	/* modem status */
#define UART16550_IER_MASK	0x0f

/* IIR values (interrupt control functions). Bits 7:6 read 11 when FIFOs are enabled. */
#define UART16550_IIR_NO_INT	0x01	/* bit 0 = 1: nothing pending */
#define UART16550_IIR_MSI	0x00	/* modem status */
#define UART16550_IIR_THRI	0x02	/* THR empty */
#define UART16550_IIR_RDI	0x04	/* received data available */
#define UART16550_IIR_RLSI	0x06	/* receiver line status */
#define UART16550_IIR_CTI	0x0c	/* character timeout */
#define UART16550_IIR_FIFOS	0xc0	/* FIFOs enabled */

/* FCR bits. */
#define UART16550_FCR_FIFO_EN	0x01	/* enable both FIFOs */
#define UART16550_FCR_RX_RESET	0x02	/* clear the receiver FIFO */
#define UART16550_FCR_TX_RESET	0x04	/* clear the transmitter FIFO */
#define UART16550_FCR_DMA_MODE	0x08	/* ignored */
#define UART16550_FCR_TRIGGER	0xc0	/* RX trigger: 1, 4, 8, 14 bytes */

/* LCR bits. */
#define UART16550_LCR_DLAB	0x80	/* divisor latch access */

/* MCR bits. Bits 7:5 are always 0. */
#define UART16550_MCR_DTR	0x01
#define UART16550_MCR_RTS	0x02
#define UART16550_MCR_OUT1	0x04
#define UART16550_MCR_OUT2	0x08	/* gates the IRQ line on a PC */
#define UART16550_MCR_LOOP	0x10
#define UART16550_MCR_MASK	0x1f

/* LSR bits. */
#define UART16550_LSR_DR	0x01	/* data ready */
#define UART16550_LSR_OE	0x02	/* overrun error */
#define UART16550_LSR_PE	0x04	/* parity error (never set) */
#define UART16550_LSR_FE	0x08	/* framing error (never set) */
#define UART16550_LSR_BI	0x10	/* break interrupt (never set) */
#define UART16550_LSR_THRE	0x20	/* THR empty */
#define UART16550_LSR_TEMT	0x40	/* transmitter empty */
#define UART16550_LSR_FIFOE	0x80	/* error in RCVR FIFO (never set) */

/* MSR bits. */
#define UART16550_MSR_DCTS	0x01	/* delta CTS */
#define UART16550_MSR_DDSR	0x02	/* delta DSR */
#define UART16550_MSR_TERI	0x04	/* trailing edge of RI */
#define UART16550_MSR_DDCD	0x08	/* delta DCD */
#define UART16550_MSR_CTS	0x10
#define UART16550_MSR_DSR	0x20
#define UART16550_MSR_RI	0x40
#define UART16550_MSR_DCD	0x80
#define UART16550_MSR_DELTAS	0x0f

#define UART16550_FIFO_SIZE	16

/* Conditions recorded in last_error; see uart16550_error_str(). */
enum uart16550_error {
	UART16550_OK = 0,
	UART16550_ERR_BAD_OFFSET,	/* register offset outside 0..7 */
	UART16550_ERR_OVERRUN,		/* a received byte was lost */
	UART16550_ERR_LOOPBACK,		/* host input refused: in loopback */
};

typedef void (*uart_tx_fn)(void *ctx, uint8_t byte);

struct uart16550 {
	uart_tx_fn tx;		/* where transmitted bytes go; may be NULL */
	void *tx_ctx;

	uint8_t ier;		/* IER, bits 3:0 */
	uint8_t lcr;		/* LCR, all 8 bits */
	uint8_t mcr;		/* MCR, bits 4:0 */
	uint8_t fcr;		/* FIFO enable and trigger bits as programmed */
	uint8_t dll, dlm;	/* divisor latch; stored, not used */
	uint8_t scr;		/* scratch */
	uint8_t lsr_err;	/* latched LSR error bits (only OE) */
	uint8_t msr_lines;	/* MSR bits 7:4 as of the last change */
	uint8_t msr_delta;	/* MSR bits 3:0, cleared by reading MSR */
	bool thr_int;		/* THR-empty interrupt latched */

	/* Receive FIFO, a ring: rx_len bytes starting at rx_head. */
	uint8_t rx[UART16550_FIFO_SIZE];
	uint8_t rx_head;
	uint8_t rx_len;

	/* Statistics and diagnostics for the hypervisor. */
	uint32_t tx_bytes;	/* bytes handed to tx */
	uint32_t rx_bytes;	/* bytes accepted into the receiver */
	uint32_t overruns;	/* bytes lost to overrun */
	enum uart16550_error last_error;
};

/* Reset state (datasheet, "UART Reset Configuration"); tx is the sink. */
void uart16550_init(struct uart16550 *u, uart_tx_fn tx, void *tx_ctx);

/* Guest IN from base+offset. offset > 7 reads 0xFF. */
uint8_t uart16550_read(struct uart16550 *u, unsigned offset);

/* Guest OUT to base+offset. offset > 7 is ignored. */
void uart16550_write(struct uart16550 *u, unsigned offset, uint8_t val);

/*
 * Level of the chip's INTRPT pin: some enabled interrupt is pending
 * (IIR bit 0 would read 0).
 */
bool uart16550_irq_pending(const struct uart16550 *u);

/*
 * Level of the IRQ line as wired on a PC: INTRPT gated by the OUT2 output.
 * In loopback OUT2 is disconnected from its pin and held inactive
 * (datasheet, "Modem Control Register"), so the line is low there
 * whatever MCR.OUT2 says.
 * Re-evaluate after every uart16550_* call and feed the PIC: the PIC is
 * edge-triggered, and the line does drop and rise again as the guest
 * reads IIR and writes THR.
 */
bool uart16550_irq_line(const struct uart16550 *u);

/*
 * Host-side input: one byte arriving on the serial line.
 * Returns true if it was stored. Returns false when
 *  - the receiver is full: LSR.OE is set, last_error = OVERRUN. As on the
 *    chip, in FIFO mode the new byte is dropped; in 16450 mode it
 *    overwrites the unread byte in the holding register;
 *  - the UART is in loopback, where the serial input is disconnected:
 *    nothing changes except last_error = LOOPBACK.
 * Call uart16550_rx_room() first to avoid losing bytes.
 */
bool uart16550_rx_push(struct uart16550 *u, uint8_t byte);

/* How many bytes rx_push() would accept right now without loss. */
unsigned uart16550_rx_room(const struct uart16550 *u);

/* Short human-readable name of an enum uart16550_error value. */
const char *uart16550_error_str(int err);

#endif /* GUEST_UART16550_H */
