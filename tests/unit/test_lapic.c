/*
 * Unit tests for the emulated local APIC (guest/lapic.c).
 *
 * Driver-side sequences follow Linux's arch/x86/kernel/apic/apic.c
 * (setup_local_APIC(), lapic_next_event(), lapic_next_deadline(),
 * __setup_APIC_LVTT(), lapic_timer_shutdown()) register by register.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "guest/lapic.h"
#include "vmx/tsc_arith.h"

/* An arbitrary, large starting TSC, so nothing wraps. */
#define T0 1000000000ULL

static struct lapic_effect eff;

static uint32_t rd(struct lapic *l, uint32_t reg, uint64_t now)
{
	return (uint32_t)lapic_mmio_read(l, reg, 4, now);
}

static void wr(struct lapic *l, uint32_t reg, uint32_t v, uint64_t now)
{
	lapic_mmio_write(l, reg, 4, v, now, &eff);
}

/* Enabled as a BIOS leaves it; one APIC timer count per TSC tick at
 * divide-by-1, no minimum period. */
static void setup(struct lapic *l)
{
	lapic_init(l, 0, 0, 1, 1, 0);
	lapic_bios_setup(l);
	wr(l, LAPIC_TIMER_DCR, 0xB, T0);	/* divide by 1 */
}

static uint32_t esr(struct lapic *l, uint64_t now)
{
	wr(l, LAPIC_ESR, 0, now);	/* as Linux: write, then read */
	return rd(l, LAPIC_ESR, now);
}

static bool irr_has(const struct lapic *l, unsigned v)
{
	return l->irr[v >> 5] & (1u << (v & 31));
}

/* ---------------------------------------------------------------------- */

static void test_power_up_state(void **state)
{
	struct lapic l;

	lapic_init(&l, 0, 0, 1, 1, 0);
	assert_int_equal(lapic_read_apic_base(&l), 0xFEE00900ULL);
	assert_int_equal(rd(&l, LAPIC_VERSION, T0), 0x00050014);
	assert_int_equal(rd(&l, LAPIC_ID, T0), 0);
	assert_int_equal(rd(&l, LAPIC_SVR, T0), 0xFF);
	assert_int_equal(rd(&l, LAPIC_DFR, T0), 0xFFFFFFFF);
	for (uint32_t r = LAPIC_LVT_TIMER; r <= LAPIC_LVT_ERROR; r += 0x10)
		assert_int_equal(rd(&l, r, T0), LAPIC_LVT_MASKED);
	assert_false(lapic_extint(&l));
	assert_int_equal(lapic_pending_vector(&l), -1);

	/* An AP: no BSP flag, its own ID. */
	lapic_init(&l, 1, 3, 1, 1, 0);
	assert_int_equal(lapic_read_apic_base(&l), 0xFEE00800ULL);
	assert_int_equal(rd(&l, LAPIC_ID, T0), 0x03000000);
}

static void test_bios_virtual_wire(void **state)
{
	struct lapic l;

	setup(&l);
	assert_int_equal(rd(&l, LAPIC_SVR, T0), 0x1FF);
	assert_int_equal(rd(&l, LAPIC_LVT_LINT0, T0), 0x700);
	assert_int_equal(rd(&l, LAPIC_LVT_LINT1, T0), 0x400);
	assert_true(lapic_extint(&l));
	/* Linux masks LINT0 when it takes the IOAPIC. */
	wr(&l, LAPIC_LVT_LINT0, 0x10700, T0);
	assert_false(lapic_extint(&l));
}

