/* Exception or NMI (exit reason 0). The exception bitmap intercepts only
 * machine checks (#MC belongs to the host): not the guest's fault, so
 * report and stop, rather than hand the guest a machine check it cannot
 * act on. An NMI exits because of NMI exiting: it is the platform's, for
 * the guest, and is injected (vmx/nmi_injection.c).
 * The naive build (NAIVE=1, make bench) also intercepts #PF and #UD and
 * hands them straight back: the same vector and error code, and for #PF
 * CR2 from the exit qualification (28.2.1). */
#include "arch/cpu.h"
#include "arch/cr.h"
#include "kernel/log.h"
#include "vmx/exits.h"
#include "vmx/vmcs.h"

void exit_exception_nmi(struct vcpu *v)
{
	uint32_t info = (uint32_t)vmcs_read(VMCS_VM_EXIT_INTR_INFO);
	unsigned vector = info & INTR_INFO_VECTOR_MASK;
	unsigned type = info & INTR_INFO_TYPE_MASK;

	if (type == INTR_TYPE_NMI) {
		/* A platform NMI: the guest's (vmx/nmi_injection.c). */
		vcpu_trace(v, "NMI during guest execution at RIP 0x%llx",
			   (unsigned long long)v->exit.rip);
		v->nmi_pending = true;
		return;
	}
	if (type == INTR_TYPE_HW_EXCEPTION &&
	    (vector == X86_EXC_PF || vector == X86_EXC_UD)) {
		uint32_t code = 0;
		if (info & INTR_INFO_DELIVER_CODE)
			code = (uint32_t)vmcs_read(VMCS_VM_EXIT_INTR_ERROR_CODE);
		if (vector == X86_EXC_PF)
			write_cr2(v->exit.qualification);
		/* A faulting IRET leaves NMIs blocked (28.2.2 bit 12). */
		if (info & INTR_INFO_NMI_UNBLOCKING)
			vmcs_write(VMCS_GUEST_INTERRUPTIBILITY_INFO,
				   vmcs_read(VMCS_GUEST_INTERRUPTIBILITY_INFO) |
				   GUEST_INTR_STATE_NMI);
		vcpu_inject_exception(v, vector, code);
		return;
	}
	log_error("exception %u in the guest (interruption info 0x%x, error code 0x%llx) is not handled",
		  vector, info,
		  (unsigned long long)vmcs_read(VMCS_VM_EXIT_INTR_ERROR_CODE));
	vcpu_dump(v);
	vcpu_stop(v, VCPU_STOP_ERROR, EXIT_REASON_EXCEPTION_NMI);
}
