/*
 * Unit tests for the emulated I/O APIC (guest/ioapic.c). Register
 * sequences as Linux's arch/x86/kernel/apic/io_apic.c drives them
 * (io_apic_read/io_apic_write through IOREGSEL/IOWIN, ioapic_write_entry()
 * writing the high half first, io_apic_eoi() through the EOI register).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "guest/ioapic.h"

#define MAX_MSGS 8

struct sink {
	struct apic_msg msg[MAX_MSGS];
	unsigned n;
};

static void collect(void *ctx, const struct apic_msg *m)
{
	struct sink *s = ctx;
	if (s->n < MAX_MSGS)
		s->msg[s->n] = *m;
	s->n++;
}

static uint32_t io_read(struct ioapic *io, uint8_t reg)
{
	ioapic_mmio_write(io, IOAPIC_IOREGSEL, 4, reg);
	return (uint32_t)ioapic_mmio_read(io, IOAPIC_IOWIN, 4);
}

static void io_write(struct ioapic *io, uint8_t reg, uint32_t v)
{
	ioapic_mmio_write(io, IOAPIC_IOREGSEL, 4, reg);
	ioapic_mmio_write(io, IOAPIC_IOWIN, 4, v);
}

/* ioapic_write_entry(): high half first, then low. */
static void write_entry(struct ioapic *io, unsigned pin, uint64_t e)
{
	io_write(io, 0x11 + 2 * pin, (uint32_t)(e >> 32));
	io_write(io, 0x10 + 2 * pin, (uint32_t)e);
}

static uint64_t read_entry(struct ioapic *io, unsigned pin)
{
	return (uint64_t)io_read(io, 0x11 + 2 * pin) << 32 |
	       io_read(io, 0x10 + 2 * pin);
}

/* ---------------------------------------------------------------------- */

static void test_id_version(void **state)
{
	struct ioapic io;
	struct sink s = { 0 };

	ioapic_init(&io, collect, &s);
	/* Linux's "IOAPIC[0]: apic_id 0, version 32, ... GSI 0-23". */
	assert_int_equal(io_read(&io, IOAPIC_REG_VERSION), 0x00170020);
	assert_int_equal(io_read(&io, IOAPIC_REG_ID), 0);
	io_write(&io, IOAPIC_REG_ID, 0xFF000000);
	assert_int_equal(io_read(&io, IOAPIC_REG_ID), 0x0F000000);
	assert_int_equal(io_read(&io, IOAPIC_REG_ARB), 0x0F000000);
	io_write(&io, IOAPIC_REG_VERSION, 0);
	assert_int_equal(io_read(&io, IOAPIC_REG_VERSION), 0x00170020);
	/* Past the last entry: nothing there. */
	assert_int_equal(io_read(&io, 0x10 + 2 * 24), 0xFFFFFFFF);
	/* IOREGSEL reads back; byte reads of IOWIN. */
	ioapic_mmio_write(&io, IOAPIC_IOREGSEL, 1, IOAPIC_REG_VERSION);
	assert_int_equal(ioapic_mmio_read(&io, IOAPIC_IOREGSEL, 4), 1);
	assert_int_equal(ioapic_mmio_read(&io, IOAPIC_IOWIN + 2, 1), 0x17);
}

static void test_entries(void **state)
{
	struct ioapic io;
	struct sink s = { 0 };

	ioapic_init(&io, collect, &s);
	for (unsigned pin = 0; pin < IOAPIC_PINS; pin++)
		assert_int_equal(read_entry(&io, pin), IOAPIC_RTE_MASKED);
	/* Every writable bit; delivery status and Remote IRR stay 0. */
	write_entry(&io, 23, ~0ULL);
	assert_int_equal(read_entry(&io, 23), 0xFF0000000001AFFFULL);
	write_entry(&io, 5, 0x0300000000000931ULL);	/* logical, lowest */
	assert_int_equal(read_entry(&io, 5), 0x0300000000000931ULL);
	assert_int_equal(s.n, 0);
	/* A narrow IOWIN write is dropped and counted. */
	ioapic_mmio_write(&io, IOAPIC_IOREGSEL, 4, 0x10 + 10);
	ioapic_mmio_write(&io, IOAPIC_IOWIN, 1, 0x55);
	assert_int_equal(io.bad_access, 1);
	assert_int_equal(read_entry(&io, 5), 0x0300000000000931ULL);
}

