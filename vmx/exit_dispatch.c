/* The VM-exit dispatcher: one table indexed by basic exit reason. Every
 * exit is counted in vcpu->exit_count before its handler runs; an exit with
 * no handler stops the guest with the reason's name and a full dump. */
#include "kernel/log.h"
#include "vmx/exits.h"
#include "vmx/vmcs.h"
#include "vmx/vmx_names.h"

static const exit_handler_fn handlers[VMX_EXIT_REASON_MAX] = {
	[EXIT_REASON_EXCEPTION_NMI]       = exit_exception_nmi,
	[EXIT_REASON_EXTERNAL_INTERRUPT]  = exit_external_interrupt,
	[EXIT_REASON_TRIPLE_FAULT]        = exit_triple_fault,
	[EXIT_REASON_INTERRUPT_WINDOW]    = exit_interrupt_window,
	[EXIT_REASON_NMI_WINDOW]          = exit_nmi_window,
	[EXIT_REASON_CPUID]               = exit_cpuid,
	[EXIT_REASON_HLT]                 = exit_hlt,
	[EXIT_REASON_INVD]                = exit_invd_wbinvd,
	[EXIT_REASON_WBINVD]              = exit_invd_wbinvd,
	[EXIT_REASON_VMCALL]              = exit_vmcall,
	[EXIT_REASON_VMCLEAR]             = exit_vmx_instruction,
	[EXIT_REASON_VMLAUNCH]            = exit_vmx_instruction,
	[EXIT_REASON_VMPTRLD]             = exit_vmx_instruction,
	[EXIT_REASON_VMPTRST]             = exit_vmx_instruction,
	[EXIT_REASON_VMREAD]              = exit_vmx_instruction,
	[EXIT_REASON_VMRESUME]            = exit_vmx_instruction,
	[EXIT_REASON_VMWRITE]             = exit_vmx_instruction,
	[EXIT_REASON_VMXOFF]              = exit_vmx_instruction,
	[EXIT_REASON_VMXON]               = exit_vmx_instruction,
	[EXIT_REASON_INVEPT]              = exit_vmx_instruction,
	[EXIT_REASON_INVVPID]             = exit_vmx_instruction,
	[EXIT_REASON_VMFUNC]              = exit_vmx_instruction,
	[EXIT_REASON_CR_ACCESS]           = exit_cr_access,
	[EXIT_REASON_IO_INSTRUCTION]      = exit_io_instruction,
	[EXIT_REASON_MSR_READ]            = exit_rdmsr,
	[EXIT_REASON_MSR_WRITE]           = exit_wrmsr,
	[EXIT_REASON_INVALID_GUEST_STATE] = exit_entry_failure,
	[EXIT_REASON_MSR_LOADING]         = exit_entry_failure,
	[EXIT_REASON_MACHINE_CHECK]       = exit_entry_failure,
	[EXIT_REASON_MWAIT]               = exit_monitor_mwait,
	[EXIT_REASON_MONITOR]             = exit_monitor_mwait,
	[EXIT_REASON_EPT_VIOLATION]       = exit_ept_violation,
	[EXIT_REASON_EPT_MISCONFIG]       = exit_ept_misconfig,
	[EXIT_REASON_PREEMPTION_TIMER]    = exit_preemption_timer,
	[EXIT_REASON_XSETBV]              = exit_xsetbv,
	[EXIT_REASON_RDRAND]              = exit_rdrand_rdseed,
	[EXIT_REASON_RDSEED]              = exit_rdrand_rdseed,
	[EXIT_REASON_RDTSC]               = exit_rdtsc,
	[EXIT_REASON_RDTSCP]              = exit_rdtscp,
	[EXIT_REASON_INVLPG]              = exit_invlpg,
	[EXIT_REASON_INVPCID]             = exit_invlpg,
	[EXIT_REASON_RDPMC]               = exit_rdpmc,
	[EXIT_REASON_PAUSE]               = exit_pause,
};

/* An exit in the middle of delivering an event to the guest (an interrupt
 * the hypervisor injected, or an exception the guest raised) leaves the
 * event undelivered; its description is in the IDT-vectoring information
 * (28.2.4). Queue it again so the next VM entry delivers it (26.6). */
static void requeue_vectoring_event(void)
{
	uint32_t info = (uint32_t)vmcs_read(VMCS_IDT_VECTORING_INFO);
	uint32_t type = info & INTR_INFO_TYPE_MASK;

	if (!(info & INTR_INFO_VALID))
		return;
	/* Bit 12 is undefined in the IDT-vectoring information and must be
	 * 0 in the entry field. */
	vmcs_write(VMCS_VM_ENTRY_INTR_INFO, info & ~INTR_INFO_NMI_UNBLOCKING);
	if (info & INTR_INFO_DELIVER_CODE)
		vmcs_write(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE,
			   vmcs_read(VMCS_IDT_VECTORING_ERROR_CODE));
	if (type == INTR_TYPE_SW_INTR || type == INTR_TYPE_PRIV_SW_EXCEPTION ||
	    type == INTR_TYPE_SW_EXCEPTION)
		vmcs_write(VMCS_VM_ENTRY_INSTRUCTION_LEN,
			   vmcs_read(VMCS_VM_EXIT_INSTRUCTION_LEN));
}

