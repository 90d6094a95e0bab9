/* RDMSR (exit reason 31) and WRMSR (32). The MSR bitmap (guest/vm.c) lets
 * the guest reach directly the MSRs that VMX switches or the host never
 * uses; everything else exits here. Known MSRs are emulated; an MSR this
 * hypervisor does not know gets #GP, as a CPU without it would give, and
 * is counted. Unknown MSRs must never reach the hardware: Bochs answers 0
 * for them where real CPUs fault. A write the CPU would refuse to an MSR
 * that is emulated (a reserved bit, a locked register) gets #GP too, and
 * is logged as what it is. The local APIC's MSRs (IA32_APIC_BASE,
 * IA32_TSC_DEADLINE) belong to the platform (v->platform); there is no
 * x2APIC, so 0x800-0x8FF get #GP like any unknown MSR. The
 * speculation-control MSRs follow the guest's CPUID (vmx/spec_ctrl.h);
 * IA32_SPEC_CTRL is passed through once the guest sets a bit in it. */
#include "arch/cpu.h"
#include "arch/cr.h"
#include "arch/msr.h"
#include "kernel/kstring.h"
#include "kernel/log.h"
#include "vmx/exits.h"
#include "vmx/spec_ctrl.h"
#include "vmx/tsc_arith.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"
#include "vmx/vmx_vm.h"

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

	if (msr == MSR_IA32_TSC_DEADLINE && val)
		val = tsc_deadline_host(val, tsc_offset(v), rdtsc());
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

/*
 * The speculation-control MSRs (vmx/spec_ctrl.h decides which the guest
 * has, by its CPUID leaf 7 EDX).
 *
 * IA32_SPEC_CTRL is the guest's own while it runs, as in KVM: it starts
 * intercepted and reading 0; a write of 0 changes nothing; the first
 * non-zero write gives the guest the MSR, read and write, through this
 * vCPU's own MSR bitmap, and from then on its value lives in the hardware
 * while the guest runs and in the VMCS's MSR areas (SDM Vol. 3C 25.7.2,
 * 25.8.2, 28.4, 26.4) while the host runs:
 *   VM exit:  the VM-exit MSR-store area saves the guest's value
 *             (spec_slot.guest), then the VM-exit MSR-load area loads the
 *             host's (spec_slot.host, read when the switch was set up;
 *             the hypervisor never changes its own);
 *   VM entry: the VM-entry MSR-load area loads spec_slot.guest, the very
 *             entry the exit stored into.
 * The CPU does both as part of the transition, before any host
 * instruction runs, so no NMI or exception in the host can see or clobber
 * the guest's value (the reason Xen moved from RDMSR/WRMSR around the
 * entry to these lists), and nothing in the run loop or vmentry.asm
 * changes. The cost, a store and two loads per exit and entry, is paid
 * only by a guest that has set a bit (a Linux guest does with IBRS, SSBD
 * or STIBP in use); for every other guest the three counts stay 0 and
 * the exit path is as before. So the handler below only ever runs while
 * the MSR is intercepted, that is while the guest's value is 0; a vCPU
 * reset makes a fresh VMCS (counts 0, the VM's bitmap): intercepted and
 * 0 again, as at power-on.
 * The state is per vCPU, kept here by vCPU number (struct vcpu is not
 * this file's): the MSR bitmap (4 KiB, page aligned, 25.6.9) and the two
 * MSR entries (16-byte aligned, 26.2.1.2). The kernel is identity mapped,
 * so their addresses are physical ones.
 */
struct vmx_msr_entry {			/* 25.7.2 Table 25-15 */
	uint32_t index;
	uint32_t reserved;
	uint64_t data;
};

static struct spec_slot {
	uint8_t msr_bitmap[4096] __attribute__((aligned(4096)));
	struct vmx_msr_entry guest;	/* exit store, entry load */
	struct vmx_msr_entry host;	/* exit load */
} spec_slots[VM_MAX_VCPUS];

/* The guest's CPUID.(EAX=07H,ECX=0):EDX: what its speculation-control
 * MSRs follow. Only these MSRs' exits ask, and they are rare. */
static uint32_t guest_leaf7_edx(struct vcpu *v)
{
	struct cpuid_regs r;

	cpuid(7, 0, &r);
	cpuid_policy_apply(&v->cpuid, 7, 0, &r);
	return r.edx;
}

