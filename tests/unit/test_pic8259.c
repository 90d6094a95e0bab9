/*
 * Unit tests for the emulated 8259A pair (guest/pic8259.c).
 *
 * The driver-side sequences are those of Linux's arch/x86/kernel/i8259.c:
 * init_8259A(), probe_8259A(), mask/unmask_8259A_irq(),
 * mask_and_ack_8259A() and i8259A_irq_real(), replayed port by port.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "guest/pic8259.h"

#define M_CMD	0x20
#define M_IMR	0x21
#define S_CMD	0xa0
#define S_IMR	0xa1

/* Linux's cached_irq_mask, per test. */
struct linux_pic {
	struct pic8259_pair p;
	unsigned cached_irq_mask;
};

static uint8_t inb(struct linux_pic *l, uint16_t port)
{
	return pic_pair_read(&l->p, port);
}

static void outb(struct linux_pic *l, uint8_t val, uint16_t port)
{
	pic_pair_write(&l->p, port, val);
}

/* init_8259A(auto_eoi) with ISA_IRQ_VECTOR(0) = 0x30. */
static void linux_init_8259A(struct linux_pic *l, int auto_eoi)
{
	outb(l, 0xff, M_IMR);
	outb(l, 0x11, M_CMD);			/* ICW1 */
	outb(l, 0x30, M_IMR);			/* ICW2 */
	outb(l, 1u << 2, M_IMR);		/* ICW3: slave on IR2 */
	outb(l, auto_eoi ? 0x01 | 0x02 : 0x01, M_IMR);	/* ICW4 */
	outb(l, 0x11, S_CMD);
	outb(l, 0x38, S_IMR);
	outb(l, 2, S_IMR);
	outb(l, 0x01, S_IMR);
	outb(l, l->cached_irq_mask & 0xff, M_IMR);
	outb(l, l->cached_irq_mask >> 8, S_IMR);
}

static void linux_setup(struct linux_pic *l, int auto_eoi)
{
	pic_pair_init(&l->p);
	l->cached_irq_mask = 0xffff;
	linux_init_8259A(l, auto_eoi);
}

static void unmask_8259A_irq(struct linux_pic *l, unsigned irq)
{
	l->cached_irq_mask &= ~(1u << irq);
	if (irq & 8)
		outb(l, l->cached_irq_mask >> 8, S_IMR);
	else
		outb(l, l->cached_irq_mask & 0xff, M_IMR);
}

/* i8259A_irq_real(): is irq in service? Reads ISR, then back to IRR. */
static int i8259A_irq_real(struct linux_pic *l, unsigned irq)
{
	int value;

	if (irq < 8) {
		outb(l, 0x0b, M_CMD);
		value = inb(l, M_CMD) & (1u << irq);
		outb(l, 0x0a, M_CMD);
		return value;
	}
	outb(l, 0x0b, S_CMD);
	value = inb(l, S_CMD) & ((1u << irq) >> 8);
	outb(l, 0x0a, S_CMD);
	return value;
}

/* mask_and_ack_8259A(); returns true if Linux would call it spurious. */
static bool mask_and_ack_8259A(struct linux_pic *l, unsigned irq)
{
	unsigned irqmask = 1u << irq;
	bool spurious = false;

	if (l->cached_irq_mask & irqmask) {
		if (!i8259A_irq_real(l, irq))
			spurious = true;
	}
	l->cached_irq_mask |= irqmask;
	if (irq & 8) {
		inb(l, S_IMR);
		outb(l, l->cached_irq_mask >> 8, S_IMR);
		outb(l, 0x60 + (irq & 7), S_CMD);
		outb(l, 0x60 + 2, M_CMD);
	} else {
		inb(l, M_IMR);
		outb(l, l->cached_irq_mask & 0xff, M_IMR);
		outb(l, 0x60 + irq, M_CMD);
	}
	return spurious;
}

static uint8_t read_isr(struct pic8259_pair *p, uint16_t cmd)
{
	uint8_t v;

	pic_pair_write(p, cmd, 0x0b);
	v = pic_pair_read(p, cmd);
	pic_pair_write(p, cmd, 0x0a);
	return v;
}

static uint8_t read_irr(struct pic8259_pair *p, uint16_t cmd)
{
	pic_pair_write(p, cmd, 0x0a);
	return pic_pair_read(p, cmd);
}

/* ---------------------------------------------------------------------- */

static void test_init_state(void **state)
{
	struct pic8259_pair p;

	pic_pair_init(&p);
	assert_int_equal(pic_pair_read(&p, M_IMR), 0xff);
	assert_int_equal(pic_pair_read(&p, S_IMR), 0xff);
	assert_int_equal(pic_pair_read(&p, M_CMD), 0x00);
	assert_int_equal(pic_pair_read(&p, S_CMD), 0x00);
	assert_int_equal(read_isr(&p, M_CMD), 0x00);
	assert_int_equal(pic_pair_read(&p, 0x4d0), 0x00);
	assert_int_equal(pic_pair_read(&p, 0x4d1), 0x00);
	assert_int_equal(pic_pair_pending_vector(&p), -1);
	assert_int_equal(p.master.vector_base, 0x08);
	assert_int_equal(p.slave.vector_base, 0x70);
	assert_int_equal(p.master.icw3, 0x04);
	assert_int_equal(p.slave.icw3, 0x02);
	assert_int_equal(p.master.icw4, 0x01);
	assert_int_equal(p.master.init_step, PIC8259_READY);
	assert_true(p.master.is_master);
	assert_false(p.slave.is_master);
	assert_int_equal(p.unsupported, 0);
	assert_int_equal(p.bad_access, 0);
	assert_int_equal(p.last_error, PIC8259_OK);

	/* Masked inputs latch IRR but raise nothing. */
	pic_pair_set_irq(&p, 0, true);
	assert_int_equal(pic_pair_read(&p, M_CMD), 0x01);
	assert_int_equal(pic_pair_pending_vector(&p), -1);
	pic_pair_write(&p, M_IMR, 0xfe);
	assert_int_equal(pic_pair_pending_vector(&p), 0x08);
}

