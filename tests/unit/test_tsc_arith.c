/*
 * Unit tests for TSC offsetting and VMX-preemption-timer arithmetic
 * (vmx/tsc_arith.c): guest TSC = host TSC + offset modulo 2^64 (SDM Vol.
 * 3C 26.3); the timer counts down once per 2^rate TSC ticks, rate from
 * IA32_VMX_MISC bits 4:0 (A.6): 0 on Bochs, 5 on Haswell and Skylake-X
 * parts, 7 on some others; its field is 32 bits. IA32_TSC_DEADLINE is in
 * the guest's TSC (Vol. 3A 11.5.4.1), the local APIC counts in the host's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmx/tsc_arith.h"

static void test_offset_round_trip(void **state)
{
	static const uint64_t host[] = { 0, 1, 123456789, 0x7FFFFFFFFFFFFFFFULL,
					 0xFFFFFFFFFFFFFFF0ULL };
	static const uint64_t want[] = { 0, 42, 0xFFFFFFFFFFFFFFFFULL,
					 0x8000000000000000ULL };

	for (unsigned i = 0; i < 5; i++)
		for (unsigned j = 0; j < 4; j++)
			assert_int_equal(tsc_guest(host[i],
						   tsc_offset_for(want[j], host[i])),
					 want[j]);
}

static void test_offset_values(void **state)
{
	/* The guest writes 0 when the host reads 1000: the offset is -1000. */
	assert_int_equal(tsc_offset_for(0, 1000), 0xFFFFFFFFFFFFFC18ULL);
	/* 500 host ticks later the guest reads 500. */
	assert_int_equal(tsc_guest(1500, 0xFFFFFFFFFFFFFC18ULL), 500);
	/* A guest TSC ahead of the host's. */
	assert_int_equal(tsc_offset_for(1ULL << 40, 1000), (1ULL << 40) - 1000);
	/* Wraps like the CPU's addition. */
	assert_int_equal(tsc_guest(0xFFFFFFFFFFFFFFFFULL, 2), 1);
}

static void test_timer_rate0(void **state)
{
	assert_int_equal(preemption_timer_value(1000, 400, 0), 600);
	assert_int_equal(preemption_timer_value(401, 400, 0), 1);
	assert_int_equal(preemption_timer_value(400, 400, 0), 0);
	assert_int_equal(preemption_timer_value(399, 400, 0), 0);	/* past */
	assert_int_equal(preemption_timer_value(0, 400, 0), 0);
}

static void test_timer_rates(void **state)
{
	/* Haswell rate 5: 1 count per 32 TSC ticks. */
	assert_int_equal(preemption_timer_value(1000 + 3200, 1000, 5), 100);
	assert_int_equal(preemption_timer_value(1000 + 3231, 1000, 5), 100);
	assert_int_equal(preemption_timer_value(1000 + 31, 1000, 5), 0);
	/* Rate 7. */
	assert_int_equal(preemption_timer_value(1ULL << 20, 0, 7), 1u << 13);
	/* Only bits 4:0 of the rate count. */
	assert_int_equal(preemption_timer_value(64, 0, 0x20 | 1), 32);
}

static void test_timer_limits(void **state)
{
	/* No deadline: the largest value. */
	assert_int_equal(preemption_timer_value(UINT64_MAX, 5, 0), 0xFFFFFFFFu);
	assert_int_equal(preemption_timer_value(UINT64_MAX, 0, 5), 0xFFFFFFFFu);
	/* Further than 32 bits: cut to 0xFFFFFFFF. */
	assert_int_equal(preemption_timer_value(1ULL << 33, 0, 0), 0xFFFFFFFFu);
	assert_int_equal(preemption_timer_value((1ULL << 32) - 1, 0, 0), 0xFFFFFFFFu);
	assert_int_equal(preemption_timer_value(1ULL << 32, 0, 0), 0xFFFFFFFFu);
	assert_int_equal(preemption_timer_value(1ULL << 37, 0, 5), 0xFFFFFFFFu);
	assert_int_equal(preemption_timer_value((1ULL << 37) - 32, 0, 5), 0xFFFFFFFFu);
	assert_int_equal(preemption_timer_value((1ULL << 37) - 64, 0, 5), 0xFFFFFFFEu);
	/* A deadline near the top of the TSC range. */
	assert_int_equal(preemption_timer_value(UINT64_MAX - 1, UINT64_MAX - 11, 0), 10);
}

