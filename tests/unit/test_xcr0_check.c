/*
 * Unit tests for XSETBV's rules (vmx/xcr0_check.c) and the XCR0 bits the
 * guest is offered (cpuid_policy_guest_xcr0).
 *
 * The rules are SDM Vol. 2D XSETBV and Vol. 1 13.3; the bit numbers are
 * written out here, not taken from arch/cr.h. Host CPUID.(EAX=0DH,ECX=0)
 * EAX values: Haswell 0x7, Skylake-X 0x2ff (x87 SSE AVX MPX AVX-512
 * PKRU), Sapphire Rapids 0x602e7 (x87 SSE AVX AVX-512 PKRU XTILECFG
 * XTILEDATA).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmx/cpuid_policy.h"
#include "vmx/xcr0_check.h"

#define GP 13
#define UD 6
#define ALL 0x7FFFFFFFFFFFFFFFULL	/* every bit offered but 63 */

static const char *check(uint32_t xcr, uint64_t value, uint64_t supported,
			 unsigned cpl, bool osxsave, unsigned *vector)
{
	struct xsetbv_request r = { xcr, value, supported, cpl, osxsave };
	*vector = 0xEE;
	return xsetbv_check(&r, vector);
}

static void expect_ok(uint64_t value, uint64_t supported)
{
	unsigned vec;
	assert_null(check(0, value, supported, 0, true, &vec));
}

static void expect_gp(uint64_t value, uint64_t supported, const char *why)
{
	unsigned vec;
	const char *r = check(0, value, supported, 0, true, &vec);
	assert_non_null(r);
	assert_string_equal(r, why);
	assert_int_equal(vec, GP);
}

#define R_UNSUP  "a bit CPUID.(EAX=0DH,ECX=0) does not offer"
#define R_X87    "bit 0 (x87) is 0"
#define R_AVX    "AVX (bit 2) without SSE (bit 1)"
#define R_MPX    "MPX bits 3 and 4 differ"
#define R_512    "AVX-512 bits 5, 6 and 7 are not all equal"
#define R_512AVX "AVX-512 (bits 7:5) without AVX (bit 2)"
#define R_AMX    "AMX bits 17 and 18 differ"

static void test_valid_values(void **state)
{
	expect_ok(0x1, ALL);
	expect_ok(0x3, ALL);
	expect_ok(0x7, ALL);
	expect_ok(0xE7, ALL);
	expect_ok(0x2E7, ALL);
	expect_ok(0x602E7, ALL);
	expect_ok(0x2E7, 0x2E7);	/* Skylake-X as offered to the guest */
}

static void test_x87_must_be_set(void **state)
{
	expect_gp(0x0, ALL, R_X87);
	expect_gp(0x2, ALL, R_X87);
	expect_gp(0x6, ALL, R_X87);
}

static void test_avx_needs_sse(void **state)
{
	expect_gp(0x5, ALL, R_AVX);
	expect_ok(0x7, ALL);
	/* AVX-512 with AVX but without SSE: the AVX rule comes first. */
	expect_gp(0xE5, ALL, R_AVX);
}

static void test_mpx_paired(void **state)
{
	expect_gp(0x9, ALL, R_MPX);	/* BNDREG alone */
	expect_gp(0x11, ALL, R_MPX);	/* BNDCSR alone */
	expect_ok(0x19, ALL);
	expect_ok(0x1F, ALL);
}

static void test_avx512_all_or_none(void **state)
{
	static const uint64_t partial[] = { 0x20, 0x40, 0x80, 0x60, 0xA0, 0xC0 };
	for (unsigned i = 0; i < 6; i++)
		expect_gp(0x7 | partial[i], ALL, R_512);
	expect_ok(0xE7, ALL);
	expect_gp(0xE3, ALL, R_512AVX);	/* all three, no AVX */
	expect_gp(0xE1, ALL, R_512AVX);
	/* Partial and without AVX: the all-or-none rule is named. */
	expect_gp(0x23, ALL, R_512);
}

static void test_amx_paired(void **state)
{
	expect_gp(0x7 | (1ULL << 17), ALL, R_AMX);
	expect_gp(0x7 | (1ULL << 18), ALL, R_AMX);
	expect_ok(0x7 | (3ULL << 17), ALL);
	expect_ok(0x2E7 | (3ULL << 17), ALL);
}