static void test_edge(void **state)
{
	struct ioapic io;
	struct sink s = { 0 };

	ioapic_init(&io, collect, &s);
	/* ISA IRQ 4: vector 0x24, fixed, physical to APIC 0, edge, high. */
	write_entry(&io, 4, 0x24);
	ioapic_set_irq(&io, 4, true);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.msg[0].vector, 0x24);
	assert_int_equal(s.msg[0].delivery, APIC_DM_FIXED);
	assert_false(s.msg[0].level);
	assert_false(s.msg[0].logical);
	assert_int_equal(s.msg[0].dest, 0);
	/* Held high: no more; a new rising edge: one more. */
	ioapic_set_irq(&io, 4, true);
	assert_int_equal(s.n, 1);
	ioapic_set_irq(&io, 4, false);
	ioapic_set_irq(&io, 4, true);
	assert_int_equal(s.n, 2);
	assert_int_equal(read_entry(&io, 4) & IOAPIC_RTE_REMOTE_IRR, 0);
	/* An edge while masked is lost, also when unmasked later. */
	ioapic_set_irq(&io, 4, false);
	write_entry(&io, 4, 0x10024);
	ioapic_set_irq(&io, 4, true);
	write_entry(&io, 4, 0x24);
	assert_int_equal(s.n, 2);
	assert_int_equal(io.sent, 2);
}

static void test_level_remote_irr(void **state)
{
	struct ioapic io;
	struct sink s = { 0 };

	ioapic_init(&io, collect, &s);
	/* SCI: GSI 9, level, active high, vector 0x29, to APIC 1. */
	write_entry(&io, 9, 0x0100000000008029ULL);
	ioapic_set_irq(&io, 9, true);
	assert_int_equal(s.n, 1);
	assert_true(s.msg[0].level);
	assert_int_equal(s.msg[0].dest, 1);
	assert_int_equal(read_entry(&io, 9) & IOAPIC_RTE_REMOTE_IRR,
			 IOAPIC_RTE_REMOTE_IRR);
	/* Remote IRR is read only. */
	write_entry(&io, 9, 0x0100000000008029ULL);
	assert_int_equal(read_entry(&io, 9) & IOAPIC_RTE_REMOTE_IRR,
			 IOAPIC_RTE_REMOTE_IRR);
	/* Still asserted, in service: nothing; EOI of another vector:
	 * nothing; its own EOI: sent again. */
	ioapic_set_irq(&io, 9, true);
	ioapic_eoi(&io, 0x30);
	assert_int_equal(s.n, 1);
	ioapic_eoi(&io, 0x29);
	assert_int_equal(s.n, 2);
	/* Deasserted before the EOI: Remote IRR clears, nothing sent. */
	ioapic_set_irq(&io, 9, false);
	ioapic_eoi(&io, 0x29);
	assert_int_equal(s.n, 2);
	assert_int_equal(read_entry(&io, 9) & IOAPIC_RTE_REMOTE_IRR, 0);
	/* The EOI register does the same (io_apic_eoi()). */
	ioapic_set_irq(&io, 9, true);
	assert_int_equal(s.n, 3);
	ioapic_mmio_write(&io, IOAPIC_EOI, 4, 0x29);
	assert_int_equal(s.n, 4);
}

static void test_level_unmask_sends(void **state)
{
	struct ioapic io;
	struct sink s = { 0 };

	ioapic_init(&io, collect, &s);
	write_entry(&io, 11, 0x1802BULL);	/* masked, level */
	ioapic_set_irq(&io, 11, true);
	assert_int_equal(s.n, 0);
	write_entry(&io, 11, 0x0802BULL);	/* unmask */
	assert_int_equal(s.n, 1);
	assert_int_equal(s.msg[0].vector, 0x2B);
}

static void test_active_low(void **state)
{
	struct ioapic io;
	struct sink s = { 0 };

	ioapic_init(&io, collect, &s);
	ioapic_set_irq(&io, 10, true);		/* idle line, high */
	write_entry(&io, 10, 0xA02AULL);	/* level, active low */
	assert_int_equal(s.n, 0);
	ioapic_set_irq(&io, 10, false);		/* asserted */
	assert_int_equal(s.n, 1);
	/* Edge, active low: the falling wire edge is the one. */
	write_entry(&io, 12, 0x202CULL);
	ioapic_set_irq(&io, 12, true);
	assert_int_equal(s.n, 1);
	ioapic_set_irq(&io, 12, false);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.msg[1].vector, 0x2C);
}

static void test_bad_pin(void **state)
{
	struct ioapic io;

	ioapic_init(&io, NULL, NULL);
	ioapic_set_irq(&io, 24, true);
	assert_int_equal(io.bad_access, 1);
	/* No sink: messages are counted only. */
	write_entry(&io, 1, 0x21);
	ioapic_set_irq(&io, 1, true);
	assert_int_equal(io.sent, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id_version),
		cmocka_unit_test(test_entries),
		cmocka_unit_test(test_edge),
		cmocka_unit_test(test_level_remote_irr),
		cmocka_unit_test(test_level_unmask_sends),
		cmocka_unit_test(test_active_low),
		cmocka_unit_test(test_bad_pin),
	};

	return cmocka_run_group_tests_name("ioapic", tests, NULL, NULL);
}
