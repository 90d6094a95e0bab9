/*
 * Unit tests for the hypercalls of each guest kind (guest/hypercall.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "guest/hypercall.h"

static struct hypercall_result call(enum hv_guest_kind kind, uint64_t nr,
				    uint64_t a0)
{
	const uint64_t args[3] = { a0, 0x55, 0x66 };
	struct hypercall_result r;
	hypercall_fn fn = hypercall_for_guest(kind);

	memset(&r, 0xA5, sizeof(r));	/* the handler must set what counts */
	r.known = false;
	r.stop = false;
	r.exit_stats = false;
	r.button = VCPU_BUTTON_NONE;
	assert_non_null(fn);
	fn(nr, args, &r);
	return r;
}

/* A Linux guest has no hypercalls: every VMCALL is #UD, so it can never
 * end the run with a test guest's verdict. */
static void test_linux_has_none(void **state)
{
	assert_null(hypercall_for_guest(HV_GUEST_LINUX));
}

static void test_ping(void **state)
{
	enum hv_guest_kind kinds[] = { HV_GUEST_TEST, HV_GUEST_CONFORMANCE };

	for (unsigned i = 0; i < 2; i++) {
		struct hypercall_result r = call(kinds[i], HC_PING, 0x1234);
		assert_true(r.known);
		assert_false(r.stop);
		assert_int_equal(r.rax, 0x1235);
		assert_string_equal(r.trace, "ping 0x1234");
	}
	/* Wraps as 64-bit arithmetic does. */
	assert_int_equal(call(HV_GUEST_TEST, HC_PING, ~0ULL).rax, 0);
}

static void test_result_stops(void **state)
{
	struct hypercall_result r = call(HV_GUEST_TEST, HC_TEST_RESULT, 0);
	assert_true(r.known);
	assert_true(r.stop);
	assert_int_equal(r.stop_code, 0);
	assert_int_equal(r.rax, 0);
	assert_string_equal(r.trace, "test result 0");

	r = call(HV_GUEST_CONFORMANCE, HC_TEST_RESULT, 3);
	assert_true(r.known);
	assert_true(r.stop);
	assert_int_equal(r.stop_code, 3);
	assert_string_equal(r.trace, "test result 3");
}

/* The exit statistics: logged by the caller, which returns the count. */
static void test_exit_stats(void **state)
{
	struct hypercall_result r = call(HV_GUEST_TEST, HC_EXIT_STATS, 0);
	assert_true(r.known);
	assert_true(r.exit_stats);
	assert_false(r.stop);
	assert_string_equal(r.trace, "exit statistics");
}

/* The buttons: 1 NMI, 2 power; anything else is answered all ones and
 * presses nothing. */
static void test_press_button(void **state)
{
	struct hypercall_result r = call(HV_GUEST_CONFORMANCE, HC_PRESS_BUTTON, 1);
	assert_true(r.known);
	assert_int_equal(r.button, VCPU_BUTTON_NMI);
	assert_int_equal(r.rax, 0);
	assert_false(r.stop);
	r = call(HV_GUEST_TEST, HC_PRESS_BUTTON, 2);
	assert_int_equal(r.button, VCPU_BUTTON_POWER);
	assert_string_equal(r.trace, "press button 2");
	for (uint64_t b = 0; b < 8; b += b == 0 ? 3 : 1) {
		r = call(HV_GUEST_TEST, HC_PRESS_BUTTON, b);
		assert_true(r.known);
		assert_int_equal(r.button, VCPU_BUTTON_NONE);
		assert_int_equal(r.rax, ~0ULL);
	}
	/* Linux has no hypercalls at all (test_linux_has_none). */
	assert_null(hypercall_for_guest(HV_GUEST_LINUX));
}

/* Numbers no guest kind has (0, past the last, with high bits set): not
 * known, so the guest gets #UD. */
static void test_unknown(void **state)
{
	const uint64_t nrs[] = { 0, 5, 0x7777, 1ULL << 32 | HC_PING,
				 ~0ULL };

	for (unsigned i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++) {
		struct hypercall_result r = call(HV_GUEST_TEST, nrs[i], 1);
		assert_false(r.known);
		assert_false(r.stop);
		r = call(HV_GUEST_CONFORMANCE, nrs[i], 1);
		assert_false(r.known);
		assert_false(r.stop);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linux_has_none),
		cmocka_unit_test(test_ping),
		cmocka_unit_test(test_result_stops),
		cmocka_unit_test(test_exit_stats),
		cmocka_unit_test(test_press_button),
		cmocka_unit_test(test_unknown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