static void test_priority_tpr_ppr(void **state)
{
	struct lapic l;

	setup(&l);
	assert_true(lapic_accept(&l, 0x31, false));
	assert_true(lapic_accept(&l, 0x51, false));
	assert_int_equal(lapic_pending_vector(&l), 0x51);

	/* TPR class 5 blocks class 5 and below (11.8.3.1). */
	wr(&l, LAPIC_TPR, 0x50, T0);
	assert_int_equal(rd(&l, LAPIC_PPR, T0), 0x50);
	assert_int_equal(lapic_pending_vector(&l), -1);
	wr(&l, LAPIC_TPR, 0x4F, T0);
	assert_int_equal(lapic_pending_vector(&l), 0x51);

	/* In service, 0x51 raises PPR to its class and blocks 0x31. */
	wr(&l, LAPIC_TPR, 0, T0);
	assert_int_equal(lapic_ack(&l), 0x51);
	assert_int_equal(rd(&l, LAPIC_ISR + 0x20, T0), 1u << (0x51 - 64));
	assert_int_equal(rd(&l, LAPIC_IRR + 0x20, T0), 0);
	assert_int_equal(rd(&l, LAPIC_PPR, T0), 0x50);
	assert_int_equal(lapic_pending_vector(&l), -1);
	/* A higher class still gets through (nesting). */
	lapic_accept(&l, 0x61, false);
	assert_int_equal(lapic_pending_vector(&l), 0x61);
	assert_int_equal(lapic_ack(&l), 0x61);
	wr(&l, LAPIC_EOI, 0, T0);		/* ends 0x61 */
	assert_int_equal(rd(&l, LAPIC_PPR, T0), 0x50);
	wr(&l, LAPIC_EOI, 0, T0);		/* ends 0x51 */
	assert_int_equal(rd(&l, LAPIC_PPR, T0), 0);
	assert_int_equal(lapic_pending_vector(&l), 0x31);
	/* A TPR above the ISR class is the PPR. */
	wr(&l, LAPIC_TPR, 0x27, T0);
	assert_int_equal(rd(&l, LAPIC_PPR, T0), 0x27);
}

static void test_cr8_is_tpr(void **state)
{
	struct lapic l;

	setup(&l);
	lapic_set_tpr(&l, 0xA0);	/* MOV CR8, 0xA */
	assert_int_equal(rd(&l, LAPIC_TPR, T0), 0xA0);
	wr(&l, LAPIC_TPR, 0x30, T0);
	assert_int_equal(lapic_tpr(&l) >> 4, 3);	/* MOV from CR8 */
}

static void test_eoi_level_broadcast(void **state)
{
	struct lapic l;

	setup(&l);
	lapic_accept(&l, 0x39, true);
	assert_int_equal(rd(&l, LAPIC_TMR + 0x10, T0), 1u << (0x39 - 32));
	assert_int_equal(lapic_ack(&l), 0x39);
	wr(&l, LAPIC_EOI, 0, T0);
	assert_true(eff.eoi_level);
	assert_int_equal(eff.eoi_vector, 0x39);

	/* Edge: no broadcast; EOI with nothing in service: nothing. */
	lapic_accept(&l, 0x39, false);
	assert_int_equal(rd(&l, LAPIC_TMR + 0x10, T0), 0);
	lapic_ack(&l);
	wr(&l, LAPIC_EOI, 0, T0);
	assert_false(eff.eoi_level);
	wr(&l, LAPIC_EOI, 0, T0);
	assert_false(eff.eoi_level);
}

static void test_spurious_ack(void **state)
{
	struct lapic l;

	setup(&l);
	wr(&l, LAPIC_SVR, 0x1EF, T0);
	assert_int_equal(lapic_ack(&l), 0xEF);
	assert_int_equal(rd(&l, LAPIC_ISR + 0x70, T0), 0);
}

static void test_esr_and_error_lvt(void **state)
{
	struct lapic l;

	setup(&l);
	assert_int_equal(esr(&l, T0), 0);
	/* Received illegal vector: latched by the next ESR write. */
	assert_false(lapic_accept(&l, 7, false));
	assert_int_equal(rd(&l, LAPIC_ESR, T0), 0);
	assert_int_equal(esr(&l, T0), LAPIC_ESR_RECV_ILLEGAL);
	assert_int_equal(esr(&l, T0), 0);
	/* An absent register (CMCI here). */
	rd(&l, LAPIC_LVT_CMCI, T0);
	assert_int_equal(esr(&l, T0), LAPIC_ESR_ILLEGAL_REG);
	/* Unmasked error LVT: the error interrupts. */
	wr(&l, LAPIC_LVT_ERROR, 0xFE, T0);
	wr(&l, 0x3F0, 0, T0);
	assert_int_equal(lapic_pending_vector(&l), 0xFE);
	assert_int_equal(esr(&l, T0), LAPIC_ESR_ILLEGAL_REG);
	/* Sending an illegal vector. */
	wr(&l, LAPIC_ICR_LO, 0x00040005, T0);
	assert_false(eff.send);
	assert_int_equal(esr(&l, T0), LAPIC_ESR_SEND_ILLEGAL);
}