static void test_only_offered_bits(void **state)
{
	/* Haswell offers 0x7. */
	expect_ok(0x7, 0x7);
	expect_gp(0x1F, 0x7, R_UNSUP);
	expect_gp(0xE7, 0x7, R_UNSUP);
	/* Bit 63 is never offered; nor are supervisor bits 8 (PT) or 11/12
	 * (CET) here. */
	expect_gp(0x8000000000000007ULL, ALL & ~(1ULL << 63), R_UNSUP);
	expect_gp(0x107, 0x2FF, R_UNSUP);
	/* The unsupported rule is named before x87 (the SDM lists it
	 * first among XCR0's rules). */
	expect_gp(0x1000, 0x7, R_UNSUP);
}

static void test_ecx_cpl_osxsave(void **state)
{
	unsigned vec;
	const char *r;

	r = check(1, 0x7, ALL, 0, true, &vec);
	assert_string_equal(r, "ECX names an XCR other than XCR0");
	assert_int_equal(vec, GP);
	r = check(0xFFFFFFFF, 0x7, ALL, 0, true, &vec);
	assert_string_equal(r, "ECX names an XCR other than XCR0");
	r = check(0, 0x7, ALL, 3, true, &vec);
	assert_string_equal(r, "CPL is not 0");
	assert_int_equal(vec, GP);
	r = check(0, 0x7, ALL, 1, true, &vec);
	assert_string_equal(r, "CPL is not 0");
	/* #UD before anything else when CR4.OSXSAVE is 0. */
	r = check(5, 0x0, 0, 3, false, &vec);
	assert_string_equal(r, "CR4.OSXSAVE is 0");
	assert_int_equal(vec, UD);
}

/* Every value of bits 7:0 and 18:17 against the rules, written a second
 * way: the set of valid values is those where each rule's predicate holds. */
static void test_exhaustive_low_bits(void **state)
{
	unsigned ok = 0;
	for (uint64_t lo = 0; lo < 256; lo++) {
		for (uint64_t amx = 0; amx < 4; amx++) {
			uint64_t v = lo | amx << 17;
			bool x87 = v & 1, sse = v & 2, avx = v & 4;
			bool b3 = v & 8, b4 = v & 16;
			unsigned z = (v >> 5) & 7;
			bool valid = x87 && (!avx || sse) && b3 == b4 &&
				     (z == 0 || (z == 7 && avx)) &&
				     (amx == 0 || amx == 3);
			unsigned vec;
			const char *r = check(0, v, ALL, 0, true, &vec);
			if (valid) {
				assert_null(r);
				ok++;
			} else {
				assert_non_null(r);
				assert_int_equal(vec, GP);
			}
		}
	}
	/* x87 | sse? | (avx needs sse) -> 3 choices for bits 2:1, 2 for MPX,
	 * 2 for AVX-512 when AVX is on else 1, 2 for AMX:
	 * (1 [none] + 1 [sse] + 2 [sse+avx, with or without AVX-512]) * 2 * 2 */
	assert_int_equal(ok, 16);
}

static void test_guest_xcr0_offer(void **state)
{
	/* Haswell: everything it has. */
	assert_int_equal(cpuid_policy_guest_xcr0(0x7), 0x7);
	/* Skylake-X 0x2ff: MPX (bits 3, 4) hidden -> 0x2e7. */
	assert_int_equal(cpuid_policy_guest_xcr0(0x2FF), 0x2E7);
	/* Sapphire Rapids 0x602e7: AMX (17, 18) hidden -> 0x2e7. */
	assert_int_equal(cpuid_policy_guest_xcr0(0x602E7), 0x2E7);
	/* Bits beyond 31 and supervisor bits are never offered. */
	assert_int_equal(cpuid_policy_guest_xcr0(0xFFFFFFFFFFFFFFFFULL), 0x2E7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_values),
		cmocka_unit_test(test_x87_must_be_set),
		cmocka_unit_test(test_avx_needs_sse),
		cmocka_unit_test(test_mpx_paired),
		cmocka_unit_test(test_avx512_all_or_none),
		cmocka_unit_test(test_amx_paired),
		cmocka_unit_test(test_only_offered_bits),
		cmocka_unit_test(test_ecx_cpl_osxsave),
		cmocka_unit_test(test_exhaustive_low_bits),
		cmocka_unit_test(test_guest_xcr0_offer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
