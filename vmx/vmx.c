/* Entering VMX root operation. */
#include "arch/cpu.h"
#include "arch/cpuid.h"
#include "arch/cr.h"
#include "arch/msr.h"
#include "kernel/kstring.h"
#include "kernel/log.h"
#include "vmx/cpuid_policy.h"
#include "vmx/vmx.h"
#include "vmx/vmx_defs.h"
#include "vmx/vmx_ops.h"

const char *vmx_check_support(void)
{
	struct cpuid_regs r;
	uint64_t fc, unused;

	cpuid(CPUID_LEAF_VENDOR, 0, &r);
	if (r.ebx != CPUID_VENDOR_INTEL_EBX || r.edx != CPUID_VENDOR_INTEL_EDX ||
	    r.ecx != CPUID_VENDOR_INTEL_ECX)
		return "CPU vendor is not GenuineIntel";
	cpuid(CPUID_LEAF_FEATURES, 0, &r);
	if (!(r.ecx & CPUID_1_ECX_VMX))
		return "CPUID.1:ECX.VMX[bit 5] is 0: this CPU (or emulator) offers no VMX";
	fc = rdmsr(MSR_IA32_FEATURE_CONTROL);
	if (vmx_feature_control(fc, &unused) == FC_LOCKED_OFF)
		return "IA32_FEATURE_CONTROL is locked with VMX disabled: enable "
		       "VT-x in the firmware setup";
	return NULL;
}

static void read_caps(struct vmx_caps *c)
{
	c->basic = rdmsr(MSR_IA32_VMX_BASIC);
	if (c->basic & VMX_BASIC_TRUE_CTLS) {
		c->pinbased = rdmsr(MSR_IA32_VMX_TRUE_PINBASED_CTLS);
		c->procbased = rdmsr(MSR_IA32_VMX_TRUE_PROCBASED_CTLS);
		c->exit = rdmsr(MSR_IA32_VMX_TRUE_EXIT_CTLS);
		c->entry = rdmsr(MSR_IA32_VMX_TRUE_ENTRY_CTLS);
	} else {
		c->pinbased = rdmsr(MSR_IA32_VMX_PINBASED_CTLS);
		c->procbased = rdmsr(MSR_IA32_VMX_PROCBASED_CTLS);
		c->exit = rdmsr(MSR_IA32_VMX_EXIT_CTLS);
		c->entry = rdmsr(MSR_IA32_VMX_ENTRY_CTLS);
	}
	/* Secondary controls exist only if the primary may activate them. */
	c->procbased2 = (vmx_cap_may_be_one(c->procbased) &
			 CPU_ACTIVATE_SECONDARY_CONTROLS) ?
			rdmsr(MSR_IA32_VMX_PROCBASED_CTLS2) : 0;
	c->ept_vpid = (vmx_cap_may_be_one(c->procbased2) & (CPU2_ENABLE_EPT | CPU2_ENABLE_VPID)) ?
		      rdmsr(MSR_IA32_VMX_EPT_VPID_CAP) : 0;
	c->misc = rdmsr(MSR_IA32_VMX_MISC);
	c->cr0_fixed0 = rdmsr(MSR_IA32_VMX_CR0_FIXED0);
	c->cr0_fixed1 = rdmsr(MSR_IA32_VMX_CR0_FIXED1);
	c->cr4_fixed0 = rdmsr(MSR_IA32_VMX_CR4_FIXED0);
	c->cr4_fixed1 = rdmsr(MSR_IA32_VMX_CR4_FIXED1);
}

/* What this CPU lets the guest's CPUID offer (vmx/cpuid_policy.h). */
static void read_guest_limits(struct vmx_cpu *cpu)
{
	struct cpuid_regs r;
	uint64_t host_xcr0;

	cpu->guest_cr4 = cpuid_policy_guest_cr4(cpu->caps.cr4_fixed1);
	cpu->guest_xcr0 = 0;
	cpu->guest_xsave_size = 0;
	cpu->xsaves = false;
	memset(cpu->xsave_comp, 0, sizeof(cpu->xsave_comp));
	cpuid(CPUID_LEAF_FEATURES, 0, &r);
	if (!(r.ecx & CPUID_1_ECX_XSAVE) || cpu->max_basic_leaf < 0xD)
		return;
	cpuid(0xD, 0, &r);
	host_xcr0 = (uint64_t)r.edx << 32 | r.eax;
	for (unsigned i = 2; i < XSAVE_COMPONENTS; i++)
		if (host_xcr0 >> i & 1)
			cpuid(0xD, i, &cpu->xsave_comp[i]);
	cpu->guest_xcr0 = cpuid_policy_usable_xcr0(cpuid_policy_guest_xcr0(host_xcr0),
						   cpu->xsave_comp,
						   XSAVE_COMPONENTS);
	if ((cpu->guest_xcr0 | cpuid_policy_guest_xcr0(host_xcr0)) != cpu->guest_xcr0)
		log_warn("CPUID: XSAVE components 0x%llx not offered: the CPU's leaf 0xD "
			 "describes them inconsistently",
			 (unsigned long long)(cpuid_policy_guest_xcr0(host_xcr0) &
					      ~cpu->guest_xcr0));
	cpu->guest_xsave_size = cpuid_policy_xsave_size(cpu->guest_xcr0,
							cpu->xsave_comp,
							XSAVE_COMPONENTS);
	cpuid(0xD, 1, &r);
	cpu->xsaves = (r.eax & CPUID_D1_EAX_XSAVES) != 0;
}

