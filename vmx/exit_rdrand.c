/* RDRAND (exit reason 57) and RDSEED (61). CPUID hides both (under Bochs
 * they are seeded from the host's clock, so runs would not repeat), and
 * "RDRAND exiting"/"RDSEED exiting" make them exit where the CPU has those
 * controls: the guest gets what a CPU without them gives, #UD. */
#include "arch/cr.h"
#include "vmx/exits.h"
#include "vmx/vmx_names.h"

void exit_rdrand_rdseed(struct vcpu *v)
{
	vcpu_trace(v, "%s: #UD (hidden by CPUID)",
		   exit_reason_name(v->exit.reason & VMX_EXIT_REASON_BASIC_MASK));
	vcpu_inject_exception(v, X86_EXC_UD, 0);
}
