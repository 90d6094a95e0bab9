/* RDMSR (exit reason 31) and WRMSR (32). The MSR bitmap (guest/vm.c) lets
 * the guest reach directly the MSRs that VMX switches or the host never
 * uses; everything else exits here. Known MSRs are emulated; an MSR this
 * hypervisor does not know gets #GP, as a CPU without it would give, and
 * is counted. Unknown MSRs must never reach the hardware: Bochs answers 0
 * for them where real CPUs fault. */
#include "arch/cpu.h"
#include "arch/cr.h"
#include "arch/msr.h"
#include "kernel/log.h"
#include "vmx/exits.h"
#include "vmx/vmcs.h"

/* Reads an emulated MSR; returns 0, or -1 for #GP. */
static int msr_read(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	switch (msr) {
	case MSR_IA32_TSC:
		*val = rdtsc() + vmcs_read(VMCS_TSC_OFFSET);
		return 0;
	case MSR_IA32_APIC_BASE:
		/* No local APIC for the guest yet (CPUID hides it): the
		 * architectural base, BSP, globally disabled. */
		*val = 0xFEE00000ULL | (v->id == 0 ? 1ULL << 8 : 0);
		return 0;
	case MSR_IA32_FEATURE_CONTROL:
		*val = FEATURE_CONTROL_LOCK;	/* locked, VMX off */
		return 0;
	case MSR_IA32_PLATFORM_ID:
	case MSR_IA32_BIOS_SIGN_ID:		/* no microcode revision */
		*val = 0;
		return 0;
	case MSR_IA32_MISC_ENABLE:
		*val = 1;			/* fast strings */
		return 0;
	case MSR_IA32_DEBUGCTL:
		*val = vmcs_read(VMCS_GUEST_IA32_DEBUGCTL);
		return 0;
	}
	return -1;
}

/* Writes an emulated MSR; returns 0, or -1 for #GP. */
static int msr_write(struct vcpu *v, uint32_t msr, uint64_t val)
{
	switch (msr) {
	case MSR_IA32_TSC:
		/* The guest's TSC becomes val: offset the host's. */
		vmcs_write(VMCS_TSC_OFFSET, val - rdtsc());
		return 0;
	case MSR_IA32_APIC_BASE:
	case MSR_IA32_BIOS_SIGN_ID:
	case MSR_IA32_MISC_ENABLE:
		return 0;			/* accepted, no effect */
	case MSR_IA32_DEBUGCTL:
		/* LBR (bit 0) and BTF (bit 1) only. */
		if (val & ~3ULL)
			return -1;
		vmcs_write(VMCS_GUEST_IA32_DEBUGCTL, val);
		return 0;
	}
	return -1;
}

static void unknown(struct vcpu *v, const char *insn, uint32_t msr)
{
	v->stats.msr_unknown++;
	if (v->trace || v->stats.msr_unknown <= 16)
		log_warn("guest %s of unknown MSR 0x%x at RIP 0x%llx: #GP", insn,
			 msr, (unsigned long long)v->exit.rip);
	vcpu_inject_exception(v, X86_EXC_GP, 0);
}

void exit_rdmsr(struct vcpu *v)
{
	uint32_t msr = (uint32_t)v->regs.rcx;
	uint64_t val;

	if (msr_read(v, msr, &val)) {
		unknown(v, "RDMSR", msr);
		return;
	}
	vcpu_trace(v, "RDMSR 0x%x -> 0x%llx", msr, (unsigned long long)val);
	v->regs.rax = val & 0xFFFFFFFFULL;
	v->regs.rdx = val >> 32;
	vcpu_skip_instruction(v);
}

void exit_wrmsr(struct vcpu *v)
{
	uint32_t msr = (uint32_t)v->regs.rcx;
	uint64_t val = (v->regs.rdx & 0xFFFFFFFFULL) << 32 |
		       (v->regs.rax & 0xFFFFFFFFULL);

	if (msr_write(v, msr, val)) {
		unknown(v, "WRMSR", msr);
		return;
	}
	vcpu_trace(v, "WRMSR 0x%x <- 0x%llx", msr, (unsigned long long)val);
	vcpu_skip_instruction(v);
}
