/* The guest's CPUID; see cpuid_policy.h. Each leaf the guest may see is a
 * case below; a leaf that is not is zero. Within a leaf, the feature bits
 * offered are listed (allow-list), each with what it depends on. */
#include "vmx/cpuid_policy.h"

static uint32_t sig_word(int i)
{
	const char *s = HV_CPUID_SIGNATURE;
	return (uint32_t)(unsigned char)s[i * 4] |
	       (uint32_t)(unsigned char)s[i * 4 + 1] << 8 |
	       (uint32_t)(unsigned char)s[i * 4 + 2] << 16 |
	       (uint32_t)(unsigned char)s[i * 4 + 3] << 24;
}

uint64_t cpuid_policy_guest_xcr0(uint64_t host_xcr0_supported)
{
	return host_xcr0_supported & CPUID_POLICY_XCR0_ALLOWED;
}

uint64_t cpuid_policy_guest_cr4(uint64_t cr4_fixed1)
{
	return cr4_fixed1 & CPUID_POLICY_CR4_ALLOWED;
}

uint32_t cpuid_policy_xsave_size(uint64_t xcr0, const struct cpuid_regs *comp,
				 unsigned ncomp)
{
	uint32_t size = 512 + 64;	/* legacy region and XSAVE header */

	for (unsigned i = 2; i < ncomp && i < 63; i++) {
		uint64_t end = (uint64_t)comp[i].ebx + comp[i].eax;
		if ((xcr0 >> i & 1) && end > size && end <= 0xFFFFFFFFu)
			size = (uint32_t)end;
	}
	return size;
}

uint32_t cpuid_policy_xsave_compacted_size(uint64_t mask,
					   const struct cpuid_regs *comp,
					   unsigned ncomp)
{
	uint64_t size = 512 + 64;

	for (unsigned i = 2; i < ncomp && i < 63; i++) {
		if (!(mask >> i & 1))
			continue;
		if (comp[i].ecx & 2)
			size = (size + 63) & ~63ULL;
		size += comp[i].eax;
	}
	return size > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)size;
}

uint64_t cpuid_policy_usable_xcr0(uint64_t offered,
				  const struct cpuid_regs *comp, unsigned ncomp)
{
	uint64_t usable = offered & (X86_XCR0_X87 | X86_XCR0_SSE);
	uint64_t end = 512 + 64;

	for (unsigned i = 2; i < 63; i++) {
		if (!(offered >> i & 1))
			continue;
		if (i >= ncomp || comp[i].eax == 0 || comp[i].ebx < end)
			continue;
		usable |= 1ULL << i;
		end = (uint64_t)comp[i].ebx + comp[i].eax;
	}
	if ((usable & X86_XCR0_AVX512) != X86_XCR0_AVX512 ||
	    !(usable & X86_XCR0_AVX))
		usable &= ~X86_XCR0_AVX512;
	return usable;
}

static void zero(struct cpuid_regs *r)
{
	r->eax = r->ebx = r->ecx = r->edx = 0;
}

/* Feature groups that stand or fall together. */
static bool xsave_offered(const struct cpuid_policy *p)
{
	uint64_t base = X86_XCR0_X87 | X86_XCR0_SSE;
	return (p->cr4 & X86_CR4_OSXSAVE) && (p->xcr0 & base) == base;
}

static bool avx_offered(const struct cpuid_policy *p)
{
	return xsave_offered(p) && (p->xcr0 & X86_XCR0_AVX);
}

static bool avx512_offered(const struct cpuid_policy *p)
{
	return avx_offered(p) &&
	       (p->xcr0 & X86_XCR0_AVX512) == X86_XCR0_AVX512;
}

static uint32_t when(bool cond, uint32_t bits)
{
	return cond ? bits : 0;
}

