/* What CPUID tells the guest (SDM Vol. 2A, CPUID), as an allow-list in the
 * manner of KVM's cpuid.c and Xen's CPUID policy: a leaf, and a feature bit
 * in it, reaches the guest only if this hypervisor virtualizes everything
 * the feature implies (its instructions, MSRs, control-register bits and
 * XSAVE state). Everything else reads as zero. The hypervisor-present bit
 * is set and a vendor leaf sits at 0x40000000. Pure: takes the host's
 * registers and returns the guest's. */
#ifndef VMX_CPUID_POLICY_H
#define VMX_CPUID_POLICY_H

#include <stdbool.h>
#include <stdint.h>
#include "arch/cpuid.h"
#include "arch/cr.h"

/* "hvbaremetal!" in EBX, ECX, EDX of leaf 0x40000000. */
#define HV_CPUID_SIGNATURE "hvbaremetal!"
#define HV_CPUID_MAX_LEAF  0x40000001u

struct cpuid_policy {
	unsigned vcpu_id;	/* initial APIC ID */
	bool rdtscp;		/* "enable RDTSCP" control is on (RDTSCP, RDPID) */
	bool invpcid;		/* "enable INVPCID" control is on */
	bool xsaves;		/* "enable XSAVES/XRSTORS" control is on and
				 * IA32_XSS is emulated (vmx/exit_msr.c) */
	/* Fast strings are on (IA32_MISC_ENABLE bit 0, as the guest reads
	 * it). Without them ERMS and FSRM are hidden: a guest that sees the
	 * bit clear drops ERMS but keeps FSRM, and Linux 6.1's memmove
	 * then takes its 32-byte loop for shorter copies and overruns
	 * (FSRM implies ERMS on every real CPU). */
	bool fast_strings;
	bool guest_osxsave;	/* the guest's CR4.OSXSAVE */
	bool guest_ospke;	/* the guest's CR4.PKE */
	/* The guest's IA32_APIC_BASE.EN is clear: CPUID.1:EDX.APIC reads 0
	 * (Vol. 3A 11.4.3), as on the CPU. */
	bool guest_apic_off;
	uint32_t host_max_basic; /* CPUID.0:EAX on the host */
	uint64_t tsc_hz;	/* the TSC frequency, for leaf 0x15; 0 if unknown */
	/* CR4 bits the guest may set: cpuid_policy_guest_cr4(). A feature
	 * that needs a CR4 bit is offered only if the bit is here. */
	uint64_t cr4;
	/* XCR0 components offered: cpuid_policy_guest_xcr0() of the host's
	 * CPUID.(EAX=0DH,ECX=0) EDX:EAX. */
	uint64_t xcr0;
	/* Size of an XSAVE area (standard format) holding every offered
	 * component: cpuid_policy_xsave_size(). */
	uint32_t xsave_size;
	/* The host's CPUID.(EAX=0DH,ECX=i) for i < xsave_ncomp (EAX size,
	 * EBX offset, ECX bit 1 64-byte alignment when compacted), and the
	 * guest's XCR0 now. With them leaf 0xD's EBX values (the sizes for
	 * what XCR0 and IA32_XSS enable) are computed, not the host's; NULL
	 * keeps the host's. */
	const struct cpuid_regs *xsave_comp;
	unsigned xsave_ncomp;
	uint64_t xcr0_now;
};

/* Leaf 0x15 (TSC/crystal ratio) is what tells the guest its TSC frequency
 * without calibrating against a timer: under an emulator, calibration
 * loops run slowly and fail. When the host does not report the frequency
 * there, the guest's leaf 0x15 says TSC = ECX * EBX / EAX = tsc_hz. */
#define CPUID_LEAF_TSC 0x15u
/* Highest basic leaf the guest sees (0x16: processor frequency). */
#define CPUID_POLICY_MAX_BASIC 0x16u
/* Highest extended leaf the guest sees (0x80000008: address sizes). */
#define CPUID_POLICY_MAX_EXT 0x80000008u

/* The XCR0 state components a guest may enable (SDM Vol. 1 13.1): those
 * whose state lives only in registers the guest owns between exits (the
 * host uses no extended state and leaves XCR0 to the guest). Not MPX
 * (IA32_BNDCFGS is not switched), not AMX (needs XFD, whose MSRs are not
 * virtualized), no supervisor components (the guest's IA32_XSS is 0). */
#define CPUID_POLICY_XCR0_ALLOWED (X86_XCR0_X87 | X86_XCR0_SSE | \
				   X86_XCR0_AVX | X86_XCR0_AVX512 | \
				   X86_XCR0_PKRU)

/* The CR4 bits a guest may set (SDM Vol. 3A 2.5): those the CPU allows in
 * VMX operation (IA32_VMX_CR4_FIXED1) and this hypervisor lets the guest
 * own. Not VMXE and SMXE (no nesting), CET (its MSRs and shadow stacks are
 * not switched), PKS (IA32_PKRS is not switched), Key Locker, UINTR, LAM.
 * MCE is allowed: machine checks exit to the host whatever it says. */
