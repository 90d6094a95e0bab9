/*
 * vmx/exit_dispatch.c on the model VMCS (tests/unit/vmcs_model.h): what the
 * dispatcher reads and writes of the VMCS for each exit, which handler it
 * calls, and what it counts. The handlers are stand-ins here that record
 * which one ran; the SDM rules checked (Vol. 3C):
 *  - 28.2.4: the IDT-vectoring information is valid only for an exit
 *    during event delivery, never for one caused by executing an
 *    instruction; 26.6 / 28.2.4 "re-injection": an event whose delivery
 *    the exit interrupted is queued again in the VM-entry
 *    interruption-information field with bit 12 (undefined there) clear,
 *    its error code, and for software interrupts and exceptions the
 *    instruction length.
 *  - 28.2.1 Table 28-1: reasons whose exit qualification is undefined or
 *    unused are not read.
 *  - every exit is counted; a reason with no handler stops the vCPU.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/kernel_stub.h"
#include "tests/unit/vcpu_stub.h"
#include "tests/unit/vmcs_model.h"
#include "vmx/exits.h"
#include "vmx/vmcs.h"

/* The handlers: each records that it ran. */
static const char *handler_ran;
static unsigned handler_calls;

#define HANDLER(name)                                 \
	void name(struct vcpu *v)                     \
	{                                             \
		handler_ran = #name;                  \
		handler_calls++;                      \
	}
HANDLER(exit_exception_nmi)
HANDLER(exit_external_interrupt)
HANDLER(exit_triple_fault)
HANDLER(exit_interrupt_window)
HANDLER(exit_nmi_window)
HANDLER(exit_cpuid)
HANDLER(exit_hlt)
HANDLER(exit_invd_wbinvd)
HANDLER(exit_vmcall)
HANDLER(exit_vmx_instruction)
HANDLER(exit_cr_access)
HANDLER(exit_io_instruction)
HANDLER(exit_rdmsr)
HANDLER(exit_wrmsr)
HANDLER(exit_entry_failure)
HANDLER(exit_monitor_mwait)
HANDLER(exit_ept_violation)
HANDLER(exit_ept_misconfig)
HANDLER(exit_preemption_timer)
HANDLER(exit_xsetbv)
HANDLER(exit_rdrand_rdseed)
HANDLER(exit_rdtsc)
HANDLER(exit_rdtscp)
HANDLER(exit_invlpg)
HANDLER(exit_rdpmc)
HANDLER(exit_pause)
#undef HANDLER

static struct test_vcpu t;

static int setup(void **state)
{
	test_vcpu_init(&t);
	kernel_stub_reset();
	handler_ran = NULL;
	handler_calls = 0;
	return 0;
}

/* An exit as the CPU reports it: reason, qualification, instruction
 * length, guest RIP. */
static void cpu_exit(uint32_t reason, uint64_t qualification,
		     uint32_t instr_len)
{
	vmcs_model_set(VMCS_VM_EXIT_REASON, reason);
	vmcs_model_set(VMCS_EXIT_QUALIFICATION, qualification);
	vmcs_model_set(VMCS_VM_EXIT_INSTRUCTION_LEN, instr_len);
	vmcs_model_set(VMCS_GUEST_RIP, 0xfff0);
}

/* A #PF (vector 14, hardware exception, error code) being delivered,
 * with bit 12 set as the CPU may leave it. */
#define PF_VECTORING 0x80001B0Eu

