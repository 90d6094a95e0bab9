/*
 * Unit tests for the guest's CPUID (vmx/cpuid_policy.c).
 *
 * Host values are a Haswell's (leaf 1: eax 0x306c3, ebx 0x00010800, ecx
 * 0xfffa3203, edx 0xbfebfbff). The expected guest values were worked out
 * by hand from SDM Vol. 2A, CPUID, Tables 3-8 to 3-11, and are written as
 * numbers, not built from arch/cpuid.h.
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

/*
 * Leaf 1, ECX: cleared MONITOR 3, DS-CPL 4, VMX 5, SMX 6, EST 7, TM2 8,
 * PDCM 15, DCA 18, x2APIC 21, TSC-deadline 24, OSXSAVE 27 (then set from
 * the guest's CR4), RDRAND 30; set hypervisor 31.
 *   0xfffa3203 -> 0xb6da3203 (OSXSAVE off) / 0xbeda3203 (on)
 * EDX: cleared MCE 7, APIC 9, MTRR 12, MCA 14, DS 21, ACPI 22, HTT 28,
 * TM 29, PBE 31.
 *   0xbfebfbff -> 0x0f8ba97f
 * EBX: APIC ID in 31:24, 1 logical processor in 23:16, rest kept.
 */
static void test_leaf1_vcpu0(void **state)
{
	struct cpuid_policy p = { .host_max_basic = 0xD, .vcpu_id = 0, .guest_osxsave = false };

	assert_regs(apply(&p, 1, 0, HSW_1),
		    0x000306c3, 0x00010800, 0xb6da3203, 0x0f8ba97f);
	p.guest_osxsave = true;
	assert_regs(apply(&p, 1, 0, HSW_1),
		    0x000306c3, 0x00010800, 0xbeda3203, 0x0f8ba97f);
}

static void test_leaf1_vcpu3(void **state)
{
	struct cpuid_policy p = { .host_max_basic = 0xD, .vcpu_id = 3, .guest_osxsave = false };

	assert_regs(apply(&p, 1, 0, HSW_1),
		    0x000306c3, 0x03010800, 0xb6da3203, 0x0f8ba97f);
	p.guest_osxsave = true;
	assert_regs(apply(&p, 1, 0, HSW_1),
		    0x000306c3, 0x03010800, 0xbeda3203, 0x0f8ba97f);
	/* The subleaf does not matter for leaf 1. */
	assert_regs(apply(&p, 1, 7, HSW_1),
		    0x000306c3, 0x03010800, 0xbeda3203, 0x0f8ba97f);
}

static void test_leaf1_edge_cases(void **state)
{
	struct cpuid_policy p = { .host_max_basic = 0xD, .vcpu_id = 0xFF, .guest_osxsave = true };

	/* Host EBX's own APIC ID and logical count are replaced; the
	 * CLFLUSH size and brand index (15:0) are kept. */
	assert_regs(apply(&p, 1, 0, 0, 0x07100800, 0, 0),
		    0, 0xFF010800, 0x80000000, 0);
	/* No XSAVE on the host: no OSXSAVE for the guest, whatever CR4. */
	assert_regs(apply(&p, 1, 0, 0, 0, 0xfbfa3203, 0),
		    0, 0xFF010000, 0xb2da3203, 0);
	/* Every bit set on the host. */
	p.guest_osxsave = false;
	p.vcpu_id = 1;
	assert_regs(apply(&p, 1, 0, ~0u, ~0u, ~0u, ~0u),
		    ~0u, 0x0101FFFF, 0xB6DB7E07, 0x4F9FAD7F);
}

static void test_hypervisor_leaves(void **state)
{
	struct cpuid_policy p = { .host_max_basic = 0xD };

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
	/* Past the hypervisor's range: left alone. */
	assert_regs(apply(&p, 0x40000002, 0, 0x11, 0x22, 0x33, 0x44),
		    0x11, 0x22, 0x33, 0x44);
}

