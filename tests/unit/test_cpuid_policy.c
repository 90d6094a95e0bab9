/*
 * Unit tests for the guest's CPUID (vmx/cpuid_policy.c).
 *
 * Host values are a Haswell's (leaf 1: eax 0x306c3, ebx 0x00010800, ecx
 * 0xfffa3203, edx 0xbfebfbff) and, for leaves 7 and 0xD, a Skylake-X's;
 * otherwise every bit set, which shows the allow-list exactly. The policy
 * is an allow-list: each test lists the bits that survive. The expected
 * guest values were worked out by hand from SDM Vol. 2A, CPUID, Tables
 * 3-8 to 3-11, and are written as numbers, not built from arch/cpuid.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmx/cpuid_policy.h"

static struct cpuid_regs apply(const struct cpuid_policy *p, uint32_t leaf,
			       uint32_t subleaf, uint32_t eax, uint32_t ebx,
			       uint32_t ecx, uint32_t edx)
{
	struct cpuid_regs r = { eax, ebx, ecx, edx };
	cpuid_policy_apply(p, leaf, subleaf, &r);
	return r;
}

static void assert_regs(struct cpuid_regs r, uint32_t eax, uint32_t ebx,
			uint32_t ecx, uint32_t edx)
{
	assert_int_equal(r.eax, eax);
	assert_int_equal(r.ebx, ebx);
	assert_int_equal(r.ecx, ecx);
	assert_int_equal(r.edx, edx);
}

#define HSW_1	0x000306c3u, 0x00010800u, 0xfffa3203u, 0xbfebfbffu
#define ONES	~0u, ~0u, ~0u, ~0u

/* The CR4 bits a guest may own with Bochs' Haswell IA32_VMX_CR4_FIXED1
 * 0x1727ff (bits 10:0, 13 VMXE, 16 FSGSBASE, 17 PCIDE, 18 OSXSAVE, 20
 * SMEP): VMXE goes -> 0x1707ff. */
#define HSW_CR4 0x1707ffULL
/* Every CR4 bit the policy allows: 12:0, 16-18, 20-22. */
#define ALL_CR4 0x771fffULL

static struct cpuid_policy haswell(void)
{
	struct cpuid_policy p = {
		.host_max_basic = 0xD, .cr4 = HSW_CR4, .xcr0 = 0x7,
		.xsave_size = 0x340, .rdtscp = true, .invpcid = true,
		.fast_strings = true,
	};
	return p;
}

/* Everything a policy can offer: all CR4 bits, XCR0 x87 SSE AVX AVX-512
 * PKRU (0x2e7), every control. */
static struct cpuid_policy everything(void)
{
	struct cpuid_policy p = {
		.host_max_basic = 0x20, .cr4 = ALL_CR4, .xcr0 = 0x2e7,
		.xsave_size = 0xa88, .rdtscp = true, .invpcid = true,
		.xsaves = true, .fast_strings = true,
	};
	return p;
}

static void test_guest_cr4(void **state)
{
	assert_int_equal(cpuid_policy_guest_cr4(0x1727ff), HSW_CR4);
	/* Everything but VMXE 13, SMXE 14, KL 19, CET 23, PKS 24, UINTR
	 * 25 and the reserved bits. */
	assert_int_equal(cpuid_policy_guest_cr4(~0ULL), ALL_CR4);
	/* A Skylake-X (0x3727ff: adds SMXE 14, SMAP 21, PKE 22): */
	assert_int_equal(cpuid_policy_guest_cr4(0x7727ff), 0x7707ff);
}

/*
 * Leaf 1, ECX: offered SSE3 0, PCLMULQDQ 1, SSSE3 9, FMA 12 (AVX),
 * CMPXCHG16B 13, PCID 17 (CR4.PCIDE), SSE4.1 19, SSE4.2 20, MOVBE 22,
 * POPCNT 23, AESNI 25, XSAVE 26 (CR4.OSXSAVE, XCR0 x87+SSE), OSXSAVE 27
 * (from the guest's CR4), AVX 28 and F16C 29 (XCR0 AVX); set hypervisor
 * 31. Everything else (RDRAND 30, VMX 5, x2APIC 21, ...) is hidden.
 *   0xfffa3203 -> 0xb6da3203 (OSXSAVE off) / 0xbeda3203 (on)
 * EDX: offered FPU 0, VME 1, DE 2, PSE 3, TSC 4, MSR 5, PAE 6, CX8 8,
 * SEP 11, PGE 13, CMOV 15, PAT 16, PSE-36 17, CLFSH 19, MMX 23, FXSR 24,
 * SSE 25, SSE2 26, SS 27.
 *   0xbfebfbff -> 0x0f8bab7f (APIC 9 and TSC-deadline ECX 24 always set:
 *   the local APIC is emulated)
 * EBX: APIC ID in 31:24, 1 logical processor in 23:16, rest kept.
 */