static void test_icr_self_ipi(void **state)
{
	struct lapic l;

	setup(&l);
	/* apic->send_IPI_self(0xF3): shorthand self, fixed, edge. */
	wr(&l, LAPIC_ICR_LO, 0x000400F3, T0);
	assert_true(eff.send);
	assert_int_equal(eff.msg.vector, 0xF3);
	assert_int_equal(eff.msg.delivery, APIC_DM_FIXED);
	assert_int_equal(eff.msg.shorthand, APIC_SH_SELF);
	assert_int_equal(eff.msg.source, 0);
	assert_int_equal(rd(&l, LAPIC_ICR_LO, T0) & (1u << 12), 0);

	/* Physical, to APIC 2, level assert, logical bit off. */
	wr(&l, LAPIC_ICR_HI, 0x02000000, T0);
	wr(&l, LAPIC_ICR_LO, 0x000040A0, T0);
	assert_true(eff.send);
	assert_int_equal(eff.msg.dest, 2);
	assert_false(eff.msg.logical);
	assert_int_equal(eff.msg.shorthand, APIC_SH_NONE);
	/* INIT level de-assert is a no-op. */
	wr(&l, LAPIC_ICR_LO, 0x00008500, T0);
	assert_false(eff.send);
	/* INIT assert goes out (the router decides what to do with it). */
	wr(&l, LAPIC_ICR_LO, 0x0000C500, T0);
	assert_true(eff.send);
	assert_int_equal(eff.msg.delivery, APIC_DM_INIT);
}

static void test_destinations(void **state)
{
	struct lapic l;

	lapic_init(&l, 1, 1, 1, 1, 0);
	assert_true(lapic_match_dest(&l, 1, false));
	assert_false(lapic_match_dest(&l, 0, false));
	assert_true(lapic_match_dest(&l, 0xFF, false));
	/* Flat logical: Linux gives CPU n bit n. */
	wr(&l, LAPIC_DFR, 0xFFFFFFFF, T0);
	wr(&l, LAPIC_LDR, 0x02000000, T0);
	assert_int_equal(rd(&l, LAPIC_LDR, T0), 0x02000000);
	assert_true(lapic_match_dest(&l, 0x03, true));
	assert_false(lapic_match_dest(&l, 0x01, true));
	/* Cluster: cluster 1, member bit 0. */
	wr(&l, LAPIC_DFR, 0x0FFFFFFF, T0);
	wr(&l, LAPIC_LDR, 0x11000000, T0);
	assert_int_equal(rd(&l, LAPIC_DFR, T0), 0x0FFFFFFF);
	assert_true(lapic_match_dest(&l, 0x13, true));
	assert_false(lapic_match_dest(&l, 0x23, true));
	assert_false(lapic_match_dest(&l, 0x12, true));
	/* A globally disabled APIC matches nothing. */
	assert_int_equal(lapic_write_apic_base(&l, 0xFEE00000ULL, 36), 0);
	assert_false(lapic_match_dest(&l, 0xFF, false));
}

static void test_timer_oneshot(void **state)
{
	struct lapic l;

	setup(&l);
	/* lapic_next_event(1000): one-shot, vector 0xEC. */
	wr(&l, LAPIC_LVT_TIMER, 0xEC, T0);
	wr(&l, LAPIC_TIMER_ICR, 1000, T0);
	assert_int_equal(lapic_timer_next(&l), T0 + 1000);
	assert_int_equal(rd(&l, LAPIC_TIMER_CCR, T0 + 250), 750);
	lapic_timer_poll(&l, T0 + 999);
	assert_int_equal(lapic_pending_vector(&l), -1);
	lapic_timer_poll(&l, T0 + 1000);
	assert_int_equal(lapic_pending_vector(&l), 0xEC);
	assert_int_equal(rd(&l, LAPIC_TIMER_CCR, T0 + 1001), 0);
	assert_int_equal(lapic_timer_next(&l), UINT64_MAX);
	assert_int_equal(l.timer_fired, 1);
	/* Divide by 16 (DCR 0011b): 16 TSC ticks per count. */
	wr(&l, LAPIC_TIMER_DCR, 0x3, T0 + 2000);
	wr(&l, LAPIC_TIMER_ICR, 10, T0 + 2000);
	assert_int_equal(lapic_timer_next(&l), T0 + 2160);
	assert_int_equal(rd(&l, LAPIC_TIMER_CCR, T0 + 2032), 8);
	/* Initial count 0 stops it (lapic_timer_shutdown). */
	wr(&l, LAPIC_TIMER_ICR, 0, T0 + 2050);
	assert_int_equal(lapic_timer_next(&l), UINT64_MAX);
	assert_int_equal(rd(&l, LAPIC_TIMER_CCR, T0 + 2050), 0);
}

