/* Control-field selection; see controls.h. */
#include <stddef.h>
#include "vmx/controls.h"
#include "vmx/vmx_defs.h"

/* IA32_VMX_EPT_VPID_CAP bits (A.10). */
#define EPT_CAP_PAGE_WALK_4	(1ULL << 6)
#define EPT_CAP_WB		(1ULL << 14)
#define EPT_CAP_2MB_PAGES	(1ULL << 16)
#define EPT_CAP_1GB_PAGES	(1ULL << 17)
#define EPT_CAP_INVEPT		(1ULL << 20)
#define EPT_CAP_AD		(1ULL << 21)
#define EPT_CAP_INVEPT_SINGLE	(1ULL << 25)
#define EPT_CAP_INVEPT_ALL	(1ULL << 26)
#define VPID_CAP_INVVPID	(1ULL << 32)
#define VPID_CAP_INVVPID_SINGLE	(1ULL << 41)
#define VPID_CAP_INVVPID_ALL	(1ULL << 42)

uint32_t vmx_adjust_controls(uint32_t required, uint32_t optional,
			     uint64_t cap, uint32_t *out)
{
	uint32_t may = vmx_cap_may_be_one(cap);
	uint32_t must = vmx_cap_must_be_one(cap);

	*out = (required | (optional & may) | must) & may;
	return required & ~may;
}

const char *vmx_choose_controls(const struct vmx_caps *caps,
				struct vmx_controls *c)
{
	/* External interrupts and NMIs belong to the host; the guest gets
	 * what the hypervisor injects. */
	/* The VMX-preemption timer, where the CPU has it, brings the guest's
	 * timer interrupts on time (vmx/event_injection.c). */
	/* Virtual NMIs, where the CPU has them, give NMI-window exits for
	 * the platform NMIs the guest is handed (vmx/nmi_injection.c). */
	if (vmx_adjust_controls(PIN_EXTERNAL_INTERRUPT_EXITING | PIN_NMI_EXITING,
				PIN_VMX_PREEMPTION_TIMER | PIN_VIRTUAL_NMIS,
				caps->pinbased, &c->pin))
		return "pin-based controls: external-interrupt or NMI exiting";

	/* CR3 load/store exiting are forced to 1 only by the non-TRUE MSR;
	 * with EPT the guest owns CR3, so they are not asked for (and the TRUE
	 * MSRs let them be 0). */
	/* TSC offsetting: the guest's WRMSR IA32_TSC moves its TSC
	 * (vmx/exit_msr.c). */
	if (vmx_adjust_controls(CPU_HLT_EXITING | CPU_USE_IO_BITMAPS |
				CPU_USE_TSC_OFFSETTING |
				CPU_USE_MSR_BITMAPS | CPU_MWAIT_EXITING |
				CPU_MONITOR_EXITING | CPU_CR8_LOAD_EXITING |
				CPU_CR8_STORE_EXITING | CPU_RDPMC_EXITING |
				CPU_ACTIVATE_SECONDARY_CONTROLS,
				0, caps->procbased, &c->proc))
		return "processor-based controls: HLT exiting, I/O or MSR bitmaps, "
		       "TSC offsetting, MONITOR/MWAIT, CR8 or RDPMC exiting, or "
		       "secondary controls";
	if (c->proc & (CPU_CR3_LOAD_EXITING | CPU_CR3_STORE_EXITING))
		return "CR3-load/store exiting cannot be turned off";

	/* RDTSCP, INVPCID and XSAVES are passed through when the CPU can;
	 * otherwise CPUID hides them from the guest (vmx/cpuid_policy.c).
	 * RDRAND and RDSEED, which CPUID hides, exit where the CPU can make
	 * them (vmx/exit_rdrand.c gives #UD); a CPU without those controls
	 * executes them, as it would under any hypervisor. */
	if (vmx_adjust_controls(CPU2_ENABLE_EPT | CPU2_UNRESTRICTED_GUEST |
				CPU2_ENABLE_VPID,
				CPU2_ENABLE_RDTSCP | CPU2_ENABLE_INVPCID |
				CPU2_ENABLE_XSAVES | CPU2_RDRAND_EXITING |
				CPU2_RDSEED_EXITING,
				caps->procbased2, &c->proc2))
		return "secondary controls: EPT, unrestricted guest or VPID";