/* Gives the guest IA32_SPEC_CTRL = val (non-zero); see above. */
static void spec_ctrl_passthrough(struct vcpu *v, uint64_t val)
{
	struct spec_slot *s = &spec_slots[v->id];
	uint32_t bit = MSR_IA32_SPEC_CTRL;

	/* This vCPU's bitmap: the VM's (complete once the VM is made), with
	 * IA32_SPEC_CTRL's read (bytes 0-1023) and write (2048-3071) bits
	 * for low MSRs cleared (25.6.9). */
	memcpy(s->msr_bitmap, (const void *)(uintptr_t)v->vm->msr_bitmap_phys,
	       sizeof(s->msr_bitmap));
	s->msr_bitmap[bit / 8] &= (uint8_t)~(1u << (bit % 8));
	s->msr_bitmap[2048 + bit / 8] &= (uint8_t)~(1u << (bit % 8));
	s->guest = (struct vmx_msr_entry){ MSR_IA32_SPEC_CTRL, 0, val };
	s->host = (struct vmx_msr_entry){ MSR_IA32_SPEC_CTRL, 0,
					  rdmsr(MSR_IA32_SPEC_CTRL) };
	vmcs_write(VMCS_VM_EXIT_MSR_STORE_ADDR, (uintptr_t)&s->guest);
	vmcs_write(VMCS_VM_ENTRY_MSR_LOAD_ADDR, (uintptr_t)&s->guest);
	vmcs_write(VMCS_VM_EXIT_MSR_LOAD_ADDR, (uintptr_t)&s->host);
	vmcs_write(VMCS_VM_EXIT_MSR_STORE_COUNT, 1);
	vmcs_write(VMCS_VM_ENTRY_MSR_LOAD_COUNT, 1);
	vmcs_write(VMCS_VM_EXIT_MSR_LOAD_COUNT, 1);
	vmcs_write(VMCS_MSR_BITMAP, (uintptr_t)s->msr_bitmap);
	vcpu_trace(v, "IA32_SPEC_CTRL passed through (host's 0x%llx)",
		   (unsigned long long)s->host.data);
}

/* MSR_UNKNOWN if msr is not one of them or the guest does not have it. */
static enum msr_result spec_rdmsr(struct vcpu *v, uint32_t msr,
				  uint64_t *val, const char **why)
{
	uint32_t edx;

	if (msr != MSR_IA32_SPEC_CTRL && msr != MSR_IA32_PRED_CMD &&
	    msr != MSR_IA32_ARCH_CAPABILITIES && msr != MSR_IA32_FLUSH_CMD)
		return MSR_UNKNOWN;
	edx = guest_leaf7_edx(v);
	switch (spec_msr_read(msr, edx, why)) {
	case SPEC_MSR_OK:
		break;
	case SPEC_MSR_REFUSED:
		return MSR_REFUSED;
	default:
		return MSR_UNKNOWN;
	}
	if (msr == MSR_IA32_ARCH_CAPABILITIES)
		*val = spec_guest_arch_capabilities(
			rdmsr(MSR_IA32_ARCH_CAPABILITIES), edx);
	else
		*val = 0;	/* IA32_SPEC_CTRL while intercepted */
	return MSR_DONE;
}

static enum msr_result spec_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val,
				  const char **why)
{
	if (msr != MSR_IA32_SPEC_CTRL && msr != MSR_IA32_PRED_CMD &&
	    msr != MSR_IA32_ARCH_CAPABILITIES && msr != MSR_IA32_FLUSH_CMD)
		return MSR_UNKNOWN;
	switch (spec_msr_write(msr, val, guest_leaf7_edx(v), why)) {
	case SPEC_MSR_OK:
		break;
	case SPEC_MSR_REFUSED:
		return MSR_REFUSED;
	default:
		return MSR_UNKNOWN;
	}
	if (val == 0)
		return MSR_DONE;	/* nothing set, nothing to do */
	switch (msr) {
	case MSR_IA32_SPEC_CTRL:
		if (v->id >= VM_MAX_VCPUS) {
			*why = "no IA32_SPEC_CTRL slot for this vCPU";
			return MSR_REFUSED;
		}
		spec_ctrl_passthrough(v, val);
		break;
	case MSR_IA32_PRED_CMD:		/* IBPB: a barrier on this CPU */
	case MSR_IA32_FLUSH_CMD:	/* L1D_FLUSH of this CPU */
		wrmsr(msr, val);
		break;
	}
	return MSR_DONE;
}

/* WRMSR IA32_TSC: the guest's TSC becomes val. The local APIC keeps an
 * armed IA32_TSC_DEADLINE in host ticks (guest value - offset): with the
 * new offset it is moved, so that the guest still reads the value it
 * wrote and the timer fires when the guest's new TSC reaches it
 * (tsc_deadline_rebase); the platform's MSR interface carries it, in
 * host ticks as the platform keeps it. */
