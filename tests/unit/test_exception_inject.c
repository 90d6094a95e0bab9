/*
 * Unit tests for vcpu_inject_exception (vmx/exception_inject.c) on the
 * model VMCS: an exception meets the event whose delivery the exit
 * interrupted (requeued in the VM-entry interruption-information field by
 * the dispatcher) as SDM Vol. 3A Table 6-5 says. Field layout (25.8.3):
 * vector 7:0, type 10:8 (0 external interrupt, 2 NMI, 3 hardware
 * exception, 4 software interrupt), deliver-error-code 11, valid 31.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/kernel_stub.h"
#include "tests/unit/vcpu_stub.h"
#include "tests/unit/vmcs_model.h"
#include "vmx/vmcs.h"

#define VALID	0x80000000u
#define CODE	0x800u
#define EXT(v)	(VALID | (v))
#define NMI	(VALID | 0x200u | 2u)
#define HW(v)	(VALID | 0x300u | (v))
#define SWINT(v) (VALID | 0x400u | (v))

static struct test_vcpu t;

static int setup(void **state)
{
	test_vcpu_init(&t);
	kernel_stub_reset();
	t.v.held_vector = -1;
	vmcs_model_set(VMCS_GUEST_CR0, 0x80000031);	/* protected, paging */
	return 0;
}

/* The exit interrupted the delivery of 'queued'. */
static void queued(uint32_t info)
{
	vmcs_model_set(VMCS_VM_ENTRY_INTR_INFO, info);
}

static uint32_t entry(void)
{
	return (uint32_t)vmcs_model_get(VMCS_VM_ENTRY_INTR_INFO);
}

static void test_nothing_queued(void **state)
{
	vcpu_inject_exception(&t.v, 13, 0x18);
	assert_int_equal(entry(), HW(13) | CODE);
	assert_int_equal(vmcs_model_get(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE), 0x18);
	assert_int_equal(t.v.stats.gp_injected, 1);
}

/* #PF while delivering #GP: handled serially, #PF goes. */
static void test_contributory_then_page_fault_serial(void **state)
{
	queued(HW(13) | CODE);
	vcpu_inject_exception(&t.v, 14, 0x9);
	assert_int_equal(entry(), HW(14) | CODE);
	assert_int_equal(vmcs_model_get(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE), 0x9);
}

/* #PF while delivering #PF, #GP while delivering #GP: #DF(0). */
static void test_double_fault(void **state)
{
	queued(HW(14) | CODE);
	vcpu_inject_exception(&t.v, 14, 0x9);
	assert_int_equal(entry(), HW(8) | CODE);
	assert_int_equal(vmcs_model_get(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE), 0);
	setup(state);
	queued(HW(13) | CODE);
	vcpu_inject_exception(&t.v, 11, 0x10);
	assert_int_equal(entry(), HW(8) | CODE);
	assert_int_equal(t.v.stats.gp_injected, 0);
	assert_false(t.vm.reset_requested);
}

/* A fault while delivering #DF: shutdown, the guest's reset; nothing is
 * injected. */
static void test_triple_fault(void **state)
{
	queued(HW(8) | CODE);
	vcpu_inject_exception(&t.v, 14, 0x9);
	assert_int_equal(entry(), 0);
	assert_true(t.vm.reset_requested);
	assert_string_equal(t.vm.reset_reason, "triple fault");
	assert_true(t.v.events_dirty);
	assert_int_equal(kernel_stub_lines[LOG_WARN], 1);
	/* #BP while delivering #DF: serial, no shutdown. */
	setup(state);
	queued(HW(8) | CODE);
	vcpu_inject_exception(&t.v, 3, 0);
	assert_int_equal(entry(), HW(3));
	assert_false(t.vm.reset_requested);
}

/* An external interrupt acknowledged already is kept, not lost: it is
 * injected after the exception (vmx/event_injection.c). */
static void test_external_interrupt_held(void **state)
{
	queued(EXT(0x31));
	vcpu_inject_exception(&t.v, 14, 0x2);
	assert_int_equal(entry(), HW(14) | CODE);
	assert_int_equal(t.v.held_vector, 0x31);
	assert_false(t.v.nmi_pending);
}

static void test_nmi_stays_pending(void **state)
{
	queued(NMI);
	vcpu_inject_exception(&t.v, 14, 0x2);
	assert_int_equal(entry(), HW(14) | CODE);
	assert_true(t.v.nmi_pending);
	assert_int_equal(t.v.held_vector, -1);
}

/* INT n faulting in its delivery: the fault replaces it (RIP still at
 * the INT, which runs again). */
static void test_software_interrupt_replaced(void **state)
{
	queued(SWINT(0x80));
	vcpu_inject_exception(&t.v, 13, 0x402);
	assert_int_equal(entry(), HW(13) | CODE);
	assert_int_equal(t.v.held_vector, -1);
	assert_false(t.v.nmi_pending);
}

/* Real mode with unrestricted guest: #DF carries no error code. */
static void test_real_mode_double_fault(void **state)
{
	t.cpu.ctl.proc = CPU_ACTIVATE_SECONDARY_CONTROLS;
	t.cpu.ctl.proc2 = CPU2_UNRESTRICTED_GUEST;
	vmcs_model_set(VMCS_GUEST_CR0, 0x10);
	queued(HW(13));
	vcpu_inject_exception(&t.v, 13, 0);
	assert_int_equal(entry(), HW(8));
}

/* A fault's frame gets RF (Vol. 3A 17.3.1.1); a trap's or an abort's
 * does not. */
static void test_rf_for_faults(void **state)
{
	vmcs_model_set(VMCS_GUEST_RFLAGS, 0x202);
	vcpu_inject_exception(&t.v, 13, 0);
	assert_int_equal(vmcs_model_get(VMCS_GUEST_RFLAGS), 0x10202);
	setup(state);
	vmcs_model_set(VMCS_GUEST_RFLAGS, 0x202);
	vcpu_inject_exception(&t.v, 3, 0);
	assert_int_equal(vmcs_model_get(VMCS_GUEST_RFLAGS), 0x202);
	/* #PF during #PF: #DF, an abort: no RF. */
	setup(state);
	vmcs_model_set(VMCS_GUEST_RFLAGS, 0x202);
	queued(HW(14) | CODE);
	vcpu_inject_exception(&t.v, 14, 0);
	assert_int_equal(vmcs_model_get(VMCS_GUEST_RFLAGS), 0x202);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_nothing_queued, setup),
		cmocka_unit_test_setup(test_contributory_then_page_fault_serial, setup),
		cmocka_unit_test_setup(test_double_fault, setup),
		cmocka_unit_test_setup(test_triple_fault, setup),
		cmocka_unit_test_setup(test_external_interrupt_held, setup),
		cmocka_unit_test_setup(test_nmi_stays_pending, setup),
		cmocka_unit_test_setup(test_software_interrupt_replaced, setup),
		cmocka_unit_test_setup(test_real_mode_double_fault, setup),
		cmocka_unit_test_setup(test_rf_for_faults, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