static void test_linux_probe_and_init(void **state)
{
	struct linux_pic l;

	pic_pair_init(&l.p);
	/* probe_8259A() */
	outb(&l, 0xff, S_IMR);
	outb(&l, 0xfb, M_IMR);
	assert_int_equal(inb(&l, M_IMR), 0xfb);

	l.cached_irq_mask = 0xffff;
	linux_init_8259A(&l, 0);
	assert_int_equal(l.p.master.init_step, PIC8259_READY);
	assert_int_equal(l.p.slave.init_step, PIC8259_READY);
	assert_int_equal(l.p.master.vector_base, 0x30);
	assert_int_equal(l.p.slave.vector_base, 0x38);
	assert_int_equal(l.p.master.icw3, 0x04);
	assert_int_equal(l.p.slave.icw3, 0x02);
	assert_int_equal(l.p.master.icw4, 0x01);
	assert_int_equal(l.p.slave.icw4, 0x01);
	assert_int_equal(inb(&l, M_IMR), 0xff);
	assert_int_equal(inb(&l, S_IMR), 0xff);
	assert_int_equal(l.p.unsupported, 0);
	assert_int_equal(l.p.last_error, PIC8259_OK);
	assert_int_equal(pic_pair_pending_vector(&l.p), -1);

	/* i8259A_irq_pending(): a plain command-port read gives IRR. */
	unmask_8259A_irq(&l, 2);
	pic_pair_set_irq(&l.p, 4, true);
	pic_pair_set_irq(&l.p, 9, true);
	assert_int_equal(inb(&l, M_CMD) & (1u << 4), 0x10);
	assert_int_equal(inb(&l, S_CMD) & ((1u << 9) >> 8), 0x02);
	assert_int_equal(inb(&l, M_CMD), 0x10);	/* IR2 needs IRQ9 unmasked */
	unmask_8259A_irq(&l, 9);
	assert_int_equal(inb(&l, M_CMD), 0x14);
}

static void test_irq0_delivery_and_eoi(void **state)
{
	struct linux_pic l;

	linux_setup(&l, 0);
	unmask_8259A_irq(&l, 0);
	pic_pair_set_irq(&l.p, 0, true);
	assert_int_equal(pic_pair_pending_vector(&l.p), 0x30);
	assert_int_equal(inb(&l, M_CMD), 0x01);		/* IRR */
	assert_int_equal(pic_pair_ack(&l.p), 0x30);
	assert_int_equal(inb(&l, M_CMD), 0x00);
	assert_int_equal(read_isr(&l.p, M_CMD), 0x01);
	assert_int_equal(inb(&l, M_CMD), 0x00);		/* back to IRR */
	assert_int_equal(pic_pair_pending_vector(&l.p), -1);

	assert_false(mask_and_ack_8259A(&l, 0));
	assert_int_equal(read_isr(&l.p, M_CMD), 0x00);
	assert_int_equal(inb(&l, M_IMR), 0xff);

	/* A new edge while masked: latched, not delivered. */
	pic_pair_set_irq(&l.p, 0, false);
	pic_pair_set_irq(&l.p, 0, true);
	assert_int_equal(inb(&l, M_CMD), 0x01);
	assert_int_equal(pic_pair_pending_vector(&l.p), -1);
	unmask_8259A_irq(&l, 0);
	assert_int_equal(pic_pair_pending_vector(&l.p), 0x30);
	assert_int_equal(pic_pair_ack(&l.p), 0x30);
	assert_int_equal(l.p.spurious, 0);
}

static void test_slave_irq12(void **state)
{
	struct linux_pic l;

	linux_setup(&l, 0);
	unmask_8259A_irq(&l, 2);
	unmask_8259A_irq(&l, 12);
	assert_int_equal(inb(&l, M_IMR), 0xfb);
	assert_int_equal(inb(&l, S_IMR), 0xef);

	pic_pair_set_irq(&l.p, 12, true);
	assert_int_equal(inb(&l, S_CMD), 0x10);
	assert_int_equal(inb(&l, M_CMD), 0x04);		/* via the cascade */
	assert_int_equal(pic_pair_pending_vector(&l.p), 0x3c);
	assert_int_equal(pic_pair_ack(&l.p), 0x3c);
	assert_int_equal(read_isr(&l.p, M_CMD), 0x04);
	assert_int_equal(read_isr(&l.p, S_CMD), 0x10);
	assert_int_equal(inb(&l, M_CMD), 0x00);
	assert_int_equal(inb(&l, S_CMD), 0x00);
	assert_int_equal(pic_pair_pending_vector(&l.p), -1);

	assert_false(mask_and_ack_8259A(&l, 12));
	assert_int_equal(read_isr(&l.p, M_CMD), 0x00);
	assert_int_equal(read_isr(&l.p, S_CMD), 0x00);
	assert_int_equal(inb(&l, S_IMR), 0xff);

	/* IRQ8 works the same way. */
	unmask_8259A_irq(&l, 8);
	pic_pair_set_irq(&l.p, 8, true);
	assert_int_equal(pic_pair_ack(&l.p), 0x38);
	assert_int_equal(read_isr(&l.p, S_CMD), 0x01);
	assert_false(mask_and_ack_8259A(&l, 8));
	assert_int_equal(read_isr(&l.p, S_CMD), 0x00);
	assert_int_equal(read_isr(&l.p, M_CMD), 0x00);
}