static void test_timer_clock_ratio(void **state)
{
	struct lapic l;

	/* TSC at 3 times the crystal: one count per 3 TSC ticks. */
	lapic_init(&l, 0, 0, 3, 1, 0);
	lapic_bios_setup(&l);
	wr(&l, LAPIC_TIMER_DCR, 0xB, T0);
	wr(&l, LAPIC_LVT_TIMER, 0xEC, T0);
	wr(&l, LAPIC_TIMER_ICR, 100, T0);
	assert_int_equal(lapic_timer_next(&l), T0 + 300);
	assert_int_equal(rd(&l, LAPIC_TIMER_CCR, T0 + 30), 90);

	/* A 2.1 GHz TSC on a 24 MHz crystal: 175/2 TSC ticks per tick. */
	lapic_init(&l, 0, 0, 175, 2, 0);
	lapic_bios_setup(&l);
	wr(&l, LAPIC_TIMER_DCR, 0xB, T0);
	wr(&l, LAPIC_LVT_TIMER, 0xEC, T0);
	wr(&l, LAPIC_TIMER_ICR, 240000, T0);	/* 10 ms */
	assert_int_equal(lapic_timer_next(&l), T0 + 21000000);
	assert_int_equal(rd(&l, LAPIC_TIMER_CCR, T0 + 174), 239999);
	assert_int_equal(rd(&l, LAPIC_TIMER_CCR, T0 + 175), 239998);
}

static void test_timer_periodic(void **state)
{
	struct lapic l;

	setup(&l);
	wr(&l, LAPIC_TIMER_DCR, 0x0, T0);	/* divide by 2 */
	/* __setup_APIC_LVTT(100, 0, 1): periodic, vector 0xEC. */
	wr(&l, LAPIC_LVT_TIMER, 0x200EC, T0);
	wr(&l, LAPIC_TIMER_ICR, 100, T0);
	assert_int_equal(lapic_timer_next(&l), T0 + 200);
	lapic_timer_poll(&l, T0 + 200);
	assert_int_equal(lapic_ack(&l), 0xEC);
	wr(&l, LAPIC_EOI, 0, T0 + 201);
	assert_int_equal(lapic_timer_next(&l), T0 + 400);
	/* Two periods missed: one interrupt, re-armed on the grid. */
	lapic_timer_poll(&l, T0 + 850);
	assert_int_equal(l.timer_fired, 2);
	assert_int_equal(lapic_timer_next(&l), T0 + 1000);
	assert_int_equal(rd(&l, LAPIC_TIMER_CCR, T0 + 850), 75);
	assert_int_equal(lapic_pending_vector(&l), 0xEC);
}

/* Between one-shot and periodic the count goes on: only the mode of what
 * happens at zero changes (11.5.4.1 disarms only to or from TSC-deadline
 * mode; kvm-unit-tests' apic "change mode" cases). */
static void test_timer_mode_change(void **state)
{
	struct lapic l;

	setup(&l);
	wr(&l, LAPIC_LVT_TIMER, 0xEC, T0);		/* one-shot */
	wr(&l, LAPIC_TIMER_ICR, 1000, T0);
	wr(&l, LAPIC_LVT_TIMER, 0x200EC, T0 + 100);	/* periodic */
	assert_int_equal(rd(&l, LAPIC_TIMER_ICR, T0 + 100), 1000);
	assert_int_equal(rd(&l, LAPIC_TIMER_CCR, T0 + 400), 600);
	lapic_timer_poll(&l, T0 + 1000);
	assert_int_equal(l.timer_fired, 1);
	/* Periodic now: reloaded from the initial count. */
	assert_int_equal(rd(&l, LAPIC_TIMER_CCR, T0 + 1100), 900);
	/* Back to one-shot mid-count: goes on, stops at zero. */
	wr(&l, LAPIC_LVT_TIMER, 0xEC, T0 + 1500);
	assert_int_equal(rd(&l, LAPIC_TIMER_CCR, T0 + 1500), 500);
	lapic_timer_poll(&l, T0 + 2000);
	assert_int_equal(l.timer_fired, 2);
	assert_int_equal(rd(&l, LAPIC_TIMER_CCR, T0 + 2500), 0);
	/* Expired one-shot to periodic: stays at zero. */
	wr(&l, LAPIC_LVT_TIMER, 0x200EC, T0 + 2600);
	assert_int_equal(rd(&l, LAPIC_TIMER_CCR, T0 + 2700), 0);
	assert_int_equal(lapic_timer_next(&l), UINT64_MAX);
	/* To TSC-deadline mode: disarmed, initial count gone. */
	wr(&l, LAPIC_TIMER_ICR, 1000, T0 + 3000);
	wr(&l, LAPIC_LVT_TIMER, 0x400EC, T0 + 3100);
	assert_int_equal(lapic_timer_next(&l), UINT64_MAX);
	wr(&l, LAPIC_LVT_TIMER, 0xEC, T0 + 3200);
	assert_int_equal(rd(&l, LAPIC_TIMER_ICR, T0 + 3200), 0);
}