/* What the dispatcher needs to know of an exit besides its handler. */
enum {
	/* The handler leaves the guest's interrupt state as it was: no
	 * device touched, no change to RFLAGS.IF or blocking. After any
	 * other exit the run loop works out interrupt delivery again
	 * (vcpu->events_dirty). I/O instructions mark it themselves when a
	 * device answers, exit_msr.c for the platform's MSRs. */
	KEEPS_EVENTS = 1u << 0,
	/* Caused by executing an instruction: no event was being delivered,
	 * so the IDT-vectoring information is not valid (28.2.4) and is not
	 * read. */
	INSTRUCTION = 1u << 1,
	/* The exit qualification is undefined or unused for this reason
	 * (28.2.1, Table 28-1): not read (v->exit.qualification is 0). */
	NO_QUALIFICATION = 1u << 2,
};

static const uint8_t exit_flags[VMX_EXIT_REASON_MAX] = {
	[EXIT_REASON_EXTERNAL_INTERRUPT] = NO_QUALIFICATION,
	[EXIT_REASON_INTERRUPT_WINDOW]   = NO_QUALIFICATION,
	[EXIT_REASON_NMI_WINDOW]         = NO_QUALIFICATION,
	[EXIT_REASON_PREEMPTION_TIMER]   = NO_QUALIFICATION,
	[EXIT_REASON_CPUID]          = KEEPS_EVENTS | INSTRUCTION | NO_QUALIFICATION,
	[EXIT_REASON_HLT]            = INSTRUCTION | NO_QUALIFICATION,
	[EXIT_REASON_INVD]           = KEEPS_EVENTS | INSTRUCTION | NO_QUALIFICATION,
	[EXIT_REASON_WBINVD]         = KEEPS_EVENTS | INSTRUCTION | NO_QUALIFICATION,
	[EXIT_REASON_VMCALL]         = KEEPS_EVENTS | INSTRUCTION | NO_QUALIFICATION,
	[EXIT_REASON_IO_INSTRUCTION] = KEEPS_EVENTS | INSTRUCTION,
	[EXIT_REASON_MSR_READ]       = KEEPS_EVENTS | INSTRUCTION | NO_QUALIFICATION,
	[EXIT_REASON_MSR_WRITE]      = KEEPS_EVENTS | INSTRUCTION | NO_QUALIFICATION,
	[EXIT_REASON_XSETBV]         = KEEPS_EVENTS | INSTRUCTION | NO_QUALIFICATION,
	[EXIT_REASON_RDTSC]          = KEEPS_EVENTS | INSTRUCTION | NO_QUALIFICATION,
	[EXIT_REASON_RDTSCP]         = KEEPS_EVENTS | INSTRUCTION | NO_QUALIFICATION,
	[EXIT_REASON_INVLPG]         = KEEPS_EVENTS | INSTRUCTION,
	[EXIT_REASON_INVPCID]        = KEEPS_EVENTS | INSTRUCTION,
	[EXIT_REASON_CR_ACCESS]      = INSTRUCTION,
	[EXIT_REASON_MWAIT]          = INSTRUCTION | NO_QUALIFICATION,
	[EXIT_REASON_MONITOR]        = INSTRUCTION | NO_QUALIFICATION,
	[EXIT_REASON_RDRAND]         = INSTRUCTION | NO_QUALIFICATION,
	[EXIT_REASON_RDSEED]         = INSTRUCTION | NO_QUALIFICATION,
	[EXIT_REASON_RDPMC]          = INSTRUCTION | NO_QUALIFICATION,
	[EXIT_REASON_PAUSE]          = KEEPS_EVENTS | INSTRUCTION | NO_QUALIFICATION,
};

void exit_dispatch(struct vcpu *v)
{
	unsigned basic, flags;

	v->exit.reason = (uint32_t)vmcs_read(VMCS_VM_EXIT_REASON);
	basic = v->exit.reason & VMX_EXIT_REASON_BASIC_MASK;
	flags = basic < VMX_EXIT_REASON_MAX ? exit_flags[basic] : 0;
	v->exit.qualification = (flags & NO_QUALIFICATION) ? 0 :
				vmcs_read(VMCS_EXIT_QUALIFICATION);
	v->exit.instr_len = (uint32_t)vmcs_read(VMCS_VM_EXIT_INSTRUCTION_LEN);
	v->exit.rip = vmcs_read(VMCS_GUEST_RIP);
	v->exits++;
	if (v->trace_exits)	/* hv.conf "trace = exits" */
		log_info("trace: exit %s (%u) RIP 0x%llx qualification 0x%llx",
			 exit_reason_name(basic), basic,
			 (unsigned long long)v->exit.rip,
			 (unsigned long long)v->exit.qualification);
	if (!(v->exit.reason & VMX_EXIT_REASON_ENTRY_FAILURE) &&
	    !(flags & INSTRUCTION))
		requeue_vectoring_event();

	if (basic >= VMX_EXIT_REASON_MAX || !handlers[basic]) {
		v->events_dirty = true;
		log_error("unhandled VM exit: %s (reason %u, qualification 0x%llx) at RIP 0x%llx",
			  exit_reason_name(basic), basic,
			  (unsigned long long)v->exit.qualification,
			  (unsigned long long)v->exit.rip);
		if (basic < VMX_EXIT_REASON_MAX)
			v->exit_count[basic]++;
		vcpu_dump(v);
		vcpu_stop(v, VCPU_STOP_ERROR, basic);
		return;
	}
	v->exit_count[basic]++;
	if (!(flags & KEEPS_EVENTS))
		v->events_dirty = true;
	handlers[basic](v);
}