static void test_priority_nesting(void **state)
{
	struct linux_pic l;

	linux_setup(&l, 0);
	outb(&l, 0x00, M_IMR);
	outb(&l, 0x00, S_IMR);

	pic_pair_set_irq(&l.p, 3, true);
	assert_int_equal(pic_pair_ack(&l.p), 0x33);
	/* Lower priority waits, higher preempts. */
	pic_pair_set_irq(&l.p, 5, true);
	assert_int_equal(pic_pair_pending_vector(&l.p), -1);
	pic_pair_set_irq(&l.p, 0, true);
	assert_int_equal(pic_pair_pending_vector(&l.p), 0x30);
	assert_int_equal(pic_pair_ack(&l.p), 0x30);
	assert_int_equal(read_isr(&l.p, M_CMD), 0x09);
	/* Same level again: blocked by itself. */
	pic_pair_set_irq(&l.p, 3, false);
	pic_pair_set_irq(&l.p, 3, true);
	assert_int_equal(inb(&l, M_CMD), 0x28);
	assert_int_equal(pic_pair_pending_vector(&l.p), -1);
	/* Non-specific EOI ends the highest level in service: IR0. */
	outb(&l, 0x20, M_CMD);
	assert_int_equal(read_isr(&l.p, M_CMD), 0x08);
	assert_int_equal(pic_pair_pending_vector(&l.p), -1);
	outb(&l, 0x20, M_CMD);
	assert_int_equal(read_isr(&l.p, M_CMD), 0x00);
	assert_int_equal(pic_pair_ack(&l.p), 0x33);
	outb(&l, 0x63, M_CMD);
	assert_int_equal(pic_pair_ack(&l.p), 0x35);
	outb(&l, 0x20, M_CMD);
	assert_int_equal(pic_pair_pending_vector(&l.p), -1);
	assert_int_equal(read_isr(&l.p, M_CMD), 0x00);
	/* EOI with nothing in service is harmless. */
	outb(&l, 0x20, M_CMD);
	outb(&l, 0x67, M_CMD);
	assert_int_equal(read_isr(&l.p, M_CMD), 0x00);
}

static void test_slave_priority_is_ir2(void **state)
{
	struct linux_pic l;

	linux_setup(&l, 0);
	outb(&l, 0x00, M_IMR);
	outb(&l, 0x00, S_IMR);
	pic_pair_set_irq(&l.p, 3, true);
	pic_pair_set_irq(&l.p, 8, true);
	pic_pair_set_irq(&l.p, 1, true);

	assert_int_equal(pic_pair_ack(&l.p), 0x31);	/* IR1 beats IR2 */
	assert_int_equal(pic_pair_pending_vector(&l.p), -1);
	outb(&l, 0x61, M_CMD);
	assert_int_equal(pic_pair_ack(&l.p), 0x38);	/* IR2 beats IR3 */
	/* IRQ9 waits behind IRQ8 on the slave; IRQ3 behind IR2. */
	pic_pair_set_irq(&l.p, 9, true);
	assert_int_equal(pic_pair_pending_vector(&l.p), -1);
	/* IRQ0 preempts the whole slave. */
	pic_pair_set_irq(&l.p, 0, true);
	assert_int_equal(pic_pair_ack(&l.p), 0x30);
	outb(&l, 0x60, M_CMD);
	/* End IRQ8 the Linux way: slave, then master IR2. */
	outb(&l, 0x60, S_CMD);
	assert_int_equal(pic_pair_pending_vector(&l.p), -1);	/* IR2 busy */
	outb(&l, 0x62, M_CMD);
	assert_int_equal(pic_pair_ack(&l.p), 0x39);
	outb(&l, 0x61, S_CMD);
	outb(&l, 0x62, M_CMD);
	assert_int_equal(pic_pair_ack(&l.p), 0x33);
	outb(&l, 0x63, M_CMD);
	assert_int_equal(pic_pair_pending_vector(&l.p), -1);
	assert_int_equal(read_isr(&l.p, M_CMD), 0x00);
	assert_int_equal(read_isr(&l.p, S_CMD), 0x00);
}

static void test_special_fully_nested(void **state)
{
	struct pic8259_pair p;
	int sfnm;

	for (sfnm = 0; sfnm < 2; sfnm++) {
		pic_pair_init(&p);
		pic_pair_write(&p, M_CMD, 0x11);
		pic_pair_write(&p, M_IMR, 0x30);
		pic_pair_write(&p, M_IMR, 0x04);
		pic_pair_write(&p, M_IMR, sfnm ? 0x11 : 0x01);
		pic_pair_write(&p, S_CMD, 0x11);
		pic_pair_write(&p, S_IMR, 0x38);
		pic_pair_write(&p, S_IMR, 0x02);
		pic_pair_write(&p, S_IMR, 0x01);
		pic_pair_write(&p, M_IMR, 0x00);
		pic_pair_write(&p, S_IMR, 0x00);

		pic_pair_set_irq(&p, 12, true);
		assert_int_equal(pic_pair_ack(&p), 0x3c);
		/* A higher slave request while the slave is in service. */
		pic_pair_set_irq(&p, 8, true);
		assert_int_equal(pic_pair_read(&p, M_CMD), 0x04);
		if (sfnm) {
			assert_int_equal(pic_pair_pending_vector(&p), 0x38);
			assert_int_equal(pic_pair_ack(&p), 0x38);
			assert_int_equal(read_isr(&p, S_CMD), 0x11);
		} else {
			assert_int_equal(pic_pair_pending_vector(&p), -1);
		}
		/* A lower slave request nests in neither mode. */
		pic_pair_set_irq(&p, 13, true);
		assert_int_equal(pic_pair_pending_vector(&p), -1);
		assert_int_equal(p.unsupported, 0);
	}
}

