/*
 * Emulated 8259A programmable interrupt controller pair, as on a PC/AT:
 * master at 0x20/0x21, slave at 0xA0/0xA1, the slave's INT output wired
 * to the master's IR2. Plus the ELCR pair at 0x4D0/0x4D1.
 *
 * Spec: Intel 8259A datasheet (order 231468): "Initialization Command
 * Words" (ICW1-ICW4), "Operation Command Words" (OCW1-OCW3), "Interrupt
 * Sequence", "The Special Fully Nested Mode", "Priority Rotation",
 * "Special Mask Mode", "Poll Command", "Edge and Level Triggered Modes".
 * ELCR: Intel PIIX/PIIX3 datasheet, "ELCR1/ELCR2 - Edge/Level Control".
 *
 * Supported: cascade through IR2, 8086 vectors (ICW2 & 0xF8 | IR), AEOI,
 * special fully nested mode, all OCW2 commands (non-specific and
 * specific EOI, the three rotations, set priority), OCW3 register read
 * select, poll command and special mask mode. Priorities are fully
 * nested: IR0 highest unless rotated, a request is blocked by an
 * in-service level of higher or equal priority, and the slave's requests
 * share the master's IR2 level.
 *
 * Not supported, counted in `unsupported' and recorded in last_error,
 * then ignored:
 *  - single mode (ICW1.SNGL): the ICW sequence still skips ICW3 as the
 *    guest expects, but the chips stay cascaded;
 *  - level-triggered mode (ICW1.LTIM): inputs stay edge-triggered;
 *  - MCS-80/85 mode (ICW1.IC4 = 0, or ICW4.uPM = 0): 8086 vectors are
 *    delivered anyway;
 *  - an ICW3 that does not match the wiring (master: slaves on IRs other
 *    than IR2; slave: an ID other than 2). Extra master bits are ignored;
 *    the slave answers for IR2 whatever its ID;
 *  - level-triggered bits in ELCR (the registers read back, but every
 *    input stays edge-triggered).
 * A master ICW3 without bit 2 is honoured: IR2 becomes a plain input and
 * the master supplies its own vector for it.
 * Buffered mode and ICW4.M/S have no effect on an emulated bus.
 *
 * Inputs are edge-triggered as on the chip: a low-to-high transition sets
 * the IRR bit, and the IR input must stay high until the INTA; if it goes
 * low first the IRR bit clears and an INTA yields the default IR7
 * (spurious) vector. See pic_pair_pulse_irq() for devices with no level.
 *
 * All state is in struct pic8259_pair; the model does no I/O.
 */
#ifndef GUEST_PIC8259_H
#define GUEST_PIC8259_H

#include <stdbool.h>
#include <stdint.h>

#define PIC8259_MASTER_CMD	0x20	/* A0 = 0 */
#define PIC8259_MASTER_DATA	0x21	/* A0 = 1 */
#define PIC8259_SLAVE_CMD	0xa0
#define PIC8259_SLAVE_DATA	0xa1
#define PIC8259_ELCR1		0x4d0	/* IRQ0-7 edge/level */
#define PIC8259_ELCR2		0x4d1	/* IRQ8-15 edge/level */

#define PIC8259_CASCADE_IR	2	/* master input the slave drives */
#define PIC8259_NR_IRQS		16

/* ICW1 (A0 = 0, D4 = 1). */
#define PIC8259_ICW1_IC4	0x01	/* ICW4 needed */
#define PIC8259_ICW1_SNGL	0x02	/* single (no ICW3) */
#define PIC8259_ICW1_ADI	0x04	/* call address interval (MCS-80) */
#define PIC8259_ICW1_LTIM	0x08	/* level triggered */
#define PIC8259_ICW1_INIT	0x10	/* marks ICW1 */

/* ICW4. */
#define PIC8259_ICW4_UPM	0x01	/* 8086/8088 mode */
#define PIC8259_ICW4_AEOI	0x02	/* automatic end of interrupt */
#define PIC8259_ICW4_MS		0x04	/* buffered master/slave */
#define PIC8259_ICW4_BUF	0x08	/* buffered mode */
#define PIC8259_ICW4_SFNM	0x10	/* special fully nested mode */

/* OCW2 (A0 = 0, D4:D3 = 00): R SL EOI in bits 7:5, level in 2:0. */
#define PIC8259_OCW2_ROT_AEOI_CLR	0x00
#define PIC8259_OCW2_EOI		0x20	/* non-specific EOI */
#define PIC8259_OCW2_NOP		0x40
#define PIC8259_OCW2_SEOI		0x60	/* specific EOI */
#define PIC8259_OCW2_ROT_AEOI_SET	0x80
#define PIC8259_OCW2_ROT_EOI		0xa0	/* rotate on non-specific EOI */
#define PIC8259_OCW2_SET_PRIO		0xc0
#define PIC8259_OCW2_ROT_SEOI		0xe0	/* rotate on specific EOI */

/* OCW3 (A0 = 0, D4:D3 = 01). */
#define PIC8259_OCW3		0x08
#define PIC8259_OCW3_RIS	0x01	/* with RR: read ISR, else IRR */
#define PIC8259_OCW3_RR		0x02	/* act on RIS */
#define PIC8259_OCW3_P		0x04	/* poll command */
#define PIC8259_OCW3_SMM	0x20	/* with ESMM: set special mask */
#define PIC8259_OCW3_ESMM	0x40	/* act on SMM */