static void test_timer_min_period(void **state)
{
	struct lapic l;

	lapic_init(&l, 0, 0, 1, 1, 5000);
	lapic_bios_setup(&l);
	wr(&l, LAPIC_TIMER_DCR, 0xB, T0);
	wr(&l, LAPIC_LVT_TIMER, 0x200EC, T0);
	wr(&l, LAPIC_TIMER_ICR, 1, T0);
	assert_int_equal(lapic_timer_next(&l), T0 + 5000);
	/* One-shot is not limited: it fires once. */
	wr(&l, LAPIC_LVT_TIMER, 0xEC, T0 + 10);
	wr(&l, LAPIC_TIMER_ICR, 1, T0 + 10);
	assert_int_equal(lapic_timer_next(&l), T0 + 11);
}

static void test_timer_dcr_change(void **state)
{
	struct lapic l;

	setup(&l);
	wr(&l, LAPIC_LVT_TIMER, 0xEC, T0);
	wr(&l, LAPIC_TIMER_ICR, 100, T0);
	/* 40 counts left at T0 + 60; divide by 4 from then on. */
	wr(&l, LAPIC_TIMER_DCR, 0x1, T0 + 60);
	assert_int_equal(rd(&l, LAPIC_TIMER_CCR, T0 + 60), 40);
	assert_int_equal(lapic_timer_next(&l), T0 + 60 + 160);
	assert_int_equal(rd(&l, LAPIC_TIMER_CCR, T0 + 100), 30);
}

static void test_timer_masked(void **state)
{
	struct lapic l;

	setup(&l);
	wr(&l, LAPIC_LVT_TIMER, 0x100EC, T0);	/* masked one-shot */
	wr(&l, LAPIC_TIMER_ICR, 100, T0);
	assert_int_equal(lapic_timer_next(&l), UINT64_MAX);
	assert_int_equal(rd(&l, LAPIC_TIMER_CCR, T0 + 50), 50);
	/* Unmasked after the expiry: the interrupt was lost. */
	wr(&l, LAPIC_LVT_TIMER, 0xEC, T0 + 150);
	lapic_timer_poll(&l, T0 + 151);
	assert_false(irr_has(&l, 0xEC));
	assert_int_equal(lapic_pending_vector(&l), -1);
	assert_int_equal(l.timer_fired, 1);
}

