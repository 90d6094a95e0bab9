/* External interrupt (exit reason 1). The host owns the interrupt
 * controllers; with "acknowledge interrupt on exit" the vector arrives in
 * the exit's interruption information (28.2.2). The host handles and
 * acknowledges it as if it had come through its IDT (arch/host_irq.c):
 * COM1's receive interrupt marks console input for the guest, the host
 * timer only wakes. Nothing is forwarded to the guest directly. */
#include "arch/host_irq.h"
#include "vmx/exits.h"
#include "vmx/vmcs.h"

void exit_external_interrupt(struct vcpu *v)
{
	uint32_t info = (uint32_t)vmcs_read(VMCS_VM_EXIT_INTR_INFO);
	unsigned vector = info & INTR_INFO_VECTOR_MASK;

	if (!(info & INTR_INFO_VALID)) {
		vcpu_trace(v, "external interrupt without a vector");
		return;
	}
	host_interrupt(vector);
	vcpu_trace(v, "external interrupt, vector 0x%x", vector);
}
