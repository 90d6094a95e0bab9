/*
 * Unit tests for the speculation controls a guest sees: the CPUID bits
 * (vmx/cpuid_policy.c, leaf 7 EDX) and the MSRs behind them
 * (vmx/spec_ctrl.c): IA32_SPEC_CTRL, IA32_PRED_CMD, IA32_FLUSH_CMD and
 * IA32_ARCH_CAPABILITIES, on CPUID and MSR values recorded from a Skylake
 * and an Ice Lake client (tests/unit/spec_recorded.h). Expected values
 * were worked out by hand from SDM Vol. 2A (CPUID leaf 7) and Vol. 4
 * Table 2-2, and are written as numbers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmx/cpuid_policy.h"
#include "vmx/spec_ctrl.h"
#include "spec_recorded.h"

static struct cpuid_policy policy(void)
{
	struct cpuid_policy p = {
		.host_max_basic = 0x16, .cr4 = 0x1707ffULL, .xcr0 = 0x7,
		.xsave_size = 0x340, .rdtscp = true, .invpcid = true,
		.fast_strings = true,
	};
	return p;
}

static uint32_t guest_edx(const struct cpuid_policy *p,
			  const struct spec_recorded_cpu *cpu)
{
	struct cpuid_regs r = { cpu->leaf7[0], cpu->leaf7[1], cpu->leaf7[2],
				cpu->leaf7[3] };

	cpuid_policy_apply(p, 7, 0, &r);
	return r.edx;
}

/* The guest sees the host's speculation controls: Skylake's 0x9C002400
 * keeps MD_CLEAR 10, IBRS/IBPB 26, STIBP 27, L1D_FLUSH 28, SSBD 31 and
 * loses TSX_FORCE_ABORT 13 (its MSR is not emulated) -> 0x9C000400. Ice
 * Lake's 0xBC000410 is kept whole (FSRM 4 with fast strings on; adds
 * ARCH_CAPABILITIES 29). */
static void test_leaf7_edx_recorded(void **state)
{
	struct cpuid_policy p = policy();

	assert_int_equal(guest_edx(&p, &spec_skylake_6700k), 0x9C000400u);
	assert_int_equal(guest_edx(&p, &spec_icelake_1065g7), 0xBC000410u);
	p.fast_strings = false;
	assert_int_equal(guest_edx(&p, &spec_icelake_1065g7), 0xBC000400u);
}

/* Skylake: IA32_SPEC_CTRL with IBRS, STIBP, SSBD (bits 0-2, 0x7);
 * IA32_PRED_CMD and IA32_FLUSH_CMD write-only; no IA32_ARCH_CAPABILITIES. */
static void test_skylake_msrs(void **state)
{
	struct cpuid_policy p = policy();
	uint32_t edx = guest_edx(&p, &spec_skylake_6700k);
	const char *why = NULL;

	assert_int_equal(spec_ctrl_valid_bits(edx), 0x7);

	assert_int_equal(spec_msr_read(0x48, edx, &why), SPEC_MSR_OK);
	for (uint64_t v = 0; v <= 7; v++)
		assert_int_equal(spec_msr_write(0x48, v, edx, &why), SPEC_MSR_OK);
	assert_int_equal(spec_msr_write(0x48, 0x8, edx, &why), SPEC_MSR_REFUSED);
	assert_string_equal(why, "bits CPUID does not offer (IBRS 0, STIBP 1, SSBD 2)");
	assert_int_equal(spec_msr_write(0x48, 0x80, edx, &why), SPEC_MSR_REFUSED);
	assert_int_equal(spec_msr_write(0x48, 1ULL << 63, edx, &why),
			 SPEC_MSR_REFUSED);

	why = NULL;
	assert_int_equal(spec_msr_read(0x49, edx, &why), SPEC_MSR_REFUSED);
	assert_string_equal(why, "write-only");
	assert_int_equal(spec_msr_write(0x49, 0, edx, &why), SPEC_MSR_OK);
	assert_int_equal(spec_msr_write(0x49, 1, edx, &why), SPEC_MSR_OK);
	assert_int_equal(spec_msr_write(0x49, 2, edx, &why), SPEC_MSR_REFUSED);
	assert_string_equal(why, "bits other than IBPB (0)");
	assert_int_equal(spec_msr_write(0x49, 0x81, edx, &why), SPEC_MSR_REFUSED);

	why = NULL;
	assert_int_equal(spec_msr_read(0x10B, edx, &why), SPEC_MSR_REFUSED);
	assert_string_equal(why, "write-only");
	assert_int_equal(spec_msr_write(0x10B, 0, edx, &why), SPEC_MSR_OK);
	assert_int_equal(spec_msr_write(0x10B, 1, edx, &why), SPEC_MSR_OK);
	assert_int_equal(spec_msr_write(0x10B, 1ULL << 32, edx, &why),
			 SPEC_MSR_REFUSED);
	assert_string_equal(why, "bits other than L1D_FLUSH (0)");

	assert_int_equal(spec_msr_read(0x10A, edx, &why), SPEC_MSR_ABSENT);
	assert_int_equal(spec_msr_write(0x10A, 0, edx, &why), SPEC_MSR_ABSENT);
}

