/* RDTSC (exit reason 16) and RDTSCP (51). They exit only in the naive
 * intercept-everything build (NAIVE=1, make bench): the default lets the
 * guest read the TSC directly. The guest's TSC is the host's plus the
 * VMCS's TSC offset (25.3, "TSC offsetting"). */
#include "arch/cpu.h"
#include "arch/msr.h"
#include "vmx/exits.h"
#include "vmx/vmcs.h"

static void load_tsc(struct vcpu *v)
{
	uint64_t tsc = rdtsc() + vmcs_read(VMCS_TSC_OFFSET);

	v->regs.rax = tsc & 0xFFFFFFFFULL;
	v->regs.rdx = tsc >> 32;
}

void exit_rdtsc(struct vcpu *v)
{
	load_tsc(v);
	vcpu_skip_instruction(v);
}

void exit_rdtscp(struct vcpu *v)
{
	load_tsc(v);
	/* TSC_AUX is the guest's own (passed through, guest/vm.c). */
	v->regs.rcx = rdmsr(MSR_IA32_TSC_AUX) & 0xFFFFFFFFULL;
	vcpu_skip_instruction(v);
}
