/*
 * Emulated 16550A UART. See uart16550.h for what is modelled.
 *
 * The register file is small; the interesting parts are
 *  - the interrupt identification (uart_iir), a priority encoder over
 *    four sources, and the rule that reading IIR clears a THR-empty
 *    interrupt only when IIR reports it;
 *  - loopback, which routes THR into the receiver and MCR into MSR;
 *  - the details Linux's 8250 driver probes for (drivers/tty/serial/8250/
 *    8250_port.c: autoconfig(), autoconfig_16550a(), size_fifo() and the
 *    THRE test in serial8250_do_startup()). To be identified as a 16550A
 *    the port must: keep only IER bits 3:0; show 0x90 in MSR[7:4] for
 *    MCR = LOOP|OUT2|RTS; read IIR bits 7:6 = 11 after FCR = 0x01; read
 *    IIR bits 5:4 = 00 whatever FCR bit 5 and DLAB are (else it is taken
 *    for a 16750 or a National SuperIO); have no register behind LCR=0xBF
 *    (the offset-2 read stays IIR, which is non-zero); loop back exactly
 *    16 bytes into the receive FIFO; and raise the THR-empty interrupt
 *    again each time IER.ETBEI goes from 0 to 1.
 */
#include "guest/uart16550.h"

/* RX trigger levels, indexed by FCR bits 7:6 ("FIFO Control Register"). */
static const uint8_t rx_trigger_bytes[4] = { 1, 4, 8, 14 };

static bool fifo_enabled(const struct uart16550 *u)
{
	return u->fcr & UART16550_FCR_FIFO_EN;
}

static bool loopback(const struct uart16550 *u)
{
	return u->mcr & UART16550_MCR_LOOP;
}

/* Capacity of the receiver: the FIFO, or the one-byte holding register. */
static unsigned rx_capacity(const struct uart16550 *u)
{
	return fifo_enabled(u) ? UART16550_FIFO_SIZE : 1;
}

/*
 * The modem status inputs, MSR bits 7:4. In loopback they are wired to
 * the MCR outputs (datasheet, "Modem Control Register"): CTS <- RTS,
 * DSR <- DTR, RI <- OUT1, DCD <- OUT2. Otherwise a terminal is attached:
 * CTS, DSR and DCD asserted.
 */
static uint8_t modem_lines(const struct uart16550 *u)
{
	uint8_t m = u->mcr;
	uint8_t lines = 0;

	if (!loopback(u))
		return UART16550_MSR_CTS | UART16550_MSR_DSR | UART16550_MSR_DCD;
	if (m & UART16550_MCR_RTS)
		lines |= UART16550_MSR_CTS;
	if (m & UART16550_MCR_DTR)
		lines |= UART16550_MSR_DSR;
	if (m & UART16550_MCR_OUT1)
		lines |= UART16550_MSR_RI;
	if (m & UART16550_MCR_OUT2)
		lines |= UART16550_MSR_DCD;
	return lines;
}

/*
 * Recompute the modem inputs after MCR changed and latch the delta bits:
 * DCTS, DDSR, DDCD on any change, TERI when RI goes from 1 to 0.
 */
static void update_modem_lines(struct uart16550 *u)
{
	uint8_t now = modem_lines(u);
	uint8_t changed = now ^ u->msr_lines;

	if (changed & UART16550_MSR_CTS)
		u->msr_delta |= UART16550_MSR_DCTS;
	if (changed & UART16550_MSR_DSR)
		u->msr_delta |= UART16550_MSR_DDSR;
	if ((u->msr_lines & UART16550_MSR_RI) && !(now & UART16550_MSR_RI))
		u->msr_delta |= UART16550_MSR_TERI;
	if (changed & UART16550_MSR_DCD)
		u->msr_delta |= UART16550_MSR_DDCD;
	u->msr_lines = now;
}

static void rx_clear(struct uart16550 *u)
{
	u->rx_head = 0;
	u->rx_len = 0;
}

