/* VMX instructions in the guest (exit reasons 19-27, 50, 53, 59). CPUID
 * hides VMX, so a guest that runs them gets what a CPU without VMX gives:
 * #UD. */
#include "arch/cr.h"
#include "vmx/exits.h"
#include "vmx/vmx_names.h"

void exit_vmx_instruction(struct vcpu *v)
{
	vcpu_trace(v, "%s: #UD (no nested VMX)",
		   exit_reason_name(v->exit.reason & VMX_EXIT_REASON_BASIC_MASK));
	vcpu_inject_exception(v, X86_EXC_UD, 0);
}
