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
 * Linear addresses are taken to be 48 bits wide (no 5-level paging).
 */
#ifndef VMX_ENTRY_CHECKS_H
#define VMX_ENTRY_CHECKS_H

#include <stdint.h>

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

/*
 * Architectural constants the checks use. The names and values are those
 * of arch/cr.h and vmx/vmx_defs.h (token for token, so including either
 * alongside this header is harmless); the integrator may replace this
 * block by those includes and move the extra ones marked "new" there.
 */

/* CR0, CR4 (SDM Vol. 3A 2.5), IA32_EFER (2.2.1), RFLAGS (Vol. 1 3.4.3). */
#define X86_CR0_PE	(1ULL << 0)
#define X86_CR0_ET	(1ULL << 4)
#define X86_CR0_NE	(1ULL << 5)
#define X86_CR0_WP	(1ULL << 16)
#define X86_CR0_NW	(1ULL << 29)
#define X86_CR0_CD	(1ULL << 30)
#define X86_CR0_PG	(1ULL << 31)

#define X86_CR4_PAE		(1ULL << 5)
#define X86_CR4_VMXE		(1ULL << 13)
#define X86_CR4_PCIDE		(1ULL << 17)
#define X86_CR4_CET		(1ULL << 23)	/* new */

#define X86_EFER_SCE	(1ULL << 0)
#define X86_EFER_LME	(1ULL << 8)
#define X86_EFER_LMA	(1ULL << 10)
#define X86_EFER_NXE	(1ULL << 11)

#define X86_RFLAGS_FIXED (1ULL << 1)	/* reserved, always 1 */
#define X86_RFLAGS_TF	(1ULL << 8)
#define X86_RFLAGS_IF	(1ULL << 9)
#define X86_RFLAGS_VM	(1ULL << 17)
/* new: bits 63:22, 15, 5 and 3 are reserved and must be 0 */
#define X86_RFLAGS_RESERVED 0xFFFFFFFFFFC08028ULL

/* IA32_DEBUGCTL (SDM Vol. 3B 18.4.1). new */
#define X86_DEBUGCTL_BTF (1ULL << 1)

/* Exception vectors (SDM Vol. 3A 6.3.1). */
#define X86_EXC_DB	1
#define X86_EXC_MC	18

/* VM-execution and VM-entry controls (25.6.1, 25.6.2, 25.8.1). */
#define PIN_VIRTUAL_NMIS		(1u << 5)
#define CPU_ACTIVATE_SECONDARY_CONTROLS	(1u << 31)
#define CPU2_UNRESTRICTED_GUEST		(1u << 7)
#define ENTRY_LOAD_DEBUG_CONTROLS	(1u << 2)
#define ENTRY_IA32E_MODE_GUEST		(1u << 9)
#define ENTRY_LOAD_IA32_PAT		(1u << 14)
#define ENTRY_LOAD_IA32_EFER		(1u << 15)

/* VM-entry interruption-information field (25.8.3, Table 25-16). */
#define INTR_INFO_VECTOR_MASK		0xFFu
#define INTR_INFO_TYPE_MASK		(7u << 8)
#define INTR_TYPE_EXT_INTR		(0u << 8)
#define INTR_TYPE_NMI			(2u << 8)
#define INTR_TYPE_HW_EXCEPTION		(3u << 8)
#define INTR_TYPE_OTHER_EVENT		(7u << 8)	/* new */
#define INTR_INFO_VALID			(1u << 31)

/* Guest interruptibility state (25.4.2, Table 25-3). */
#define GUEST_INTR_STATE_STI		(1u << 0)
#define GUEST_INTR_STATE_MOV_SS		(1u << 1)
#define GUEST_INTR_STATE_SMI		(1u << 2)
#define GUEST_INTR_STATE_NMI		(1u << 3)
#define GUEST_INTR_STATE_ENCLAVE	(1u << 4)	/* new */

/* Guest activity state (25.4.2). */
#define GUEST_ACTIVITY_ACTIVE		0
#define GUEST_ACTIVITY_HLT		1
#define GUEST_ACTIVITY_SHUTDOWN		2	/* new */
#define GUEST_ACTIVITY_WAIT_SIPI	3	/* new */

/* Pending debug exceptions (25.4.2, Table 25-4). new */
#define PENDING_DBG_BS			(1ULL << 14)
/* bits 63:17, 15, 13 and 11:4 are reserved; bit 16 is RTM */
#define PENDING_DBG_RESERVED		0xFFFFFFFFFFFEAFF0ULL

/* Segment access rights in the VMCS (25.4.1, Table 25-2). Except
 * VMX_AR_UNUSABLE, new. */
#define VMX_AR_TYPE_MASK		0xFu
#define VMX_AR_S			(1u << 4)
#define VMX_AR_DPL_SHIFT		5
#define VMX_AR_DPL_MASK			(3u << 5)
#define VMX_AR_P			(1u << 7)
#define VMX_AR_RESERVED_11_8		0xF00u
#define VMX_AR_L			(1u << 13)
#define VMX_AR_DB			(1u << 14)
#define VMX_AR_G			(1u << 15)
#define VMX_AR_UNUSABLE			(1u << 16)
#define VMX_AR_RESERVED_31_17		0xFFFE0000u

/* Segment selector fields (SDM Vol. 3A 3.4.2). new */
#define SEL_RPL_MASK			3u
#define SEL_TI				(1u << 2)

#endif
