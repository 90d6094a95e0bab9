/* RDPMC (exit reason 15). The guest is offered no performance-monitoring
 * counters (CPUID leaf 0xA reads 0, vmx/cpuid_policy.c), and the host's
 * counters are not its to read: RDPMC exits (vmx/controls.c) and gets what
 * a CPU gives for a counter it does not have, #GP(0) (SDM Vol. 2B, RDPMC:
 * "ECX does not specify a valid counter"). */
#include "arch/cpu.h"
#include "kernel/log.h"
#include "vmx/exits.h"

void exit_rdpmc(struct vcpu *v)
{
	vcpu_trace(v, "RDPMC counter 0x%x: #GP", (uint32_t)v->regs.rcx);
	vcpu_inject_exception(v, X86_EXC_GP, 0);
}