/*
 * A byte arrives at the receiver, from the host or from THR in loopback.
 * If the receiver is full the byte is an overrun (datasheet, LSR bit 1):
 * in FIFO mode the FIFO keeps its contents and the new byte is lost; in
 * 16450 mode the new byte overwrites the holding register.
 */
static bool receive(struct uart16550 *u, uint8_t byte)
{
	unsigned cap = rx_capacity(u);

	if (u->rx_len >= cap) {
		u->lsr_err |= UART16550_LSR_OE;
		u->overruns++;
		u->last_error = UART16550_ERR_OVERRUN;
		if (!fifo_enabled(u))
			u->rx[u->rx_head] = byte;
		return false;
	}
	u->rx[(u->rx_head + u->rx_len) % UART16550_FIFO_SIZE] = byte;
	u->rx_len++;
	u->rx_bytes++;
	return true;
}

static uint8_t rx_pop(struct uart16550 *u)
{
	uint8_t byte;

	if (u->rx_len == 0)
		return 0;
	byte = u->rx[u->rx_head];
	u->rx_head = (uint8_t)((u->rx_head + 1) % UART16550_FIFO_SIZE);
	u->rx_len--;
	return byte;
}

/*
 * The interrupt identification, highest priority first (datasheet,
 * "Interrupt Identification Register", interrupt control functions):
 * receiver line status, received data (or character timeout), THR empty,
 * modem status. Only sources enabled in IER count.
 */
static uint8_t uart_iir(const struct uart16550 *u)
{
	uint8_t fifo = fifo_enabled(u) ? UART16550_IIR_FIFOS : 0;
	unsigned trigger = rx_trigger_bytes[u->fcr >> 6];

	if ((u->ier & UART16550_IER_ELSI) && (u->lsr_err & UART16550_LSR_OE))
		return fifo | UART16550_IIR_RLSI;
	if ((u->ier & UART16550_IER_ERBFI) && u->rx_len > 0) {
		if (fifo && u->rx_len < trigger)
			return fifo | UART16550_IIR_CTI;
		return fifo | UART16550_IIR_RDI;
	}
	if ((u->ier & UART16550_IER_ETBEI) && u->thr_int)
		return fifo | UART16550_IIR_THRI;
	if ((u->ier & UART16550_IER_EDSSI) && u->msr_delta)
		return fifo | UART16550_IIR_MSI;
	return fifo | UART16550_IIR_NO_INT;
}

void uart16550_init(struct uart16550 *u, uart_tx_fn tx, void *tx_ctx)
{
	*u = (struct uart16550){ 0 };
	u->tx = tx;
	u->tx_ctx = tx_ctx;
	u->msr_lines = modem_lines(u);
}

/*
 * FCR write. Bit 0 must be 1 for the other bits to take effect; changing
 * bit 0 clears both FIFOs (datasheet, "FIFO Control Register").
 */
static void write_fcr(struct uart16550 *u, uint8_t val)
{
	bool was_enabled = fifo_enabled(u);

	if (!(val & UART16550_FCR_FIFO_EN)) {
		u->fcr = 0;
		if (was_enabled)
			rx_clear(u);
		return;
	}
	u->fcr = val & (UART16550_FCR_FIFO_EN | UART16550_FCR_TRIGGER);
	if (!was_enabled || (val & UART16550_FCR_RX_RESET))
		rx_clear(u);
	/* The transmitter FIFO is always empty: TX_RESET has nothing to do. */
}

/*
 * A byte written to THR. It moves on at once, so THR is empty again and
 * the THR-empty interrupt is (re)armed: writing THR clears it, and the
 * holding register emptying sets it.
 */
static void write_thr(struct uart16550 *u, uint8_t val)
{
	if (loopback(u)) {
		/* SOUT is held marking; the byte goes to the receiver. */
		receive(u, val);
	} else {
		u->tx_bytes++;
		if (u->tx)
			u->tx(u->tx_ctx, val);
	}
	u->thr_int = true;
}

