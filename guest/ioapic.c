/* Emulated I/O APIC; see ioapic.h. */
#include "guest/ioapic.h"

void ioapic_init(struct ioapic *io, ioapic_deliver_fn deliver, void *ctx)
{
	*io = (struct ioapic){ 0 };
	io->deliver = deliver;
	io->ctx = ctx;
	for (unsigned i = 0; i < IOAPIC_PINS; i++)
		io->rte[i] = IOAPIC_RTE_MASKED;
}

static bool asserted(const struct ioapic *io, unsigned pin)
{
	bool wire = io->wire & (1u << pin);
	return (io->rte[pin] & IOAPIC_RTE_ACTIVE_LOW) ? !wire : wire;
}

static void send(struct ioapic *io, unsigned pin)
{
	uint64_t rte = io->rte[pin];
	struct apic_msg m = {
		.vector = (uint8_t)(rte & IOAPIC_RTE_VECTOR),
		.delivery = (rte >> IOAPIC_RTE_DM_SHIFT) & 7,
		.logical = rte & IOAPIC_RTE_DEST_LOGICAL,
		.level = rte & IOAPIC_RTE_LEVEL,
		.dest = (uint8_t)(rte >> IOAPIC_RTE_DEST_SHIFT),
		.shorthand = APIC_SH_NONE,
	};

	if (m.level)
		io->rte[pin] |= IOAPIC_RTE_REMOTE_IRR;
	io->sent++;
	if (io->deliver)
		io->deliver(io->ctx, &m);
}

/* A level-triggered entry sends while its input is asserted and nothing
 * it sent is in service. */
static void service_level(struct ioapic *io, unsigned pin)
{
	uint64_t rte = io->rte[pin];

	if ((rte & IOAPIC_RTE_LEVEL) && !(rte & IOAPIC_RTE_MASKED) &&
	    !(rte & IOAPIC_RTE_REMOTE_IRR) && asserted(io, pin))
		send(io, pin);
}

void ioapic_set_irq(struct ioapic *io, unsigned pin, bool level)
{
	bool was;

	if (pin >= IOAPIC_PINS) {
		io->bad_access++;
		return;
	}
	was = asserted(io, pin);
	if (level)
		io->wire |= 1u << pin;
	else
		io->wire &= ~(1u << pin);
	if (io->rte[pin] & IOAPIC_RTE_LEVEL)
		service_level(io, pin);
	else if (!was && asserted(io, pin) &&
		 !(io->rte[pin] & IOAPIC_RTE_MASKED))
		send(io, pin);
}

void ioapic_eoi(struct ioapic *io, uint8_t vector)
{
	for (unsigned pin = 0; pin < IOAPIC_PINS; pin++) {
		uint64_t rte = io->rte[pin];
		if ((rte & IOAPIC_RTE_LEVEL) &&
		    (rte & IOAPIC_RTE_VECTOR) == vector &&
		    (rte & IOAPIC_RTE_REMOTE_IRR)) {
			io->rte[pin] &= ~IOAPIC_RTE_REMOTE_IRR;
			service_level(io, pin);
		}
	}
}

static uint32_t read_reg(const struct ioapic *io, uint8_t reg)
{
	switch (reg) {
	case IOAPIC_REG_ID:
	case IOAPIC_REG_ARB:
		return io->id;
	case IOAPIC_REG_VERSION:
		return IOAPIC_VERSION_VALUE;
	}
	if (reg >= IOAPIC_REG_REDTBL && reg < IOAPIC_REG_REDTBL + 2 * IOAPIC_PINS) {
		unsigned n = (reg - IOAPIC_REG_REDTBL) / 2;
		return (uint32_t)(reg & 1 ? io->rte[n] >> 32 : io->rte[n]);
	}
	return 0xFFFFFFFFu;	/* no register there */
}

static void write_rte(struct ioapic *io, unsigned n, bool high, uint32_t val)
{
	uint64_t rte = io->rte[n];
	uint64_t v = high ? ((uint64_t)val << 32) | (rte & 0xFFFFFFFFULL) :
			    (rte & ~0xFFFFFFFFULL) | val;

	io->rte[n] = (v & IOAPIC_RTE_WRITABLE) |
		     (rte & (IOAPIC_RTE_DELIVS | IOAPIC_RTE_REMOTE_IRR));
	/* Remote IRR means nothing for an edge-triggered entry. */
	if (!(io->rte[n] & IOAPIC_RTE_LEVEL))
		io->rte[n] &= ~IOAPIC_RTE_REMOTE_IRR;
	/* Unmasking an asserted level input sends it. */
	service_level(io, n);
}

static void write_reg(struct ioapic *io, uint8_t reg, uint32_t val)
{
	if (reg == IOAPIC_REG_ID) {
		io->id = val & 0x0F000000u;
		return;
	}
	if (reg >= IOAPIC_REG_REDTBL && reg < IOAPIC_REG_REDTBL + 2 * IOAPIC_PINS)
		write_rte(io, (reg - IOAPIC_REG_REDTBL) / 2, reg & 1, val);
	/* Version, arbitration ID and absent registers: read only. */
}

uint64_t ioapic_mmio_read(struct ioapic *io, uint32_t offset, unsigned size)
{
	uint64_t v;

	switch (offset & ~3u) {
	case IOAPIC_IOREGSEL:
		v = io->regsel;
		break;
	case IOAPIC_IOWIN:
		v = read_reg(io, io->regsel);
		break;
	default:
		v = 0;	/* EOI is write-only; the rest is reserved */
		break;
	}
	v >>= (offset & 3) * 8;
	if (size < 8)
		v &= (1ULL << (size * 8)) - 1;
	return v;
}

void ioapic_mmio_write(struct ioapic *io, uint32_t offset, unsigned size,
		       uint64_t value)
{
	switch (offset) {
	case IOAPIC_IOREGSEL:
		io->regsel = (uint8_t)value;	/* byte or dword: bits 7:0 */
		return;
	case IOAPIC_IOWIN:
		if (size < 4) {
			io->bad_access++;	/* the window is 32 bits */
			return;
		}
		write_reg(io, io->regsel, (uint32_t)value);
		return;
	case IOAPIC_EOI:
		ioapic_eoi(io, (uint8_t)value);
		return;
	}
	/* Reserved offsets: writes dropped. */
}

bool ioapic_nmi_armed(const struct ioapic *io)
{
	for (unsigned i = 0; i < IOAPIC_PINS; i++) {
		uint64_t rte = io->rte[i];
		if (!(rte & IOAPIC_RTE_MASKED) &&
		    ((rte >> IOAPIC_RTE_DM_SHIFT) & 7) == APIC_DM_NMI)
			return true;
	}
	return false;
}
