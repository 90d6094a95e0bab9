/*
 * Emulated 8259A PIC pair. See pic8259.h for what is modelled.
 *
 * Each chip is a set of 8-bit registers (IRR, ISR, IMR) and a priority
 * resolver. Priorities rotate: `lowest' names the IR with the lowest
 * priority, and the IR after it (mod 8) has the highest. Unrotated,
 * lowest = 7 and IR0 is highest.
 *
 * The slave's INT output is the master's IR2 input: after anything that
 * can change the slave's output, cascade_update() recomputes it and
 * drives the master's IR2 like any other edge-triggered line.
 *
 * Linux (arch/x86/kernel/i8259.c) programs the pair with ICW1 = 0x11,
 * ICW2 = 0x30 / 0x38, ICW3 = 0x04 / 0x02, ICW4 = 0x01 (0x03 on the
 * master with auto-EOI), acknowledges with specific EOIs (slave first,
 * then master IR2), and on a suspected spurious IRQ reads ISR with
 * OCW3 = 0x0B and goes back to IRR with 0x0A.
 */
#include "guest/pic8259.h"

/* ELCR bits that exist: IRQ0-2 and IRQ8, IRQ13 are always edge (PIIX). */
static const uint8_t elcr_writable[2] = { 0xf8, 0xde };

static void note(struct pic8259_pair *p, enum pic8259_error e)
{
	p->last_error = e;
	if (e == PIC8259_ERR_BAD_PORT || e == PIC8259_ERR_BAD_IRQ)
		p->bad_access++;
	else
		p->unsupported++;
}

/* Priority rank of ir on chip c: 0 is the highest, 7 the lowest. */
static unsigned rank(const struct pic8259 *c, unsigned ir)
{
	return (ir - c->lowest - 1) & 7;
}

/* The highest-priority IR whose bit is set in bits, or -1. */
static int highest(const struct pic8259 *c, uint8_t bits)
{
	unsigned r, ir;

	for (r = 0; r < 8; r++) {
		ir = (c->lowest + 1 + r) & 7;
		if (bits & (1u << ir))
			return (int)ir;
	}
	return -1;
}

/* Does the master treat ir as the input from the slave? */
static bool is_cascade(const struct pic8259 *master, unsigned ir)
{
	return ir == PIC8259_CASCADE_IR &&
	       (master->icw3 & (1u << PIC8259_CASCADE_IR));
}

/*
 * In-service levels that block requests. In special mask mode a masked
 * level neither blocks others nor is cleared by a non-specific EOI.
 */
static uint8_t blocking_isr(const struct pic8259 *c)
{
	if (c->special_mask)
		return c->isr & ~c->imr;
	return c->isr;
}

/*
 * The priority resolver: the IR this chip would present on an INTA,
 * or -1 if its INT output is low. A request needs its IRR bit set, its
 * IMR bit clear, and a higher priority than every in-service level. In
 * special fully nested mode the master lets a cascade input through even
 * while that same input is in service, so the slave can nest.
 */
static int chip_request(const struct pic8259 *c)
{
	int req = highest(c, c->irr & ~c->imr);
	int cur;

	if (req < 0)
		return -1;
	cur = highest(c, blocking_isr(c));
	if (cur < 0 || rank(c, (unsigned)req) < rank(c, (unsigned)cur))
		return req;
	if (req == cur && c->is_master && (c->icw4 & PIC8259_ICW4_SFNM) &&
	    is_cascade(c, (unsigned)req))
		return req;
	return -1;
}

/*
 * Drive input ir to level. Edge-triggered: a rising edge sets IRR. The
 * datasheet wants the line high until the INTA; a device input that falls
 * earlier keeps its IRR bit here all the same (keep_irr), as QEMU's and
 * KVM's 8259 models do: the emulated 16550 sends a byte in no time, so
 * its THR-empty line can fall and rise with no INTA between, and a lost
 * edge would stall the guest's serial output for good (Linux's tty on
 * the XT-PIC hung after "hv-init: LOC counting"). A spurious interrupt
 * costs the guest one IIR read. The cascade input (the slave's INT
 * output) is a level and follows it.
 */
static void chip_set_line(struct pic8259 *c, unsigned ir, bool level,
			  bool keep_irr)
{
	uint8_t bit = (uint8_t)(1u << ir);

	if (level) {
		if (!(c->lines & bit))
			c->irr |= bit;
		c->lines |= bit;
	} else {
		c->lines &= (uint8_t)~bit;
		if (!keep_irr)
			c->irr &= (uint8_t)~bit;
	}
}

