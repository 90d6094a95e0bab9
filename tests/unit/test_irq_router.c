/*
 * Unit tests for the interrupt router (guest/irq_router.c) with the real
 * device models behind it: the 8259 pair, the IOAPIC and local APICs.
 * Three ways a guest takes its interrupts: the 8259 with the APIC
 * globally disabled, the 8259 through LINT0 in virtual-wire mode, and
 * the IOAPIC with the 8259 masked (Linux).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "guest/irq_router.h"

#define T0 1000000000ULL
#define NCPU 3

struct platform {
	struct pic8259_pair pic;
	struct ioapic ioapic;
	struct lapic lapic[NCPU];
	struct irq_router r;
};

static void setup(struct platform *p, unsigned ncpu)
{
	pic_pair_init(&p->pic);
	ioapic_init(&p->ioapic, NULL, NULL);
	for (unsigned i = 0; i < ncpu; i++)
		lapic_init(&p->lapic[i], (uint8_t)i, (uint8_t)i, 1, 1, 0);
	lapic_bios_setup(&p->lapic[0]);
	irq_router_init(&p->r, &p->pic, &p->ioapic, p->lapic, ncpu);
}

/* Linux's init_8259A(0) with vectors 0x30-0x3F, then IRQs unmasked. */
static void linux_pic(struct platform *p, uint16_t unmasked)
{
	static const uint8_t seq[][2] = {
		{ 0x21, 0xFF }, { 0x20, 0x11 }, { 0x21, 0x30 }, { 0x21, 0x04 },
		{ 0x21, 0x01 }, { 0xA0, 0x11 }, { 0xA1, 0x38 }, { 0xA1, 0x02 },
		{ 0xA1, 0x01 },
	};
	uint16_t mask = (uint16_t)~unmasked;

	for (unsigned i = 0; i < sizeof(seq) / sizeof(seq[0]); i++)
		pic_pair_write(&p->pic, seq[i][0], seq[i][1]);
	pic_pair_write(&p->pic, 0x21, (uint8_t)(mask & ~(1u << 2)));
	pic_pair_write(&p->pic, 0xA1, (uint8_t)(mask >> 8));
}

static void lapic_wr(struct platform *p, unsigned cpu, uint32_t reg,
		     uint32_t v, uint64_t now)
{
	struct lapic_effect eff;

	lapic_mmio_write(&p->lapic[cpu], reg, 4, v, now, &eff);
	irq_router_lapic_effect(&p->r, &eff);
}

static void ioapic_entry(struct platform *p, unsigned pin, uint64_t e)
{
	ioapic_mmio_write(&p->ioapic, IOAPIC_IOREGSEL, 4, 0x11 + 2 * pin);
	ioapic_mmio_write(&p->ioapic, IOAPIC_IOWIN, 4, (uint32_t)(e >> 32));
	ioapic_mmio_write(&p->ioapic, IOAPIC_IOREGSEL, 4, 0x10 + 2 * pin);
	ioapic_mmio_write(&p->ioapic, IOAPIC_IOWIN, 4, (uint32_t)e);
}

/* Linux with the IOAPIC: 8259 masked, LINT0 masked, APIC enabled. */
static void linux_ioapic_mode(struct platform *p)
{
	linux_pic(p, 0);
	lapic_wr(p, 0, LAPIC_SVR, 0x1FF, T0);
	lapic_wr(p, 0, LAPIC_LVT_LINT0, 0x10700, T0);
}

/* ---------------------------------------------------------------------- */

static void test_isa_gsi_wiring(void **state)
{
	assert_int_equal(irq_router_isa_gsi(0), 2);
	assert_int_equal(irq_router_isa_gsi(1), 1);
	assert_int_equal(irq_router_isa_gsi(4), 4);
	assert_int_equal(irq_router_isa_gsi(8), 8);
	assert_int_equal(irq_router_isa_gsi(15), 15);
}

static void test_pic_with_apic_disabled(void **state)
{
	struct platform p;

	setup(&p, 1);
	lapic_write_apic_base(&p.lapic[0], 0xFEE00100ULL, 36);
	linux_pic(&p, 1u << 4);
	assert_int_equal(irq_router_pending(&p.r, 0, T0), -1);
	irq_router_set_isa_irq(&p.r, 4, true);
	assert_int_equal(irq_router_pending(&p.r, 0, T0), 0x34);
	assert_int_equal(irq_router_ack(&p.r, 0, T0), 0x34);
	assert_int_equal(irq_router_pending(&p.r, 0, T0), -1);
	/* Only the BSP is wired to INTR. */
	assert_int_equal(irq_router_pending(&p.r, 1, T0), -1);
}