static void test_leaf1_vcpu0(void **state)
{
	struct cpuid_policy p = haswell();

	assert_regs(apply(&p, 1, 0, HSW_1),
		    0x000306c3, 0x00010800, 0xb7da3203, 0x0f8bab7f);
	p.guest_osxsave = true;
	assert_regs(apply(&p, 1, 0, HSW_1),
		    0x000306c3, 0x00010800, 0xbfda3203, 0x0f8bab7f);
	/* The guest turned its APIC off in IA32_APIC_BASE: no APIC bit. */
	p.guest_apic_off = true;
	assert_regs(apply(&p, 1, 0, HSW_1),
		    0x000306c3, 0x00010800, 0xbfda3203, 0x0f8bab7f & ~0x200u);
}

static void test_leaf1_vcpu3(void **state)
{
	struct cpuid_policy p = haswell();

	p.vcpu_id = 3;
	assert_regs(apply(&p, 1, 0, HSW_1),
		    0x000306c3, 0x03010800, 0xb7da3203, 0x0f8bab7f);
	p.guest_osxsave = true;
	assert_regs(apply(&p, 1, 0, HSW_1),
		    0x000306c3, 0x03010800, 0xbfda3203, 0x0f8bab7f);
	/* The subleaf does not matter for leaf 1. */
	assert_regs(apply(&p, 1, 7, HSW_1),
		    0x000306c3, 0x03010800, 0xbfda3203, 0x0f8bab7f);
}

static void test_leaf1_edge_cases(void **state)
{
	struct cpuid_policy p = haswell();

	p.vcpu_id = 0xFF;
	p.guest_osxsave = true;
	/* Host EBX's own APIC ID and logical count are replaced; the
	 * CLFLUSH size and brand index (15:0) are kept. */
	assert_regs(apply(&p, 1, 0, 0, 0x07100800, 0, 0),
		    0, 0xFF010800, 0x81000000, 0x00000200);
	/* No XSAVE on the host: no OSXSAVE for the guest, whatever CR4. */
	assert_regs(apply(&p, 1, 0, 0, 0, 0xfbfa3203, 0),
		    0, 0xFF010000, 0xb3da3203, 0x00000200);
	/* Every bit set on the host: exactly the allow-list. */
	p.guest_osxsave = false;
	p.vcpu_id = 1;
	assert_regs(apply(&p, 1, 0, ONES),
		    ~0u, 0x0101FFFF, 0xb7da3203, 0x0f8bab7f);
}

static void test_leaf1_dependencies(void **state)
{
	struct cpuid_policy p = haswell();

	/* XCR0 without AVX: AVX 28, FMA 12, F16C 29 go. */
	p.xcr0 = 0x3;
	assert_regs(apply(&p, 1, 0, HSW_1),
		    0x000306c3, 0x00010800, 0x87da2203, 0x0f8bab7f);
	/* The guest may not set CR4.OSXSAVE: no XSAVE, no AVX, and no
	 * OSXSAVE even if the guest's CR4 had it. */
	p.xcr0 = 0x7;
	p.cr4 = HSW_CR4 & ~(1ULL << 18);
	p.guest_osxsave = true;
	assert_regs(apply(&p, 1, 0, HSW_1),
		    0x000306c3, 0x00010800, 0x83da2203, 0x0f8bab7f);
	/* Nor CR4.PCIDE: no PCID (17). Nor VME, DE, PSE, PAE, PGE: their
	 * EDX bits 1, 2, 3, 6, 13 go. */
	p.cr4 = 0;
	assert_regs(apply(&p, 1, 0, HSW_1),
		    0x000306c3, 0x00010800, 0x83d82203, 0x0f8b8b31);
}

static void test_hypervisor_leaves(void **state)
{
	struct cpuid_policy p = haswell();

	/* "hvba" "reme" "tal!" little-endian; max leaf 0x40000001. */
	assert_regs(apply(&p, 0x40000000, 0, 0x11, 0x22, 0x33, 0x44),
		    0x40000001, 0x61627668, 0x656d6572, 0x216c6174);
	assert_int_equal(HV_CPUID_MAX_LEAF, 0x40000001);
	/* The same bytes as the string. */
	struct cpuid_regs r = apply(&p, 0x40000000, 5, 0, 0, 0, 0);
	char sig[13];
	memcpy(sig, &r.ebx, 4);
	memcpy(sig + 4, &r.ecx, 4);
	memcpy(sig + 8, &r.edx, 4);
	sig[12] = '\0';
	assert_string_equal(sig, "hvbaremetal!");

	assert_regs(apply(&p, 0x40000001, 0, 0x11, 0x22, 0x33, 0x44),
		    0, 0, 0, 0);
	/* Past the hypervisor's leaves: nothing (not the host's). */
	assert_regs(apply(&p, 0x40000002, 0, 0x11, 0x22, 0x33, 0x44),
		    0, 0, 0, 0);
	assert_regs(apply(&p, 0x4FFFFFFF, 0, ONES), 0, 0, 0, 0);
}