static void leaf1(const struct cpuid_policy *p, struct cpuid_regs *r)
{
	/* Offered; everything else (VMX, SMX, MONITOR, the thermal, power
	 * and debug-store features, PDCM, xTPR, SDBG, DCA, x2APIC (Linux
	 * refuses it without interrupt remapping: the guest's APIC is an
	 * xAPIC), RDRAND (RDRAND exiting makes it #UD; under Bochs it is
	 * seeded from the host clock, so runs would not repeat), MCE/MCA,
	 * MTRR, PSN, HTT) is hidden. */
	uint32_t ecx = CPUID_1_ECX_SSE3 | CPUID_1_ECX_PCLMULQDQ |
		       CPUID_1_ECX_SSSE3 | CPUID_1_ECX_CMPXCHG16B |
		       CPUID_1_ECX_SSE4_1 | CPUID_1_ECX_SSE4_2 |
		       CPUID_1_ECX_MOVBE | CPUID_1_ECX_POPCNT |
		       CPUID_1_ECX_AESNI |
		       when(p->cr4 & X86_CR4_PCIDE, CPUID_1_ECX_PCID) |
		       when(xsave_offered(p), CPUID_1_ECX_XSAVE) |
		       when(avx_offered(p), CPUID_1_ECX_AVX | CPUID_1_ECX_FMA |
					    CPUID_1_ECX_F16C);
	uint32_t edx = CPUID_1_EDX_FPU | CPUID_1_EDX_TSC | CPUID_1_EDX_MSR |
		       CPUID_1_EDX_CX8 | CPUID_1_EDX_SEP | CPUID_1_EDX_CMOV |
		       CPUID_1_EDX_PAT | CPUID_1_EDX_PSE36 |
		       CPUID_1_EDX_CLFSH | CPUID_1_EDX_MMX | CPUID_1_EDX_FXSR |
		       CPUID_1_EDX_SSE | CPUID_1_EDX_SSE2 | CPUID_1_EDX_SS |
		       when(p->cr4 & X86_CR4_VME, CPUID_1_EDX_VME) |
		       when(p->cr4 & X86_CR4_DE, CPUID_1_EDX_DE) |
		       when(p->cr4 & X86_CR4_PSE, CPUID_1_EDX_PSE) |
		       when(p->cr4 & X86_CR4_PAE, CPUID_1_EDX_PAE) |
		       when(p->cr4 & X86_CR4_PGE, CPUID_1_EDX_PGE);

	r->ecx &= ecx;
	/* OSXSAVE mirrors the guest's CR4, not the host's. */
	if (p->guest_osxsave && (r->ecx & CPUID_1_ECX_XSAVE))
		r->ecx |= CPUID_1_ECX_OSXSAVE;
	r->ecx |= CPUID_1_ECX_HYPERVISOR;
	r->edx &= edx;
	/* The local APIC and its TSC-deadline timer are emulated
	 * (guest/lapic.c), whatever the host has; with the APIC globally
	 * disabled the APIC bit reads 0 (11.4.3). */
	r->ecx |= CPUID_1_ECX_TSC_DEADLINE;
	if (p->guest_apic_off)
		r->edx &= ~CPUID_1_EDX_APIC;
	else
		r->edx |= CPUID_1_EDX_APIC;
	/* EBX: initial APIC ID 31:24, one logical processor 23:16. */
	r->ebx = (r->ebx & 0x0000FFFFu) | (1u << 16) |
		 (uint32_t)p->vcpu_id << 24;
}