static void test_timer_tsc_deadline(void **state)
{
	struct lapic l;

	setup(&l);
	/* Outside deadline mode the MSR reads 0 and ignores writes. */
	lapic_write_tsc_deadline(&l, T0 + 10, T0);
	assert_int_equal(lapic_read_tsc_deadline(&l), 0);
	/* lapic_timer_set_oneshot(): LVT timer TSC-deadline, vector 0xEC. */
	wr(&l, LAPIC_LVT_TIMER, 0x400EC, T0);
	assert_int_equal(lapic_timer_next(&l), UINT64_MAX);
	/* lapic_next_deadline(): wrmsr(MSR_IA32_TSC_DEADLINE, tsc + delta). */
	lapic_write_tsc_deadline(&l, T0 + 500, T0 + 1);
	assert_int_equal(lapic_read_tsc_deadline(&l), T0 + 500);
	assert_int_equal(lapic_timer_next(&l), T0 + 500);
	/* The initial count is ignored; the current count reads 0. */
	wr(&l, LAPIC_TIMER_ICR, 7, T0 + 2);
	assert_int_equal(rd(&l, LAPIC_TIMER_ICR, T0 + 2), 0);
	assert_int_equal(rd(&l, LAPIC_TIMER_CCR, T0 + 2), 0);
	lapic_timer_poll(&l, T0 + 499);
	assert_int_equal(lapic_pending_vector(&l), -1);
	lapic_timer_poll(&l, T0 + 500);
	assert_int_equal(lapic_pending_vector(&l), 0xEC);
	assert_int_equal(lapic_read_tsc_deadline(&l), 0);	/* disarmed */
	assert_int_equal(lapic_timer_next(&l), UINT64_MAX);
	lapic_ack(&l);
	wr(&l, LAPIC_EOI, 0, T0 + 501);
	/* A deadline in the past fires at once; 0 disarms. */
	lapic_write_tsc_deadline(&l, T0 + 100, T0 + 600);
	assert_int_equal(lapic_pending_vector(&l), 0xEC);
	lapic_write_tsc_deadline(&l, T0 + 900, T0 + 600);
	lapic_write_tsc_deadline(&l, 0, T0 + 601);
	assert_int_equal(lapic_timer_next(&l), UINT64_MAX);
	/* Leaving deadline mode disarms. */
	lapic_write_tsc_deadline(&l, T0 + 900, T0 + 602);
	wr(&l, LAPIC_LVT_TIMER, 0xEC, T0 + 603);
	assert_int_equal(lapic_read_tsc_deadline(&l), 0);
	assert_int_equal(lapic_timer_next(&l), UINT64_MAX);
	/* Mode 11b is reserved: counted. */
	wr(&l, LAPIC_LVT_TIMER, 0x600EC, T0 + 604);
	assert_int_equal(l.last_error, LAPIC_ERR_TIMER_MODE);
}

/* The guest's IA32_TSC_DEADLINE across a WRMSR to IA32_TSC, as
 * vmx/exit_msr.c does it: the local APIC keeps host ticks (guest value -
 * offset, tsc_deadline_host); a TSC write rebases them with the new
 * offset. The guest reads back what it wrote (SDM Vol. 3A 11.5.4.1: the
 * MSR holds a value compared with the TSC), and the timer fires when the
 * guest's TSC reaches it. */
static uint64_t guest_read(const struct lapic *l, uint64_t offset)
{
	uint64_t d = lapic_read_tsc_deadline(l);
	return d ? tsc_guest(d, offset) : 0;
}

static void guest_write_tsc(struct lapic *l, uint64_t *offset, uint64_t val,
			    uint64_t now)
{
	uint64_t old = *offset;

	*offset = tsc_offset_for(val, now);
	lapic_write_tsc_deadline(l, tsc_deadline_rebase(
		lapic_read_tsc_deadline(l), old, *offset, now), now);
}

static void test_tsc_deadline_after_tsc_write(void **state)
{
	struct lapic l;
	uint64_t off = 0;

	setup(&l);
	wr(&l, LAPIC_LVT_TIMER, 0x400EC, T0);
	/* Deadline T0 + 500 in the guest's TSC (offset 0). */
	lapic_write_tsc_deadline(&l, tsc_deadline_host(T0 + 500, off, T0), T0);
	assert_int_equal(guest_read(&l, off), T0 + 500);
	/* At host T0 + 100 the guest sets its TSC back to 1000: the deadline
	 * reads T0 + 500 still, and is T0 + 500 - 1000 guest ticks away. */
	guest_write_tsc(&l, &off, 1000, T0 + 100);
	assert_int_equal(guest_read(&l, off), T0 + 500);
	assert_int_equal(lapic_timer_next(&l), 2 * T0 + 500 - 1000 + 100);
	lapic_timer_poll(&l, T0 + 600);		/* old host deadline: quiet */
	assert_int_equal(lapic_pending_vector(&l), -1);
	lapic_timer_poll(&l, 2 * T0 + 500 - 1000 + 100);
	assert_int_equal(lapic_pending_vector(&l), 0xEC);
	assert_int_equal(guest_read(&l, off), 0);	/* fired: disarmed */
	lapic_ack(&l);
	wr(&l, LAPIC_EOI, 0, 2 * T0);

	/* A TSC write past an armed deadline fires it at once. */
	off = 0;
	lapic_write_tsc_deadline(&l, tsc_deadline_host(3 * T0, off, 2 * T0),
				 2 * T0);
	guest_write_tsc(&l, &off, 3 * T0 + 1, 2 * T0 + 10);
	assert_int_equal(lapic_pending_vector(&l), 0xEC);
	assert_int_equal(guest_read(&l, off), 0);
	lapic_ack(&l);
	wr(&l, LAPIC_EOI, 0, 2 * T0 + 11);

	/* Disarmed, a TSC write arms nothing. */
	guest_write_tsc(&l, &off, 5, 2 * T0 + 12);
	assert_int_equal(lapic_timer_next(&l), UINT64_MAX);
	assert_int_equal(guest_read(&l, off), 0);
}