/* Conditions recorded in last_error; see pic8259_error_str(). */
enum pic8259_error {
	PIC8259_OK = 0,
	PIC8259_ERR_SINGLE_MODE,	/* ICW1.SNGL: unsupported */
	PIC8259_ERR_LEVEL_MODE,		/* ICW1.LTIM: unsupported */
	PIC8259_ERR_MCS80_MODE,		/* no ICW4, or ICW4.uPM = 0 */
	PIC8259_ERR_CASCADE,		/* ICW3 does not match the wiring */
	PIC8259_ERR_ELCR_LEVEL,		/* level mode requested in ELCR */
	PIC8259_ERR_BAD_PORT,		/* access to a port not ours */
	PIC8259_ERR_BAD_IRQ,		/* set_irq() with irq > 15 or 2 */
};

/* Which ICW the chip expects next on its data port. */
enum pic8259_init_step {
	PIC8259_READY = 0,	/* initialised: data port is OCW1 (IMR) */
	PIC8259_WANT_ICW2,
	PIC8259_WANT_ICW3,
	PIC8259_WANT_ICW4,
};

/* One 8259A. */
struct pic8259 {
	bool is_master;
	uint8_t irr;		/* interrupt request register */
	uint8_t isr;		/* in-service register */
	uint8_t imr;		/* interrupt mask register (OCW1) */
	uint8_t lines;		/* present level of IR0-7, for edges */
	uint8_t vector_base;	/* ICW2 & 0xF8 */
	uint8_t icw3;		/* master: IRs with slaves; slave: its ID */
	uint8_t icw4;
	enum pic8259_init_step init_step;
	bool icw4_needed;	/* ICW1.IC4 of the sequence in progress */
	bool single;		/* ICW1.SNGL of the sequence in progress */
	uint8_t lowest;		/* IR with the lowest priority (7 unrotated) */
	bool read_isr;		/* OCW3: command port reads ISR, not IRR */
	bool poll;		/* OCW3: next command-port read is a poll */
	bool special_mask;	/* OCW3: special mask mode */
	bool rotate_aeoi;	/* OCW2: rotate in automatic EOI mode */
};

struct pic8259_pair {
	struct pic8259 master, slave;
	uint8_t elcr[2];	/* 0x4D0, 0x4D1 as written (reserved bits 0) */
	uint32_t unsupported;	/* guest asked for something not emulated */
	uint32_t bad_access;	/* hypervisor passed a bad port or irq */
	uint32_t spurious;	/* INTA cycles that found no request */
	enum pic8259_error last_error;
};

/*
 * The state a PC BIOS leaves: both chips initialised in 8086 mode,
 * master vectors 0x08-0x0F, slave 0x70-0x77, slave on IR2, no AEOI,
 * all inputs masked, nothing pending, ELCR all edge.
 */
void pic_pair_init(struct pic8259_pair *p);

/* True for 0x20, 0x21, 0xA0, 0xA1, 0x4D0, 0x4D1. */
bool pic_pair_handles_port(uint16_t port);

/* Guest IN. Ports not handled read 0xFF. */
uint8_t pic_pair_read(struct pic8259_pair *p, uint16_t port);

/* Guest OUT. Ports not handled are ignored. */
void pic_pair_write(struct pic8259_pair *p, uint16_t port, uint8_t val);

/*
 * Drive ISA IRQ line irq (0..15) to level. A rising edge latches the IRR
 * bit; a low level clears it. irq > 15 is ignored; so is irq 2, which is
 * the cascade input on a PC, not a device line (ISA IRQ2 is IRQ9).
 */
void pic_pair_set_irq(struct pic8259_pair *p, unsigned irq, bool level);

/*
 * For device models that signal an event rather than hold a level: a
 * rising edge that stays latched in IRR until the INTA even though the
 * line is left low afterwards. Not what a real IR pin does (a real pulse
 * must be held until INTA); provided so that such models cannot lose
 * their interrupt. Same irq rules as pic_pair_set_irq().
 */
void pic_pair_pulse_irq(struct pic8259_pair *p, unsigned irq);

/*
 * -1 if the master's INT output is low; otherwise the vector the next
 * INTA would deliver. Changes nothing.
 */
int pic_pair_pending_vector(const struct pic8259_pair *p);

/*
 * The INTA cycle. Returns the vector; moves the chosen request from IRR
 * to ISR on the master and, for IR2, on the slave (neither in AEOI mode).
 * With no request (the IR line fell before INTA) the master answers its
 * IR7 vector and sets no ISR bit; likewise the slave answers its IR7
 * (IRQ15) vector when the master picked IR2 but the slave has nothing.
 * A CPU runs INTA only after it saw INT high, so call it once
 * pic_pair_pending_vector() has returned >= 0; if the request vanished
 * in between, the spurious vector is the right answer.
 */
int pic_pair_ack(struct pic8259_pair *p);

/* Short human-readable name of an enum pic8259_error value. */
const char *pic8259_error_str(int err);

#endif /* GUEST_PIC8259_H */