static void leaf7(const struct cpuid_policy *p, uint32_t subleaf,
		  struct cpuid_regs *r)
{
	bool avx = avx_offered(p), avx512 = avx512_offered(p);
	bool pku = (p->cr4 & X86_CR4_PKE) && (p->xcr0 & X86_XCR0_PKRU);
	/* Hidden: TSC_ADJUST (MSR), SGX, RDT (PQM/PQE), MPX (BNDCFGS),
	 * RDSEED (RDSEED exiting), Intel PT. */
	uint32_t ebx = CPUID_7_EBX_BMI1 | CPUID_7_EBX_HLE |
		       CPUID_7_EBX_FDP_EXCPTN_ONLY | CPUID_7_EBX_BMI2 |
		       when(p->fast_strings, CPUID_7_EBX_ERMS) |
		       CPUID_7_EBX_RTM |
		       CPUID_7_EBX_FPU_CSDS_DEPR | CPUID_7_EBX_ADX |
		       CPUID_7_EBX_CLFLUSHOPT | CPUID_7_EBX_CLWB |
		       CPUID_7_EBX_SHA |
		       when(p->cr4 & X86_CR4_FSGSBASE, CPUID_7_EBX_FSGSBASE) |
		       when(p->cr4 & X86_CR4_SMEP, CPUID_7_EBX_SMEP) |
		       when(p->cr4 & X86_CR4_SMAP, CPUID_7_EBX_SMAP) |
		       when(p->invpcid && (p->cr4 & X86_CR4_PCIDE),
			    CPUID_7_EBX_INVPCID) |
		       when(avx, CPUID_7_EBX_AVX2) |
		       when(avx512, CPUID_7_EBX_AVX512F | CPUID_7_EBX_AVX512DQ |
				    CPUID_7_EBX_AVX512_IFMA |
				    CPUID_7_EBX_AVX512PF |
				    CPUID_7_EBX_AVX512ER |
				    CPUID_7_EBX_AVX512CD |
				    CPUID_7_EBX_AVX512BW |
				    CPUID_7_EBX_AVX512VL);
	/* Hidden: WAITPKG (IA32_UMWAIT_CONTROL, "enable user wait and
	 * pause"), CET shadow stacks, TME, Key Locker, bus-lock detection,
	 * ENQCMD (IA32_PASID), SGX launch control, PKS (IA32_PKRS). */
	uint32_t ecx = CPUID_7_ECX_PREFETCHWT1 | CPUID_7_ECX_GFNI |
		       CPUID_7_ECX_CLDEMOTE | CPUID_7_ECX_MOVDIRI |
		       CPUID_7_ECX_MOVDIR64B |
		       when(p->cr4 & X86_CR4_UMIP, CPUID_7_ECX_UMIP) |
		       when(pku, CPUID_7_ECX_PKU) |
		       when(p->cr4 & X86_CR4_LA57, CPUID_7_ECX_LA57) |
		       when(p->rdtscp, CPUID_7_ECX_RDPID) |
		       when(avx, CPUID_7_ECX_VAES | CPUID_7_ECX_VPCLMULQDQ) |
		       when(avx512, CPUID_7_ECX_AVX512_VBMI |
				    CPUID_7_ECX_AVX512_VBMI2 |
				    CPUID_7_ECX_AVX512_VNNI |
				    CPUID_7_ECX_AVX512_BITALG |
				    CPUID_7_ECX_AVX512_VPOPCNTDQ);
	/* Hidden: UINTR, TSX_FORCE_ABORT (IA32_TSX_FORCE_ABORT), hybrid
	 * topology, architectural LBRs, CET IBT, AMX (no XFD),
	 * IA32_CORE_CAPABILITIES. The speculation controls are offered as
	 * the host has them: vmx/exit_msr.c emulates IA32_SPEC_CTRL,
	 * IA32_PRED_CMD, IA32_FLUSH_CMD and IA32_ARCH_CAPABILITIES by these
	 * bits (vmx/spec_ctrl.h), so the guest can turn on the mitigations
	 * its kernel has. */
	uint32_t edx = when(p->fast_strings, CPUID_7_EDX_FSRM) |
		       CPUID_7_EDX_MD_CLEAR |
		       CPUID_7_EDX_IBRS_IBPB | CPUID_7_EDX_STIBP |
		       CPUID_7_EDX_L1D_FLUSH | CPUID_7_EDX_ARCH_CAPABILITIES |
		       CPUID_7_EDX_SSBD |
		       CPUID_7_EDX_SERIALIZE | CPUID_7_EDX_TSXLDTRK |
		       when(avx512, CPUID_7_EDX_AVX512_4VNNIW |
				    CPUID_7_EDX_AVX512_4FMAPS |
				    CPUID_7_EDX_AVX512_VP2INTERSECT |
				    CPUID_7_EDX_AVX512_FP16);

