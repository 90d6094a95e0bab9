/*
 * Unit tests for interrupt and NMI delivery before a VM entry and the HLT
 * wait (vmx/event_injection.c, with vmx/nmi_injection.c) on the model
 * VMCS, against a platform whose answers the test sets: one evaluation
 * per entry (the platform brought up to one `now', then asked), the NMI
 * first, an external interrupt held by an exception injected before the
 * platform's, and what wakes a HLT (SDM Vol. 3C 26.6, 25.6.2; Vol. 2A
 * "HLT").
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "arch/host_irq.h"
#include "arch/trap.h"
#include "tests/unit/kernel_stub.h"
#include "tests/unit/vcpu_stub.h"
#include "tests/unit/vmcs_model.h"
#include "vmx/event_injection.h"
#include "vmx/vmcs.h"

#define VALID		0x80000000u
#define EXT(v)		(VALID | (v))
#define NMI		(VALID | 0x200u | 2u)
#define IF		0x202u

/* The host side the file calls: NMIs the host took, and its wait. */
volatile uint64_t host_nmi_count;
static unsigned waits;
static uint64_t waited_until;

void host_wait_until(uint64_t deadline)
{
	waits++;
	waited_until = deadline;
}

static struct test_vcpu t;

/* The platform: what it has pending, and what it was asked. */
static struct {
	unsigned updates, acks;
	uint64_t now;
	int vector;		/* pending, or -1 */
	bool nmi;		/* one latched */
	bool nmi_armed;
	uint64_t next_event;
	int vector_after_wait;	/* pending once the host has waited */
	bool nmi_after_wait;	/* an NMI once the host has waited */
} p;

static void update(void *ctx, unsigned cpu, uint64_t now)
{
	p.updates++;
	p.now = now;
	if (waits && p.vector_after_wait >= 0)
		p.vector = p.vector_after_wait;
	if (waits && p.nmi_after_wait) {
		p.nmi = true;
		p.nmi_after_wait = false;
	}
}

static bool take_nmi(void *ctx, unsigned cpu)
{
	bool n = p.nmi;

	p.nmi = false;
	return n;
}

static bool nmi_armed(void *ctx, unsigned cpu)
{
	return p.nmi_armed;
}

static int pending(void *ctx, unsigned cpu)
{
	return p.vector;
}

static int ack(void *ctx, unsigned cpu)
{
	int v = p.vector;

	p.acks++;
	p.vector = -1;
	return v;
}

static uint64_t next_event(void *ctx, unsigned cpu)
{
	return p.next_event;
}

static int setup(void **state)
{
	test_vcpu_init(&t);
	kernel_stub_reset();
	memset(&p, 0, sizeof(p));
	p.vector = -1;
	p.vector_after_wait = -1;
	p.next_event = UINT64_MAX;
	waits = 0;
	host_nmi_count = 0;
	t.v.held_vector = -1;
	t.platform.update = update;
	t.platform.take_nmi = take_nmi;
	t.platform.nmi_armed = nmi_armed;
	t.platform.pending_vector = pending;
	t.platform.ack_vector = ack;
	t.platform.next_event_tsc = next_event;
	t.cpu.ctl.nmi_window = true;
	vmcs_model_set(VMCS_GUEST_RFLAGS, IF);
	return 0;
}

static uint32_t entry(void)
{
	return (uint32_t)vmcs_model_get(VMCS_VM_ENTRY_INTR_INFO);
}

static bool window(uint32_t bit)
{
	return t.v.proc_ctl & bit;
}

/* One update at the given now; the vector acknowledged once and
 * injected. */
static void test_one_evaluation(void **state)
{
	p.vector = 0x30;
	vcpu_prepare_events(&t.v, 12345);
	assert_int_equal(p.updates, 1);
	assert_int_equal(p.now, 12345);
	assert_int_equal(p.acks, 1);
	assert_int_equal(entry(), EXT(0x30));
	assert_int_equal(t.v.stats.irq_injected, 1);
	assert_false(window(CPU_INTERRUPT_WINDOW_EXITING));
}

/* Interrupts off: nothing acknowledged, an interrupt window asked for. */
static void test_not_interruptible_waits(void **state)
{
	p.vector = 0x30;
	vmcs_model_set(VMCS_GUEST_RFLAGS, 0x2);
	vcpu_prepare_events(&t.v, 1);
	assert_int_equal(p.acks, 0);
	assert_int_equal(entry(), 0);
	assert_true(window(CPU_INTERRUPT_WINDOW_EXITING));
}

/* An NMI the platform latched goes first; the interrupt waits for a
 * window. */
static void test_platform_nmi_first(void **state)
{
	p.nmi = true;
	p.vector = 0x30;
	vcpu_prepare_events(&t.v, 1);
	assert_int_equal(entry(), NMI);
	assert_int_equal(t.v.stats.nmi_injected, 1);
	assert_false(t.v.nmi_pending);
	assert_int_equal(p.acks, 0);
	assert_true(window(CPU_INTERRUPT_WINDOW_EXITING));
}