/* An edge is latched: a device line that falls before the INTA still
 * gets its interrupt (as in QEMU's and KVM's 8259; the emulated UART's
 * THR-empty line can fall and rise with no INTA between). A request
 * masked before the INTA is what ends as the spurious IR7. */
static void test_spurious_irq7(void **state)
{
	struct linux_pic l;

	linux_setup(&l, 0);
	unmask_8259A_irq(&l, 3);
	pic_pair_set_irq(&l.p, 3, true);
	assert_int_equal(pic_pair_pending_vector(&l.p), 0x33);
	/* The line falls before the INTA: IRR keeps the edge. */
	pic_pair_set_irq(&l.p, 3, false);
	assert_int_equal(inb(&l, M_CMD), 0x08);
	assert_int_equal(pic_pair_ack(&l.p), 0x33);
	assert_int_equal(l.p.spurious, 0);
	assert_int_equal(read_isr(&l.p, M_CMD), 0x08);
	outb(&l, 0x20, M_CMD);			/* EOI */
	assert_int_equal(read_isr(&l.p, M_CMD), 0x00);
	/* No new edge while the line stays low. */
	assert_int_equal(pic_pair_pending_vector(&l.p), -1);

	/* Masked between the request and the INTA: the master's IR7. */
	pic_pair_set_irq(&l.p, 3, true);
	assert_int_equal(pic_pair_pending_vector(&l.p), 0x33);
	l.cached_irq_mask |= 1u << 3;		/* Linux's mask_8259A_irq */
	outb(&l, l.cached_irq_mask & 0xff, M_IMR);
	assert_int_equal(pic_pair_pending_vector(&l.p), -1);
	assert_int_equal(pic_pair_ack(&l.p), 0x37);
	assert_int_equal(l.p.spurious, 1);
	assert_int_equal(read_isr(&l.p, M_CMD), 0x00);
	/* Linux: IRQ7 is masked, so it checks ISR and finds it spurious. */
	assert_true(mask_and_ack_8259A(&l, 7));
	assert_int_equal(read_isr(&l.p, M_CMD), 0x00);

	/* A slave request masked before the INTA drops the slave's INT,
	 * a level on the master's IR2: the master's IR7 again. */
	unmask_8259A_irq(&l, 2);
	unmask_8259A_irq(&l, 10);
	pic_pair_set_irq(&l.p, 10, true);
	assert_int_equal(pic_pair_pending_vector(&l.p), 0x3a);
	l.cached_irq_mask |= 1u << 10;
	outb(&l, (l.cached_irq_mask >> 8) & 0xff, S_IMR);
	/* Master IRR: IRQ3's masked request is still latched; IR2 is not. */
	assert_int_equal(inb(&l, M_CMD), 0x08);
	assert_int_equal(pic_pair_ack(&l.p), 0x37);
	assert_int_equal(read_isr(&l.p, M_CMD), 0x00);
	assert_int_equal(read_isr(&l.p, S_CMD), 0x00);
	assert_int_equal(l.p.spurious, 2);
}

/* White box: master IR2 latched while the slave has nothing -> IRQ15. */
static void test_spurious_irq15(void **state)
{
	struct linux_pic l;

	linux_setup(&l, 0);
	unmask_8259A_irq(&l, 2);
	l.p.master.irr |= 0x04;
	assert_int_equal(pic_pair_pending_vector(&l.p), 0x3f);
	assert_int_equal(pic_pair_ack(&l.p), 0x3f);
	assert_int_equal(read_isr(&l.p, M_CMD), 0x04);	/* master did ack */
	assert_int_equal(read_isr(&l.p, S_CMD), 0x00);
	assert_int_equal(l.p.spurious, 1);
	assert_true(mask_and_ack_8259A(&l, 15));
	assert_int_equal(read_isr(&l.p, M_CMD), 0x00);
}

static void test_edge_semantics(void **state)
{
	struct pic8259_pair p;

	pic_pair_init(&p);
	pic_pair_write(&p, M_IMR, 0x00);
	pic_pair_set_irq(&p, 1, true);
	pic_pair_set_irq(&p, 1, true);		/* no second edge */
	assert_int_equal(pic_pair_ack(&p), 0x09);
	pic_pair_write(&p, M_CMD, 0x20);
	assert_int_equal(pic_pair_pending_vector(&p), -1);	/* still high */
	pic_pair_set_irq(&p, 1, true);
	assert_int_equal(pic_pair_pending_vector(&p), -1);
	pic_pair_set_irq(&p, 1, false);
	pic_pair_set_irq(&p, 1, true);
	assert_int_equal(pic_pair_ack(&p), 0x09);
	pic_pair_write(&p, M_CMD, 0x20);

	/* ICW1 resets edge sense: a line high across init needs a new edge. */
	pic_pair_set_irq(&p, 4, true);
	pic_pair_write(&p, M_CMD, 0x11);
	pic_pair_write(&p, M_IMR, 0x20);
	pic_pair_write(&p, M_IMR, 0x04);
	pic_pair_write(&p, M_IMR, 0x01);
	assert_int_equal(pic_pair_read(&p, M_IMR), 0x00);	/* ICW1 cleared it */
	assert_int_equal(pic_pair_read(&p, M_CMD), 0x00);
	assert_int_equal(pic_pair_pending_vector(&p), -1);
	pic_pair_set_irq(&p, 4, false);
	pic_pair_set_irq(&p, 4, true);
	assert_int_equal(pic_pair_pending_vector(&p), 0x24);
}

