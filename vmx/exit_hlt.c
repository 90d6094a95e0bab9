/* HLT (exit reason 12). The guest waits for its next event (SDM Vol. 2A
 * "HLT": an enabled interrupt, an NMI, a reset):
 * - an NMI it can take, or with RFLAGS.IF set an interrupt, pending now
 *   or raised later by a device (the PIT's next tick): the host waits
 *   for it, and it is injected at entry;
 * - RFLAGS.IF clear and no NMI pending, with no device set up to send
 *   one: nothing can wake it, so the guest has stopped for good (this is
 *   how Linux halts when it cannot power off) and the vCPU ends;
 * - RFLAGS.IF set but nothing armed that could ever interrupt: resume at
 *   once. The guest sees a spurious wake-up, which HLT loops tolerate.
 * The wait ends early for Ctrl-A x and a reset or power-off request. */
#include "arch/cr.h"
#include "vmx/event_injection.h"
#include "vmx/exits.h"
#include "vmx/vmcs.h"

void exit_hlt(struct vcpu *v)
{
	bool interrupts = vmcs_read(VMCS_GUEST_RFLAGS) & X86_RFLAGS_IF;

	vcpu_skip_instruction(v);
	if (vcpu_halt_wait(v, interrupts)) {
		vcpu_trace(v, "HLT until an event");
		return;
	}
	if (!interrupts) {
		vcpu_trace(v, "HLT with interrupts disabled and no NMI to come: the guest has stopped");
		vcpu_stop(v, VCPU_STOP_HALTED, 0);
		return;
	}
	vcpu_trace(v, "HLT with interrupts enabled and no interrupt source: resumed");
}