/* Acknowledge ir (INTA or poll): IRR -> ISR, or AEOI with rotation. */
static void chip_ack(struct pic8259 *c, unsigned ir)
{
	uint8_t bit = (uint8_t)(1u << ir);

	c->irr &= (uint8_t)~bit;
	if (c->icw4 & PIC8259_ICW4_AEOI) {
		if (c->rotate_aeoi)
			c->lowest = (uint8_t)ir;
	} else {
		c->isr |= bit;
	}
}

/* Non-specific EOI: clear the highest-priority in-service level. */
static void chip_eoi(struct pic8259 *c, bool rotate)
{
	int ir = highest(c, blocking_isr(c));

	if (ir < 0)
		return;
	c->isr &= (uint8_t)~(1u << ir);
	if (rotate)
		c->lowest = (uint8_t)ir;
}

/* The slave's INT output drives the master's IR2. */
static void cascade_update(struct pic8259_pair *p)
{
	chip_set_line(&p->master, PIC8259_CASCADE_IR,
		      chip_request(&p->slave) >= 0, false);
}

/*
 * ICW1 starts initialisation (datasheet, "Initialization Command Words"):
 * the edge sense is reset, so an input must go low to high again; IMR is
 * cleared; IR7 gets the lowest priority; special mask mode is cleared and
 * reads select IRR; without IC4 all ICW4 functions are zero. IRR and ISR
 * are cleared too: the datasheet does not say, but a re-initialised chip
 * with stale in-service bits would block forever (QEMU and KVM agree).
 */
static void write_icw1(struct pic8259_pair *p, struct pic8259 *c,
		       uint8_t val)
{
	c->irr = 0;
	c->isr = 0;
	c->imr = 0;
	c->lowest = 7;
	c->read_isr = false;
	c->poll = false;
	c->special_mask = false;
	c->rotate_aeoi = false;
	c->icw4_needed = val & PIC8259_ICW1_IC4;
	c->single = val & PIC8259_ICW1_SNGL;
	if (!c->icw4_needed) {
		c->icw4 = 0;
		note(p, PIC8259_ERR_MCS80_MODE);
	}
	if (c->single)
		note(p, PIC8259_ERR_SINGLE_MODE);
	if (val & PIC8259_ICW1_LTIM)
		note(p, PIC8259_ERR_LEVEL_MODE);
	c->init_step = PIC8259_WANT_ICW2;
}

static void write_icw3(struct pic8259_pair *p, struct pic8259 *c,
		       uint8_t val)
{
	c->icw3 = val;
	if (c->is_master) {
		if (val & ~(1u << PIC8259_CASCADE_IR))
			note(p, PIC8259_ERR_CASCADE);
	} else if ((val & 7) != PIC8259_CASCADE_IR) {
		note(p, PIC8259_ERR_CASCADE);
	}
}

static void write_icw4(struct pic8259_pair *p, struct pic8259 *c,
		       uint8_t val)
{
	c->icw4 = val & 0x1f;
	if (!(val & PIC8259_ICW4_UPM))
		note(p, PIC8259_ERR_MCS80_MODE);
}

/* A0 = 1: the next ICW during initialisation, else OCW1 (the mask). */
static void write_data(struct pic8259_pair *p, struct pic8259 *c,
		       uint8_t val)
{
	switch (c->init_step) {
	case PIC8259_WANT_ICW2:
		c->vector_base = val & 0xf8;
		if (!c->single)
			c->init_step = PIC8259_WANT_ICW3;
		else if (c->icw4_needed)
			c->init_step = PIC8259_WANT_ICW4;
		else
			c->init_step = PIC8259_READY;
		break;
	case PIC8259_WANT_ICW3:
		write_icw3(p, c, val);
		c->init_step = c->icw4_needed ? PIC8259_WANT_ICW4 :
						PIC8259_READY;
		break;
	case PIC8259_WANT_ICW4:
		write_icw4(p, c, val);
		c->init_step = PIC8259_READY;
		break;
	case PIC8259_READY:
	default:
		c->imr = val;
		break;
	}
}