static void test_instruction_exit_leaves_vectoring_info(void **state)
{
	cpu_exit(EXIT_REASON_CPUID, 0x1234, 2);
	vmcs_model_set(VMCS_IDT_VECTORING_INFO, PF_VECTORING);
	vmcs_model_set(VMCS_IDT_VECTORING_ERROR_CODE, 6);

	exit_dispatch(&t.v);

	assert_string_equal(handler_ran, "exit_cpuid");
	assert_int_equal(handler_calls, 1);
	/* Not even read (28.2.4: undefined after an instruction's exit). */
	assert_int_equal(vmcs_model_reads(VMCS_IDT_VECTORING_INFO), 0);
	assert_int_equal(vmcs_model_total_writes(), 0);
	assert_int_equal(t.v.exit.reason, EXIT_REASON_CPUID);
	assert_int_equal(t.v.exit.instr_len, 2);
	assert_int_equal(t.v.exit.rip, 0xfff0);
	assert_int_equal(t.v.exit_count[EXIT_REASON_CPUID], 1);
	assert_int_equal(t.v.exits, 1);
	/* CPUID keeps the guest's interrupt state. */
	assert_false(t.v.events_dirty);
	assert_int_equal(t.v.stop, VCPU_RUNNING);
}

static void test_event_exit_requeues_exception_with_error_code(void **state)
{
	cpu_exit(EXIT_REASON_EPT_VIOLATION, 0x182, 3);
	vmcs_model_set(VMCS_IDT_VECTORING_INFO, PF_VECTORING);
	vmcs_model_set(VMCS_IDT_VECTORING_ERROR_CODE, 6);

	exit_dispatch(&t.v);

	assert_string_equal(handler_ran, "exit_ept_violation");
	/* Valid, hardware exception 14 with its error code; bit 12 clear. */
	assert_int_equal(vmcs_model_get(VMCS_VM_ENTRY_INTR_INFO), 0x80000B0E);
	assert_int_equal(vmcs_model_writes(VMCS_VM_ENTRY_INTR_INFO), 1);
	assert_int_equal(vmcs_model_get(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE), 6);
	/* Not a software event: no instruction length. */
	assert_int_equal(vmcs_model_writes(VMCS_VM_ENTRY_INSTRUCTION_LEN), 0);
	assert_int_equal(vmcs_model_total_writes(), 2);
	assert_int_equal(vmcs_model_reads(VMCS_EXIT_QUALIFICATION), 1);
	assert_int_equal(t.v.exit.qualification, 0x182);
	assert_int_equal(t.v.exit_count[EXIT_REASON_EPT_VIOLATION], 1);
	assert_true(t.v.events_dirty);
}

static void test_event_exit_requeues_software_events_with_length(void **state)
{
	/* INT 0x80 (software interrupt), INT1 (privileged software
	 * exception), INT3 (software exception): the entry needs the
	 * instruction's length to push the return address (26.6.1.3). */
	static const uint32_t info[] = { 0x80000480, 0x80000501, 0x80000603 };

	for (unsigned i = 0; i < 3; i++) {
		setup(NULL);
		cpu_exit(EXIT_REASON_EPT_VIOLATION, 0x181, 2 - (i > 0));
		vmcs_model_set(VMCS_IDT_VECTORING_INFO, info[i] | 1u << 12);
		exit_dispatch(&t.v);
		assert_int_equal(vmcs_model_get(VMCS_VM_ENTRY_INTR_INFO), info[i]);
		assert_int_equal(vmcs_model_get(VMCS_VM_ENTRY_INSTRUCTION_LEN),
				 2 - (i > 0));
		assert_int_equal(vmcs_model_writes(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE), 0);
		assert_int_equal(vmcs_model_total_writes(), 2);
	}
}

static void test_event_exit_requeues_interrupt_and_nmi_alone(void **state)
{
	/* External interrupt 0x30, NMI: no error code, no length. */
	static const uint32_t info[] = { 0x80000030, 0x80000202 };

	for (unsigned i = 0; i < 2; i++) {
		setup(NULL);
		cpu_exit(EXIT_REASON_EXTERNAL_INTERRUPT, 0, 5);
		vmcs_model_set(VMCS_IDT_VECTORING_INFO, info[i]);
		exit_dispatch(&t.v);
		assert_string_equal(handler_ran, "exit_external_interrupt");
		assert_int_equal(vmcs_model_get(VMCS_VM_ENTRY_INTR_INFO), info[i]);
		assert_int_equal(vmcs_model_total_writes(), 1);
	}
}

