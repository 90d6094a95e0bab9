/* Interrupt window (exit reason 7): the guest can take an interrupt now.
 * Nothing sets interrupt-window exiting yet; if it arrives, turn it off so
 * the guest is not stuck exiting. */
#include "vmx/exits.h"
#include "vmx/vmcs.h"

void exit_interrupt_window(struct vcpu *v)
{
	uint64_t proc = vmcs_read(VMCS_CPU_BASED_VM_EXEC_CONTROL);
	vmcs_write(VMCS_CPU_BASED_VM_EXEC_CONTROL,
		   proc & ~(uint64_t)CPU_INTERRUPT_WINDOW_EXITING);
	vcpu_trace(v, "interrupt window");
}