/* OCW2: EOI, rotation and priority commands. */
static void write_ocw2(struct pic8259 *c, uint8_t val)
{
	unsigned level = val & 7;

	switch (val & 0xe0) {
	case PIC8259_OCW2_ROT_AEOI_CLR:
		c->rotate_aeoi = false;
		break;
	case PIC8259_OCW2_EOI:
		chip_eoi(c, false);
		break;
	case PIC8259_OCW2_NOP:
		break;
	case PIC8259_OCW2_SEOI:
		c->isr &= (uint8_t)~(1u << level);
		break;
	case PIC8259_OCW2_ROT_AEOI_SET:
		c->rotate_aeoi = true;
		break;
	case PIC8259_OCW2_ROT_EOI:
		chip_eoi(c, true);
		break;
	case PIC8259_OCW2_SET_PRIO:
		c->lowest = (uint8_t)level;
		break;
	case PIC8259_OCW2_ROT_SEOI:
		c->isr &= (uint8_t)~(1u << level);
		c->lowest = (uint8_t)level;
		break;
	}
}

/* OCW3: special mask mode, poll, and which register reads return. */
static void write_ocw3(struct pic8259 *c, uint8_t val)
{
	if (val & PIC8259_OCW3_ESMM)
		c->special_mask = val & PIC8259_OCW3_SMM;
	if (val & PIC8259_OCW3_RR)
		c->read_isr = val & PIC8259_OCW3_RIS;
	if (val & PIC8259_OCW3_P)
		c->poll = true;
}

/* A0 = 0: ICW1 if D4 is set, else OCW3 if D3 is set, else OCW2. */
static void write_cmd(struct pic8259_pair *p, struct pic8259 *c,
		      uint8_t val)
{
	if (val & PIC8259_ICW1_INIT)
		write_icw1(p, c, val);
	else if (val & PIC8259_OCW3)
		write_ocw3(c, val);
	else
		write_ocw2(c, val);
}

/*
 * A0 = 0 read: after a poll command the poll word (bit 7 = a request
 * was pending, bits 2:0 = its IR; it is acknowledged as by an INTA),
 * otherwise IRR or ISR as OCW3 selected. The poll takes precedence.
 */
static uint8_t read_cmd(struct pic8259 *c)
{
	int ir;

	if (c->poll) {
		c->poll = false;
		ir = chip_request(c);
		if (ir < 0)
			return 0;
		chip_ack(c, (unsigned)ir);
		return (uint8_t)(0x80 | ir);
	}
	return c->read_isr ? c->isr : c->irr;
}

/* Initialised as a BIOS would leave a chip. */
static void chip_init(struct pic8259 *c, bool is_master, uint8_t base,
		      uint8_t icw3)
{
	*c = (struct pic8259){ 0 };
	c->is_master = is_master;
	c->vector_base = base;
	c->icw3 = icw3;
	c->icw4 = PIC8259_ICW4_UPM;
	c->imr = 0xff;
	c->lowest = 7;
	c->init_step = PIC8259_READY;
}

void pic_pair_init(struct pic8259_pair *p)
{
	*p = (struct pic8259_pair){ 0 };
	chip_init(&p->master, true, 0x08, 1u << PIC8259_CASCADE_IR);
	chip_init(&p->slave, false, 0x70, PIC8259_CASCADE_IR);
}

bool pic_pair_handles_port(uint16_t port)
{
	switch (port) {
	case PIC8259_MASTER_CMD:
	case PIC8259_MASTER_DATA:
	case PIC8259_SLAVE_CMD:
	case PIC8259_SLAVE_DATA:
	case PIC8259_ELCR1:
	case PIC8259_ELCR2:
		return true;
	default:
		return false;
	}
}

uint8_t pic_pair_read(struct pic8259_pair *p, uint16_t port)
{
	uint8_t val;

	switch (port) {
	case PIC8259_MASTER_CMD:
		return read_cmd(&p->master);
	case PIC8259_MASTER_DATA:
		return p->master.imr;
	case PIC8259_SLAVE_CMD:
		val = read_cmd(&p->slave);	/* a poll acknowledges */
		cascade_update(p);
		return val;
	case PIC8259_SLAVE_DATA:
		return p->slave.imr;
	case PIC8259_ELCR1:
		return p->elcr[0];
	case PIC8259_ELCR2:
		return p->elcr[1];
	default:
		note(p, PIC8259_ERR_BAD_PORT);
		return 0xff;
	}
}

