/* CPUID (exit reason 10): the host's answer filtered by the guest's CPUID
 * policy (vmx/cpuid_policy.c), an allow-list; for most leaves looked up in
 * the table that policy filled when the vCPU was made. */
#include "arch/cpu.h"
#include "arch/cr.h"
#include "arch/msr.h"
#include "kernel/log.h"
#include "vmx/controls.h"
#include "vmx/cpuid_policy.h"
#include "vmx/exits.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"
#include "vmx/vmx_vm.h"

static void host_cpuid(uint32_t leaf, uint32_t subleaf, struct cpuid_regs *r)
{
	cpuid(leaf, subleaf, r);
}

/* The vCPU's policy and the table of its static leaves: what the CPU, the
 * controls and the VM offer does not change while the guest runs. */
void vcpu_cpuid_init(struct vcpu *v)
{
	struct cpuid_policy q = {
		.vcpu_id = v->id,
		.rdtscp = (v->cpu->ctl.proc2 & CPU2_ENABLE_RDTSCP) != 0,
		.invpcid = (v->cpu->ctl.proc2 & CPU2_ENABLE_INVPCID) != 0,
		.xsaves = (v->cpu->ctl.proc2 & CPU2_ENABLE_XSAVES) != 0,
		.fast_strings = v->cpu->fast_strings,
		.host_max_basic = v->cpu->max_basic_leaf,
		.tsc_hz = v->vm->tsc_hz,
		.cr4 = v->cpu->guest_cr4,
		.xcr0 = v->cpu->guest_xcr0,
		.xsave_size = v->cpu->guest_xsave_size,
		.xsave_comp = v->cpu->xsave_comp,
		.xsave_ncomp = XSAVE_COMPONENTS,
	};
	v->cpuid = q;
	cpuid_table_fill(&v->cpuid_table, &v->cpuid, host_cpuid);
}

/* The policy for a dynamic leaf: the fixed part, and what the leaf shows
 * of the guest's state now: CR4.OSXSAVE (leaf 1), CR4.PKE (leaf 7), XCR0
 * (leaf 0xD's sizes). */
static const struct cpuid_policy *guest_policy(struct vcpu *v, uint32_t leaf)
{
	struct cpuid_policy *p = &v->cpuid;

	if (leaf == 1 || leaf == 7) {
		uint64_t cr4 = vmcs_read(VMCS_GUEST_CR4);
		uint64_t apic_base = IA32_APIC_BASE_EN;

		p->guest_osxsave = (cr4 & X86_CR4_OSXSAVE) != 0;
		p->guest_ospke = (cr4 & X86_CR4_PKE) != 0;
		/* IA32_APIC_BASE is the platform's (guest/lapic.c). */
		v->platform->rdmsr(v->platform->ctx, v->id, MSR_IA32_APIC_BASE,
				   &apic_base);
		p->guest_apic_off = !(apic_base & IA32_APIC_BASE_EN);
	} else if (leaf == 0xD) {
		/* The host runs with the guest's XCR0. */
		p->xcr0_now = v->cpu->guest_xcr0 ? xgetbv(0) : 0;
	}
	return p;
}

static struct cpuid_regs guest_cpuid(const struct cpuid_policy *p,
				     uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;

	cpuid(leaf, subleaf, &r);
	cpuid_policy_apply(p, leaf, subleaf, &r);
	return r;
}

void cpuid_log_guest_view(struct vcpu *v)
{
	struct cpuid_regs l1 = guest_cpuid(guest_policy(v, 1), 1, 0);
	struct cpuid_regs l7 = guest_cpuid(guest_policy(v, 7), 7, 0);
	struct cpuid_regs d0 = guest_cpuid(guest_policy(v, 0xD), 0xD, 0);
	struct cpuid_regs d1 = guest_cpuid(guest_policy(v, 0xD), 0xD, 1);
	const struct cpuid_policy *p = guest_policy(v, 0);
	struct cpuid_regs e1 = guest_cpuid(p, CPUID_LEAF_EXT_FEATURES, 0);
	log_info("guest CPUID: 1 ecx 0x%08x edx 0x%08x; 7 ebx 0x%08x ecx 0x%08x edx 0x%08x; "
		 "0xd eax 0x%x ecx 0x%x; 0xd.1 eax 0x%x; 0x80000001 ecx 0x%x edx 0x%08x",
		 l1.ecx, l1.edx, l7.ebx, l7.ecx, l7.edx, d0.eax, d0.ecx, d1.eax,
		 e1.ecx, e1.edx);
}

/* A dynamic leaf: the host's CPUID now, through the policy. Out of line,
 * so the table lookup's path stays short. */
static __attribute__((noinline)) struct cpuid_regs
dynamic_leaf(struct vcpu *v, uint32_t leaf, uint32_t subleaf)
{
	return guest_cpuid(guest_policy(v, leaf), leaf, subleaf);
}

void exit_cpuid(struct vcpu *v)
{
	uint32_t leaf = (uint32_t)v->regs.rax, subleaf = (uint32_t)v->regs.rcx;
	const struct cpuid_regs *fixed = cpuid_table_find(&v->cpuid_table, leaf);
	struct cpuid_regs r = fixed ? *fixed : dynamic_leaf(v, leaf, subleaf);
	/* CPUID writes the low 32 bits and clears the high ones. */
	v->regs.rax = r.eax;
	v->regs.rbx = r.ebx;
	v->regs.rcx = r.ecx;
	v->regs.rdx = r.edx;
	vcpu_trace(v, "CPUID leaf 0x%x subleaf 0x%x -> eax 0x%x ebx 0x%x ecx 0x%x edx 0x%x",
		   leaf, subleaf, r.eax, r.ebx, r.ecx, r.edx);
	vcpu_skip_instruction(v);
}
