/* RDMSR (exit reason 31) and WRMSR (32). The MSR bitmap (guest/vm.c) lets
 * the guest reach directly the MSRs that VMX switches or the host never
 * uses; everything else exits here. Known MSRs are emulated; an MSR this
 * hypervisor does not know gets #GP, as a CPU without it would give, and
 * is counted. Unknown MSRs must never reach the hardware: Bochs answers 0
 * for them where real CPUs fault. A write the CPU would refuse to an MSR
 * that is emulated (a reserved bit, a locked register) gets #GP too, and
 * is logged as what it is. The local APIC's MSRs (IA32_APIC_BASE,
 * IA32_TSC_DEADLINE) belong to the platform (v->platform); there is no
 * x2APIC, so 0x800-0x8FF get #GP like any unknown MSR. */
#include "arch/cpu.h"
#include "arch/cr.h"
#include "arch/msr.h"
#include "kernel/log.h"
#include "vmx/exits.h"
#include "vmx/tsc_arith.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"

/* What became of an access: done, an MSR not known here, or a known MSR
 * whose write the CPU would refuse (the reason in *why). */
enum msr_result { MSR_DONE, MSR_UNKNOWN, MSR_REFUSED };

/* The guest's TSC is the host's plus the VMCS offset when "use TSC
 * offsetting" is on (25.6.5); IA32_TSC_DEADLINE is in the guest's TSC,
 * the platform's local APIC counts in the host's. */
static uint64_t tsc_offset(const struct vcpu *v)
{
	if (!(v->cpu->ctl.proc & CPU_USE_TSC_OFFSETTING))
		return 0;
	return vmcs_read(VMCS_TSC_OFFSET);
}

/* MSRs of the platform: the local APIC's. MSR_UNKNOWN if the platform
 * has no such MSR. */
static enum msr_result platform_rdmsr(struct vcpu *v, uint32_t msr,
				      uint64_t *val)
{
	const struct vcpu_platform_ops *p = v->platform;
	int r = p->rdmsr(p->ctx, v->id, msr, val);

	if (r != 0)
		return MSR_UNKNOWN;
	if (msr == MSR_IA32_TSC_DEADLINE && *val)
		*val += tsc_offset(v);
	return MSR_DONE;
}

static enum msr_result platform_wrmsr(struct vcpu *v, uint32_t msr,
				      uint64_t val, const char **why)
{
	const struct vcpu_platform_ops *p = v->platform;
	int r;

	if (msr == MSR_IA32_TSC_DEADLINE && val) {
		val -= tsc_offset(v);
		if (!val)
			val = 1;	/* 0 would disarm it */
	}
	r = p->wrmsr(p->ctx, v->id, msr, val);
	if (r > 0)
		return MSR_UNKNOWN;
	/* IA32_TSC_DEADLINE or IA32_APIC_BASE: the next timer event or the
	 * deliverable vector may have changed, so the run loop works them
	 * out again before the next entry (WRMSR keeps events otherwise). */
	v->events_dirty = true;
	if (r < 0) {
		*why = "reserved bits";
		return MSR_REFUSED;
	}
	return MSR_DONE;
}

static enum msr_result msr_read(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	if (platform_rdmsr(v, msr, val) == MSR_DONE)
		return MSR_DONE;
	switch (msr) {
	case MSR_IA32_TSC:
		*val = tsc_guest(rdtsc(), vmcs_read(VMCS_TSC_OFFSET));
		return MSR_DONE;
	case MSR_IA32_FEATURE_CONTROL:
		*val = FEATURE_CONTROL_LOCK;	/* locked, VMX off */
		return MSR_DONE;
	case MSR_IA32_PLATFORM_ID:
	case MSR_IA32_BIOS_SIGN_ID:		/* no microcode revision */
		*val = 0;
		return MSR_DONE;
	case MSR_IA32_MISC_ENABLE:
		/* Fast strings as the host CPU really has them (the guest
		 * picks its copy routines by it); no performance monitoring,
		 * so no BTS or PEBS. */
		*val = (v->cpu->fast_strings ? MISC_ENABLE_FAST_STRINGS : 0) |
		       MISC_ENABLE_BTS_UNAVAILABLE | MISC_ENABLE_PEBS_UNAVAILABLE;
		return MSR_DONE;
	case MSR_IA32_DEBUGCTL:
		*val = vmcs_read(VMCS_GUEST_IA32_DEBUGCTL);
		return MSR_DONE;
	case MSR_IA32_MCG_CAP:
	case MSR_IA32_MCG_STATUS:
		/* Machine checks (SDM Vol. 3B 16.3.1): no error-reporting
		 * banks (MCG_CAP.Count 0), no IA32_MCG_CTL (MCG_CTL_P 0),
		 * no machine check in progress. CPUID hides MCE and MCA,
		 * but guests (kvm-unit-tests' msr) read these without
		 * looking, as every CPU since the P6 has them. */
		*val = 0;
		return MSR_DONE;
	case MSR_IA32_XSS:
		if (!(v->cpu->ctl.proc2 & CPU2_ENABLE_XSAVES))
			return MSR_UNKNOWN;	/* CPUID hides XSAVES */
		*val = v->xss;
		return MSR_DONE;
	}
	return MSR_UNKNOWN;
}