/* A guest TSC-deadline value in host ticks: guest value - offset, due now
 * (host_now) once the guest's TSC has reached it, never 0. */
static void test_deadline_host(void **state)
{
	/* Offset 1000: the guest's TSC reads 4000 at host 3000. */
	assert_int_equal(tsc_deadline_host(5000, 1000, 3000), 4000);
	assert_int_equal(tsc_deadline_host(4001, 1000, 3000), 3001);
	assert_int_equal(tsc_deadline_host(4000, 1000, 3000), 3000);	/* reached */
	assert_int_equal(tsc_deadline_host(3000, 1000, 3000), 3000);	/* past */
	assert_int_equal(tsc_deadline_host(1, 1000, 3000), 3000);
	/* The guest's TSC set to 0 at host 1000 (offset -1000): 500 guest
	 * ticks from 200 is host 1500. */
	assert_int_equal(tsc_deadline_host(500, 0xFFFFFFFFFFFFFC18ULL, 1200), 1500);
	/* A guest TSC far ahead (offset 2^63): a deadline of 1000 is long
	 * past, not 2^63 host ticks away as guest - offset would make it. */
	assert_int_equal(tsc_deadline_host(1000, 1ULL << 63, 5000), 5000);
	/* A guest TSC 1000 behind and a deadline near the top of its range:
	 * never, not "at once" as the wrapped guest - offset (989) would. */
	assert_int_equal(tsc_deadline_host(UINT64_MAX - 10, 0xFFFFFFFFFFFFFC18ULL,
					   5000), UINT64_MAX);
	assert_int_equal(tsc_deadline_host(UINT64_MAX - 1000, 0xFFFFFFFFFFFFFC18ULL,
					   5000), UINT64_MAX);
	assert_int_equal(tsc_deadline_host(UINT64_MAX - 1001, 0xFFFFFFFFFFFFFC18ULL,
					   5000), UINT64_MAX - 1);
	/* Never 0 (0 disarms): a reached deadline at host TSC 0. */
	assert_int_equal(tsc_deadline_host(7, 7, 0), 1);
}

/* WRMSR IA32_TSC moves an armed deadline with the offset: the guest's
 * value stays. */
static void test_deadline_rebase(void **state)
{
	/* Disarmed stays disarmed. */
	assert_int_equal(tsc_deadline_rebase(0, 0, 12345, 400000), 0);
	/* Deadline 1,000,000 written with offset 0 (host 1,000,000). At host
	 * 400,000 the guest sets its TSC to 0 (offset -400,000): due at host
	 * 1,400,000, when the guest's TSC reads 1,000,000. */
	assert_int_equal(tsc_deadline_rebase(1000000, 0, 0xFFFFFFFFFFF9E580ULL,
					     400000), 1400000);
	/* ... to 900,000 (offset 500,000): due at host 500,000. */
	assert_int_equal(tsc_deadline_rebase(1000000, 0, 500000, 400000), 500000);
	/* ... to 2,000,000, past the deadline: due now. */
	assert_int_equal(tsc_deadline_rebase(1000000, 0, 1600000, 400000), 400000);
	/* From one non-zero offset to another: guest value 1,000,000 + 7. */
	assert_int_equal(tsc_deadline_rebase(1000000, 7, 5, 400000), 1000002);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_offset_round_trip),
		cmocka_unit_test(test_offset_values),
		cmocka_unit_test(test_timer_rate0),
		cmocka_unit_test(test_timer_rates),
		cmocka_unit_test(test_timer_limits),
		cmocka_unit_test(test_deadline_host),
		cmocka_unit_test(test_deadline_rebase),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
