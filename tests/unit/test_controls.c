/*
 * Unit tests for the VMX control selection (vmx/controls.c).
 *
 * The capability values are those Bochs 2.7 reports for its
 * corei7_haswell_4770 CPU model (tests/unit/vmx_caps_recorded.h; the other
 * recorded CPUs are in test_recorded_cpus.c) (IA32_VMX_BASIC bit 55 is set, so the
 * pin/proc/exit/entry values are the TRUE_* MSRs). The expected controls
 * were worked out by hand from SDM Vol. 3D A.3-A.5: bit positions are
 * written as numbers here on purpose, not taken from vmx/vmx_defs.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmx/controls.h"
#include "vmx_caps_recorded.h"

#define BIT(n)	(1ULL << (n))

/* Bochs' Haswell, from the shared recordings. */
#define bochs_haswell (recorded_cpus[0].caps)

/* The reasons, verbatim. */
#define R_PIN	"pin-based controls: external-interrupt or NMI exiting"
#define R_PROC	"processor-based controls: HLT exiting, I/O or MSR bitmaps, " \
		"TSC offsetting, " \
		"MONITOR/MWAIT, CR8 or RDPMC exiting, or secondary controls"
#define R_CR3	"CR3-load/store exiting cannot be turned off"
#define R_PROC2	"secondary controls: EPT, unrestricted guest or VPID"
#define R_EXIT	"VM-exit controls: 64-bit host, acknowledge interrupt, " \
		"save/load EFER and PAT"
#define R_ENTRY	"VM-entry controls: load EFER, PAT and debug controls"
#define R_IA32E	"VM-entry control IA-32e mode guest cannot be 0"
#define R_EPT4	"EPT: 4-level page walk with write-back paging structures"
#define R_EPT2M	"EPT: 2 MiB pages"
#define R_INVEPT "EPT: INVEPT"

/* Removes allowed-1 bit n from a control capability MSR. */
static uint64_t no_may(uint64_t cap, unsigned n)
{
	return cap & ~BIT(32 + n);
}

/* Forces bit n to 1 (allowed-0 clear, allowed-1 set). */
static uint64_t must(uint64_t cap, unsigned n)
{
	return cap | BIT(n) | BIT(32 + n);
}

static const char *choose(const struct vmx_caps *caps, struct vmx_controls *c)
{
	memset(c, 0xEE, sizeof(*c));
	return vmx_choose_controls(caps, c);
}

/* ---- vmx_adjust_controls ---- */

static void test_cap_halves(void **state)
{
	assert_int_equal(vmx_cap_must_be_one(0x0000007f00000016ULL), 0x16);
	assert_int_equal(vmx_cap_may_be_one(0x0000007f00000016ULL), 0x7f);
	assert_int_equal(vmx_cap_must_be_one(0xFFFFFFFF80000001ULL),
			 0x80000001u);
	assert_int_equal(vmx_cap_may_be_one(0x8000000100000000ULL),
			 0x80000001u);
}

/*
 * The truth table for one control bit, over the inputs a valid capability
 * MSR allows (must-be-one implies may-be-one):
 *
 *   required optional must may | out missing
 */
static const struct { int req, opt, must1, may1, out, missing; } table[] = {
	{ 0, 0, 0, 0,  0, 0 },
	{ 0, 0, 0, 1,  0, 0 },
	{ 0, 0, 1, 1,  1, 0 },	/* forced by the CPU */
	{ 0, 1, 0, 0,  0, 0 },	/* optional, not allowed: dropped */
	{ 0, 1, 0, 1,  1, 0 },	/* optional, allowed: taken */
	{ 0, 1, 1, 1,  1, 0 },
	{ 1, 0, 0, 0,  0, 1 },	/* required, not allowed: reported */
	{ 1, 0, 0, 1,  1, 0 },
	{ 1, 0, 1, 1,  1, 0 },
	{ 1, 1, 0, 0,  0, 1 },
	{ 1, 1, 0, 1,  1, 0 },
	{ 1, 1, 1, 1,  1, 0 },
};
#define NROWS (sizeof(table) / sizeof(table[0]))