static void write_elcr(struct pic8259_pair *p, unsigned i, uint8_t val)
{
	p->elcr[i] = val & elcr_writable[i];
	if (p->elcr[i])
		note(p, PIC8259_ERR_ELCR_LEVEL);
}

void pic_pair_write(struct pic8259_pair *p, uint16_t port, uint8_t val)
{
	switch (port) {
	case PIC8259_MASTER_CMD:
		write_cmd(p, &p->master, val);
		break;
	case PIC8259_MASTER_DATA:
		write_data(p, &p->master, val);
		break;
	case PIC8259_SLAVE_CMD:
		write_cmd(p, &p->slave, val);
		cascade_update(p);
		break;
	case PIC8259_SLAVE_DATA:
		write_data(p, &p->slave, val);
		cascade_update(p);
		break;
	case PIC8259_ELCR1:
		write_elcr(p, 0, val);
		break;
	case PIC8259_ELCR2:
		write_elcr(p, 1, val);
		break;
	default:
		note(p, PIC8259_ERR_BAD_PORT);
		break;
	}
}

/* irq is a device line we can drive: 0..15 except the cascade. */
static bool device_irq(struct pic8259_pair *p, unsigned irq)
{
	if (irq >= PIC8259_NR_IRQS || irq == PIC8259_CASCADE_IR) {
		note(p, PIC8259_ERR_BAD_IRQ);
		return false;
	}
	return true;
}

void pic_pair_set_irq(struct pic8259_pair *p, unsigned irq, bool level)
{
	if (!device_irq(p, irq))
		return;
	if (irq < 8) {
		chip_set_line(&p->master, irq, level, true);
	} else {
		chip_set_line(&p->slave, irq - 8, level, true);
		cascade_update(p);
	}
}

void pic_pair_pulse_irq(struct pic8259_pair *p, unsigned irq)
{
	struct pic8259 *c;
	unsigned ir;

	if (!device_irq(p, irq))
		return;
	c = irq < 8 ? &p->master : &p->slave;
	ir = irq & 7;
	chip_set_line(c, ir, true, true);
	chip_set_line(c, ir, false, true);	/* line low, IRR stays */
	if (irq >= 8)
		cascade_update(p);
}

int pic_pair_pending_vector(const struct pic8259_pair *p)
{
	int ir = chip_request(&p->master);
	int sir;

	if (ir < 0)
		return -1;
	if (!is_cascade(&p->master, (unsigned)ir))
		return p->master.vector_base | ir;
	sir = chip_request(&p->slave);
	if (sir < 0)
		return p->slave.vector_base | 7;
	return p->slave.vector_base | sir;
}

int pic_pair_ack(struct pic8259_pair *p)
{
	int ir = chip_request(&p->master);
	int sir, vector;

	if (ir < 0) {
		/* The request went away: default IR7, no ISR bit. */
		p->spurious++;
		return p->master.vector_base | 7;
	}
	chip_ack(&p->master, (unsigned)ir);
	if (!is_cascade(&p->master, (unsigned)ir))
		return p->master.vector_base | ir;

	/* The master put IR2 on CAS0-2; the slave supplies the vector. */
	sir = chip_request(&p->slave);
	if (sir < 0) {
		p->spurious++;
		vector = p->slave.vector_base | 7;
	} else {
		chip_ack(&p->slave, (unsigned)sir);
		vector = p->slave.vector_base | sir;
	}
	cascade_update(p);
	return vector;
}

const char *pic8259_error_str(int err)
{
	switch (err) {
	case PIC8259_OK:
		return "ok";
	case PIC8259_ERR_SINGLE_MODE:
		return "single mode (ICW1.SNGL) not supported";
	case PIC8259_ERR_LEVEL_MODE:
		return "level-triggered mode (ICW1.LTIM) not supported";
	case PIC8259_ERR_MCS80_MODE:
		return "MCS-80/85 mode not supported";
	case PIC8259_ERR_CASCADE:
		return "ICW3 does not match the cascade wiring";
	case PIC8259_ERR_ELCR_LEVEL:
		return "level-triggered ELCR bits not supported";
	case PIC8259_ERR_BAD_PORT:
		return "port not handled by the PIC";
	case PIC8259_ERR_BAD_IRQ:
		return "irq out of range or the cascade input";
	default:
		return "unknown pic8259 error";
	}
}