static void write_ier(struct uart16550 *u, uint8_t val)
{
	uint8_t old = u->ier;

	u->ier = val & UART16550_IER_MASK;
	/*
	 * Enabling ETBEI while THR is empty (it always is) raises the
	 * THR-empty interrupt, as a real 16550 does; Linux's THRE test in
	 * serial8250_do_startup() relies on it.
	 */
	if (!(old & UART16550_IER_ETBEI) && (u->ier & UART16550_IER_ETBEI))
		u->thr_int = true;
}

uint8_t uart16550_read(struct uart16550 *u, unsigned offset)
{
	bool dlab = u->lcr & UART16550_LCR_DLAB;
	uint8_t val;

	switch (offset) {
	case UART16550_RBR:
		if (dlab)
			return u->dll;
		return rx_pop(u);
	case UART16550_IER:
		if (dlab)
			return u->dlm;
		return u->ier;
	case UART16550_IIR:
		val = uart_iir(u);
		/* Reading IIR clears THR-empty if that is what it reports. */
		if ((val & 0x0f) == UART16550_IIR_THRI)
			u->thr_int = false;
		return val;
	case UART16550_LCR:
		return u->lcr;
	case UART16550_MCR:
		return u->mcr;
	case UART16550_LSR:
		val = u->lsr_err | UART16550_LSR_THRE | UART16550_LSR_TEMT;
		if (u->rx_len > 0)
			val |= UART16550_LSR_DR;
		u->lsr_err = 0;		/* reading LSR clears OE */
		return val;
	case UART16550_MSR:
		val = u->msr_lines | u->msr_delta;
		u->msr_delta = 0;	/* reading MSR clears the deltas */
		return val;
	case UART16550_SCR:
		return u->scr;
	default:
		u->last_error = UART16550_ERR_BAD_OFFSET;
		return 0xff;
	}
}

void uart16550_write(struct uart16550 *u, unsigned offset, uint8_t val)
{
	bool dlab = u->lcr & UART16550_LCR_DLAB;

	switch (offset) {
	case UART16550_THR:
		if (dlab)
			u->dll = val;
		else
			write_thr(u, val);
		break;
	case UART16550_IER:
		if (dlab)
			u->dlm = val;
		else
			write_ier(u, val);
		break;
	case UART16550_FCR:
		write_fcr(u, val);
		break;
	case UART16550_LCR:
		u->lcr = val;
		break;
	case UART16550_MCR:
		u->mcr = val & UART16550_MCR_MASK;
		update_modem_lines(u);
		break;
	case UART16550_LSR:
	case UART16550_MSR:
		/* Read-only here (the datasheet reserves LSR writes for test). */
		break;
	case UART16550_SCR:
		u->scr = val;
		break;
	default:
		u->last_error = UART16550_ERR_BAD_OFFSET;
		break;
	}
}

bool uart16550_irq_pending(const struct uart16550 *u)
{
	return !(uart_iir(u) & UART16550_IIR_NO_INT);
}

bool uart16550_irq_line(const struct uart16550 *u)
{
	if (loopback(u) || !(u->mcr & UART16550_MCR_OUT2))
		return false;
	return uart16550_irq_pending(u);
}

bool uart16550_rx_push(struct uart16550 *u, uint8_t byte)
{
	if (loopback(u)) {
		u->last_error = UART16550_ERR_LOOPBACK;
		return false;
	}
	return receive(u, byte);
}

unsigned uart16550_rx_room(const struct uart16550 *u)
{
	if (loopback(u) || u->rx_len >= rx_capacity(u))
		return 0;
	return rx_capacity(u) - u->rx_len;
}

const char *uart16550_error_str(int err)
{
	switch (err) {
	case UART16550_OK:
		return "ok";
	case UART16550_ERR_BAD_OFFSET:
		return "register offset out of range";
	case UART16550_ERR_OVERRUN:
		return "receiver overrun";
	case UART16550_ERR_LOOPBACK:
		return "input refused in loopback mode";
	default:
		return "unknown uart16550 error";
	}
}