static void test_invalid_vectoring_info_queues_nothing(void **state)
{
	/* Bit 31 clear: no event was being delivered, whatever the rest. */
	cpu_exit(EXIT_REASON_EPT_VIOLATION, 0x181, 3);
	vmcs_model_set(VMCS_IDT_VECTORING_INFO, PF_VECTORING & ~0x80000000u);
	exit_dispatch(&t.v);
	assert_int_equal(vmcs_model_reads(VMCS_IDT_VECTORING_INFO), 1);
	assert_int_equal(vmcs_model_total_writes(), 0);
}

static void test_entry_failure_queues_nothing(void **state)
{
	/* A failed VM entry (bit 31 of the reason) delivered no event. */
	cpu_exit(0x80000000u | EXIT_REASON_INVALID_GUEST_STATE, 0, 0);
	vmcs_model_set(VMCS_IDT_VECTORING_INFO, PF_VECTORING);
	exit_dispatch(&t.v);
	assert_string_equal(handler_ran, "exit_entry_failure");
	assert_int_equal(vmcs_model_reads(VMCS_IDT_VECTORING_INFO), 0);
	assert_int_equal(vmcs_model_total_writes(), 0);
	assert_int_equal(t.v.exit_count[EXIT_REASON_INVALID_GUEST_STATE], 1);
}

/* Table 28-1: the reasons with an exit qualification the handlers use,
 * and the handled ones without (the qualification is undefined or
 * unused for those). */
static const unsigned with_qualification[] = {
	EXIT_REASON_EXCEPTION_NMI, EXIT_REASON_TRIPLE_FAULT,
	EXIT_REASON_INVLPG, EXIT_REASON_CR_ACCESS, EXIT_REASON_IO_INSTRUCTION,
	EXIT_REASON_EPT_VIOLATION, EXIT_REASON_EPT_MISCONFIG,
	EXIT_REASON_INVPCID, EXIT_REASON_VMCLEAR, EXIT_REASON_INVEPT,
};
static const unsigned without_qualification[] = {
	EXIT_REASON_EXTERNAL_INTERRUPT, EXIT_REASON_INTERRUPT_WINDOW,
	EXIT_REASON_NMI_WINDOW, EXIT_REASON_CPUID, EXIT_REASON_HLT,
	EXIT_REASON_INVD, EXIT_REASON_RDPMC, EXIT_REASON_RDTSC,
	EXIT_REASON_VMCALL, EXIT_REASON_MSR_READ, EXIT_REASON_MSR_WRITE,
	EXIT_REASON_MWAIT, EXIT_REASON_MONITOR, EXIT_REASON_PAUSE,
	EXIT_REASON_RDTSCP, EXIT_REASON_PREEMPTION_TIMER, EXIT_REASON_WBINVD,
	EXIT_REASON_XSETBV, EXIT_REASON_RDRAND, EXIT_REASON_RDSEED,
};

static void test_qualification_read_only_where_defined(void **state)
{
	for (size_t i = 0; i < sizeof(with_qualification) / sizeof(unsigned); i++) {
		setup(NULL);
		cpu_exit(with_qualification[i], 0xabc, 2);
		exit_dispatch(&t.v);
		assert_int_equal(vmcs_model_reads(VMCS_EXIT_QUALIFICATION), 1);
		assert_int_equal(t.v.exit.qualification, 0xabc);
	}
	for (size_t i = 0; i < sizeof(without_qualification) / sizeof(unsigned); i++) {
		setup(NULL);
		cpu_exit(without_qualification[i], 0xabc, 2);
		exit_dispatch(&t.v);
		if (vmcs_model_reads(VMCS_EXIT_QUALIFICATION))
			fail_msg("exit reason %u read its qualification",
				 without_qualification[i]);
		assert_int_equal(t.v.exit.qualification, 0);
		assert_non_null(handler_ran);
	}
}