	if (subleaf != 0) {
		zero(r);
		return;
	}
	r->eax = 0;	/* no further subleaves */
	r->ebx &= ebx;
	r->ecx &= ecx;
	/* OSPKE mirrors the guest's CR4.PKE. */
	if (p->guest_ospke && (r->ecx & CPUID_7_ECX_PKU))
		r->ecx |= CPUID_7_ECX_OSPKE;
	r->edx &= edx;
}

static void leaf_d(const struct cpuid_policy *p, uint32_t subleaf,
		   struct cpuid_regs *r)
{
	if (!xsave_offered(p) || subleaf >= 63) {
		zero(r);
		return;
	}
	switch (subleaf) {
	case 0:
		/* EBX: the size for the XCR0 now enabled (the host runs with
		 * the guest's XCR0), computed from the components' layout. */
		r->eax &= (uint32_t)p->xcr0;
		r->edx &= (uint32_t)(p->xcr0 >> 32);
		r->ecx = p->xsave_size;
		if (p->xsave_comp)
			r->ebx = cpuid_policy_xsave_size(p->xcr0_now & p->xcr0,
							 p->xsave_comp,
							 p->xsave_ncomp);
		break;
	case 1:
		/* XFD is hidden (IA32_XFD is not virtualized); XSAVES only
		 * with IA32_XSS emulated. No supervisor component is
		 * offered: ECX:EDX (the IA32_XSS bits) read 0. EBX is the
		 * compacted size for XCR0 | IA32_XSS, IA32_XSS being 0. */
		r->eax &= CPUID_D1_EAX_XSAVEOPT | CPUID_D1_EAX_XSAVEC |
			  CPUID_D1_EAX_XGETBV_ECX1 |
			  when(p->xsaves, CPUID_D1_EAX_XSAVES);
		r->ecx = r->edx = 0;
		if (p->xsave_comp)
			r->ebx = cpuid_policy_xsave_compacted_size(
				p->xcr0_now & p->xcr0, p->xsave_comp,
				p->xsave_ncomp);
		break;
	default:
		/* A state component: only those offered. */
		if (!(p->xcr0 >> subleaf & 1))
			zero(r);
		break;
	}
}

static uint32_t guest_max_basic(const struct cpuid_policy *p)
{
	uint32_t m = p->host_max_basic < CPUID_POLICY_MAX_BASIC ?
		     p->host_max_basic : CPUID_POLICY_MAX_BASIC;
	if (p->tsc_hz && m < CPUID_LEAF_TSC)
		m = CPUID_LEAF_TSC;
	return m;
}

static void basic_leaf(const struct cpuid_policy *p, uint32_t leaf,
		       uint32_t subleaf, struct cpuid_regs *r)
{
	/* Leaves the guest is shown but the host lacks (up to 0x15): all
	 * zero, not the host's "highest leaf" data. */
	if (leaf > guest_max_basic(p) || leaf > p->host_max_basic)
		zero(r);
	if (leaf > guest_max_basic(p))
		return;

	switch (leaf) {
	case 0x0:
		r->eax = guest_max_basic(p);
		break;
	case 0x1:
		leaf1(p, r);
		break;
	case 0x2:	/* cache and TLB descriptors */
	case 0x16:	/* processor frequency */
		break;
	case 0x4:
		/* Deterministic cache parameters: one core, not shared. */
		r->eax &= 0x00003FFFu;
		break;
	case 0x7:
		leaf7(p, subleaf, r);
		break;
	case 0xD:
		leaf_d(p, subleaf, r);
		break;
	case CPUID_LEAF_TSC:
		if (p->tsc_hz && (r->eax == 0 || r->ebx == 0 || r->ecx == 0)) {
			/* ECX must fit 32 bits: scale by EBX when it would not. */
			uint64_t ratio = p->tsc_hz / 0xFFFFFFFFULL + 1;
			r->eax = 1;
			r->ebx = (uint32_t)ratio;
			r->ecx = (uint32_t)(p->tsc_hz / ratio);
			r->edx = 0;
		}
		break;
	default:
		/* Hidden: 3 (serial number), 5 (MONITOR), 6 (thermal and
		 * power), 8, 9 (DCA), 0xA (performance monitoring), 0xB and
		 * 0x1F (x2APIC topology), 0xF and 0x10 (RDT), 0x12 (SGX),
		 * 0x14 (Intel PT), and any leaf this list does not know. */
		zero(r);
		break;
	}
}