static void test_leaf7_haswell(void **state)
{
	struct cpuid_policy p = haswell();

	/* Subleaf 0, a Haswell: ebx 0x27ab (FSGSBASE 0, TSC_ADJUST 1,
	 * BMI1 3, AVX2 5, SMEP 7, BMI2 8, ERMS 9, INVPCID 10, FPU CS/DS
	 * deprecation 13), edx 0x9c000000 (speculation control: IBRS/IBPB
	 * 26, STIBP 27, L1D_FLUSH 28, SSBD 31, all offered: their MSRs are
	 * emulated). TSC_ADJUST goes; INVPCID stays only with the control
	 * on. */
	assert_regs(apply(&p, 7, 0, 0, 0x000027ab, 0, 0x9c000000),
		    0, 0x000027a9, 0, 0x9c000000);
	p.invpcid = false;
	assert_regs(apply(&p, 7, 0, 0, 0x000027ab, 0, 0x9c000000),
		    0, 0x000023a9, 0, 0x9c000000);
	/* INVPCID also needs PCID (CR4.PCIDE). */
	p.invpcid = true;
	p.cr4 &= ~(1ULL << 17);
	assert_regs(apply(&p, 7, 0, 0, 0x000027ab, 0, 0x9c000000),
		    0, 0x000023a9, 0, 0x9c000000);

	/* All bits set, Haswell's CR4 and XCR0 (no SMAP, no PKE, no
	 * AVX-512): EBX BMI1 3, HLE 4, FDP 6, BMI2 8, ERMS 9, RTM 11,
	 * FPU CS/DS 13, ADX 19, CLFLUSHOPT 23, CLWB 24, SHA 29, FSGSBASE 0,
	 * SMEP 7, INVPCID 10, AVX2 5. ECX: PREFETCHWT1 0, GFNI 8, CLDEMOTE
	 * 25, MOVDIRI 27, MOVDIR64B 28, RDPID 22, VAES 9, VPCLMULQDQ 10.
	 * EDX: FSRM 4, MD_CLEAR 10, SERIALIZE 14, TSXLDTRK 16, IBRS/IBPB
	 * 26, STIBP 27, L1D_FLUSH 28, ARCH_CAPABILITIES 29, SSBD 31 (not
	 * TSX_FORCE_ABORT 13, CORE_CAPABILITIES 30). */
	p = haswell();
	assert_regs(apply(&p, 7, 0, ONES),
		    0, 0x21882ff9, 0x1a400701, 0xbc014410);
	/* Subleaf 1 and others: all zero. */
	assert_regs(apply(&p, 7, 1, ONES), 0, 0, 0, 0);
	assert_regs(apply(&p, 7, 2, 1, 2, 3, 4), 0, 0, 0, 0);
}

static void test_leaf7_everything(void **state)
{
	struct cpuid_policy p = everything();

	/* Adds SMAP 20 and the AVX-512 bits 16, 17, 21, 26-28, 30, 31 to
	 * EBX; UMIP 2, PKU 3, LA57 16 and AVX-512 VBMI 1, VBMI2 6, VNNI 11,
	 * BITALG 12, VPOPCNTDQ 14 to ECX; AVX-512 4VNNIW 2, 4FMAPS 3,
	 * VP2INTERSECT 8, FP16 23 to EDX. Still hidden: EBX TSC_ADJUST 1,
	 * SGX 2, PQM 12, MPX 14, PQE 15, RDSEED 18, PT 25; ECX OSPKE 4 (the
	 * guest's CR4.PKE is 0), WAITPKG 5, CET_SS 7, TME 13, KL 23,
	 * bus-lock 24, ENQCMD 29, SGX_LC 30, PKS 31; EDX UINTR 5,
	 * TSX_FORCE_ABORT 13, hybrid 15, arch LBR 19, IBT 20, AMX 22/24/25,
	 * CORE_CAPABILITIES 30. The speculation controls 26-29 and 31 are
	 * offered (0xbc000000). */
	assert_regs(apply(&p, 7, 0, ONES),
		    0, 0xfdbb2ff9, 0x1a415f4f, 0xbc81451c);
	/* OSPKE follows the guest's CR4.PKE. */
	p.guest_ospke = true;
	assert_regs(apply(&p, 7, 0, ONES),
		    0, 0xfdbb2ff9, 0x1a415f5f, 0xbc81451c);
	/* Without PKRU in XCR0, no PKU and so no OSPKE. */
	p.xcr0 = 0xe7;
	assert_regs(apply(&p, 7, 0, ONES),
		    0, 0xfdbb2ff9, 0x1a415f47, 0xbc81451c);
	/* Without AVX-512 in XCR0, none of the AVX-512 bits. */
	p.xcr0 = 0x207;
	assert_regs(apply(&p, 7, 0, ONES),
		    0, 0x21982ff9, 0x1a41071d, 0xbc014410);
	/* Without RDTSCP (RDPID 22) and without CR4.LA57 (16). */
	p = everything();
	p.rdtscp = false;
	p.cr4 &= ~(1ULL << 12);
	assert_regs(apply(&p, 7, 0, ONES),
		    0, 0xfdbb2ff9, 0x1a005f4f, 0xbc81451c);
}