	if (vmx_adjust_controls(EXIT_HOST_ADDR_SPACE_SIZE |
				EXIT_ACK_INTR_ON_EXIT | EXIT_SAVE_IA32_EFER |
				EXIT_LOAD_IA32_EFER | EXIT_SAVE_IA32_PAT |
				EXIT_LOAD_IA32_PAT | EXIT_SAVE_DEBUG_CONTROLS,
				/* The timer goes on from where it stopped, so
				 * a cheap exit need not rewrite it (only with
				 * the timer itself, 26.2.1.2). */
				(c->pin & PIN_VMX_PREEMPTION_TIMER) ?
				EXIT_SAVE_PREEMPTION_TIMER : 0,
				caps->exit, &c->exit))
		return "VM-exit controls: 64-bit host, acknowledge interrupt, "
		       "save/load EFER and PAT";

	/* IA-32e mode guest is set per entry from the guest's EFER.LMA. */
	if (vmx_adjust_controls(ENTRY_LOAD_IA32_EFER | ENTRY_LOAD_IA32_PAT |
				ENTRY_LOAD_DEBUG_CONTROLS,
				0, caps->entry, &c->entry))
		return "VM-entry controls: load EFER, PAT and debug controls";
	if (c->entry & ENTRY_IA32E_MODE_GUEST)
		return "VM-entry control IA-32e mode guest cannot be 0";

	if (!(caps->ept_vpid & EPT_CAP_PAGE_WALK_4) ||
	    !(caps->ept_vpid & EPT_CAP_WB))
		return "EPT: 4-level page walk with write-back paging structures";
	if (!(caps->ept_vpid & EPT_CAP_2MB_PAGES))
		return "EPT: 2 MiB pages";
	if (!(caps->ept_vpid & EPT_CAP_INVEPT) ||
	    !(caps->ept_vpid & (EPT_CAP_INVEPT_SINGLE | EPT_CAP_INVEPT_ALL)))
		return "EPT: INVEPT";
	c->nmi_window = (c->pin & PIN_VIRTUAL_NMIS) &&
			(vmx_cap_may_be_one(caps->procbased) & CPU_NMI_WINDOW_EXITING);
	c->ept_1g = (caps->ept_vpid & EPT_CAP_1GB_PAGES) != 0;
	c->ept_wb = true;
	c->ept_ad = (caps->ept_vpid & EPT_CAP_AD) != 0;
	c->invept_single = (caps->ept_vpid & EPT_CAP_INVEPT_SINGLE) != 0;
	/* With VPIDs the CPU keeps the guest's translations across VM exits
	 * and entries: INVVPID drops them where emulation changes them
	 * (28.3.3.3). */
	if (!(caps->ept_vpid & VPID_CAP_INVVPID) ||
	    !(caps->ept_vpid & (VPID_CAP_INVVPID_SINGLE | VPID_CAP_INVVPID_ALL)))
		return "VPID: INVVPID";
	c->invvpid_single = (caps->ept_vpid & VPID_CAP_INVVPID_SINGLE) != 0;
	return NULL;
}

enum feature_control_action vmx_feature_control(uint64_t value,
						uint64_t *new_value)
{
	/* IA32_FEATURE_CONTROL bits 0 (lock) and 2 (VMX outside SMX). */
	const uint64_t lock = 1ULL << 0, vmx_outside_smx = 1ULL << 2;

	*new_value = value;
	if (value & lock)
		return (value & vmx_outside_smx) ? FC_READY : FC_LOCKED_OFF;
	*new_value = value | lock | vmx_outside_smx;
	return FC_WRITE;
}
