/* Unit tests for the exit statistics table (vmx/exit_stats.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "vmx/exit_stats.h"

struct lines {
	char text[8][160];
	unsigned n;
};

static void collect(void *ctx, const char *line)
{
	struct lines *l = ctx;

	assert_true(l->n < 8);
	snprintf(l->text[l->n++], sizeof(l->text[0]), "%s", line);
}

static void test_add_keeps_total_and_max(void **state)
{
	struct exit_time t;

	memset(&t, 0, sizeof(t));
	exit_time_add(&t, 10, 500);		/* CPUID */
	exit_time_add(&t, 10, 1500);
	exit_time_add(&t, 10, 700);
	/* Bit 31 (entry failure) and the other high bits are not the reason. */
	exit_time_add(&t, 0x80000000u | 33, 40);
	/* A reason past the table is ignored, not written out of bounds. */
	exit_time_add(&t, 200, 99);
	assert_int_equal(t.total[10], 2700);
	assert_int_equal(t.max[10], 1500);
	assert_int_equal(t.total[33], 40);
	assert_int_equal(t.max[33], 40);
}

static void test_table(void **state)
{
	uint64_t count[VMX_EXIT_REASON_MAX] = { 0 };
	struct exit_time t;
	struct lines l = { .n = 0 };

	memset(&t, 0, sizeof(t));
	count[10] = 3;			/* CPUID */
	t.total[10] = 2700;
	t.max[10] = 1500;
	count[30] = 4;			/* I/O instruction */
	t.total[30] = 123456789012ULL;
	t.max[30] = 99999999;
	exit_stats_table(count, &t, collect, &l);
	assert_int_equal(l.n, 4);
	assert_string_equal(l.text[0],
		"exit reason                       count     total cycles    average   max cycles");
	assert_string_equal(l.text[1],
		"CPUID                                 3             2700        900         1500");
	assert_string_equal(l.text[2],
		"I/O instruction                       4     123456789012 30864197253     99999999");
	assert_string_equal(l.text[3],
		"all                                   7     123456791712 17636684530     99999999");
}

static void test_empty_table(void **state)
{
	uint64_t count[VMX_EXIT_REASON_MAX] = { 0 };
	struct exit_time t;
	struct lines l = { .n = 0 };

	memset(&t, 0, sizeof(t));
	exit_stats_table(count, &t, collect, &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.text[1],
		"all                                   0                0          0            0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_keeps_total_and_max),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_empty_table),
	};

	return cmocka_run_group_tests_name("exit_stats", tests, NULL, NULL);
}
