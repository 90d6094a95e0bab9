/* External interrupt (exit reason 1). The host owns the interrupt
 * controllers; with "acknowledge interrupt on exit" the vector arrives in
 * the exit's interruption information (28.2.2). The host acknowledges it
 * at its controller. No device is forwarded to the guest yet, so the
 * interrupt is counted and dropped. */
#include "arch/pic.h"
#include "kernel/log.h"
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
	if (vector >= HOST_PIC_VECTOR_BASE && vector < HOST_PIC_VECTOR_BASE + 16)
		host_pic_eoi(vector - HOST_PIC_VECTOR_BASE);
	else
		host_lapic_eoi();
	vcpu_trace(v, "external interrupt, vector 0x%x", vector);
}