static void test_reinit_clears_state(void **state)
{
	struct linux_pic l;

	linux_setup(&l, 0);
	outb(&l, 0x00, M_IMR);
	pic_pair_set_irq(&l.p, 6, true);
	pic_pair_set_irq(&l.p, 5, true);
	assert_int_equal(pic_pair_ack(&l.p), 0x35);
	outb(&l, 0x0b, M_CMD);			/* leave ISR selected */
	outb(&l, 0xc2, M_CMD);			/* and a rotation */
	linux_init_8259A(&l, 0);
	assert_int_equal(inb(&l, M_CMD), 0x00);	/* IRR selected, empty */
	assert_int_equal(read_isr(&l.p, M_CMD), 0x00);
	assert_int_equal(l.p.master.lowest, 7);
	assert_int_equal(inb(&l, M_IMR), 0xff);
}

static void test_auto_eoi(void **state)
{
	struct linux_pic l;

	linux_setup(&l, 1);
	assert_int_equal(l.p.master.icw4, 0x03);
	unmask_8259A_irq(&l, 0);
	unmask_8259A_irq(&l, 2);
	unmask_8259A_irq(&l, 8);
	pic_pair_set_irq(&l.p, 0, true);
	assert_int_equal(pic_pair_ack(&l.p), 0x30);
	assert_int_equal(read_isr(&l.p, M_CMD), 0x00);
	/* No EOI needed for the next one. */
	pic_pair_set_irq(&l.p, 0, false);
	pic_pair_set_irq(&l.p, 0, true);
	assert_int_equal(pic_pair_ack(&l.p), 0x30);
	/* The slave is not in AEOI mode. */
	pic_pair_set_irq(&l.p, 8, true);
	assert_int_equal(pic_pair_ack(&l.p), 0x38);
	assert_int_equal(read_isr(&l.p, M_CMD), 0x00);
	assert_int_equal(read_isr(&l.p, S_CMD), 0x01);
	/* Nor did AEOI rotate anything. */
	assert_int_equal(l.p.master.lowest, 7);
}

static void test_rotation(void **state)
{
	struct pic8259_pair p;

	pic_pair_init(&p);
	pic_pair_write(&p, M_IMR, 0x00);
	/* Set priority: IR3 lowest, so IR4 highest. */
	pic_pair_write(&p, M_CMD, 0xc3);
	assert_int_equal(p.master.lowest, 3);
	pic_pair_set_irq(&p, 1, true);
	pic_pair_set_irq(&p, 5, true);
	assert_int_equal(pic_pair_ack(&p), 0x0d);	/* IR5 before IR1 */
	/* IR1 is lower than IR5 now: blocked. */
	assert_int_equal(pic_pair_pending_vector(&p), -1);
	/* Rotate on non-specific EOI: IR5 becomes lowest, IR6 highest. */
	pic_pair_write(&p, M_CMD, 0xa0);
	assert_int_equal(p.master.lowest, 5);
	assert_int_equal(read_isr(&p, M_CMD), 0x00);
	pic_pair_set_irq(&p, 6, true);
	assert_int_equal(pic_pair_ack(&p), 0x0e);
	/* Rotate on specific EOI of IR6: IR7 highest, IR1 next after 0. */
	pic_pair_write(&p, M_CMD, 0xe6);
	assert_int_equal(p.master.lowest, 6);
	pic_pair_set_irq(&p, 0, true);
	assert_int_equal(pic_pair_ack(&p), 0x08);
	/* IR1 is below IR0 here, as unrotated. */
	assert_int_equal(pic_pair_pending_vector(&p), -1);
	pic_pair_write(&p, M_CMD, 0x60);
	assert_int_equal(pic_pair_ack(&p), 0x09);
	pic_pair_write(&p, M_CMD, 0x61);
	/* A no-op OCW2 changes nothing. */
	pic_pair_write(&p, M_CMD, 0x40);
	assert_int_equal(p.master.lowest, 6);
	assert_int_equal(read_isr(&p, M_CMD), 0x00);

	/* Rotate in AEOI mode. */
	pic_pair_write(&p, M_CMD, 0x11);
	pic_pair_write(&p, M_IMR, 0x0f);	/* ICW2: bits 2:0 ignored */
	pic_pair_write(&p, M_IMR, 0x04);
	pic_pair_write(&p, M_IMR, 0x03);
	assert_int_equal(p.master.vector_base, 0x08);
	pic_pair_write(&p, M_CMD, 0x80);
	assert_true(p.master.rotate_aeoi);
	pic_pair_set_irq(&p, 0, false);
	pic_pair_set_irq(&p, 0, true);
	assert_int_equal(pic_pair_ack(&p), 0x08);
	assert_int_equal(p.master.lowest, 0);	/* IR0 now lowest */
	pic_pair_set_irq(&p, 0, false);
	pic_pair_set_irq(&p, 0, true);
	pic_pair_set_irq(&p, 1, false);
	pic_pair_set_irq(&p, 1, true);
	assert_int_equal(pic_pair_ack(&p), 0x09);	/* IR1 first */
	assert_int_equal(pic_pair_ack(&p), 0x08);
	pic_pair_write(&p, M_CMD, 0x00);
	assert_false(p.master.rotate_aeoi);
	assert_int_equal(p.unsupported, 0);
}