const char *vmx_enable(struct vmx_cpu *cpu, struct pmm *pmm)
{
	struct cpuid_regs r;
	uint64_t fc, newfc;
	const char *why;

	read_caps(&cpu->caps);
	cpu->revision = (uint32_t)(cpu->caps.basic & VMX_BASIC_REVISION_MASK);
	cpuid(CPUID_LEAF_ADDR_SIZES, 0, &r);
	cpu->maxphyaddr = r.eax & 0xFF;
	cpuid(CPUID_LEAF_VENDOR, 0, &r);
	cpu->max_basic_leaf = r.eax;
	cpu->fast_strings =
		(rdmsr(MSR_IA32_MISC_ENABLE) & MISC_ENABLE_FAST_STRINGS) != 0;
	cpu->linear_bits = 48;
	if (cpu->max_basic_leaf >= 7) {
		cpuid(7, 0, &r);
		if (r.ecx & CPUID_7_ECX_LA57)
			cpu->linear_bits = 57;
	}
	read_guest_limits(cpu);
	log_info("VMX: IA32_VMX_BASIC 0x%016llx (VMCS revision 0x%x%s)",
		 (unsigned long long)cpu->caps.basic, cpu->revision,
		 (cpu->caps.basic & VMX_BASIC_TRUE_CTLS) ? ", TRUE controls" : "");
	log_info("VMX: capabilities pin 0x%016llx proc 0x%016llx proc2 0x%016llx",
		 (unsigned long long)cpu->caps.pinbased,
		 (unsigned long long)cpu->caps.procbased,
		 (unsigned long long)cpu->caps.procbased2);
	log_info("VMX: capabilities exit 0x%016llx entry 0x%016llx EPT/VPID 0x%016llx",
		 (unsigned long long)cpu->caps.exit,
		 (unsigned long long)cpu->caps.entry,
		 (unsigned long long)cpu->caps.ept_vpid);
	log_info("VMX: CR0 fixed 0x%llx/0x%llx CR4 fixed 0x%llx/0x%llx misc 0x%llx",
		 (unsigned long long)cpu->caps.cr0_fixed0,
		 (unsigned long long)cpu->caps.cr0_fixed1,
		 (unsigned long long)cpu->caps.cr4_fixed0,
		 (unsigned long long)cpu->caps.cr4_fixed1,
		 (unsigned long long)cpu->caps.misc);

	why = vmx_choose_controls(&cpu->caps, &cpu->ctl);
	if (why)
		return why;
	log_info("VMX: controls pin 0x%08x proc 0x%08x proc2 0x%08x exit 0x%08x entry 0x%08x",
		 cpu->ctl.pin, cpu->ctl.proc, cpu->ctl.proc2, cpu->ctl.exit,
		 cpu->ctl.entry);

	fc = rdmsr(MSR_IA32_FEATURE_CONTROL);
	switch (vmx_feature_control(fc, &newfc)) {
	case FC_READY:
		break;
	case FC_WRITE:
		wrmsr(MSR_IA32_FEATURE_CONTROL, newfc);
		log_info("VMX: IA32_FEATURE_CONTROL was 0x%llx, set to 0x%llx (locked)",
			 (unsigned long long)fc, (unsigned long long)newfc);
		break;
	case FC_LOCKED_OFF:
		return "IA32_FEATURE_CONTROL is locked with VMX disabled";
	}

	write_cr0(vmx_fix_cr(read_cr0(), cpu->caps.cr0_fixed0,
			     cpu->caps.cr0_fixed1));
	/* OSXSAVE too, where the CPU has XSAVE: the host executes XSETBV for
	 * the guest (vmx/exit_xsetbv.c), and the host's CR4 is what is loaded
	 * on every VM exit. */
	cpuid(CPUID_LEAF_FEATURES, 0, &r);
	uint64_t cr4 = read_cr4() | X86_CR4_VMXE;
	if (r.ecx & CPUID_1_ECX_XSAVE)
		cr4 |= X86_CR4_OSXSAVE;
	write_cr4(vmx_fix_cr(cr4, cpu->caps.cr4_fixed0, cpu->caps.cr4_fixed1));

	/* The guest's IA32_XSS is emulated and always 0 (no supervisor state
	 * component is offered); the CPU's, which XSAVES/XRSTORS in the
	 * guest use, is 0 too, so nothing needs switching. */
	if (cpu->xsaves && rdmsr(MSR_IA32_XSS) != 0)
		wrmsr(MSR_IA32_XSS, 0);

	cpu->vmxon_phys = pmm_alloc(pmm, 1, PAGE_SIZE);
	if (!cpu->vmxon_phys)
		return "no memory for the VMXON region";
	memset((void *)(uintptr_t)cpu->vmxon_phys, 0, PAGE_SIZE);
	*(uint32_t *)(uintptr_t)cpu->vmxon_phys = cpu->revision;
	int st = vmxon(cpu->vmxon_phys);
	if (st == VMX_FAIL_INVALID)
		return "VMXON failed (VMfailInvalid): VMXON region or CR0/CR4 rejected";
	if (st == VMX_FAIL_VALID)
		return "VMXON failed (VMfailValid): already in VMX operation";
	log_info("VMXON done (VMXON region at 0x%llx)",
		 (unsigned long long)cpu->vmxon_phys);
	return NULL;
}