static void test_adjust_truth_table_per_bit(void **state)
{
	/* Each row alone, at several bit positions (0, 17, 31). */
	static const unsigned pos[] = { 0, 17, 31 };

	for (unsigned p = 0; p < 3; p++) {
		uint32_t b = 1u << pos[p];
		for (unsigned i = 0; i < NROWS; i++) {
			uint64_t cap = (table[i].may1 ? (uint64_t)b << 32 : 0) |
				       (table[i].must1 ? b : 0);
			uint32_t out = 0xDEADBEEF;
			uint32_t missing = vmx_adjust_controls(
				table[i].req ? b : 0, table[i].opt ? b : 0,
				cap, &out);
			assert_int_equal(out, table[i].out ? b : 0);
			assert_int_equal(missing, table[i].missing ? b : 0);
		}
	}
}

static void test_adjust_truth_table_at_once(void **state)
{
	/* All rows at once, row i at bit 2*i+1: bits do not interfere. */
	uint32_t req = 0, opt = 0, out_expect = 0, miss_expect = 0;
	uint64_t cap = 0;

	for (unsigned i = 0; i < NROWS; i++) {
		uint32_t b = 1u << (2 * i + 1);
		req |= table[i].req ? b : 0;
		opt |= table[i].opt ? b : 0;
		cap |= table[i].must1 ? b : 0;
		cap |= table[i].may1 ? (uint64_t)b << 32 : 0;
		out_expect |= table[i].out ? b : 0;
		miss_expect |= table[i].missing ? b : 0;
	}
	uint32_t out;
	assert_int_equal(vmx_adjust_controls(req, opt, cap, &out), miss_expect);
	assert_int_equal(out, out_expect);
	/* Spelled out, so the loop above cannot hide a mistake in itself. */
	assert_int_equal(miss_expect, (1u << 13) | (1u << 19));
	assert_int_equal(out_expect, 0x00A28A20u);
}

static void test_adjust_examples(void **state)
{
	uint32_t out;

	/* Nothing asked, CPU forces 0x16: 0x16. */
	assert_int_equal(vmx_adjust_controls(0, 0, 0x0000007f00000016ULL,
					     &out), 0);
	assert_int_equal(out, 0x16);
	/* Everything allowed. */
	assert_int_equal(vmx_adjust_controls(0x80000001u, 0x0F000000u,
					     0xFFFFFFFF00000000ULL, &out), 0);
	assert_int_equal(out, 0x8F000001u);
	/* Nothing allowed: every required bit missing, out 0. */
	assert_int_equal(vmx_adjust_controls(0x80000009u, 0xFFu, 0, &out),
			 0x80000009u);
	assert_int_equal(out, 0);
	/* Optional bits masked to what is allowed. */
	assert_int_equal(vmx_adjust_controls(0, 0xFFFFFFFFu,
					     0x0000F0F000000000ULL, &out), 0);
	assert_int_equal(out, 0xF0F0);
}

/* ---- vmx_choose_controls with the recorded Bochs values ---- */

static void test_bochs_haswell(void **state)
{
	struct vmx_controls c;

	assert_null(choose(&bochs_haswell, &c));
	/* 0x1f plus the optional virtual NMIs (bit 5) and VMX-preemption
	 * timer (bit 6), which this CPU allows. */
	assert_int_equal(c.pin, 0x0000007f);
	/* TSC offsetting (3) among them. */
	assert_int_equal(c.proc, 0xb6186dfa);
	/* EPT 1, RDTSCP 3, VPID 5, UG 7, RDRAND exiting 11, INVPCID 12;
	 * not RDSEED exiting (16), which this CPU lacks. */
	assert_int_equal(c.proc2, 0x000018aa);
	assert_int_equal(c.exit, 0x007fefff);	/* with save preemption timer */
	assert_int_equal(c.entry, 0x0000d1ff);
	assert_true(c.ept_1g);
	assert_true(c.ept_wb);
	assert_true(c.ept_ad);
	assert_true(c.invept_single);
	assert_true(c.invvpid_single);
	assert_true(c.nmi_window);
}

static void test_nmi_window_needs_virtual_nmis(void **state)
{
	struct vmx_caps caps = bochs_haswell;
	struct vmx_controls c;

	/* No virtual NMIs (pin bit 5): runs, without NMI windows. */
	caps.pinbased = no_may(caps.pinbased, 5);
	assert_null(choose(&caps, &c));
	assert_int_equal(c.pin, 0x0000005f);
	assert_false(c.nmi_window);
	/* Virtual NMIs but no NMI-window exiting (proc bit 22). */
	caps = bochs_haswell;
	caps.procbased = no_may(caps.procbased, 22);
	assert_null(choose(&caps, &c));
	assert_int_equal(c.pin, 0x0000007f);
	assert_false(c.nmi_window);
}