static void test_leaf7(void **state)
{
	struct cpuid_policy p = { .host_max_basic = 0xD, .invpcid = true };

	/* Subleaf 0, a Haswell: ebx 0x27ab (FSGSBASE 0, TSC_ADJUST 1,
	 * BMI1 3, AVX2 5, SMEP 7, BMI2 8, ERMS 9, INVPCID 10, FPU CS/DS
	 * deprecation 13), edx 0x9c000000 (speculation control 26-28, 31).
	 * TSC_ADJUST goes; INVPCID stays only with the control on. */
	assert_regs(apply(&p, 7, 0, 0, 0x000027ab, 0, 0x9c000000),
		    0, 0x000027a9, 0, 0);
	p.invpcid = false;
	assert_regs(apply(&p, 7, 0, 0, 0x000027ab, 0, 0x9c000000),
		    0, 0x000023a9, 0, 0);

	/* All bits set: EAX (max subleaf) 0; EBX loses SGX 2, TSC_ADJUST 1,
	 * PQM 12, PQE 15, RDSEED 18, Intel PT 25 (and INVPCID 10); ECX
	 * loses WAITPKG 5 and SGX_LC 30; EDX keeps only bits 25:0. */
	p.invpcid = true;
	assert_regs(apply(&p, 7, 0, 2, ~0u, ~0u, ~0u),
		    0, 0xFDFB6FF9, 0xBFFFFFDF, 0x03FFFFFF);
	p.invpcid = false;
	assert_regs(apply(&p, 7, 0, 2, ~0u, ~0u, ~0u),
		    0, 0xFDFB6BF9, 0xBFFFFFDF, 0x03FFFFFF);

	/* Subleaf 1 and others: all zero. */
	assert_regs(apply(&p, 7, 1, ~0u, ~0u, ~0u, ~0u), 0, 0, 0, 0);
	assert_regs(apply(&p, 7, 2, 1, 2, 3, 4), 0, 0, 0, 0);
}

static void test_zeroed_leaves(void **state)
{
	struct cpuid_policy p = { .host_max_basic = 0xD, .vcpu_id = 2, .rdtscp = true,
				  .invpcid = true, .xsaves = true,
				  .guest_osxsave = true };
	static const uint32_t leaves[] = { 0x5, 0x6, 0xA, 0xB };

	for (unsigned i = 0; i < 4; i++) {
		assert_regs(apply(&p, leaves[i], 0, 0x40, 0x40, 0x3, 0x1120),
			    0, 0, 0, 0);
		assert_regs(apply(&p, leaves[i], 1, ~0u, ~0u, ~0u, ~0u),
			    0, 0, 0, 0);
	}
}

static void test_leaf4(void **state)
{
	struct cpuid_policy p = { .host_max_basic = 0xD };

	/* L1d on a 4-core Haswell: eax 0x1c004121 -> cores and sharing
	 * fields (31:14) cleared. */
	assert_regs(apply(&p, 4, 0, 0x1c004121, 0x01c0003f, 0x3f, 0),
		    0x00000121, 0x01c0003f, 0x3f, 0);
	assert_regs(apply(&p, 4, 3, 0x3c07c163, 0x03c0003f, 0x1fff, 6),
		    0x00000163, 0x03c0003f, 0x1fff, 6);
}

static void test_leaf_d(void **state)
{
	struct cpuid_policy p = { .host_max_basic = 0xD, .xsaves = false };

	/* Subleaf 1, eax bit 3 is XSAVES/XRSTORS. */
	assert_regs(apply(&p, 0xD, 1, 0x0000000f, 0x3c0, 0x100, 0),
		    0x00000007, 0x3c0, 0x100, 0);
	p.xsaves = true;
	assert_regs(apply(&p, 0xD, 1, 0x0000000f, 0x3c0, 0x100, 0),
		    0x0000000f, 0x3c0, 0x100, 0);
	/* Subleaf 0 offers only the allowed XCR0 components: MPX's
	 * BNDREG (bit 3) is dropped. */
	p.xsaves = false;
	assert_regs(apply(&p, 0xD, 0, 0x0000000f, 0x340, 0x340, 0),
		    0x00000007, 0x340, 0x340, 0);
	assert_regs(apply(&p, 0xD, 2, 0x100, 0x240, 0, 0),
		    0x100, 0x240, 0, 0);
}