static enum msr_result msr_write(struct vcpu *v, uint32_t msr, uint64_t val,
				 const char **why)
{
	enum msr_result r = platform_wrmsr(v, msr, val, why);

	if (r != MSR_UNKNOWN)
		return r;
	switch (msr) {
	case MSR_IA32_TSC:
		/* The guest's TSC becomes val: offset the host's ("use TSC
		 * offsetting" is on, vmx/controls.c). */
		vmcs_write(VMCS_TSC_OFFSET, tsc_offset_for(val, rdtsc()));
		v->events_dirty = true;	/* deadlines are in the guest's TSC */
		return MSR_DONE;
	case MSR_IA32_BIOS_SIGN_ID:
	case MSR_IA32_MISC_ENABLE:
		return MSR_DONE;		/* accepted, no effect */
	case MSR_IA32_FEATURE_CONTROL:
		*why = "locked (bit 0 set)";
		return MSR_REFUSED;
	case MSR_IA32_MCG_CAP:
		*why = "read-only";
		return MSR_REFUSED;
	case MSR_IA32_MCG_STATUS:
		/* Software may only clear it (16.3.1.2); it is 0 already. */
		if (val != 0) {
			*why = "no machine check in progress: only 0 may be written";
			return MSR_REFUSED;
		}
		return MSR_DONE;
	case MSR_IA32_DEBUGCTL:
		/* LBR (bit 0) and BTF (bit 1) only. */
		if (val & ~3ULL) {
			*why = "bits other than LBR (0) and BTF (1)";
			return MSR_REFUSED;
		}
		vmcs_write(VMCS_GUEST_IA32_DEBUGCTL, val);
		return MSR_DONE;
	case MSR_IA32_XSS:
		if (!(v->cpu->ctl.proc2 & CPU2_ENABLE_XSAVES))
			return MSR_UNKNOWN;
		/* CPUID.(EAX=0DH,ECX=1):ECX:EDX offer no supervisor state
		 * component: every bit is reserved. */
		if (val != 0) {
			*why = "supervisor state components not offered by CPUID";
			return MSR_REFUSED;
		}
		v->xss = val;
		return MSR_DONE;
	}
	return MSR_UNKNOWN;
}

static const char *msr_name(uint32_t msr)
{
	switch (msr) {
	case MSR_IA32_FEATURE_CONTROL:	return "IA32_FEATURE_CONTROL";
	case MSR_IA32_DEBUGCTL:		return "IA32_DEBUGCTL";
	case MSR_IA32_MCG_CAP:		return "IA32_MCG_CAP";
	case MSR_IA32_MCG_STATUS:	return "IA32_MCG_STATUS";
	case MSR_IA32_XSS:		return "IA32_XSS";
	case MSR_IA32_APIC_BASE:	return "IA32_APIC_BASE";
	}
	return "MSR";
}

static void unknown(struct vcpu *v, const char *insn, uint32_t msr)
{
	v->stats.msr_unknown++;
	if (v->trace || v->stats.msr_unknown <= 16)
		log_warn("guest %s of unknown MSR 0x%x at RIP 0x%llx: #GP", insn,
			 msr, (unsigned long long)v->exit.rip);
	vcpu_inject_exception(v, X86_EXC_GP, 0);
}

static void refused(struct vcpu *v, uint32_t msr, uint64_t val, const char *why)
{
	v->stats.msr_refused++;
	if (v->trace || v->stats.msr_refused <= 16)
		log_warn("guest WRMSR of %s (0x%x) = 0x%llx at RIP 0x%llx refused: %s: #GP",
			 msr_name(msr), msr, (unsigned long long)val,
			 (unsigned long long)v->exit.rip, why);
	vcpu_inject_exception(v, X86_EXC_GP, 0);
}

void exit_rdmsr(struct vcpu *v)
{
	uint32_t msr = (uint32_t)v->regs.rcx;
	uint64_t val;

	if (msr_read(v, msr, &val) != MSR_DONE) {
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
	const char *why = "";

	switch (msr_write(v, msr, val, &why)) {
	case MSR_UNKNOWN:
		unknown(v, "WRMSR", msr);
		return;
	case MSR_REFUSED:
		refused(v, msr, val, why);
		return;
	case MSR_DONE:
		break;
	}
	vcpu_trace(v, "WRMSR 0x%x <- 0x%llx", msr, (unsigned long long)val);
	vcpu_skip_instruction(v);
}