static void test_poll(void **state)
{
	struct linux_pic l;

	linux_setup(&l, 0);
	outb(&l, 0x00, M_IMR);
	outb(&l, 0x00, S_IMR);

	outb(&l, 0x0c, M_CMD);			/* poll, nothing pending */
	assert_int_equal(inb(&l, M_CMD), 0x00);
	pic_pair_set_irq(&l.p, 3, true);
	outb(&l, 0x0c, M_CMD);
	assert_int_equal(inb(&l, M_CMD), 0x83);
	assert_int_equal(inb(&l, M_CMD), 0x00);	/* one shot; IRR read */
	assert_int_equal(read_isr(&l.p, M_CMD), 0x08);
	outb(&l, 0x20, M_CMD);

	/* Poll the slave: the master is not involved. */
	pic_pair_set_irq(&l.p, 12, true);
	assert_int_equal(inb(&l, M_CMD), 0x04);
	outb(&l, 0x0e, S_CMD);			/* poll with RR: poll wins */
	assert_int_equal(inb(&l, S_CMD), 0x84);
	assert_int_equal(read_isr(&l.p, S_CMD), 0x10);
	assert_int_equal(read_isr(&l.p, M_CMD), 0x00);
	assert_int_equal(inb(&l, M_CMD), 0x00);	/* slave INT fell */
	assert_int_equal(pic_pair_pending_vector(&l.p), -1);

	/* OCW3 without RR keeps the register selection. */
	outb(&l, 0x0b, S_CMD);
	outb(&l, 0x08, S_CMD);
	assert_int_equal(inb(&l, S_CMD), 0x10);
	assert_int_equal(inb(&l, S_CMD), 0x10);
	assert_int_equal(read_irr(&l.p, S_CMD), 0x00);
	assert_int_equal(read_irr(&l.p, M_CMD), 0x00);
}

static void test_special_mask_mode(void **state)
{
	struct pic8259_pair p;

	pic_pair_init(&p);
	pic_pair_write(&p, M_IMR, 0x00);
	pic_pair_set_irq(&p, 3, true);
	assert_int_equal(pic_pair_ack(&p), 0x0b);
	pic_pair_set_irq(&p, 5, true);
	assert_int_equal(pic_pair_pending_vector(&p), -1);

	pic_pair_write(&p, M_CMD, 0x68);	/* set special mask mode */
	assert_true(p.master.special_mask);
	assert_int_equal(pic_pair_pending_vector(&p), -1);	/* IR3 unmasked */
	pic_pair_write(&p, M_IMR, 0x08);	/* mask IR3: others go */
	assert_int_equal(pic_pair_pending_vector(&p), 0x0d);
	assert_int_equal(pic_pair_ack(&p), 0x0d);
	assert_int_equal(read_isr(&p, M_CMD), 0x28);
	/* Non-specific EOI skips the masked IR3. */
	pic_pair_write(&p, M_CMD, 0x20);
	assert_int_equal(read_isr(&p, M_CMD), 0x08);
	pic_pair_write(&p, M_CMD, 0x20);
	assert_int_equal(read_isr(&p, M_CMD), 0x08);
	pic_pair_write(&p, M_CMD, 0x63);
	assert_int_equal(read_isr(&p, M_CMD), 0x00);

	pic_pair_write(&p, M_CMD, 0x48);	/* reset special mask mode */
	assert_false(p.master.special_mask);
	pic_pair_write(&p, M_CMD, 0x28);	/* SMM without ESMM: no change */
	assert_false(p.master.special_mask);
}

static void test_unsupported_modes(void **state)
{
	struct pic8259_pair p;

	/* Single mode: ICW3 is skipped, as the guest expects. */
	pic_pair_init(&p);
	pic_pair_write(&p, M_CMD, 0x13);
	pic_pair_write(&p, M_IMR, 0x40);
	assert_int_equal(p.master.init_step, PIC8259_WANT_ICW4);
	pic_pair_write(&p, M_IMR, 0x01);
	assert_int_equal(p.master.init_step, PIC8259_READY);
	pic_pair_write(&p, M_IMR, 0xfe);	/* OCW1 */
	assert_int_equal(pic_pair_read(&p, M_IMR), 0xfe);
	assert_int_equal(p.master.vector_base, 0x40);
	assert_int_equal(p.master.icw3, 0x04);	/* still cascaded */
	assert_int_equal(p.unsupported, 1);
	assert_int_equal(p.last_error, PIC8259_ERR_SINGLE_MODE);
	pic_pair_set_irq(&p, 0, true);
	assert_int_equal(pic_pair_ack(&p), 0x40);

	/* Level mode: recorded, inputs stay edge-triggered. */
	pic_pair_init(&p);
	pic_pair_write(&p, M_CMD, 0x19);
	pic_pair_write(&p, M_IMR, 0x30);
	pic_pair_write(&p, M_IMR, 0x04);
	pic_pair_write(&p, M_IMR, 0x01);
	assert_int_equal(p.master.init_step, PIC8259_READY);
	assert_int_equal(p.unsupported, 1);
	assert_int_equal(p.last_error, PIC8259_ERR_LEVEL_MODE);
	pic_pair_set_irq(&p, 1, true);
	assert_int_equal(pic_pair_ack(&p), 0x31);
	pic_pair_write(&p, M_CMD, 0x20);
	assert_int_equal(pic_pair_pending_vector(&p), -1);	/* no re-request */

	/* No ICW4: MCS-80 mode; the sequence ends after ICW3. */
	pic_pair_init(&p);
	pic_pair_write(&p, S_CMD, 0x10);
	pic_pair_write(&p, S_IMR, 0x78);
	pic_pair_write(&p, S_IMR, 0x02);
	assert_int_equal(p.slave.init_step, PIC8259_READY);
	assert_int_equal(p.slave.icw4, 0x00);
	assert_int_equal(p.last_error, PIC8259_ERR_MCS80_MODE);
	pic_pair_write(&p, S_IMR, 0x7f);
	assert_int_equal(pic_pair_read(&p, S_IMR), 0x7f);
	/* Single mode without ICW4: ICW2 is the whole sequence. */
	pic_pair_write(&p, S_CMD, 0x12);
	pic_pair_write(&p, S_IMR, 0x78);
	assert_int_equal(p.slave.init_step, PIC8259_READY);
	/* ICW4 with uPM = 0. */
	pic_pair_write(&p, M_CMD, 0x11);
	pic_pair_write(&p, M_IMR, 0x08);
	pic_pair_write(&p, M_IMR, 0x04);
	pic_pair_write(&p, M_IMR, 0x00);
	assert_int_equal(p.last_error, PIC8259_ERR_MCS80_MODE);
	assert_int_equal(p.unsupported, 4);	/* MCS80, SNGL+MCS80, MCS80 */

	/* ICW3 that does not match the wiring. */
	pic_pair_init(&p);
	pic_pair_write(&p, M_CMD, 0x11);
	pic_pair_write(&p, M_IMR, 0x08);
	pic_pair_write(&p, M_IMR, 0x0c);
	pic_pair_write(&p, M_IMR, 0x01);
	assert_int_equal(p.last_error, PIC8259_ERR_CASCADE);
	pic_pair_write(&p, S_CMD, 0x11);
	pic_pair_write(&p, S_IMR, 0x70);
	pic_pair_write(&p, S_IMR, 0x03);
	pic_pair_write(&p, S_IMR, 0x01);
	assert_int_equal(p.unsupported, 2);
	/* The slave still answers for IR2. */
	pic_pair_set_irq(&p, 14, true);
	assert_int_equal(pic_pair_ack(&p), 0x76);
}