/* Ice Lake: everything Skylake has, and IA32_ARCH_CAPABILITIES read-only:
 * the host's 0x2B without SKIP_L1DFL_VMENTRY (3) -> 0x23 (RDCL_NO,
 * IBRS_ALL, MDS_NO). */
static void test_icelake_msrs(void **state)
{
	struct cpuid_policy p = policy();
	uint32_t edx = guest_edx(&p, &spec_icelake_1065g7);
	const char *why = NULL;

	assert_int_equal(spec_ctrl_valid_bits(edx), 0x7);
	assert_int_equal(spec_msr_write(0x48, 1, edx, &why), SPEC_MSR_OK);
	assert_int_equal(spec_msr_write(0x49, 1, edx, &why), SPEC_MSR_OK);
	assert_int_equal(spec_msr_write(0x10B, 1, edx, &why), SPEC_MSR_OK);

	assert_int_equal(spec_msr_read(0x10A, edx, &why), SPEC_MSR_OK);
	assert_int_equal(spec_guest_arch_capabilities(
				 spec_icelake_1065g7.arch_capabilities, edx),
			 0x23);
	assert_int_equal(spec_msr_write(0x10A, 0x23, edx, &why), SPEC_MSR_REFUSED);
	assert_string_equal(why, "read-only");
	assert_int_equal(spec_msr_write(0x10A, 0, edx, &why), SPEC_MSR_REFUSED);
}

/* The bits of IA32_ARCH_CAPABILITIES a guest may see: 0-2, 4-6, 8,
 * 13-15, 17, 19, 20, 24, 26-28 -> 0x1D1AE177; IBRS_ALL (1) only with
 * IBRS offered. */
static void test_arch_capabilities_mask(void **state)
{
	assert_int_equal(spec_guest_arch_capabilities(~0ULL, 0xBC000000u),
			 0x1D1AE177ULL);
	assert_int_equal(spec_guest_arch_capabilities(~0ULL, 0x20000000u),
			 0x1D1AE175ULL);
	/* Hidden one by one: SKIP_L1DFL_VMENTRY 3, TSX_CTRL 7, MCU_CONTROL
	 * 9, MISC_PACKAGE_CTLS 10, ENERGY_FILTERING_CTL 11, DOITM 12, bit 16,
	 * FB_CLEAR_CTRL 18, XAPIC_DISABLE_STATUS 21, 22, OVERCLOCKING_STATUS
	 * 23, GDS_CTRL 25, 29-63. */
	static const unsigned hidden[] = { 3, 7, 9, 10, 11, 12, 16, 18, 21,
					   22, 23, 25, 29, 40, 63 };
	for (unsigned i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++)
		assert_int_equal(spec_guest_arch_capabilities(1ULL << hidden[i],
							      0xBC000000u), 0);
	/* RDCL_NO 0, IBRS_ALL 1, SKIP_L1DFL_VMENTRY 3, MDS_NO 5,
	 * IF_PSCHANGE_MC_NO 6, TSX_CTRL 7 (0xEB): 3 and 7 go -> 0x63. */
	assert_int_equal(spec_guest_arch_capabilities(0xEB, 0xBC000000u), 0x63);
}