static void test_pic_virtual_wire(void **state)
{
	struct platform p;

	setup(&p, 1);
	linux_pic(&p, 1u << 0);
	irq_router_pulse_isa_irq(&p.r, 0);
	assert_int_equal(irq_router_pending(&p.r, 0, T0), 0x30);
	/* ExtINT ignores the TPR and comes before the APIC's own. */
	lapic_set_tpr(&p.lapic[0], 0xF0);
	lapic_accept(&p.lapic[0], 0x40, false);
	assert_int_equal(irq_router_ack(&p.r, 0, T0), 0x30);
	assert_int_equal(p.lapic[0].isr[1], 0);	/* not an APIC vector */
	lapic_set_tpr(&p.lapic[0], 0);
	assert_int_equal(irq_router_ack(&p.r, 0, T0), 0x40);
	/* The IOAPIC's pin 2 is masked: it sent nothing. */
	assert_int_equal(p.ioapic.sent, 0);
}

static void test_ioapic_timer_and_uart(void **state)
{
	struct platform p;

	setup(&p, 1);
	linux_ioapic_mode(&p);
	/* IRQ0 through the override to pin 2, IRQ 4 on pin 4. */
	ioapic_entry(&p, 2, 0x30);
	ioapic_entry(&p, 4, 0x24);
	irq_router_pulse_isa_irq(&p.r, 0);
	assert_int_equal(irq_router_pending(&p.r, 0, T0), 0x30);
	assert_int_equal(irq_router_ack(&p.r, 0, T0), 0x30);
	/* The masked 8259 saw IRQ 0 too but does not reach the CPU. */
	assert_int_equal(pic_pair_pending_vector(&p.pic), -1);
	irq_router_set_isa_irq(&p.r, 4, true);
	/* 0x24 is in a lower class than 0x30 in service. */
	assert_int_equal(irq_router_pending(&p.r, 0, T0), -1);
	lapic_wr(&p, 0, LAPIC_EOI, 0, T0);
	assert_int_equal(irq_router_ack(&p.r, 0, T0), 0x24);
	lapic_wr(&p, 0, LAPIC_EOI, 0, T0);
	assert_int_equal(irq_router_pending(&p.r, 0, T0), -1);
	assert_int_equal(p.r.delivered, 2);
	assert_int_equal(p.r.lost, 0);
}

static void test_level_eoi_through_router(void **state)
{
	struct platform p;

	setup(&p, 1);
	linux_ioapic_mode(&p);
	ioapic_entry(&p, 9, 0x8029);	/* level, active high */
	irq_router_set_isa_irq(&p.r, 9, true);
	assert_int_equal(irq_router_ack(&p.r, 0, T0), 0x29);
	assert_true(p.lapic[0].tmr[1] & (1u << (0x29 - 32)));
	/* Still asserted at the EOI: the IOAPIC sends it again. */
	lapic_wr(&p, 0, LAPIC_EOI, 0, T0);
	assert_int_equal(irq_router_pending(&p.r, 0, T0), 0x29);
	irq_router_set_isa_irq(&p.r, 9, false);
	assert_int_equal(irq_router_ack(&p.r, 0, T0), 0x29);
	lapic_wr(&p, 0, LAPIC_EOI, 0, T0);
	assert_int_equal(irq_router_pending(&p.r, 0, T0), -1);
	assert_int_equal(p.ioapic.rte[9] & IOAPIC_RTE_REMOTE_IRR, 0);
}

static void test_self_ipi(void **state)
{
	struct platform p;

	setup(&p, 1);
	linux_ioapic_mode(&p);
	lapic_wr(&p, 0, LAPIC_ICR_LO, 0x000400F3, T0);
	assert_int_equal(irq_router_ack(&p.r, 0, T0), 0xF3);
	/* 0xF4 waits behind 0xF3 in service (same class) until its EOI. */
	lapic_wr(&p, 0, LAPIC_ICR_LO, 0x000400F4, T0);
	assert_int_equal(irq_router_pending(&p.r, 0, T0), -1);
	lapic_wr(&p, 0, LAPIC_EOI, 0, T0);
	assert_int_equal(irq_router_ack(&p.r, 0, T0), 0xF4);
	lapic_wr(&p, 0, LAPIC_EOI, 0, T0);
	/* Physical destination = own ID works as well. */
	lapic_wr(&p, 0, LAPIC_ICR_HI, 0, T0);
	lapic_wr(&p, 0, LAPIC_ICR_LO, 0x000000F4, T0);
	assert_int_equal(irq_router_pending(&p.r, 0, T0), 0xF4);
}