/* Bochs' Tiger Lake reads IA32_MISC_ENABLE as 0: fast strings off. The
 * guest then must not see ERMS (EBX 9) or FSRM (EDX 4) either: Linux
 * drops ERMS when the MSR says so but keeps FSRM, and its memmove then
 * skips the short-copy check and overruns (it corrupted the kernel's
 * text on Tiger Lake and Ice Lake). Tiger Lake's leaf 7: ebx 0xf3bf27ef,
 * ecx 0x00405f4e, edx 0x00000510 (FSRM 4, VP2INTERSECT 8, MD_CLEAR 10). */
static void test_leaf7_no_fast_strings(void **state)
{
	struct cpuid_policy p = everything();

	p.xcr0 = 0xe7;
	assert_regs(apply(&p, 7, 0, 0, 0xf3bf27ef, 0x00405f4e, 0x00000510),
		    0, 0xf1bb27e9, 0x00405f46, 0x00000510);
	p.fast_strings = false;
	assert_regs(apply(&p, 7, 0, 0, 0xf3bf27ef, 0x00405f4e, 0x00000510),
		    0, 0xf1bb25e9, 0x00405f46, 0x00000500);
}

static void test_zeroed_leaves(void **state)
{
	struct cpuid_policy p = everything();
	static const uint32_t leaves[] = { 0x3, 0x5, 0x6, 0x8, 0x9, 0xA, 0xB,
					   0xC, 0xE, 0xF, 0x10, 0x12, 0x14 };

	p.vcpu_id = 2;
	p.guest_osxsave = true;
	for (unsigned i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++) {
		assert_regs(apply(&p, leaves[i], 0, 0x40, 0x40, 0x3, 0x1120),
			    0, 0, 0, 0);
		assert_regs(apply(&p, leaves[i], 1, ONES), 0, 0, 0, 0);
	}
}

static void test_leaf4(void **state)
{
	struct cpuid_policy p = haswell();

	/* L1d on a 4-core Haswell: eax 0x1c004121 -> cores and sharing
	 * fields (31:14) cleared. */
	assert_regs(apply(&p, 4, 0, 0x1c004121, 0x01c0003f, 0x3f, 0),
		    0x00000121, 0x01c0003f, 0x3f, 0);
	assert_regs(apply(&p, 4, 3, 0x3c07c163, 0x03c0003f, 0x1fff, 6),
		    0x00000163, 0x03c0003f, 0x1fff, 6);
}

/* A Skylake-X's leaf 0xD components (i: EAX size, EBX offset): AVX 2
 * 256@576, BNDREGS 3 64@960, BNDCSR 4 64@1024, opmask 5 64@1088,
 * ZMM_Hi256 6 512@1152, Hi16_ZMM 7 1024@1664, PKRU 9 8@2688. */
static const struct cpuid_regs skx_comp[10] = {
	[2] = { 256, 576, 0, 0 },  [3] = { 64, 960, 0, 0 },
	[4] = { 64, 1024, 0, 0 },  [5] = { 64, 1088, 1, 0 },
	[6] = { 512, 1152, 0, 0 }, [7] = { 1024, 1664, 0, 0 },
	[9] = { 8, 2688, 0, 0 },
};

static void test_xsave_size(void **state)
{
	/* Legacy area and header only. */
	assert_int_equal(cpuid_policy_xsave_size(0x3, skx_comp, 10), 576);
	/* AVX: 576 + 256. */
	assert_int_equal(cpuid_policy_xsave_size(0x7, skx_comp, 10), 832);
	/* AVX-512: Hi16_ZMM ends at 2688. */
	assert_int_equal(cpuid_policy_xsave_size(0xe7, skx_comp, 10), 2688);
	/* PKRU ends at 2696, MPX or not. */
	assert_int_equal(cpuid_policy_xsave_size(0x2e7, skx_comp, 10), 2696);
	assert_int_equal(cpuid_policy_xsave_size(0x2ff, skx_comp, 10), 2696);
	/* MPX alone. */
	assert_int_equal(cpuid_policy_xsave_size(0x1b, skx_comp, 10), 1088);
	/* Components beyond the table are not read. */
	assert_int_equal(cpuid_policy_xsave_size(0x7, skx_comp, 2), 576);
}