static void test_ext_features(void **state)
{
	struct cpuid_policy p = { .host_max_basic = 0xD, .rdtscp = false };

	/* edx 0x2c100800: SYSCALL 11, NX 20, 1 GiB pages 26, RDTSCP 27,
	 * LM 29. */
	assert_regs(apply(&p, 0x80000001, 0, 0, 0, 0x21, 0x2c100800),
		    0, 0, 0x21, 0x24100800);
	p.rdtscp = true;
	assert_regs(apply(&p, 0x80000001, 0, 0, 0, 0x21, 0x2c100800),
		    0, 0, 0x21, 0x2c100800);
}

static void test_unrelated_leaves_unchanged(void **state)
{
	struct cpuid_policy p = { .host_max_basic = 0xD, .vcpu_id = 5 };

	assert_regs(apply(&p, 0x80000008, 0, 0x3027, 0, 0, 0),
		    0x3027, 0, 0, 0);
	assert_regs(apply(&p, 0x80000008, 0, 0xdeadbeef, 1, 2, 3),
		    0xdeadbeef, 1, 2, 3);
	/* Leaf 0: max leaf and "GenuineIntel". */
	assert_regs(apply(&p, 0, 0, 0xd, 0x756e6547, 0x6c65746e, 0x49656e69),
		    0xd, 0x756e6547, 0x6c65746e, 0x49656e69);
	assert_regs(apply(&p, 2, 0, 0x76036301, 0x00f0b5ff, 0, 0x00c10000),
		    0x76036301, 0x00f0b5ff, 0, 0x00c10000);
	assert_regs(apply(&p, 0x80000000, 0, 0x80000008, 0, 0, 0),
		    0x80000008, 0, 0, 0);
}

/* Leaf 0x15 tells the guest its TSC frequency when the host does not. */
static void test_tsc_leaf(void **state)
{
	(void)state;
	struct cpuid_policy p = { .host_max_basic = 0xD, .tsc_hz = 200002000 };

	/* Leaf 0 raises the maximum basic leaf to 0x15. */
	assert_regs(apply(&p, 0, 0, 0xD, 0x756e6547, 0x6c65746e, 0x49656e69),
		    0x15, 0x756e6547, 0x6c65746e, 0x49656e69);
	/* Leaves the host lacks read as zero, not as the host's last leaf. */
	assert_regs(apply(&p, 0x10, 0, 0x11, 0x22, 0x33, 0x44), 0, 0, 0, 0);
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
	struct cpuid_policy p = { .host_max_basic = 0x20 };

	assert_regs(apply(&p, 0x1F, 0, 1, 2, 0x100, 4), 0, 0, 0, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leaf1_vcpu0),
		cmocka_unit_test(test_leaf1_vcpu3),
		cmocka_unit_test(test_leaf1_edge_cases),
		cmocka_unit_test(test_hypervisor_leaves),
		cmocka_unit_test(test_leaf7),
		cmocka_unit_test(test_zeroed_leaves),
		cmocka_unit_test(test_leaf4),
		cmocka_unit_test(test_leaf_d),
		cmocka_unit_test(test_ext_features),
		cmocka_unit_test(test_unrelated_leaves_unchanged),
		cmocka_unit_test(test_tsc_leaf),
		cmocka_unit_test(test_leaf_1f_hidden),
	};

	return cmocka_run_group_tests_name("cpuid_policy", tests, NULL, NULL);
}
