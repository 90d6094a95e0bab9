/*
 * Unit tests for the event-injection fields of a hardware exception
 * (vmx/exception_entry.c), by SDM Vol. 3C 27.2.1.3: "deliver error code"
 * is 1 exactly when the guest is in protected mode (unrestricted guest 0,
 * or CR0.PE 1) and the vector is 8, 10, 11, 12, 13, 14 or 17. Field
 * layout (25.8.3): vector 7:0, type 10:8 (3 = hardware exception),
 * deliver-error-code 11, valid 31. Numbers written out on purpose.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmx/exception_entry.h"

#define CR0_REAL	0x00000010ULL	/* ET: real mode */
#define CR0_PROT	0x00000011ULL	/* PE ET */
#define CR0_PAGED	0x80050033ULL	/* PG AM WP NE ET MP PE: 32-bit, PAE or long mode */
#define CR0_PG_NO_PE	0x80000010ULL	/* not enterable, but PE is what counts */

static bool vector_has_code(unsigned v)
{
	return v == 8 || v == 10 || v == 11 || v == 12 || v == 13 ||
	       v == 14 || v == 17;
}

static void test_real_mode_never_delivers(void **state)
{
	for (unsigned v = 0; v < 32; v++) {
		uint32_t code = 0xDEAD;
		uint32_t info = exception_entry_info(v, 0x1234, true, CR0_REAL, &code);
		assert_false(exception_has_error_code(v, true, CR0_REAL));
		assert_int_equal(info, 0x80000300u | v);
		assert_int_equal(code, 0);
	}
	/* #GP from an unknown MSR or CR4.VMXE in a real-mode guest. */
	assert_false(exception_has_error_code(13, true, 0));
	assert_false(exception_has_error_code(13, true, CR0_PG_NO_PE & ~1ULL));
}

static void test_protected_modes_deliver_the_seven(void **state)
{
	static const uint64_t cr0s[] = { CR0_PROT, CR0_PAGED };
	unsigned with_code = 0;

	for (unsigned m = 0; m < 2; m++) {
		for (unsigned v = 0; v < 32; v++) {
			uint32_t code = 0xDEAD;
			bool has = vector_has_code(v);
			/* Unrestricted guest or not: PE=1 decides. */
			for (int u = 0; u < 2; u++) {
				uint32_t info = exception_entry_info(v, 0x18, u, cr0s[m], &code);
				assert_int_equal(exception_has_error_code(v, u, cr0s[m]), has);
				assert_int_equal(info, 0x80000300u | v | (has ? 0x800u : 0));
				assert_int_equal(code, has ? 0x18 : 0);
			}
			with_code += has;
		}
	}
	assert_int_equal(with_code, 14);
}

static void test_without_unrestricted_guest_pe_is_ignored(void **state)
{
	/* Without unrestricted guest the guest is always in protected mode
	 * (CR0.PE is fixed to 1); the rule reads only the control. */
	assert_true(exception_has_error_code(13, false, CR0_REAL));
	assert_true(exception_has_error_code(8, false, 0));
	assert_false(exception_has_error_code(6, false, 0));
	/* With it, PE alone decides, whatever PG says. */
	assert_false(exception_has_error_code(14, true, CR0_PG_NO_PE));
}

static void test_error_code_high_bits_cleared(void **state)
{
	uint32_t code;
	uint32_t info = exception_entry_info(14, 0xFFFF8007u, true, CR0_PAGED, &code);

	assert_int_equal(info, 0x80000B0Eu);
	assert_int_equal(code, 0x8007);	/* 31:16 must be 0 */
	info = exception_entry_info(13, 0xFFFFFFFFu, true, CR0_REAL, &code);
	assert_int_equal(info, 0x8000030Du);
	assert_int_equal(code, 0);
}

static void test_vector_stays_in_range(void **state)
{
	uint32_t code;
	/* Hardware exceptions are vectors 0..31. */
	assert_int_equal(exception_entry_info(32 + 6, 0, true, CR0_PROT, &code),
			 0x80000306u);
	assert_int_equal(exception_entry_info(0xFF, 0, true, CR0_PROT, &code),
			 0x8000031Fu);
}

/* Table 6-5, every pair of vectors 0..31: the classes written out here
 * (Table 6-4), not taken from the code. */
static int klass(unsigned v)
{
	if (v == 0 || v == 10 || v == 11 || v == 12 || v == 13 || v == 21)
		return 1;	/* contributory */
	if (v == 14 || v == 20)
		return 2;	/* page fault */
	return 0;		/* benign */
}

static void test_double_fault_table(void **state)
{
	for (unsigned a = 0; a < 32; a++) {
		for (unsigned b = 0; b < 32; b++) {
			enum exception_pair want = EXC_SERIAL;
			if (a == 8 && klass(b) != 0)
				want = EXC_TRIPLE_FAULT;
			else if (klass(a) == 1 && klass(b) == 1)
				want = EXC_DOUBLE_FAULT;
			else if (klass(a) == 2 && klass(b) != 0)
				want = EXC_DOUBLE_FAULT;
			if (exception_combine(a, b) != want)
				fail_msg("first %u second %u: got %d, want %d", a, b,
					 exception_combine(a, b), want);
		}
	}
	/* The cases the conformance guest provokes, by name. */
	assert_int_equal(exception_combine(13, 14), EXC_SERIAL);	/* #GP, then #PF */
	assert_int_equal(exception_combine(14, 13), EXC_DOUBLE_FAULT);	/* #PF, then #GP */
	assert_int_equal(exception_combine(14, 14), EXC_DOUBLE_FAULT);
	assert_int_equal(exception_combine(13, 11), EXC_DOUBLE_FAULT);	/* #GP, then #NP */
	assert_int_equal(exception_combine(8, 14), EXC_TRIPLE_FAULT);
	assert_int_equal(exception_combine(8, 13), EXC_TRIPLE_FAULT);
	assert_int_equal(exception_combine(8, 3), EXC_SERIAL);	/* #DF, then #BP */
	assert_int_equal(exception_combine(1, 14), EXC_SERIAL);	/* #DB, then #PF */
	assert_int_equal(exception_combine(6, 13), EXC_SERIAL);	/* #UD, then #GP */
}

/* Table 6-1's classes: faults, and the rest. */
static void test_fault_class(void **state)
{
	static const unsigned faults[] = { 0, 5, 6, 7, 10, 11, 12, 13, 14,
					   16, 17, 19, 20, 21 };
	static const unsigned others[] = { 1, 2, 3, 4, 8, 18, 32, 255 };

	for (unsigned i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
		if (!exception_is_fault(faults[i]))
			fail_msg("vector %u is a fault", faults[i]);
	for (unsigned i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		if (exception_is_fault(others[i]))
			fail_msg("vector %u is not a fault", others[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_mode_never_delivers),
		cmocka_unit_test(test_protected_modes_deliver_the_seven),
		cmocka_unit_test(test_without_unrestricted_guest_pe_is_ignored),
		cmocka_unit_test(test_error_code_high_bits_cleared),
		cmocka_unit_test(test_vector_stays_in_range),
		cmocka_unit_test(test_double_fault_table),
		cmocka_unit_test(test_fault_class),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