/* The host's NMI and the platform's at once are one NMI. */
static void test_two_nmis_are_one(void **state)
{
	p.nmi = true;
	host_nmi_count = 1;
	vcpu_prepare_events(&t.v, 1);
	assert_int_equal(entry(), NMI);
	assert_false(p.nmi);
	assert_int_equal(host_nmi_count, 0);
	vmcs_model_set(VMCS_VM_ENTRY_INTR_INFO, 0);	/* delivered */
	vcpu_prepare_events(&t.v, 2);
	assert_int_equal(entry(), 0);
	assert_int_equal(t.v.stats.nmi_injected, 1);
}

/* Blocked by NMI: no injection, an NMI window asked for. */
static void test_nmi_blocked_waits_for_window(void **state)
{
	p.nmi = true;
	vmcs_model_set(VMCS_GUEST_INTERRUPTIBILITY_INFO, 0x8);
	vcpu_prepare_events(&t.v, 1);
	assert_int_equal(entry(), 0);
	assert_true(t.v.nmi_pending);
	assert_true(window(CPU_NMI_WINDOW_EXITING));
}

/* An interrupt an exception displaced (held) goes before the platform's
 * next and is not acknowledged again. */
static void test_held_vector_first(void **state)
{
	t.v.held_vector = 0x31;
	p.vector = 0x40;
	vcpu_prepare_events(&t.v, 1);
	assert_int_equal(entry(), EXT(0x31));
	assert_int_equal(t.v.held_vector, -1);
	assert_int_equal(p.acks, 0);
	assert_true(window(CPU_INTERRUPT_WINDOW_EXITING));
}

/* A single-step #DB made pending by an emulated instruction goes before
 * the interrupt, which waits for a window. */
static void test_single_step_trap_first(void **state)
{
	p.vector = 0x30;
	t.v.single_step_trap = true;
	vcpu_prepare_events(&t.v, 1);
	assert_int_equal(entry(), 0);
	assert_int_equal(p.acks, 0);
	assert_true(window(CPU_INTERRUPT_WINDOW_EXITING));
}

/* HLT, interrupts off: an NMI wakes it; without one and with no device
 * set up to send one, nothing ever will. */
static void test_halt_interrupts_off(void **state)
{
	assert_false(vcpu_halt_wait(&t.v, false));
	assert_int_equal(waits, 0);
	p.nmi = true;
	assert_true(vcpu_halt_wait(&t.v, false));
	assert_true(t.v.nmi_pending);
	/* An interrupt does not wake it. */
	setup(state);
	p.vector = 0x30;
	assert_false(vcpu_halt_wait(&t.v, false));
}

/* HLT inside the NMI handler: a pending NMI does not wake it. With an
 * NMI source armed (an IOAPIC entry in NMI mode) the host waits for the
 * next device event, and the NMI it raises wakes the guest; a reset
 * request ends the wait too. */
static void test_halt_nmi_source(void **state)
{
	vmcs_model_set(VMCS_GUEST_INTERRUPTIBILITY_INFO, 0x8);
	t.v.nmi_pending = true;
	assert_false(vcpu_halt_wait(&t.v, false));
	setup(state);
	p.nmi_armed = true;
	p.next_event = 5000;
	p.nmi_after_wait = true;
	assert_true(vcpu_halt_wait(&t.v, false));
	assert_int_equal(waits, 1);
	assert_int_equal(waited_until, 5000);
	assert_true(t.v.nmi_pending);
	setup(state);
	p.nmi_armed = true;
	t.vm.reset_requested = true;
	assert_true(vcpu_halt_wait(&t.v, false));
	assert_int_equal(waits, 0);
}

/* HLT, interrupts on: a pending vector wakes it; one raised by the next
 * device event after the host waited for it; with none and no timer,
 * the guest resumes (a spurious wake-up). */
static void test_halt_interrupts_on(void **state)
{
	p.vector = 0x30;
	assert_true(vcpu_halt_wait(&t.v, true));
	assert_int_equal(waits, 0);
	setup(state);
	p.next_event = 777;
	p.vector_after_wait = 0x30;
	assert_true(vcpu_halt_wait(&t.v, true));
	assert_int_equal(waits, 1);
	assert_int_equal(waited_until, 777);
	assert_int_equal(p.updates, 2);
	setup(state);
	assert_false(vcpu_halt_wait(&t.v, true));
	/* A stop asked for (Ctrl-A x) ends the wait. */
	setup(state);
	p.next_event = 777;
	t.v.stop = VCPU_STOP_POWEROFF;
	assert_true(vcpu_halt_wait(&t.v, true));
	assert_int_equal(waits, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_one_evaluation, setup),
		cmocka_unit_test_setup(test_not_interruptible_waits, setup),
		cmocka_unit_test_setup(test_platform_nmi_first, setup),
		cmocka_unit_test_setup(test_two_nmis_are_one, setup),
		cmocka_unit_test_setup(test_nmi_blocked_waits_for_window, setup),
		cmocka_unit_test_setup(test_held_vector_first, setup),
		cmocka_unit_test_setup(test_single_step_trap_first, setup),
		cmocka_unit_test_setup(test_halt_interrupts_off, setup),
		cmocka_unit_test_setup(test_halt_nmi_source, setup),
		cmocka_unit_test_setup(test_halt_interrupts_on, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