static void test_ipi_other_vcpus(void **state)
{
	struct platform p;

	setup(&p, NCPU);
	for (unsigned i = 0; i < NCPU; i++) {
		lapic_wr(&p, i, LAPIC_SVR, 0x1FF, T0);
		lapic_wr(&p, i, LAPIC_LDR, (1u << i) << 24, T0);
	}
	/* Physical to APIC 2. */
	lapic_wr(&p, 0, LAPIC_ICR_HI, 0x02000000, T0);
	lapic_wr(&p, 0, LAPIC_ICR_LO, 0x000000FB, T0);
	assert_int_equal(irq_router_pending(&p.r, 2, T0), 0xFB);
	assert_int_equal(irq_router_pending(&p.r, 1, T0), -1);
	assert_int_equal(lapic_pending_vector(&p.lapic[0]), -1);
	/* Logical flat, CPUs 0 and 1. */
	lapic_wr(&p, 2, LAPIC_ICR_HI, 0x03000000, T0);
	lapic_wr(&p, 2, LAPIC_ICR_LO, 0x000008FC, T0);
	assert_int_equal(lapic_pending_vector(&p.lapic[0]), 0xFC);
	assert_int_equal(irq_router_pending(&p.r, 1, T0), 0xFC);
	assert_int_equal(irq_router_pending(&p.r, 2, T0), 0xFB);
	/* All but self, from CPU 1. */
	lapic_wr(&p, 1, LAPIC_ICR_LO, 0x000C00FD, T0);
	assert_int_equal(irq_router_pending(&p.r, 0, T0), 0xFD);
	assert_int_equal(irq_router_pending(&p.r, 1, T0), 0xFC);
	assert_int_equal(irq_router_pending(&p.r, 2, T0), 0xFD);
	/* Lowest priority to everyone: one APIC takes it. */
	lapic_wr(&p, 0, LAPIC_ICR_HI, 0xFF000000, T0);
	lapic_wr(&p, 0, LAPIC_ICR_LO, 0x000001E0, T0);
	assert_int_equal(p.lapic[0].irr[7] & 1, 1);
	assert_int_equal(p.lapic[1].irr[7] & 1, 0);
	assert_int_equal(p.lapic[2].irr[7] & 1, 0);
	/* To an APIC ID nobody has: lost, counted. */
	lapic_wr(&p, 0, LAPIC_ICR_HI, 0x07000000, T0);
	lapic_wr(&p, 0, LAPIC_ICR_LO, 0x000000E1, T0);
	assert_int_equal(p.r.lost, 1);
}

static void test_unsupported_modes(void **state)
{
	struct platform p;

	setup(&p, 1);
	linux_ioapic_mode(&p);
	lapic_wr(&p, 0, LAPIC_ICR_LO, 0x0000C500, T0);	/* INIT */
	ioapic_entry(&p, 3, 0x700);			/* ExtINT */
	irq_router_set_isa_irq(&p.r, 3, true);
	assert_int_equal(p.r.unsupported, 2);
	assert_int_equal(irq_router_pending(&p.r, 0, T0), -1);
	assert_false(irq_router_take_nmi(&p.r, 0));
}

/* NMIs: a self IPI, an IOAPIC entry in NMI mode, the NMI line on LINT1;
 * each taken once, several before the take become one, no vector. */