static void tsc_write(struct vcpu *v, uint64_t val)
{
	const struct vcpu_platform_ops *p = v->platform;
	uint64_t now = rdtsc(), old = tsc_offset(v);
	uint64_t new = tsc_offset_for(val, now), deadline = 0;

	vmcs_write(VMCS_TSC_OFFSET, new);
	if (p->rdmsr(p->ctx, v->id, MSR_IA32_TSC_DEADLINE, &deadline) == 0 &&
	    deadline)
		p->wrmsr(p->ctx, v->id, MSR_IA32_TSC_DEADLINE,
			 tsc_deadline_rebase(deadline, old, tsc_offset(v), now));
}

/* IA32_MISC_ENABLE (Vol. 4 Table 2-2): at power-on fast strings as the
 * host CPU really has them (the guest picks its copy routines by it), and
 * no performance monitoring, so no BTS or PEBS; then what the guest
 * wrote. */
static uint64_t misc_enable(const struct vcpu *v)
{
	if (v->misc_enable_set)
		return v->misc_enable;
	return (v->cpu->fast_strings ? MISC_ENABLE_FAST_STRINGS : 0) |
	       MISC_ENABLE_BTS_UNAVAILABLE | MISC_ENABLE_PEBS_UNAVAILABLE;
}

static enum msr_result msr_read(struct vcpu *v, uint32_t msr, uint64_t *val,
				const char **why)
{
	enum msr_result r;

	if (platform_rdmsr(v, msr, val) == MSR_DONE)
		return MSR_DONE;
	r = spec_rdmsr(v, msr, val, why);
	if (r != MSR_UNKNOWN)
		return r;
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
		*val = misc_enable(v);
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
	r = spec_wrmsr(v, msr, val, why);
	if (r != MSR_UNKNOWN)
		return r;
	switch (msr) {
	case MSR_IA32_TSC:
		/* The guest's TSC becomes val: offset the host's ("use TSC
		 * offsetting" is on, vmx/controls.c). */
		tsc_write(v, val);
		v->events_dirty = true;	/* deadlines are in the guest's TSC */
		return MSR_DONE;
	case MSR_IA32_BIOS_SIGN_ID:
		return MSR_DONE;		/* accepted, no effect */
	case MSR_IA32_MISC_ENABLE: {
		uint64_t old = misc_enable(v);

		/* No performance monitoring: BTS and PEBS unavailable
		 * are read-only, EMON ignores writes. The rest reads back
		 * as written, with no effect on the CPU (fast strings stay
		 * the host's) or on CPUID, as KVM keeps it. */
		if ((val ^ old) & (MISC_ENABLE_BTS_UNAVAILABLE |
				   MISC_ENABLE_PEBS_UNAVAILABLE)) {
			*why = "BTS and PEBS unavailable (bits 11, 12) are read-only";
			return MSR_REFUSED;
		}
		v->misc_enable = (val & ~MISC_ENABLE_EMON) |
				 (old & MISC_ENABLE_EMON);
		v->misc_enable_set = true;
		return MSR_DONE;
	}
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
	case MSR_IA32_SPEC_CTRL:	return "IA32_SPEC_CTRL";
	case MSR_IA32_PRED_CMD:		return "IA32_PRED_CMD";
	case MSR_IA32_ARCH_CAPABILITIES: return "IA32_ARCH_CAPABILITIES";
	case MSR_IA32_FLUSH_CMD:	return "IA32_FLUSH_CMD";
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

/* A write (or, for a write-only MSR, a read) the CPU would refuse. */
static void refused(struct vcpu *v, const char *insn, uint32_t msr,
		    uint64_t val, const char *why)
{
	v->stats.msr_refused++;
	if (v->trace || v->stats.msr_refused <= 16)
		log_warn("guest %s of %s (0x%x) = 0x%llx at RIP 0x%llx refused: %s: #GP",
			 insn, msr_name(msr), msr, (unsigned long long)val,
			 (unsigned long long)v->exit.rip, why);
	vcpu_inject_exception(v, X86_EXC_GP, 0);
}

void exit_rdmsr(struct vcpu *v)
{
	uint32_t msr = (uint32_t)v->regs.rcx;
	uint64_t val = 0;
	const char *why = "";

	switch (msr_read(v, msr, &val, &why)) {
	case MSR_UNKNOWN:
		unknown(v, "RDMSR", msr);
		return;
	case MSR_REFUSED:
		refused(v, "RDMSR", msr, 0, why);
		return;
	case MSR_DONE:
		break;
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
		refused(v, "WRMSR", msr, val, why);
		return;
	case MSR_DONE:
		break;
	}
	vcpu_trace(v, "WRMSR 0x%x <- 0x%llx", msr, (unsigned long long)val);
	vcpu_skip_instruction(v);
}
