/* Queueing a hardware exception for the next VM entry (SDM Vol. 3C 26.6
 * "Event Injection"), combined with an event whose delivery the exit
 * interrupted as the CPU would combine them (Vol. 3A 6.15, Table 6-5,
 * vmx/exception_entry.c): see vcpu_inject_exception in vmx/vcpu.h. */
#include "arch/cr.h"
#include "kernel/log.h"
#include "vmx/exception_entry.h"
#include "vmx/vcpu.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"
#include "vmx/vmx_vm.h"

/* The event the exit interrupted (requeued for this entry by the
 * dispatcher, vmx/exit_dispatch.c) meets a new exception. Returns false
 * if the CPU shuts down instead; may turn the new one into #DF. */
static bool combine_with_queued(struct vcpu *v, unsigned *vector,
				uint32_t *error_code)
{
	uint32_t queued = (uint32_t)vmcs_read(VMCS_VM_ENTRY_INTR_INFO);
	unsigned first = queued & INTR_INFO_VECTOR_MASK;

	if (!(queued & INTR_INFO_VALID))
		return true;
	switch (queued & INTR_INFO_TYPE_MASK) {
	case INTR_TYPE_EXT_INTR:
		v->held_vector = (int)first;	/* acknowledged already */
		break;
	case INTR_TYPE_NMI:
		v->nmi_pending = true;		/* not yet seen by the guest */
		break;
	case INTR_TYPE_HW_EXCEPTION:
		switch (exception_combine(first, *vector)) {
		case EXC_SERIAL:
			break;
		case EXC_DOUBLE_FAULT:
			vcpu_trace(v, "exception %u while delivering %u: #DF",
				   *vector, first);
			*vector = X86_EXC_DF;
			*error_code = 0;
			break;
		case EXC_TRIPLE_FAULT:
			log_warn("guest triple fault (shutdown): exception %u while delivering #DF at RIP 0x%llx",
				 *vector, (unsigned long long)v->exit.rip);
			vmcs_write(VMCS_VM_ENTRY_INTR_INFO, 0);
			vmx_vm_request_reset(v->vm, "triple fault");
			v->events_dirty = true;	/* the run loop looks */
			return false;
		}
		break;
	default:
		/* INT n, INT3, INTO, INT1: the instruction runs again after
		 * the fault, as on the CPU. */
		break;
	}
	return true;
}

void vcpu_inject_exception(struct vcpu *v, unsigned vector, uint32_t error_code)
{
	const struct vmx_controls *ctl = &v->cpu->ctl;
	bool unrestricted = (ctl->proc & CPU_ACTIVATE_SECONDARY_CONTROLS) &&
			    (ctl->proc2 & CPU2_UNRESTRICTED_GUEST);
	uint32_t code, info;

	if (!combine_with_queued(v, &vector, &error_code))
		return;
	info = exception_entry_info(vector, error_code, unrestricted,
				    vmcs_read(VMCS_GUEST_CR0), &code);
	/* A fault's frame holds RFLAGS with RF set, so the instruction runs
	 * again without its instruction breakpoint firing twice (Vol. 3A
	 * 17.3.1.1); event injection does not set it. */
	if (exception_is_fault(vector))
		vmcs_write(VMCS_GUEST_RFLAGS,
			   vmcs_read(VMCS_GUEST_RFLAGS) | X86_RFLAGS_RF);

	if (info & INTR_INFO_DELIVER_CODE)
		vmcs_write(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE, code);
	if (vector == X86_EXC_GP)
		v->stats.gp_injected++;
	if (vector == X86_EXC_UD)
		v->stats.ud_injected++;
	vmcs_write(VMCS_VM_ENTRY_INTR_INFO, info);
}