static void test_nmi_delivery(void **state)
{
	struct platform p;

	setup(&p, 2);
	linux_ioapic_mode(&p);
	lapic_wr(&p, 0, LAPIC_ICR_LO, 0x00040400, T0);	/* self NMI */
	assert_true(irq_router_take_nmi(&p.r, 0));
	assert_false(irq_router_take_nmi(&p.r, 0));
	assert_false(irq_router_take_nmi(&p.r, 1));
	assert_int_equal(irq_router_pending(&p.r, 0, T0), -1);
	/* Twice before the vCPU looks: one NMI. */
	lapic_wr(&p, 0, LAPIC_ICR_LO, 0x00040400, T0);
	lapic_wr(&p, 0, LAPIC_ICR_LO, 0x00040400, T0);
	assert_true(irq_router_take_nmi(&p.r, 0));
	assert_false(irq_router_take_nmi(&p.r, 0));
	/* All excluding self: vCPU 1 only. */
	lapic_wr(&p, 0, LAPIC_ICR_LO, 0x000C0400, T0);
	assert_false(irq_router_take_nmi(&p.r, 0));
	assert_true(irq_router_take_nmi(&p.r, 1));
	/* IOAPIC pin 5 in NMI mode to APIC 1, edge. */
	ioapic_entry(&p, 5, 0x0100000000000400ULL);
	irq_router_set_isa_irq(&p.r, 5, true);
	assert_false(irq_router_take_nmi(&p.r, 0));
	assert_true(irq_router_take_nmi(&p.r, 1));
	assert_int_equal(p.r.nmis, 5);	/* messages accepted, merged or not */
	assert_int_equal(p.r.unsupported, 0);
}

static void test_nmi_line(void **state)
{
	struct platform p;

	setup(&p, 2);
	/* A BIOS leaves LINT1 in NMI mode on the BSP; the AP's is masked. */
	irq_router_nmi_line(&p.r);
	assert_true(irq_router_take_nmi(&p.r, 0));
	assert_false(irq_router_take_nmi(&p.r, 1));
	/* Masked on the BSP too: nothing. */
	lapic_wr(&p, 0, LAPIC_LVT_LINT1, 0x10400, T0);
	irq_router_nmi_line(&p.r);
	assert_false(irq_router_take_nmi(&p.r, 0));
	/* Fixed mode: LINT1 raises its vector instead. */
	lapic_wr(&p, 0, LAPIC_LVT_LINT1, 0x00045, T0);
	irq_router_nmi_line(&p.r);
	assert_false(irq_router_take_nmi(&p.r, 0));
	assert_int_equal(p.lapic[0].irr[0x45 / 32] >> (0x45 % 32) & 1, 1);
	/* A globally disabled APIC: LINT1 is the CPU's NMI pin. */
	p.lapic[1].apic_base &= ~LAPIC_BASE_EN;
	irq_router_nmi_line(&p.r);
	assert_true(irq_router_take_nmi(&p.r, 1));
}

static void test_lapic_timer_through_router(void **state)
{
	struct platform p;

	setup(&p, 1);
	linux_ioapic_mode(&p);
	lapic_wr(&p, 0, LAPIC_TIMER_DCR, 0xB, T0);
	lapic_wr(&p, 0, LAPIC_LVT_TIMER, 0x200EC, T0);
	lapic_wr(&p, 0, LAPIC_TIMER_ICR, 1000, T0);
	assert_int_equal(irq_router_next_event(&p.r, 0), T0 + 1000);
	assert_int_equal(irq_router_pending(&p.r, 0, T0 + 999), -1);
	assert_int_equal(irq_router_pending(&p.r, 0, T0 + 1000), 0xEC);
	assert_int_equal(irq_router_next_event(&p.r, 0), T0 + 2000);
	assert_int_equal(irq_router_ack(&p.r, 0, T0 + 1001), 0xEC);
	/* No such vCPU; a disabled APIC has no timer. */
	assert_int_equal(irq_router_next_event(&p.r, 5), UINT64_MAX);
	assert_int_equal(irq_router_pending(&p.r, 5, T0), -1);
	lapic_write_apic_base(&p.lapic[0], 0xFEE00100ULL, 36);
	assert_int_equal(irq_router_next_event(&p.r, 0), UINT64_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_isa_gsi_wiring),
		cmocka_unit_test(test_pic_with_apic_disabled),
		cmocka_unit_test(test_pic_virtual_wire),
		cmocka_unit_test(test_ioapic_timer_and_uart),
		cmocka_unit_test(test_level_eoi_through_router),
		cmocka_unit_test(test_self_ipi),
		cmocka_unit_test(test_ipi_other_vcpus),
		cmocka_unit_test(test_unsupported_modes),
		cmocka_unit_test(test_nmi_delivery),
		cmocka_unit_test(test_nmi_line),
		cmocka_unit_test(test_lapic_timer_through_router),
	};

	return cmocka_run_group_tests_name("irq_router", tests, NULL, NULL);
}