/* A guest whose CPUID offers none of them (Bochs' models have no IBRS):
 * every one of these MSRs is #GP as unknown; other MSRs are not these. */
static void test_absent(void **state)
{
	static const uint32_t msrs[] = { 0x48, 0x49, 0x10A, 0x10B };
	const char *why = NULL;

	assert_int_equal(spec_ctrl_valid_bits(0), 0);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(spec_msr_read(msrs[i], 0, &why), SPEC_MSR_ABSENT);
		assert_int_equal(spec_msr_write(msrs[i], 0, 0, &why),
				 SPEC_MSR_ABSENT);
		/* MD_CLEAR and the rest of leaf 7 EDX do not bring them. */
		assert_int_equal(spec_msr_read(msrs[i], 0x43FFFFFFu, &why),
				 SPEC_MSR_ABSENT);
	}
	assert_int_equal(spec_msr_read(0x10, 0xBC000000u, &why), SPEC_MSR_OTHER);
	assert_int_equal(spec_msr_write(0x10F, 0, 0xBC000000u, &why),
			 SPEC_MSR_OTHER);
	assert_int_equal(spec_msr_write(0x47, 0, 0xBC000000u, &why),
			 SPEC_MSR_OTHER);
	assert_null(why);
}

/* Each IA32_SPEC_CTRL bit comes with its own CPUID bit; the MSR exists
 * with any one of them. IA32_PRED_CMD needs IBRS/IBPB (26). */
static void test_spec_ctrl_per_feature(void **state)
{
	const char *why = NULL;

	/* IBRS/IBPB 26 only. */
	assert_int_equal(spec_ctrl_valid_bits(0x04000000u), 0x1);
	assert_int_equal(spec_msr_write(0x48, 1, 0x04000000u, &why), SPEC_MSR_OK);
	assert_int_equal(spec_msr_write(0x48, 2, 0x04000000u, &why),
			 SPEC_MSR_REFUSED);
	assert_int_equal(spec_msr_read(0x49, 0x04000000u, &why), SPEC_MSR_REFUSED);
	/* STIBP 27 only: no IBPB, so no IA32_PRED_CMD. */
	assert_int_equal(spec_ctrl_valid_bits(0x08000000u), 0x2);
	assert_int_equal(spec_msr_write(0x48, 2, 0x08000000u, &why), SPEC_MSR_OK);
	assert_int_equal(spec_msr_write(0x48, 1, 0x08000000u, &why),
			 SPEC_MSR_REFUSED);
	assert_int_equal(spec_msr_write(0x49, 1, 0x08000000u, &why),
			 SPEC_MSR_ABSENT);
	/* SSBD 31 only. */
	assert_int_equal(spec_ctrl_valid_bits(0x80000000u), 0x4);
	assert_int_equal(spec_msr_write(0x48, 4, 0x80000000u, &why), SPEC_MSR_OK);
	assert_int_equal(spec_msr_read(0x48, 0x80000000u, &why), SPEC_MSR_OK);
	/* L1D_FLUSH 28 only: IA32_FLUSH_CMD, no IA32_SPEC_CTRL. */
	assert_int_equal(spec_msr_write(0x10B, 1, 0x10000000u, &why), SPEC_MSR_OK);
	assert_int_equal(spec_msr_read(0x48, 0x10000000u, &why), SPEC_MSR_ABSENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leaf7_edx_recorded),
		cmocka_unit_test(test_skylake_msrs),
		cmocka_unit_test(test_icelake_msrs),
		cmocka_unit_test(test_arch_capabilities_mask),
		cmocka_unit_test(test_absent),
		cmocka_unit_test(test_spec_ctrl_per_feature),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