static void test_xsave_compacted_size(void **state)
{
	/* 576, AVX 256 -> 832, opmask 64 -> 896, ZMM_Hi256 512 -> 1408,
	 * Hi16_ZMM 1024 -> 2432: what Linux computes on a Skylake-X. */
	assert_int_equal(cpuid_policy_xsave_compacted_size(0xe7, skx_comp, 10), 2432);
	assert_int_equal(cpuid_policy_xsave_compacted_size(0x7, skx_comp, 10), 832);
	assert_int_equal(cpuid_policy_xsave_compacted_size(0x3, skx_comp, 10), 576);
	/* PKRU after them: 2440. */
	assert_int_equal(cpuid_policy_xsave_compacted_size(0x2e7, skx_comp, 10), 2440);
	/* Opmask (5) asking for 64-byte alignment (ECX bit 1): at 832 it
	 * is aligned already (then PKRU: 832 + 64 + 8); after an 8-byte AVX
	 * area (584) it moves up to 640. */
	struct cpuid_regs c[10];
	memcpy(c, skx_comp, sizeof(c));
	c[5].ecx = 2;
	assert_int_equal(cpuid_policy_xsave_compacted_size(0x227, c, 10), 832 + 64 + 8);
	c[2].eax = 8;		/* 584 -> aligned to 640 for opmask */
	assert_int_equal(cpuid_policy_xsave_compacted_size(0x27, c, 10), 640 + 64);
}

static void test_usable_xcr0(void **state)
{
	struct cpuid_regs c[10];

	/* A sane layout keeps everything offered. */
	assert_int_equal(cpuid_policy_usable_xcr0(0x2e7, skx_comp, 10), 0x2e7);
	/* PKRU described with size 0, or at an offset inside the AVX-512
	 * area (an emulator's incomplete leaf 0xD): dropped. */
	memcpy(c, skx_comp, sizeof(c));
	c[9].eax = 0;
	c[9].ebx = 0;
	assert_int_equal(cpuid_policy_usable_xcr0(0x2e7, c, 10), 0xe7);
	c[9].eax = 8;
	c[9].ebx = 1664;
	assert_int_equal(cpuid_policy_usable_xcr0(0x2e7, c, 10), 0xe7);
	/* A component inside the legacy area: dropped. */
	memcpy(c, skx_comp, sizeof(c));
	c[2].ebx = 160;
	/* ... and AVX-512 goes with AVX. */
	assert_int_equal(cpuid_policy_usable_xcr0(0x2e7, c, 10), 0x203);
	/* One AVX-512 component missing: all three go. */
	memcpy(c, skx_comp, sizeof(c));
	c[6].eax = 0;
	assert_int_equal(cpuid_policy_usable_xcr0(0x2e7, c, 10), 0x207);
	/* Components past the table are not offered. */
	assert_int_equal(cpuid_policy_usable_xcr0(0x2e7, skx_comp, 8), 0xe7);
	/* x87 and SSE need no description. */
	assert_int_equal(cpuid_policy_usable_xcr0(0x3, skx_comp, 0), 0x3);
}

static void test_leaf_d_sizes_computed(void **state)
{
	struct cpuid_policy p = everything();

	p.xsave_comp = skx_comp;
	p.xsave_ncomp = 10;
	/* The guest's XCR0 is 0xe7 now: subleaf 0 EBX 2688 (standard),
	 * subleaf 1 EBX 2432 (compacted), whatever the host said (Bochs'
	 * Skylake-X says 2688 for both). */
	p.xcr0_now = 0xe7;
	assert_regs(apply(&p, 0xD, 0, 0x2ff, 0x340, 0xa88, 0), 0x2e7, 2688, 0xa88, 0);
	assert_regs(apply(&p, 0xD, 1, 0xf, 2688, 0, 0), 0xf, 2432, 0, 0);
	/* XCR0 = 3 (as at reset): 576 both. */
	p.xcr0_now = 0x3;
	assert_regs(apply(&p, 0xD, 0, 0x2ff, 0x340, 0xa88, 0), 0x2e7, 576, 0xa88, 0);
	assert_regs(apply(&p, 0xD, 1, 0xf, 2688, 0, 0), 0xf, 576, 0, 0);
	/* Bits the guest could not have set do not count. */
	p.xcr0_now = 0x1f;
	assert_regs(apply(&p, 0xD, 0, 0x2ff, 0x340, 0xa88, 0), 0x2e7, 832, 0xa88, 0);
}

