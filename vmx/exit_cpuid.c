/* CPUID (exit reason 10): the host's answer filtered by the guest's CPUID
 * policy (vmx/cpuid_policy.c), an allow-list. */
#include "arch/cpu.h"
#include "arch/cr.h"
#include "guest/vm.h"
#include "vmx/controls.h"
#include "vmx/cpuid_policy.h"
#include "vmx/exits.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"

void exit_cpuid(struct vcpu *v)
{
	uint32_t leaf = (uint32_t)v->regs.rax, subleaf = (uint32_t)v->regs.rcx;
	struct cpuid_regs r;
	uint64_t cr4 = vmcs_read(VMCS_GUEST_CR4);
	struct cpuid_policy p = {
		.vcpu_id = v->id,
		.rdtscp = (v->cpu->ctl.proc2 & CPU2_ENABLE_RDTSCP) != 0,
		.invpcid = (v->cpu->ctl.proc2 & CPU2_ENABLE_INVPCID) != 0,
		.xsaves = (v->cpu->ctl.proc2 & CPU2_ENABLE_XSAVES) != 0,
		.guest_osxsave = (cr4 & X86_CR4_OSXSAVE) != 0,
		.guest_ospke = (cr4 & X86_CR4_PKE) != 0,
		.host_max_basic = v->cpu->max_basic_leaf,
		.tsc_hz = v->vm->tsc_hz,
		.cr4 = v->cpu->guest_cr4,
		.xcr0 = v->cpu->guest_xcr0,
		.xsave_size = v->cpu->guest_xsave_size,
	};

	cpuid(leaf, subleaf, &r);
	cpuid_policy_apply(&p, leaf, subleaf, &r);
	/* CPUID writes the low 32 bits and clears the high ones. */
	v->regs.rax = r.eax;
	v->regs.rbx = r.ebx;
	v->regs.rcx = r.ecx;
	v->regs.rdx = r.edx;
	vcpu_trace(v, "CPUID leaf 0x%x subleaf 0x%x -> eax 0x%x ebx 0x%x ecx 0x%x edx 0x%x",
		   leaf, subleaf, r.eax, r.ebx, r.ecx, r.edx);
	vcpu_skip_instruction(v);
}