#define CPUID_POLICY_CR4_ALLOWED					\
	(X86_CR4_VME | X86_CR4_PVI | X86_CR4_TSD | X86_CR4_DE |		\
	 X86_CR4_PSE | X86_CR4_PAE | X86_CR4_MCE | X86_CR4_PGE |	\
	 X86_CR4_PCE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT |		\
	 X86_CR4_UMIP | X86_CR4_LA57 | X86_CR4_FSGSBASE |		\
	 X86_CR4_PCIDE | X86_CR4_OSXSAVE | X86_CR4_SMEP |		\
	 X86_CR4_SMAP | X86_CR4_PKE)

/* The XCR0 bits the guest's CPUID.(EAX=0DH,ECX=0) EDX:EAX offers, given the
 * host's. */
uint64_t cpuid_policy_guest_xcr0(uint64_t host_xcr0_supported);

/* The CR4 bits the guest may set, given IA32_VMX_CR4_FIXED1. */
uint64_t cpuid_policy_guest_cr4(uint64_t cr4_fixed1);

/* The size of a standard-format XSAVE area holding the components in
 * xcr0: the legacy area and header (576 bytes) or, if larger, the end of
 * the furthest component. comp[i] is the host's CPUID.(EAX=0DH,ECX=i)
 * (EAX size, EBX offset) for i in 2..ncomp-1. */
uint32_t cpuid_policy_xsave_size(uint64_t xcr0, const struct cpuid_regs *comp,
				 unsigned ncomp);

/* The size of a compacted-format XSAVE area (XSAVEC, XSAVES) holding the
 * components in mask: 576, then each component i >= 2 in order, aligned to
 * 64 bytes first where comp[i].ECX bit 1 says so (SDM Vol. 1 13.4.3). */
uint32_t cpuid_policy_xsave_compacted_size(uint64_t mask,
					   const struct cpuid_regs *comp,
					   unsigned ncomp);

/* The offered XCR0 components whose layout the host describes sanely: a
 * component (i >= 2) with size 0, an offset inside the legacy area and
 * header, or an area overlapping the previous component's is dropped (an
 * emulator's incomplete leaf 0xD would otherwise reach the guest), and
 * then what depends on it (AVX-512 needs all of 5-7 and AVX). */
uint64_t cpuid_policy_usable_xcr0(uint64_t offered,
				  const struct cpuid_regs *comp, unsigned ncomp);

/* r holds the host's CPUID(leaf, subleaf) on entry and the guest's on
 * return. */
void cpuid_policy_apply(const struct cpuid_policy *p, uint32_t leaf,
			uint32_t subleaf, struct cpuid_regs *r);

/* The guest's answers for the leaves that depend neither on the subleaf
 * nor on the guest's state, worked out once per vCPU (as KVM's
 * KVM_SET_CPUID2 table): a CPUID exit for them is a lookup, with no host
 * CPUID, which itself exits when the hypervisor runs nested. The dynamic
 * leaves are 1 (CR4.OSXSAVE), 4 (one subleaf per cache), 7 (subleaves,
 * CR4.PKE) and 0xD (subleaves, XCR0); every leaf outside the table's
 * ranges is all zero (cpuid_policy_apply). */
#define CPUID_TABLE_DYNAMIC ((1u << 0x1) | (1u << 0x4) | (1u << 0x7) | \
			     (1u << 0xD))

struct cpuid_table {
	struct cpuid_regs basic[CPUID_POLICY_MAX_BASIC + 1];
	struct cpuid_regs hv[HV_CPUID_MAX_LEAF - CPUID_LEAF_HV_BASE + 1];
	struct cpuid_regs ext[CPUID_POLICY_MAX_EXT - CPUID_LEAF_EXT_MAX + 1];
};

/* Fills t from p and the host's CPUID, which host(leaf, subleaf, r)
 * executes (the CPUID instruction in the hypervisor, a model in tests). */
void cpuid_table_fill(struct cpuid_table *t, const struct cpuid_policy *p,
		      void (*host)(uint32_t leaf, uint32_t subleaf,
				   struct cpuid_regs *r));

/* The guest's CPUID(leaf, any subleaf) from t, or NULL for a dynamic leaf
 * (the caller runs the host's CPUID through cpuid_policy_apply). */
static inline const struct cpuid_regs *
cpuid_table_find(const struct cpuid_table *t, uint32_t leaf)
{
	static const struct cpuid_regs none;

	if (leaf <= CPUID_POLICY_MAX_BASIC)
		return (CPUID_TABLE_DYNAMIC >> leaf & 1) ? 0 : &t->basic[leaf];
	if (leaf - CPUID_LEAF_HV_BASE <= HV_CPUID_MAX_LEAF - CPUID_LEAF_HV_BASE)
		return &t->hv[leaf - CPUID_LEAF_HV_BASE];
	if (leaf - CPUID_LEAF_EXT_MAX <= CPUID_POLICY_MAX_EXT - CPUID_LEAF_EXT_MAX)
		return &t->ext[leaf - CPUID_LEAF_EXT_MAX];
	return &none;
}

#endif