static void test_leaf_d(void **state)
{
	struct cpuid_policy p = everything();

	/* Subleaf 0 on a Skylake-X: eax 0x2ff, ebx 0x340 (XCR0 now 7),
	 * ecx 0xa88. MPX (3, 4) is not offered: eax 0x2e7; ecx the size
	 * for what is (also 0xa88 here). */
	assert_regs(apply(&p, 0xD, 0, 0x2ff, 0x340, 0xa88, 0),
		    0x2e7, 0x340, 0xa88, 0);
	/* A Haswell: 7, size 0x340. */
	struct cpuid_policy h = haswell();
	assert_regs(apply(&h, 0xD, 0, 0x7, 0x240, 0x340, 0),
		    0x7, 0x240, 0x340, 0);
	/* Subleaf 1: XSAVEOPT 0, XSAVEC 1, XGETBV ECX=1 2, XSAVES 3 (only
	 * with the control and IA32_XSS emulated); XFD 4 never; no
	 * supervisor components (ECX, EDX 0). */
	assert_regs(apply(&p, 0xD, 1, 0x1f, 0x3c0, 0x100, 0x0),
		    0xf, 0x3c0, 0, 0);
	p.xsaves = false;
	assert_regs(apply(&p, 0xD, 1, 0x1f, 0x3c0, 0x100, 0x0),
		    0x7, 0x3c0, 0, 0);
	/* Components: AVX, AVX-512, PKRU kept; MPX (3, 4), PT (8), AMX
	 * (17, 18) and anything from 63 on read zero. */
	assert_regs(apply(&p, 0xD, 2, 0x100, 0x240, 0, 0), 0x100, 0x240, 0, 0);
	assert_regs(apply(&p, 0xD, 7, 0x400, 0x680, 0, 0), 0x400, 0x680, 0, 0);
	assert_regs(apply(&p, 0xD, 9, 8, 0xa80, 0, 0), 8, 0xa80, 0, 0);
	assert_regs(apply(&p, 0xD, 3, 0x40, 0x3c0, 0, 0), 0, 0, 0, 0);
	assert_regs(apply(&p, 0xD, 4, 0x40, 0x400, 0, 0), 0, 0, 0, 0);
	assert_regs(apply(&p, 0xD, 8, 0x80, 0, 1, 0), 0, 0, 0, 0);
	assert_regs(apply(&p, 0xD, 17, 0x40, 0xac0, 2, 0), 0, 0, 0, 0);
	assert_regs(apply(&p, 0xD, 18, 0x2000, 0xb00, 6, 0), 0, 0, 0, 0);
	assert_regs(apply(&p, 0xD, 63, ONES), 0, 0, 0, 0);
	assert_regs(apply(&p, 0xD, 0xFFFFFFFF, ONES), 0, 0, 0, 0);
	/* No XSAVE offered (the guest may not set CR4.OSXSAVE): leaf 0xD
	 * is empty. */
	p.cr4 &= ~(1ULL << 18);
	assert_regs(apply(&p, 0xD, 0, 0x2ff, 0x340, 0xa88, 0), 0, 0, 0, 0);
}

static void test_ext_features(void **state)
{
	struct cpuid_policy p = haswell();

	p.rdtscp = false;
	/* edx 0x2c100800: SYSCALL 11, NX 20, 1 GiB pages 26, RDTSCP 27,
	 * LM 29; ecx 0x121: LAHF 0, LZCNT 5, PREFETCHW 8. */
	assert_regs(apply(&p, 0x80000001, 0, 0, 0, 0x121, 0x2c100800),
		    0, 0, 0x121, 0x24100800);
	p.rdtscp = true;
	assert_regs(apply(&p, 0x80000001, 0, 0, 0, 0x121, 0x2c100800),
		    0, 0, 0x121, 0x2c100800);
	/* Every bit: only those. */
	assert_regs(apply(&p, 0x80000001, 0, 0, 0, ~0u, ~0u),
		    0, 0, 0x121, 0x2c100800);
}

static void test_ext_leaves(void **state)
{
	struct cpuid_policy p = haswell();

	/* Highest extended leaf: at most 0x80000008. */
	assert_regs(apply(&p, 0x80000000, 0, 0x80000008, 0, 0, 0),
		    0x80000008, 0, 0, 0);
	assert_regs(apply(&p, 0x80000000, 0, 0x80000021, 1, 2, 3),
		    0x80000008, 0, 0, 0);
	assert_regs(apply(&p, 0x80000000, 0, 0x80000004, 0, 0, 0),
		    0x80000004, 0, 0, 0);
	/* Brand string and L2 cache: as the host's. */
	assert_regs(apply(&p, 0x80000002, 0, 0x65746e49, 1, 2, 3),
		    0x65746e49, 1, 2, 3);
	assert_regs(apply(&p, 0x80000006, 0, 0, 0, 0x01006040, 0),
		    0, 0, 0x01006040, 0);
	/* 0x80000005 (reserved on Intel) and beyond 0x80000008: zero. */
	assert_regs(apply(&p, 0x80000005, 0, ONES), 0, 0, 0, 0);
	assert_regs(apply(&p, 0x80000009, 0, ONES), 0, 0, 0, 0);
	assert_regs(apply(&p, 0x8FFFFFFF, 0, ONES), 0, 0, 0, 0);
	assert_regs(apply(&p, 0xFFFFFFFF, 0, ONES), 0, 0, 0, 0);
	/* Invariant TSC (0x80000007 EDX 8) only. */
	assert_regs(apply(&p, 0x80000007, 0, ONES), 0, 0, 0, 0x100);
	/* Address sizes: 39 physical, 48 linear kept; EBX WBNOINVD 9 only. */
	assert_regs(apply(&p, 0x80000008, 0, 0x3027, 0, 0, 0),
		    0x3027, 0, 0, 0);
	assert_regs(apply(&p, 0x80000008, 0, 0xdead3027, ~0u, 2, 3),
		    0x3027, 0x200, 0, 0);
	/* 57-bit linear addresses only with LA57 offered. */
	assert_regs(apply(&p, 0x80000008, 0, 0x3934, 0, 0, 0),
		    0x3034, 0, 0, 0);
	p.cr4 |= 1ULL << 12;
	assert_regs(apply(&p, 0x80000008, 0, 0x3934, 0, 0, 0),
		    0x3934, 0, 0, 0);
}