static void test_invvpid(void **state)
{
	struct vmx_caps caps = bochs_haswell;
	struct vmx_controls c;

	/* INVVPID (bit 32) missing, or neither single (41) nor all (42)
	 * context: refused. */
	caps.ept_vpid = bochs_haswell.ept_vpid & ~BIT(32);
	assert_string_equal(choose(&caps, &c), "VPID: INVVPID");
	caps.ept_vpid = bochs_haswell.ept_vpid & ~(BIT(41) | BIT(42));
	assert_string_equal(choose(&caps, &c), "VPID: INVVPID");
	/* All-context only: runs, flushing every VPID. */
	caps.ept_vpid = bochs_haswell.ept_vpid & ~BIT(41);
	assert_null(choose(&caps, &c));
	assert_false(c.invvpid_single);
}

static void test_bochs_without_preemption_timer(void **state)
{
	struct vmx_caps caps = bochs_haswell;
	struct vmx_controls c;

	caps.pinbased = no_may(caps.pinbased, 6);
	assert_null(choose(&caps, &c));
	assert_int_equal(c.pin, 0x0000003f);
	assert_int_equal(c.proc, 0xb6186dfa);
}

static void test_pin_missing(void **state)
{
	struct vmx_caps caps = bochs_haswell;
	struct vmx_controls c;

	caps.pinbased = no_may(bochs_haswell.pinbased, 0);
	assert_string_equal(choose(&caps, &c), R_PIN);
	caps.pinbased = no_may(bochs_haswell.pinbased, 3);
	assert_string_equal(choose(&caps, &c), R_PIN);
}

static void test_proc_missing(void **state)
{
	/* TSC offsetting 3, HLT 7, MWAIT 10, RDPMC 11, CR8 load 19, CR8
	 * store 20, I/O bitmaps 25, MSR bitmaps 28, MONITOR 29, secondary
	 * controls 31. */
	static const unsigned bits[] = { 3, 7, 10, 11, 19, 20, 25, 28, 29, 31 };
	struct vmx_caps caps = bochs_haswell;
	struct vmx_controls c;

	for (unsigned i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		caps.procbased = no_may(bochs_haswell.procbased, bits[i]);
		assert_string_equal(choose(&caps, &c), R_PROC);
	}
	/* Bits the hypervisor does not need can go: no RDTSC exiting (12)
	 * allowed still works. */
	caps.procbased = no_may(bochs_haswell.procbased, 12);
	assert_null(choose(&caps, &c));
}

static void test_cr3_exiting_forced(void **state)
{
	struct vmx_caps caps = bochs_haswell;
	struct vmx_controls c;

	/* The non-TRUE IA32_VMX_PROCBASED_CTLS forces bits 15 and 16. */
	caps.procbased = must(must(bochs_haswell.procbased, 15), 16);
	assert_string_equal(choose(&caps, &c), R_CR3);
	caps.procbased = must(bochs_haswell.procbased, 15);
	assert_string_equal(choose(&caps, &c), R_CR3);
	caps.procbased = must(bochs_haswell.procbased, 16);
	assert_string_equal(choose(&caps, &c), R_CR3);
}

static void test_proc2_missing(void **state)
{
	struct vmx_caps caps = bochs_haswell;
	struct vmx_controls c;

	caps.procbased2 = no_may(bochs_haswell.procbased2, 1);	/* EPT */
	assert_string_equal(choose(&caps, &c), R_PROC2);
	caps.procbased2 = no_may(bochs_haswell.procbased2, 7);	/* UG */
	assert_string_equal(choose(&caps, &c), R_PROC2);
	caps.procbased2 = no_may(bochs_haswell.procbased2, 5);	/* VPID */
	assert_string_equal(choose(&caps, &c), R_PROC2);
	caps.procbased2 = 0;
	assert_string_equal(choose(&caps, &c), R_PROC2);
}