/* The handler of every basic reason (NULL: none, the vCPU stops). */
static const char *const handler_of[VMX_EXIT_REASON_MAX] = {
	[EXIT_REASON_EXCEPTION_NMI]       = "exit_exception_nmi",
	[EXIT_REASON_EXTERNAL_INTERRUPT]  = "exit_external_interrupt",
	[EXIT_REASON_TRIPLE_FAULT]        = "exit_triple_fault",
	[EXIT_REASON_INTERRUPT_WINDOW]    = "exit_interrupt_window",
	[EXIT_REASON_NMI_WINDOW]          = "exit_nmi_window",
	[EXIT_REASON_CPUID]               = "exit_cpuid",
	[EXIT_REASON_HLT]                 = "exit_hlt",
	[EXIT_REASON_INVD]                = "exit_invd_wbinvd",
	[EXIT_REASON_WBINVD]              = "exit_invd_wbinvd",
	[EXIT_REASON_VMCALL]              = "exit_vmcall",
	[EXIT_REASON_VMCLEAR]             = "exit_vmx_instruction",
	[EXIT_REASON_VMLAUNCH]            = "exit_vmx_instruction",
	[EXIT_REASON_VMPTRLD]             = "exit_vmx_instruction",
	[EXIT_REASON_VMPTRST]             = "exit_vmx_instruction",
	[EXIT_REASON_VMREAD]              = "exit_vmx_instruction",
	[EXIT_REASON_VMRESUME]            = "exit_vmx_instruction",
	[EXIT_REASON_VMWRITE]             = "exit_vmx_instruction",
	[EXIT_REASON_VMXOFF]              = "exit_vmx_instruction",
	[EXIT_REASON_VMXON]               = "exit_vmx_instruction",
	[EXIT_REASON_INVEPT]              = "exit_vmx_instruction",
	[EXIT_REASON_INVVPID]             = "exit_vmx_instruction",
	[EXIT_REASON_VMFUNC]              = "exit_vmx_instruction",
	[EXIT_REASON_CR_ACCESS]           = "exit_cr_access",
	[EXIT_REASON_IO_INSTRUCTION]      = "exit_io_instruction",
	[EXIT_REASON_MSR_READ]            = "exit_rdmsr",
	[EXIT_REASON_MSR_WRITE]           = "exit_wrmsr",
	[EXIT_REASON_INVALID_GUEST_STATE] = "exit_entry_failure",
	[EXIT_REASON_MSR_LOADING]         = "exit_entry_failure",
	[EXIT_REASON_MACHINE_CHECK]       = "exit_entry_failure",
	[EXIT_REASON_MWAIT]               = "exit_monitor_mwait",
	[EXIT_REASON_MONITOR]             = "exit_monitor_mwait",
	[EXIT_REASON_EPT_VIOLATION]       = "exit_ept_violation",
	[EXIT_REASON_EPT_MISCONFIG]       = "exit_ept_misconfig",
	[EXIT_REASON_PREEMPTION_TIMER]    = "exit_preemption_timer",
	[EXIT_REASON_XSETBV]              = "exit_xsetbv",
	[EXIT_REASON_RDRAND]              = "exit_rdrand_rdseed",
	[EXIT_REASON_RDSEED]              = "exit_rdrand_rdseed",
	[EXIT_REASON_RDTSC]               = "exit_rdtsc",
	[EXIT_REASON_RDTSCP]              = "exit_rdtscp",
	[EXIT_REASON_INVLPG]              = "exit_invlpg",
	[EXIT_REASON_INVPCID]             = "exit_invlpg",
	[EXIT_REASON_RDPMC]               = "exit_rdpmc",
	[EXIT_REASON_PAUSE]               = "exit_pause",
};