/* A master ICW3 without IR2 makes IR2 a plain input. */
static void test_master_without_slave(void **state)
{
	struct pic8259_pair p;

	pic_pair_init(&p);
	pic_pair_write(&p, M_CMD, 0x11);
	pic_pair_write(&p, M_IMR, 0x30);
	pic_pair_write(&p, M_IMR, 0x00);
	pic_pair_write(&p, M_IMR, 0x01);
	pic_pair_write(&p, M_IMR, 0x00);
	pic_pair_write(&p, S_IMR, 0x00);
	assert_int_equal(p.unsupported, 0);
	pic_pair_set_irq(&p, 9, true);
	assert_int_equal(pic_pair_pending_vector(&p), 0x32);
	assert_int_equal(pic_pair_ack(&p), 0x32);
	assert_int_equal(read_isr(&p, M_CMD), 0x04);
	assert_int_equal(read_isr(&p, S_CMD), 0x00);
	assert_int_equal(pic_pair_read(&p, S_CMD), 0x02);	/* untouched */
}

static void test_imr_hides_but_irr_shows(void **state)
{
	struct linux_pic l;

	linux_setup(&l, 0);
	pic_pair_set_irq(&l.p, 4, true);
	pic_pair_set_irq(&l.p, 6, true);
	assert_int_equal(inb(&l, M_CMD), 0x50);
	assert_int_equal(pic_pair_pending_vector(&l.p), -1);
	unmask_8259A_irq(&l, 6);
	assert_int_equal(pic_pair_pending_vector(&l.p), 0x36);
	unmask_8259A_irq(&l, 4);
	assert_int_equal(pic_pair_pending_vector(&l.p), 0x34);
	l.cached_irq_mask |= 0x50;
	outb(&l, l.cached_irq_mask & 0xff, M_IMR);
	assert_int_equal(inb(&l, M_IMR), 0xff);
	assert_int_equal(pic_pair_pending_vector(&l.p), -1);
	/* Slave masked behind an unmasked cascade. */
	unmask_8259A_irq(&l, 2);
	pic_pair_set_irq(&l.p, 11, true);
	assert_int_equal(inb(&l, S_CMD), 0x08);
	assert_int_equal(inb(&l, M_CMD), 0x50);
	assert_int_equal(pic_pair_pending_vector(&l.p), -1);
	unmask_8259A_irq(&l, 11);
	assert_int_equal(inb(&l, M_CMD), 0x54);
	assert_int_equal(pic_pair_pending_vector(&l.p), 0x3b);
	/* Masking it again drops the slave INT and master IRR2. */
	outb(&l, 0xff, S_IMR);
	assert_int_equal(inb(&l, M_CMD), 0x50);
	assert_int_equal(pic_pair_pending_vector(&l.p), -1);
}

static void test_pulse_irq(void **state)
{
	struct linux_pic l;

	linux_setup(&l, 0);
	unmask_8259A_irq(&l, 0);
	unmask_8259A_irq(&l, 2);
	unmask_8259A_irq(&l, 12);
	pic_pair_pulse_irq(&l.p, 0);
	assert_int_equal(l.p.master.lines, 0x00);
	assert_int_equal(pic_pair_pending_vector(&l.p), 0x30);
	assert_int_equal(pic_pair_ack(&l.p), 0x30);
	outb(&l, 0x60, M_CMD);
	assert_int_equal(pic_pair_pending_vector(&l.p), -1);
	/* Each pulse is a new edge. */
	pic_pair_pulse_irq(&l.p, 0);
	assert_int_equal(pic_pair_ack(&l.p), 0x30);
	outb(&l, 0x60, M_CMD);

	pic_pair_pulse_irq(&l.p, 12);
	assert_int_equal(pic_pair_pending_vector(&l.p), 0x3c);
	assert_int_equal(pic_pair_ack(&l.p), 0x3c);
	assert_false(mask_and_ack_8259A(&l, 12));
	assert_int_equal(pic_pair_pending_vector(&l.p), -1);

	pic_pair_pulse_irq(&l.p, 2);
	pic_pair_pulse_irq(&l.p, 16);
	assert_int_equal(l.p.bad_access, 2);
	assert_int_equal(inb(&l, M_CMD), 0x00);
}

