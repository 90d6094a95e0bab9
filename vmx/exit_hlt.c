/* HLT (exit reason 12). The guest waits for its next interrupt:
 * - RFLAGS.IF clear: nothing but an NMI could wake it, and the hypervisor
 *   sends none, so the guest has stopped for good (this is how Linux halts
 *   when it cannot power off) and the vCPU ends;
 * - an interrupt already pending, or one that a device will raise (the
 *   PIT's next tick): the host waits for it, and it is injected at entry;
 * - nothing armed that could ever interrupt: resume at once. The guest
 *   sees a spurious wake-up, which HLT loops tolerate. */
#include "arch/cr.h"
#include "vmx/event_injection.h"
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
	if (vcpu_wait_for_interrupt(v))
		vcpu_trace(v, "HLT until an interrupt");
	else
		vcpu_trace(v, "HLT with interrupts enabled and no interrupt source: resumed");
}