static void test_software_disable(void **state)
{
	struct lapic l;

	setup(&l);
	wr(&l, LAPIC_LVT_TIMER, 0xEC, T0);
	wr(&l, LAPIC_SVR, 0xFF, T0);		/* software disable */
	assert_int_equal(rd(&l, LAPIC_LVT_TIMER, T0), 0x100EC);
	assert_int_equal(rd(&l, LAPIC_LVT_LINT0, T0), 0x10700);
	wr(&l, LAPIC_LVT_ERROR, 0xFE, T0);	/* cannot unmask */
	assert_int_equal(rd(&l, LAPIC_LVT_ERROR, T0), 0x100FE);
	assert_false(lapic_accept(&l, 0x40, false));
	/* Linux's setup_local_APIC(): enable with spurious vector 0xFF. */
	wr(&l, LAPIC_SVR, 0x1FF, T0);
	wr(&l, LAPIC_LVT_ERROR, 0xFE, T0);
	assert_int_equal(rd(&l, LAPIC_LVT_ERROR, T0), 0xFE);
	assert_true(lapic_accept(&l, 0x40, false));
}

static void test_lvt_read_only_bits(void **state)
{
	struct lapic l;

	setup(&l);
	wr(&l, LAPIC_LVT_LINT1, 0xFFFFFFFF, T0);
	assert_int_equal(rd(&l, LAPIC_LVT_LINT1, T0), 0x1A7FF);
	wr(&l, LAPIC_LVT_TIMER, 0xFFFFFFFF, T0);
	assert_int_equal(rd(&l, LAPIC_LVT_TIMER, T0), 0x700FF);
	wr(&l, LAPIC_VERSION, 0, T0);
	assert_int_equal(rd(&l, LAPIC_VERSION, T0), LAPIC_VERSION_VALUE);
	wr(&l, LAPIC_ISR, 0xFFFFFFFF, T0);
	assert_int_equal(rd(&l, LAPIC_ISR, T0), 0);
}

static void test_mmio_sizes(void **state)
{
	struct lapic l;

	setup(&l);
	assert_int_equal(lapic_mmio_read(&l, LAPIC_VERSION, 1, T0), 0x14);
	assert_int_equal(lapic_mmio_read(&l, LAPIC_VERSION + 2, 1, T0), 0x05);
	assert_int_equal(lapic_mmio_read(&l, LAPIC_VERSION + 4, 4, T0), 0);
	assert_int_equal(lapic_mmio_read(&l, LAPIC_SVR, 2, T0), 0x1FF);
	lapic_mmio_write(&l, LAPIC_TPR, 1, 0x40, T0, &eff);
	assert_int_equal(rd(&l, LAPIC_TPR, T0), 0);
	assert_int_equal(l.last_error, LAPIC_ERR_NARROW_WRITE);
	lapic_mmio_write(&l, LAPIC_TPR + 4, 4, 0x40, T0, &eff);
	assert_int_equal(rd(&l, LAPIC_TPR, T0), 0);
	assert_int_equal(l.unsupported, 2);
}

static void test_apic_base_msr(void **state)
{
	struct lapic l;

	setup(&l);
	/* Reserved bits, x2APIC enable, bits above MAXPHYADDR: #GP. */
	assert_int_equal(lapic_write_apic_base(&l, 0xFEE00901ULL, 36), -1);
	assert_int_equal(lapic_write_apic_base(&l, 0xFEE00D00ULL, 36), -1);
	assert_int_equal(lapic_write_apic_base(&l, 0x10FEE00900ULL, 36), -1);
	assert_int_equal(l.unsupported, 0);
	/* Same value: nothing changes. */
	assert_int_equal(lapic_write_apic_base(&l, 0xFEE00900ULL, 36), 0);
	assert_int_equal(rd(&l, LAPIC_SVR, T0), 0x1FF);
	/* Moving the base is not supported: counted, base kept. */
	assert_int_equal(lapic_write_apic_base(&l, 0xFED00900ULL, 36), 0);
	assert_int_equal(lapic_read_apic_base(&l), 0xFEE00900ULL);
	assert_int_equal(l.last_error, LAPIC_ERR_MOVE_BASE);
	/* Global disable: power-up state, MMIO reads all ones, no IRQs;
	 * the BSP flag stays. */
	lapic_accept(&l, 0x40, false);
	assert_int_equal(lapic_write_apic_base(&l, 0xFEE00000ULL, 36), 0);
	assert_int_equal(lapic_read_apic_base(&l), 0xFEE00100ULL);
	assert_int_equal(lapic_mmio_read(&l, LAPIC_VERSION, 4, T0), 0xFFFFFFFF);
	assert_int_equal(lapic_pending_vector(&l), -1);
	assert_false(lapic_accept(&l, 0x40, false));
	assert_false(lapic_extint(&l));
	/* Re-enabled: as after reset (software disabled, nothing pending). */
	assert_int_equal(lapic_write_apic_base(&l, 0xFEE00800ULL, 36), 0);
	assert_int_equal(rd(&l, LAPIC_SVR, T0), 0xFF);
	assert_int_equal(lapic_pending_vector(&l), -1);
}

