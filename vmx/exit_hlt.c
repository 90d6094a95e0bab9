/* HLT (exit reason 12). The guest waits for its next interrupt. With
 * RFLAGS.IF clear nothing but an NMI could wake it, and the hypervisor
 * sends it none: the guest has stopped for good (this is how Linux halts
 * when it cannot power off), so the vCPU ends. */
#include "arch/cr.h"
#include "vmx/exits.h"
#include "vmx/vmcs.h"

void exit_hlt(struct vcpu *v)
{
	uint64_t rflags = vmcs_read(VMCS_GUEST_RFLAGS);

	vcpu_skip_instruction(v);
	if (!(rflags & X86_RFLAGS_IF)) {
		vcpu_trace(v, "HLT with interrupts disabled: the guest has stopped");
		vcpu_stop(v, VCPU_STOP_HALTED, 0);
		return;
	}
	/* Interrupts are on: with no interrupt source yet, resume; the
	 * guest sees a spurious wake-up, which HLT loops tolerate. */
	vcpu_trace(v, "HLT with interrupts enabled");
}