static void test_basic_leaves_passed(void **state)
{
	struct cpuid_policy p = haswell();

	/* Leaf 0: max leaf and "GenuineIntel". */
	assert_regs(apply(&p, 0, 0, 0xd, 0x756e6547, 0x6c65746e, 0x49656e69),
		    0xd, 0x756e6547, 0x6c65746e, 0x49656e69);
	assert_regs(apply(&p, 2, 0, 0x76036301, 0x00f0b5ff, 0, 0x00c10000),
		    0x76036301, 0x00f0b5ff, 0, 0x00c10000);
	/* A host with leaves up to 0x1F: the guest sees up to 0x16 (the
	 * processor-frequency leaf, passed). */
	p.host_max_basic = 0x1F;
	assert_regs(apply(&p, 0, 0, 0x1f, 0x756e6547, 0x6c65746e, 0x49656e69),
		    0x16, 0x756e6547, 0x6c65746e, 0x49656e69);
	assert_regs(apply(&p, 0x16, 0, 0xe10, 0x1194, 0x64, 0),
		    0xe10, 0x1194, 0x64, 0);
	assert_regs(apply(&p, 0x17, 0, ONES), 0, 0, 0, 0);
	assert_regs(apply(&p, 0x1D, 0, ONES), 0, 0, 0, 0);
	assert_regs(apply(&p, 0x3FFFFFFF, 0, ONES), 0, 0, 0, 0);
}

/* Leaf 0x15 tells the guest its TSC frequency when the host does not. */
static void test_tsc_leaf(void **state)
{
	(void)state;
	struct cpuid_policy p = haswell();
	p.tsc_hz = 200002000;

	/* Leaf 0 raises the maximum basic leaf to 0x15. */
	assert_regs(apply(&p, 0, 0, 0xD, 0x756e6547, 0x6c65746e, 0x49656e69),
		    0x15, 0x756e6547, 0x6c65746e, 0x49656e69);
	/* Leaves the host lacks read as zero, not as the host's last leaf. */
	assert_regs(apply(&p, 0x10, 0, 0x11, 0x22, 0x33, 0x44), 0, 0, 0, 0);
	assert_regs(apply(&p, 0x16, 0, 0x11, 0x22, 0x33, 0x44), 0, 0, 0, 0);
	/* TSC = ECX * EBX / EAX. */
	assert_regs(apply(&p, 0x15, 0, 0x11, 0x22, 0x33, 0x44),
		    1, 1, 200002000, 0);
	/* A TSC above 4.29 GHz is scaled so ECX fits. */
	p.tsc_hz = 5000000000ULL;
	assert_regs(apply(&p, 0x15, 0, 0, 0, 0, 0), 1, 2, 2500000000u, 0);
	/* A host that reports the ratio keeps its own. */
	p.host_max_basic = 0x16;
	assert_regs(apply(&p, 0x15, 0, 2, 0x11A, 24000000, 0),
		    2, 0x11A, 24000000, 0);
	/* No known frequency: leaf 0 is left alone. */
	p.tsc_hz = 0;
	p.host_max_basic = 0xD;
	assert_regs(apply(&p, 0, 0, 0xD, 1, 2, 3), 0xD, 1, 2, 3);
}

/* Leaf 0x1F (V2 extended topology) is hidden like leaf 0xB. */
static void test_leaf_1f_hidden(void **state)
{
	(void)state;
	struct cpuid_policy p = everything();

	assert_regs(apply(&p, 0x1F, 0, 1, 2, 0x100, 4), 0, 0, 0, 0);
	assert_regs(apply(&p, 0xB, 0, 1, 2, 0x100, 4), 0, 0, 0, 0);
}

/* A host whose every leaf has distinct values, and whose subleaf-indexed
 * leaves (SDM Vol. 2A, CPUID: 4, 7, 0xB, 0xD, 0xF, 0x10, 0x12, 0x14, 0x17,
 * 0x18, 0x1A-0x1F, 0x8000001D) answer differently for each subleaf; the
 * others ignore ECX, as real CPUs do. */
static uint32_t model_max_basic = 0x20;