static void extended_leaf(const struct cpuid_policy *p, uint32_t leaf,
			  struct cpuid_regs *r)
{
	uint32_t host_max = r->eax;

	switch (leaf) {
	case CPUID_LEAF_EXT_MAX:
		zero(r);
		r->eax = host_max < CPUID_POLICY_MAX_EXT ? host_max :
			 CPUID_POLICY_MAX_EXT;
		break;
	case CPUID_LEAF_EXT_FEATURES:
		r->ecx &= CPUID_80000001_ECX_LAHF | CPUID_80000001_ECX_LZCNT |
			  CPUID_80000001_ECX_PREFETCHW;
		r->edx &= CPUID_80000001_EDX_SYSCALL | CPUID_80000001_EDX_NX |
			  CPUID_80000001_EDX_PDPE1GB | CPUID_80000001_EDX_LM |
			  when(p->rdtscp, CPUID_80000001_EDX_RDTSCP);
		break;
	case 0x80000002: case 0x80000003: case 0x80000004:	/* brand */
	case 0x80000006:					/* L2 cache */
		break;
	case 0x80000007:
		/* Invariant TSC: the guest's TSC is the host's plus a
		 * constant offset. Power management: hidden. */
		r->eax = r->ebx = r->ecx = 0;
		r->edx &= CPUID_80000007_EDX_INVARIANT_TSC;
		break;
	case CPUID_LEAF_ADDR_SIZES:
		/* Physical and linear address widths; 48-bit linear
		 * addresses unless 5-level paging is offered. */
		r->eax &= 0xFFFFu;
		if (!(p->cr4 & X86_CR4_LA57) && (r->eax >> 8) > 48)
			r->eax = (r->eax & 0xFFu) | 48u << 8;
		r->ebx &= CPUID_80000008_EBX_WBNOINVD;
		r->ecx = r->edx = 0;
		break;
	default:
		zero(r);
		break;
	}
}

void cpuid_policy_apply(const struct cpuid_policy *p, uint32_t leaf,
			uint32_t subleaf, struct cpuid_regs *r)
{
	if (leaf < CPUID_LEAF_HV_BASE) {
		basic_leaf(p, leaf, subleaf, r);
	} else if (leaf == CPUID_LEAF_HV_BASE) {
		r->eax = HV_CPUID_MAX_LEAF;
		r->ebx = sig_word(0);
		r->ecx = sig_word(1);
		r->edx = sig_word(2);
	} else if (leaf < CPUID_LEAF_EXT_MAX) {
		/* 0x40000001: no paravirtual features yet; the rest of the
		 * hypervisor range and beyond: nothing. */
		zero(r);
	} else if (leaf <= CPUID_POLICY_MAX_EXT) {
		extended_leaf(p, leaf, r);
	} else {
		zero(r);
	}
}

void cpuid_table_fill(struct cpuid_table *t, const struct cpuid_policy *p,
		      void (*host)(uint32_t leaf, uint32_t subleaf,
				   struct cpuid_regs *r))
{
	uint32_t i;

	for (i = 0; i <= CPUID_POLICY_MAX_BASIC; i++) {
		host(i, 0, &t->basic[i]);
		cpuid_policy_apply(p, i, 0, &t->basic[i]);
	}
	for (i = 0; i <= HV_CPUID_MAX_LEAF - CPUID_LEAF_HV_BASE; i++) {
		host(CPUID_LEAF_HV_BASE + i, 0, &t->hv[i]);
		cpuid_policy_apply(p, CPUID_LEAF_HV_BASE + i, 0, &t->hv[i]);
	}
	for (i = 0; i <= CPUID_POLICY_MAX_EXT - CPUID_LEAF_EXT_MAX; i++) {
		host(CPUID_LEAF_EXT_MAX + i, 0, &t->ext[i]);
		cpuid_policy_apply(p, CPUID_LEAF_EXT_MAX + i, 0, &t->ext[i]);
	}
}