static void test_proc2_optional(void **state)
{
	struct vmx_caps caps = bochs_haswell;
	struct vmx_controls c;

	/* No RDTSCP (3): still runs, without it. */
	caps.procbased2 = no_may(bochs_haswell.procbased2, 3);
	assert_null(choose(&caps, &c));
	assert_int_equal(c.proc2, 0x000018a2);
	/* No INVPCID (12). */
	caps.procbased2 = no_may(bochs_haswell.procbased2, 12);
	assert_null(choose(&caps, &c));
	assert_int_equal(c.proc2, 0x000008aa);
	/* XSAVES (20) allowed: taken. */
	caps.procbased2 = bochs_haswell.procbased2 | BIT(32 + 20);
	assert_null(choose(&caps, &c));
	assert_int_equal(c.proc2, 0x001018aa);
	/* RDSEED exiting (16) allowed: taken; no RDRAND exiting (11): runs
	 * without it. */
	caps.procbased2 = no_may(bochs_haswell.procbased2 | BIT(32 + 16), 11);
	assert_null(choose(&caps, &c));
	assert_int_equal(c.proc2, 0x000110aa);
}

static void test_exit_missing(void **state)
{
	/* save debug 2, host address-space size 9, ack interrupt 15,
	 * save/load PAT 18/19, save/load EFER 20/21. */
	static const unsigned bits[] = { 2, 9, 15, 18, 19, 20, 21 };
	struct vmx_caps caps = bochs_haswell;
	struct vmx_controls c;

	for (unsigned i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		caps.exit = no_may(bochs_haswell.exit, bits[i]);
		assert_string_equal(choose(&caps, &c), R_EXIT);
	}
}

static void test_entry_missing(void **state)
{
	/* load debug 2, load PAT 14, load EFER 15. */
	static const unsigned bits[] = { 2, 14, 15 };
	struct vmx_caps caps = bochs_haswell;
	struct vmx_controls c;

	for (unsigned i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		caps.entry = no_may(bochs_haswell.entry, bits[i]);
		assert_string_equal(choose(&caps, &c), R_ENTRY);
	}
	/* IA-32e mode guest (9) forced to 1. */
	caps.entry = must(bochs_haswell.entry, 9);
	assert_string_equal(choose(&caps, &c), R_IA32E);
}

static void test_ept_caps(void **state)
{
	struct vmx_caps caps = bochs_haswell;
	struct vmx_controls c;

	caps.ept_vpid = bochs_haswell.ept_vpid & ~BIT(6);	/* 4-level */
	assert_string_equal(choose(&caps, &c), R_EPT4);
	caps.ept_vpid = bochs_haswell.ept_vpid & ~BIT(14);	/* WB */
	assert_string_equal(choose(&caps, &c), R_EPT4);
	caps.ept_vpid = bochs_haswell.ept_vpid & ~BIT(16);	/* 2 MiB */
	assert_string_equal(choose(&caps, &c), R_EPT2M);
	caps.ept_vpid = bochs_haswell.ept_vpid & ~BIT(20);	/* INVEPT */
	assert_string_equal(choose(&caps, &c), R_INVEPT);
	/* INVEPT with neither single-context nor all-context. */
	caps.ept_vpid = bochs_haswell.ept_vpid & ~(BIT(25) | BIT(26));
	assert_string_equal(choose(&caps, &c), R_INVEPT);
	caps.ept_vpid = 0;
	assert_string_equal(choose(&caps, &c), R_EPT4);

	/* Only all-context INVEPT: runs, without single-context. */
	caps.ept_vpid = bochs_haswell.ept_vpid & ~BIT(25);
	assert_null(choose(&caps, &c));
	assert_false(c.invept_single);
	assert_true(c.ept_1g);
	assert_true(c.ept_ad);
	/* Only single-context. */
	caps.ept_vpid = bochs_haswell.ept_vpid & ~BIT(26);
	assert_null(choose(&caps, &c));
	assert_true(c.invept_single);
	/* No 1 GiB pages. */
	caps.ept_vpid = bochs_haswell.ept_vpid & ~BIT(17);
	assert_null(choose(&caps, &c));
	assert_false(c.ept_1g);
	assert_true(c.ept_ad);
	/* No accessed/dirty flags. */
	caps.ept_vpid = bochs_haswell.ept_vpid & ~BIT(21);
	assert_null(choose(&caps, &c));
	assert_true(c.ept_1g);
	assert_false(c.ept_ad);
	assert_true(c.ept_wb);
}

static void test_first_missing_is_reported(void **state)
{
	struct vmx_caps caps = bochs_haswell;
	struct vmx_controls c;

	/* Pin and proc both missing: pin comes first. */
	caps.pinbased = 0;
	caps.procbased = 0;
	assert_string_equal(choose(&caps, &c), R_PIN);
	/* Exit and EPT both missing: exit comes first. */
	caps = bochs_haswell;
	caps.exit = 0;
	caps.ept_vpid = 0;
	assert_string_equal(choose(&caps, &c), R_EXIT);
}