static void test_linux_setup_local_apic(void **state)
{
	struct lapic l;

	setup(&l);
	/* setup_local_APIC() in its order, for a UP kernel with the
	 * IOAPIC: TPR 0, flat logical destination, software enable with
	 * spurious vector 0xFF, LINT0 masked ExtINT, LINT1 NMI, error
	 * vector 0xFE, ESR cleared. */
	wr(&l, LAPIC_TPR, rd(&l, LAPIC_TPR, T0) & ~0xFFu, T0);
	wr(&l, LAPIC_DFR, 0xFFFFFFFF, T0);
	wr(&l, LAPIC_LDR, 0x01000000, T0);
	wr(&l, LAPIC_SVR, (rd(&l, LAPIC_SVR, T0) & ~0xFFu) | 0x1FF, T0);
	wr(&l, LAPIC_LVT_LINT0, 0x10700, T0);
	wr(&l, LAPIC_LVT_LINT1, 0x400, T0);
	wr(&l, LAPIC_LVT_ERROR, 0xFE, T0);
	assert_int_equal(esr(&l, T0), 0);
	assert_int_equal(esr(&l, T0), 0);
	assert_int_equal(l.unsupported, 0);
	assert_int_equal(l.bad_access, 0);
	assert_true(lapic_match_dest(&l, 1, true));
}

static void test_time_backwards(void **state)
{
	struct lapic l;

	setup(&l);
	wr(&l, LAPIC_LVT_TIMER, 0xEC, T0 + 100);
	wr(&l, LAPIC_TIMER_ICR, 100, T0 + 100);
	assert_int_equal(rd(&l, LAPIC_TIMER_CCR, T0 + 50), 100);
	assert_int_equal(l.last_error, LAPIC_ERR_TIME_BACKWARDS);
	assert_int_equal(l.bad_access, 1);
	assert_string_equal(lapic_error_str(LAPIC_ERR_TIME_BACKWARDS),
			    "time went backwards");
	assert_string_equal(lapic_error_str(99), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_power_up_state),
		cmocka_unit_test(test_bios_virtual_wire),
		cmocka_unit_test(test_priority_tpr_ppr),
		cmocka_unit_test(test_cr8_is_tpr),
		cmocka_unit_test(test_eoi_level_broadcast),
		cmocka_unit_test(test_spurious_ack),
		cmocka_unit_test(test_esr_and_error_lvt),
		cmocka_unit_test(test_icr_self_ipi),
		cmocka_unit_test(test_destinations),
		cmocka_unit_test(test_timer_oneshot),
		cmocka_unit_test(test_timer_clock_ratio),
		cmocka_unit_test(test_timer_periodic),
		cmocka_unit_test(test_timer_mode_change),
		cmocka_unit_test(test_timer_min_period),
		cmocka_unit_test(test_timer_dcr_change),
		cmocka_unit_test(test_timer_masked),
		cmocka_unit_test(test_timer_tsc_deadline),
		cmocka_unit_test(test_tsc_deadline_after_tsc_write),
		cmocka_unit_test(test_software_disable),
		cmocka_unit_test(test_lvt_read_only_bits),
		cmocka_unit_test(test_mmio_sizes),
		cmocka_unit_test(test_apic_base_msr),
		cmocka_unit_test(test_linux_setup_local_apic),
		cmocka_unit_test(test_time_backwards),
	};

	return cmocka_run_group_tests_name("lapic", tests, NULL, NULL);
}