static void test_bad_port_and_irq(void **state)
{
	struct pic8259_pair p, before;
	static const uint16_t ours[] = { 0x20, 0x21, 0xa0, 0xa1, 0x4d0, 0x4d1 };
	static const uint16_t not_ours[] = { 0x00, 0x1f, 0x22, 0x9f, 0xa2,
					     0x4cf, 0x4d2, 0x120, 0xffff };
	unsigned i;

	for (i = 0; i < sizeof(ours) / sizeof(ours[0]); i++)
		assert_true(pic_pair_handles_port(ours[i]));
	for (i = 0; i < sizeof(not_ours) / sizeof(not_ours[0]); i++)
		assert_false(pic_pair_handles_port(not_ours[i]));

	pic_pair_init(&p);
	pic_pair_write(&p, M_IMR, 0x00);
	memcpy(&before, &p, sizeof(p));
	assert_int_equal(pic_pair_read(&p, 0x22), 0xff);
	assert_int_equal(p.last_error, PIC8259_ERR_BAD_PORT);
	pic_pair_write(&p, 0x22, 0x11);
	pic_pair_write(&p, 0xffff, 0x11);
	pic_pair_set_irq(&p, 16, true);
	pic_pair_set_irq(&p, 0xffffffffu, true);
	assert_int_equal(p.last_error, PIC8259_ERR_BAD_IRQ);
	pic_pair_set_irq(&p, 2, true);		/* the cascade, not a device */
	assert_int_equal(p.bad_access, 6);
	assert_int_equal(p.unsupported, 0);
	p.bad_access = 0;
	p.last_error = PIC8259_OK;
	assert_memory_equal(&p, &before, sizeof(p));
	assert_int_equal(pic_pair_pending_vector(&p), -1);
}

static void test_elcr(void **state)
{
	struct pic8259_pair p;

	pic_pair_init(&p);
	pic_pair_write(&p, 0x4d0, 0xff);
	pic_pair_write(&p, 0x4d1, 0xff);
	assert_int_equal(pic_pair_read(&p, 0x4d0), 0xf8);
	assert_int_equal(pic_pair_read(&p, 0x4d1), 0xde);
	assert_int_equal(p.unsupported, 2);
	assert_int_equal(p.last_error, PIC8259_ERR_ELCR_LEVEL);
	/* Reserved bits only, or zero: nothing to complain about. */
	pic_pair_write(&p, 0x4d0, 0x07);
	pic_pair_write(&p, 0x4d1, 0x21);
	assert_int_equal(pic_pair_read(&p, 0x4d0), 0x00);
	assert_int_equal(pic_pair_read(&p, 0x4d1), 0x00);
	assert_int_equal(p.unsupported, 2);

	/* Level bits do not make an input level-triggered. */
	pic_pair_write(&p, 0x4d0, 0x08);
	pic_pair_write(&p, M_IMR, 0x00);
	pic_pair_set_irq(&p, 3, true);
	assert_int_equal(pic_pair_ack(&p), 0x0b);
	pic_pair_write(&p, M_CMD, 0x20);
	assert_int_equal(pic_pair_pending_vector(&p), -1);
}

static void test_error_strings(void **state)
{
	assert_string_equal(pic8259_error_str(PIC8259_OK), "ok");
	assert_string_equal(pic8259_error_str(PIC8259_ERR_SINGLE_MODE),
			    "single mode (ICW1.SNGL) not supported");
	assert_string_equal(pic8259_error_str(PIC8259_ERR_LEVEL_MODE),
			    "level-triggered mode (ICW1.LTIM) not supported");
	assert_string_equal(pic8259_error_str(PIC8259_ERR_MCS80_MODE),
			    "MCS-80/85 mode not supported");
	assert_string_equal(pic8259_error_str(PIC8259_ERR_CASCADE),
			    "ICW3 does not match the cascade wiring");
	assert_string_equal(pic8259_error_str(PIC8259_ERR_ELCR_LEVEL),
			    "level-triggered ELCR bits not supported");
	assert_string_equal(pic8259_error_str(PIC8259_ERR_BAD_PORT),
			    "port not handled by the PIC");
	assert_string_equal(pic8259_error_str(PIC8259_ERR_BAD_IRQ),
			    "irq out of range or the cascade input");
	assert_string_equal(pic8259_error_str(42), "unknown pic8259 error");
	assert_string_equal(pic8259_error_str(-1), "unknown pic8259 error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_state),
		cmocka_unit_test(test_linux_probe_and_init),
		cmocka_unit_test(test_irq0_delivery_and_eoi),
		cmocka_unit_test(test_slave_irq12),
		cmocka_unit_test(test_priority_nesting),
		cmocka_unit_test(test_slave_priority_is_ir2),
		cmocka_unit_test(test_special_fully_nested),
		cmocka_unit_test(test_spurious_irq7),
		cmocka_unit_test(test_spurious_irq15),
		cmocka_unit_test(test_edge_semantics),
		cmocka_unit_test(test_reinit_clears_state),
		cmocka_unit_test(test_auto_eoi),
		cmocka_unit_test(test_rotation),
		cmocka_unit_test(test_poll),
		cmocka_unit_test(test_special_mask_mode),
		cmocka_unit_test(test_unsupported_modes),
		cmocka_unit_test(test_master_without_slave),
		cmocka_unit_test(test_imr_hides_but_irr_shows),
		cmocka_unit_test(test_pulse_irq),
		cmocka_unit_test(test_bad_port_and_irq),
		cmocka_unit_test(test_elcr),
		cmocka_unit_test(test_error_strings),
	};

	return cmocka_run_group_tests_name("pic8259", tests, NULL, NULL);
}
