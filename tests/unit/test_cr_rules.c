/*
 * Unit tests for MOV to CR0/CR4's #GP rules (vmx/cr_rules.c), from SDM
 * Vol. 2B "MOV-Move to/from Control Registers" and Vol. 3A 2.5. Bits are
 * written as numbers: CR0 PE 0, WP 16, NW 29, CD 30, PG 31; CR4 PSE 4,
 * PAE 5, PGE 7, LA57 12, VMXE 13, PCIDE 17, OSXSAVE 18, CET 23; EFER LME
 * 8, LMA 10.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmx/cr_rules.h"

#define LME	(1ULL << 8)
#define LMA	(1ULL << 10)
#define PAE	(1ULL << 5)
#define CR0_LONG 0x80050033ULL		/* PG AM WP NE ET MP PE */
#define CR0_PROT 0x00000011ULL		/* PE ET */
#define HSW_CR4	0x1707ffULL		/* cpuid_policy_guest_cr4(0x1727ff) */

static void expect(const char *got, const char *want)
{
	if (want == NULL) {
		if (got)
			fail_msg("expected NULL, got \"%s\"", got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
}

static void test_cr0_valid(void **state)
{
	expect(cr0_write_check(CR0_PROT, 0x10, 0, 0, false), NULL);
	expect(cr0_write_check(0x10, CR0_PROT, 0, 0, false), NULL);	/* back to real mode */
	expect(cr0_write_check(CR0_LONG, CR0_PROT, LME, PAE, false), NULL);
	/* CD and NW together, CD alone. */
	expect(cr0_write_check(CR0_PROT | 3ULL << 29, CR0_PROT, 0, 0, false), NULL);
	expect(cr0_write_check(CR0_PROT | 1ULL << 30, CR0_PROT, 0, 0, false), NULL);
	/* Paging without LME needs no PAE. */
	expect(cr0_write_check(CR0_PROT | 1ULL << 31, CR0_PROT, 0, 0, false), NULL);
	/* Already paging in long mode: PAE is not rechecked here. */
	expect(cr0_write_check(CR0_LONG, CR0_LONG, LME | LMA, 0, false), NULL);
}

static void test_cr0_refused(void **state)
{
	expect(cr0_write_check(1ULL << 32 | CR0_PROT, CR0_PROT, 0, 0, false),
	       "reserved bits 63:32");
	expect(cr0_write_check(0xFFFFFFFF00000011ULL, CR0_PROT, 0, 0, false),
	       "reserved bits 63:32");
	expect(cr0_write_check(1ULL << 31, CR0_PROT, 0, 0, false), "PG without PE");
	expect(cr0_write_check(CR0_LONG & ~1ULL, CR0_LONG, LME | LMA, PAE, false),
	       "PG without PE");
	expect(cr0_write_check(CR0_PROT | 1ULL << 29, CR0_PROT, 0, 0, false),
	       "NW without CD");
	expect(cr0_write_check(CR0_LONG, CR0_PROT, LME, 0, false),
	       "long mode without PAE");
}

/* Leaving paging: only from compatibility mode (LMA with CS.L clear)
 * with PCIDE off; and WP stays set while CET is on. */
static void test_cr0_leaving_paging(void **state)
{
	expect(cr0_write_check(CR0_PROT, CR0_LONG, LME | LMA, PAE, true),
	       "clearing PG in 64-bit mode");
	expect(cr0_write_check(CR0_PROT, CR0_LONG, LME | LMA, PAE, false), NULL);
	expect(cr0_write_check(CR0_PROT, CR0_LONG, LME | LMA,
			       PAE | 1ULL << 17, false),
	       "clearing PG with CR4.PCIDE set");
	/* Paging stays on: 64-bit mode may write CR0. */
	expect(cr0_write_check(CR0_LONG | 1ULL << 3, CR0_LONG, LME | LMA, PAE,
			       true), NULL);
	expect(cr0_write_check(CR0_LONG & ~(1ULL << 16), CR0_LONG, LME | LMA,
			       PAE | 1ULL << 23, true),
	       "clearing WP with CR4.CET set");
}

/* Reserved bits 31:0 are ignored, ET is hardwired to 1. */
static void test_cr0_loaded_value(void **state)
{
	assert_int_equal(cr0_loaded_value(0x80050033ULL), 0x80050033ULL);
	assert_int_equal(cr0_loaded_value(0xFFFFFFFFULL), 0xE005003FULL);
	assert_int_equal(cr0_loaded_value(0x1ULL), 0x11ULL);
	assert_int_equal(cr0_loaded_value(0x1FF80001ULL | 1ULL << 17 | 0xFFC0),
			 0x11ULL);
}

static void test_cr4_valid(void **state)
{
	expect(cr4_write_check(0x6A0 | PAE, 0, 0, 0, HSW_CR4), NULL);
	expect(cr4_write_check(PAE | 1ULL << 17, PAE, LME | LMA, 0x1000, HSW_CR4), NULL);
	/* PCIDE already set: CR3's low bits may be a PCID. */
	expect(cr4_write_check(PAE | 1ULL << 17 | 1ULL << 7, PAE | 1ULL << 17,
			       LME | LMA, 0x1005, HSW_CR4), NULL);
	/* LA57 set before long mode is entered. */
	expect(cr4_write_check(PAE | 1ULL << 12, PAE, LME, 0, 0x771fff), NULL);
}

static void test_cr4_refused(void **state)
{
	/* VMXE is never the guest's; CET and LA57 are not offered with
	 * Haswell's CR4_FIXED1. */
	expect(cr4_write_check(1ULL << 13, 0, 0, 0, HSW_CR4), "unsupported bit");
	expect(cr4_write_check(1ULL << 23, 0, 0, 0, HSW_CR4), "unsupported bit");
	expect(cr4_write_check(1ULL << 12, 0, 0, 0, HSW_CR4), "unsupported bit");
	expect(cr4_write_check(1ULL << 40, 0, 0, 0, ~0ULL & ~(1ULL << 40)),
	       "unsupported bit");
	expect(cr4_write_check(0x80, PAE, LME | LMA, 0, HSW_CR4),
	       "clearing PAE in long mode");
	expect(cr4_write_check(PAE | 1ULL << 12, PAE, LME | LMA, 0, 0x771fff),
	       "changing LA57 in long mode");
	expect(cr4_write_check(PAE, PAE | 1ULL << 12, LME | LMA, 0, 0x771fff),
	       "changing LA57 in long mode");
	expect(cr4_write_check(PAE | 1ULL << 17, PAE, 0, 0, HSW_CR4),
	       "PCIDE outside long mode");
	expect(cr4_write_check(PAE | 1ULL << 17, PAE, LME | LMA, 0x1001, HSW_CR4),
	       "setting PCIDE with CR3 bits 11:0 not 0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cr0_valid),
		cmocka_unit_test(test_cr0_refused),
		cmocka_unit_test(test_cr0_leaving_paging),
		cmocka_unit_test(test_cr0_loaded_value),
		cmocka_unit_test(test_cr4_valid),
		cmocka_unit_test(test_cr4_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