static void test_every_exit_counted_and_dispatched(void **state)
{
	/* Every basic reason once, on one vCPU: each counted under its
	 * reason, each handled by its handler or stopping the vCPU. */
	for (unsigned r = 0; r < VMX_EXIT_REASON_MAX; r++) {
		handler_ran = NULL;
		handler_calls = 0;
		t.v.stop = VCPU_RUNNING;
		vcpu_stub_dumps = 0;
		cpu_exit(r, 0, 1);
		exit_dispatch(&t.v);
		assert_int_equal(t.v.exits, r + 1);
		assert_int_equal(t.v.exit_count[r], 1);
		if (handler_of[r]) {
			if (!handler_ran || strcmp(handler_ran, handler_of[r]))
				fail_msg("exit reason %u: %s ran, not %s", r,
					 handler_ran ? handler_ran : "nothing",
					 handler_of[r]);
			assert_int_equal(handler_calls, 1);
			assert_int_equal(t.v.stop, VCPU_RUNNING);
		} else {
			if (handler_ran)
				fail_msg("exit reason %u: %s ran", r, handler_ran);
			assert_int_equal(t.v.stop, VCPU_STOP_ERROR);
			assert_int_equal(t.v.stop_code, r);
			assert_int_equal(vcpu_stub_dumps, 1);
		}
	}
	for (unsigned r = 0; r < VMX_EXIT_REASON_MAX; r++)
		assert_int_equal(t.v.exit_count[r], 1);
}

static void test_unknown_reason_stops_with_error(void **state)
{
	/* INIT signal: a reason in the table with no handler. */
	cpu_exit(EXIT_REASON_INIT_SIGNAL, 0, 0);
	exit_dispatch(&t.v);
	assert_null(handler_ran);
	assert_int_equal(t.v.stop, VCPU_STOP_ERROR);
	assert_int_equal(t.v.stop_code, EXIT_REASON_INIT_SIGNAL);
	assert_int_equal(t.v.exit_count[EXIT_REASON_INIT_SIGNAL], 1);
	assert_int_equal(t.v.exits, 1);
	assert_true(t.v.events_dirty);
	assert_int_equal(vcpu_stub_dumps, 1);
	assert_int_equal(kernel_stub_lines[LOG_ERROR], 1);
	assert_string_equal(kernel_stub_last_line,
			    "unhandled VM exit: INIT signal (reason 3, qualification 0x0) at RIP 0xfff0");

	/* A reason past the table (a newer CPU's): counted in the total,
	 * stopped the same way, no handler. */
	setup(NULL);
	cpu_exit(VMX_EXIT_REASON_MAX, 0x5, 0);
	exit_dispatch(&t.v);
	assert_null(handler_ran);
	assert_int_equal(t.v.stop, VCPU_STOP_ERROR);
	assert_int_equal(t.v.stop_code, VMX_EXIT_REASON_MAX);
	assert_int_equal(t.v.exits, 1);
	/* Unknown flags: the qualification is read and reported. */
	assert_int_equal(t.v.exit.qualification, 0x5);
	for (unsigned r = 0; r < VMX_EXIT_REASON_MAX; r++)
		assert_int_equal(t.v.exit_count[r], 0);
	assert_int_equal(vcpu_stub_dumps, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_instruction_exit_leaves_vectoring_info, setup),
		cmocka_unit_test_setup(test_event_exit_requeues_exception_with_error_code, setup),
		cmocka_unit_test_setup(test_event_exit_requeues_software_events_with_length, setup),
		cmocka_unit_test_setup(test_event_exit_requeues_interrupt_and_nmi_alone, setup),
		cmocka_unit_test_setup(test_invalid_vectoring_info_queues_nothing, setup),
		cmocka_unit_test_setup(test_entry_failure_queues_nothing, setup),
		cmocka_unit_test_setup(test_qualification_read_only_where_defined, setup),
		cmocka_unit_test_setup(test_every_exit_counted_and_dispatched, setup),
		cmocka_unit_test_setup(test_unknown_reason_stops_with_error, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
