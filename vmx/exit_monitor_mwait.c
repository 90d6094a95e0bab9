/* MONITOR (39) and MWAIT (36). CPUID hides MONITOR/MWAIT, so the guest
 * gets #UD, as on a CPU without them. */
#include "arch/cr.h"
#include "vmx/exits.h"

void exit_monitor_mwait(struct vcpu *v)
{
	vcpu_trace(v, "%s: #UD", (v->exit.reason & 0xFFFF) == 39 ? "MONITOR" : "MWAIT");
	vcpu_inject_exception(v, X86_EXC_UD, 0);
}