static void model_host(uint32_t leaf, uint32_t subleaf, struct cpuid_regs *r)
{
	static const uint32_t indexed[] = { 4, 7, 0xB, 0xD, 0xF, 0x10, 0x12,
					    0x14, 0x17, 0x18, 0x1A, 0x1B,
					    0x1C, 0x1D, 0x1E, 0x1F,
					    0x8000001Du };
	uint32_t h = leaf * 0x9E3779B1u;

	for (unsigned i = 0; i < sizeof(indexed) / sizeof(indexed[0]); i++)
		if (leaf == indexed[i])
			h ^= (subleaf + 1) * 0x01000193u;
	r->eax = h;
	r->ebx = h ^ 0x5A5A5A5Au;
	r->ecx = ~h;
	r->edx = h ^ 0xA5A5A5A5u;
	if (leaf == 0)
		r->eax = model_max_basic;
	if (leaf == 0x80000000u)
		r->eax = 0x80000008u;
}

/* The table of static leaves answers exactly what the policy answers, for
 * any subleaf; the dynamic leaves are not in it; beyond its ranges every
 * leaf is zero. */
static void check_table(const struct cpuid_policy *p)
{
	static const uint32_t ranges[][2] = {
		{ 0, 0x30 }, { 0x3FFFFFF0u, 0x40000010u },
		{ 0x7FFFFFF0u, 0x80000010u }, { 0xFFFFFFF0u, 0xFFFFFFFFu },
	};
	struct cpuid_table t;
	unsigned found = 0, dynamic = 0;

	memset(&t, 0xCC, sizeof(t));
	cpuid_table_fill(&t, p, model_host);
	for (unsigned i = 0; i < 4; i++) {
		for (uint32_t leaf = ranges[i][0];; leaf++) {
			const struct cpuid_regs *e = cpuid_table_find(&t, leaf);
			if (!e) {
				dynamic++;
			} else {
				found++;
				for (uint32_t sub = 0; sub < 4; sub++) {
					struct cpuid_regs r;
					model_host(leaf, sub, &r);
					cpuid_policy_apply(p, leaf, sub, &r);
					assert_memory_equal(e, &r, sizeof(r));
				}
			}
			if (leaf == ranges[i][1])
				break;
		}
	}
	assert_int_equal(dynamic, 4);	/* 1, 4, 7 and 0xD */
	assert_null(cpuid_table_find(&t, 1));
	assert_null(cpuid_table_find(&t, 4));
	assert_null(cpuid_table_find(&t, 7));
	assert_null(cpuid_table_find(&t, 0xD));
	assert_int_equal(found, 0x31 + 0x21 + 0x21 + 0x10 - 4);
}

static void test_table(void **state)
{
	(void)state;
	struct cpuid_policy e = everything(), h = haswell();

	model_max_basic = 0x20;
	check_table(&e);
	e.tsc_hz = 2100000000ULL;
	check_table(&e);
	/* A host with fewer basic leaves than the guest is shown. */
	model_max_basic = 0xD;
	h.host_max_basic = 0xD;
	check_table(&h);
	h.tsc_hz = 3400000000ULL;
	check_table(&h);

	/* What a table lookup gives: leaf 0's highest leaf, the
	 * hypervisor's signature, and zero far out. */
	struct cpuid_table t;
	model_max_basic = 0x20;
	cpuid_table_fill(&t, &e, model_host);
	assert_int_equal(cpuid_table_find(&t, 0)->eax, 0x16);
	assert_regs(*cpuid_table_find(&t, 0x40000000u), 0x40000001u,
		    0x61627668u, 0x656d6572u, 0x216c6174u);
	assert_regs(*cpuid_table_find(&t, 0x2A), 0, 0, 0, 0);
	assert_regs(*cpuid_table_find(&t, 0xFFFFFFFFu), 0, 0, 0, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guest_cr4),
		cmocka_unit_test(test_leaf1_vcpu0),
		cmocka_unit_test(test_leaf1_vcpu3),
		cmocka_unit_test(test_leaf1_edge_cases),
		cmocka_unit_test(test_leaf1_dependencies),
		cmocka_unit_test(test_hypervisor_leaves),
		cmocka_unit_test(test_leaf7_haswell),
		cmocka_unit_test(test_leaf7_everything),
		cmocka_unit_test(test_leaf7_no_fast_strings),
		cmocka_unit_test(test_zeroed_leaves),
		cmocka_unit_test(test_leaf4),
		cmocka_unit_test(test_xsave_size),
		cmocka_unit_test(test_xsave_compacted_size),
		cmocka_unit_test(test_usable_xcr0),
		cmocka_unit_test(test_leaf_d_sizes_computed),
		cmocka_unit_test(test_leaf_d),
		cmocka_unit_test(test_ext_features),
		cmocka_unit_test(test_ext_leaves),
		cmocka_unit_test(test_basic_leaves_passed),
		cmocka_unit_test(test_tsc_leaf),
		cmocka_unit_test(test_leaf_1f_hidden),
		cmocka_unit_test(test_table),
	};

	return cmocka_run_group_tests_name("cpuid_policy", tests, NULL, NULL);
}