/* ---- IA32_FEATURE_CONTROL ---- */

static void test_feature_control(void **state)
{
	uint64_t nv;

	nv = 0xAA;
	assert_int_equal(vmx_feature_control(0x0, &nv), FC_WRITE);
	assert_int_equal(nv, 0x5);
	nv = 0xAA;
	assert_int_equal(vmx_feature_control(0x5, &nv), FC_READY);
	assert_int_equal(nv, 0x5);
	nv = 0xAA;
	assert_int_equal(vmx_feature_control(0x1, &nv), FC_LOCKED_OFF);
	assert_int_equal(nv, 0x1);
	/* Locked with VMX only inside SMX (bit 1): no use outside SMX. */
	nv = 0xAA;
	assert_int_equal(vmx_feature_control(0x3, &nv), FC_LOCKED_OFF);
	assert_int_equal(nv, 0x3);
	/* Unlocked with the VMX bit already set: write it locked. */
	nv = 0xAA;
	assert_int_equal(vmx_feature_control(0x4, &nv), FC_WRITE);
	assert_int_equal(nv, 0x5);
	/* Other bits are kept. */
	nv = 0;
	assert_int_equal(vmx_feature_control(0xFF00, &nv), FC_WRITE);
	assert_int_equal(nv, 0xFF05);
	assert_int_equal(vmx_feature_control(0x7, &nv), FC_READY);
	assert_int_equal(nv, 0x7);
}

/* ---- CR0/CR4 fixed bits ---- */

static void test_fix_cr(void **state)
{
	const struct vmx_caps *k = &bochs_haswell;

	/* CR0: PE, NE and PG forced on; bits 63:32 cleared. */
	assert_int_equal(vmx_fix_cr(0x0, k->cr0_fixed0, k->cr0_fixed1),
			 0x80000021ULL);
	assert_int_equal(vmx_fix_cr(0x60000010, k->cr0_fixed0, k->cr0_fixed1),
			 0xE0000031ULL);
	assert_int_equal(vmx_fix_cr(0x80050033, k->cr0_fixed0, k->cr0_fixed1),
			 0x80050033ULL);
	assert_int_equal(vmx_fix_cr(0x100000011ULL, k->cr0_fixed0,
				    k->cr0_fixed1), 0x80000031ULL);
	/* CR4: VMXE (13) forced on; bits outside 0x1727ff forced off, e.g.
	 * UMIP (11), LA57 (12), SMXE (14), CET (23). */
	assert_int_equal(vmx_fix_cr(0x20, k->cr4_fixed0, k->cr4_fixed1),
			 0x2020ULL);
	assert_int_equal(vmx_fix_cr(0x6A0, k->cr4_fixed0, k->cr4_fixed1),
			 0x26A0ULL);
	assert_int_equal(vmx_fix_cr(0x800000 | 0x4000 | 0x1000 | 0x800 | 0x20,
				    k->cr4_fixed0, k->cr4_fixed1), 0x2020ULL);
	assert_int_equal(vmx_fix_cr(0x170000, k->cr4_fixed0, k->cr4_fixed1),
			 0x172000ULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cap_halves),
		cmocka_unit_test(test_adjust_truth_table_per_bit),
		cmocka_unit_test(test_adjust_truth_table_at_once),
		cmocka_unit_test(test_adjust_examples),
		cmocka_unit_test(test_bochs_haswell),
		cmocka_unit_test(test_bochs_without_preemption_timer),
		cmocka_unit_test(test_pin_missing),
		cmocka_unit_test(test_proc_missing),
		cmocka_unit_test(test_cr3_exiting_forced),
		cmocka_unit_test(test_nmi_window_needs_virtual_nmis),
		cmocka_unit_test(test_invvpid),
		cmocka_unit_test(test_proc2_missing),
		cmocka_unit_test(test_proc2_optional),
		cmocka_unit_test(test_exit_missing),
		cmocka_unit_test(test_entry_missing),
		cmocka_unit_test(test_ept_caps),
		cmocka_unit_test(test_first_missing_is_reported),
		cmocka_unit_test(test_feature_control),
		cmocka_unit_test(test_fix_cr),
	};

	return cmocka_run_group_tests_name("controls", tests, NULL, NULL);
}
