/*
 * VM-entry guest-state checks for the debug build.
 *
 * Intel SDM Vol. 3C, 27.3.1 "Checks on the Guest State Area" (26.3.1 in
 * editions before 2023). Before a VM entry the debug build runs the
 * guest state it is about to enter through these rules and reports the
 * first one broken, instead of the processor's bare "VM-entry failure due
 * to invalid guest state" (exit reason 33).
 *
 * Checked: 27.3.1.1 control registers, DR7 and MSRs; 27.3.1.2 segment
 * registers, including virtual-8086 guests; 27.3.1.3 GDTR and IDTR;
 * 27.3.1.4 RIP and RFLAGS; 27.3.1.5 activity and interruptibility state,
 * pending debug exceptions and the VMCS link pointer.
 *
 * Not checked, as the structs below do not carry the state or the
 * processor capability the rule depends on: IA32_DEBUGCTL reserved bits
 * (model specific), IA32_SYSENTER_ESP/EIP, IA32_PERF_GLOBAL_CTRL,
 * IA32_BNDCFGS, CET, PKRS, SMBASE, activity states missing from
 * IA32_VMX_MISC, the pending-debug RTM bit, and the PDPTEs (27.3.1.6).
 * Canonical addresses are checked against the processor's linear-address
 * width (48, or 57 where it supports 5-level paging), as VM entry does
 * whatever the guest's CR4.LA57 (SDM 27.3.1.2-27.3.1.4).
 */
#ifndef VMX_ENTRY_CHECKS_H
#define VMX_ENTRY_CHECKS_H

#include <stdint.h>
#include "arch/cr.h"
#include "arch/segment.h"
#include "vmx/vmx_defs.h"

/* One segment register as the VMCS holds it (25.4.1). */
struct vmentry_seg {
	uint16_t selector;
	uint64_t base;
	uint32_t limit;
	uint32_t ar;		/* access rights, Table 25-2; bit 16 = unusable */
};

/* The guest-state fields the checks read (25.4). */
struct vmentry_guest {
	uint64_t cr0, cr3, cr4, dr7, rsp, rip, rflags, efer, debugctl, pat;
	struct vmentry_seg es, cs, ss, ds, fs, gs, ldtr, tr;
	uint64_t gdtr_base, idtr_base;
	uint32_t gdtr_limit, idtr_limit;
	uint32_t activity_state, interruptibility;
	uint64_t pending_dbg, vmcs_link_ptr;
};

/* The VM-execution, VM-entry and VM-exit controls (25.6 - 25.8), the
 * VMX_CR0/CR4_FIXED capability MSRs (Appendix A.7, A.8) and the
 * processor's physical-address width (CPUID.80000008H:EAX[7:0]). */
struct vmentry_controls {
	uint32_t pin, proc, proc2, entry, exit;
	uint64_t cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
	uint32_t entry_intr_info;
	unsigned maxphyaddr;	/* 32..52 */
	/* The processor's linear-address width: 57 if it supports 5-level
	 * paging (CPUID.(EAX=7,ECX=0):ECX[16]), else 48; 0 means 48. */
	unsigned linear_bits;
};

/*
 * NULL if every rule checked holds. Otherwise a static string naming the
 * first rule broken, starting with its SDM section ("27.3.1.2: ...").
 * Rules are tried in this order: 27.3.1.1, 27.3.1.4 (RFLAGS decides
 * which segment rules apply), 27.3.1.2, 27.3.1.3, 27.3.1.5. Bad
 * arguments give a string starting "vmentry_check_guest:".
 */
const char *vmentry_check_guest(const struct vmentry_guest *g,
				const struct vmentry_controls *c);

#endif
