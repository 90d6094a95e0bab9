/*
 * Tests for guest/acpi_pm.c: the PM1a event and control registers and the
 * PM timer as ACPI 6.0 4.8.3 defines them, accessed the ways ACPICA does
 * (16-bit PM1 registers, 32-bit timer) and byte by byte.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "guest/acpi_pm.h"

#define STS 0x0
#define EN  0x2
#define CNT 0x4
#define TMR 0x8

static struct acpi_pm pm;

static int setup(void **state)
{
	memset(&pm, 0xA5, sizeof(pm));
	acpi_pm_init(&pm);
	return 0;
}

static void test_power_on_state(void **state)
{
	assert_int_equal(acpi_pm_read(&pm, STS, 2, 0), 0);
	assert_int_equal(acpi_pm_read(&pm, EN, 2, 0), 0);
	/* SCI_EN set: always in ACPI mode */
	assert_int_equal(acpi_pm_read(&pm, CNT, 2, 0), ACPI_PM1_SCI_EN);
	assert_int_equal(acpi_pm_read(&pm, 6, 2, 0), 0);
	assert_false(acpi_pm_sci(&pm));
	assert_int_equal(acpi_pm_take_request(&pm), ACPI_PM_NONE);
}

static void test_s5_word_write(void **state)
{
	/* ACPICA: write SLP_TYP, then SLP_TYP | SLP_EN, as one word each. */
	uint32_t typ = ACPI_SLP_TYP_S5 << ACPI_PM1_SLP_TYP_SHIFT;

	acpi_pm_write(&pm, CNT, 2, typ | ACPI_PM1_SCI_EN, 10);
	assert_int_equal(acpi_pm_take_request(&pm), ACPI_PM_NONE);
	acpi_pm_write(&pm, CNT, 2, typ | ACPI_PM1_SLP_EN | ACPI_PM1_SCI_EN, 20);
	assert_int_equal(acpi_pm_take_request(&pm), ACPI_PM_POWER_OFF);
	assert_int_equal(acpi_pm_take_request(&pm), ACPI_PM_NONE);
	/* SLP_EN reads 0; SLP_TYP stays */
	assert_int_equal(acpi_pm_read(&pm, CNT, 2, 30), typ | ACPI_PM1_SCI_EN);
}

static void test_s5_byte_writes(void **state)
{
	/* The high byte holds SLP_TYP (12:10) and SLP_EN (13). */
	uint8_t hi = (uint8_t)((ACPI_SLP_TYP_S5 << 2) | (1 << 5));

	acpi_pm_write(&pm, CNT + 1, 1, hi, 0);
	assert_int_equal(acpi_pm_take_request(&pm), ACPI_PM_POWER_OFF);
	/* and as a dword write covering PM1_CNT and the gap */
	acpi_pm_write(&pm, CNT, 4, (uint32_t)hi << 8, 0);
	assert_int_equal(acpi_pm_take_request(&pm), ACPI_PM_POWER_OFF);
}

static void test_other_sleep_types(void **state)
{
	/* S0 with SLP_EN, and a type the DSDT does not list: no power off */
	acpi_pm_write(&pm, CNT, 2, ACPI_PM1_SLP_EN, 0);
	acpi_pm_write(&pm, CNT, 2, (1u << ACPI_PM1_SLP_TYP_SHIFT) | ACPI_PM1_SLP_EN, 0);
	assert_int_equal(acpi_pm_take_request(&pm), ACPI_PM_NONE);
	assert_int_equal(pm.unknown_sleeps, 2);
	/* SCI_EN cannot be cleared */
	acpi_pm_write(&pm, CNT, 2, 0, 0);
	assert_int_equal(acpi_pm_read(&pm, CNT, 2, 0) & ACPI_PM1_SCI_EN, 1);
}

static void test_timer(void **state)
{
	/* 32 bits of the 3.579545 MHz count, wrapping. */
	assert_int_equal(acpi_pm_read(&pm, TMR, 4, 0), 0);
	assert_int_equal(acpi_pm_read(&pm, TMR, 4, ACPI_PM_TIMER_HZ), 3579545);
	assert_int_equal(acpi_pm_read(&pm, TMR, 4, 0x1234567890ULL), 0x34567890);
	assert_int_equal(acpi_pm_read(&pm, TMR + 1, 2, 0x1234567890ULL), 0x5678);
	assert_int_equal(acpi_pm_read(&pm, TMR + 3, 1, 0x1234567890ULL), 0x34);
	/* read only */
	acpi_pm_write(&pm, TMR, 4, 0, 0x1234567890ULL);
	assert_int_equal(acpi_pm_read(&pm, TMR, 4, 0x1234567890ULL), 0x34567890);
	/* past the block: all ones */
	assert_int_equal(acpi_pm_read(&pm, TMR + 2, 4, 0), 0xFFFF0000u);
}

static void test_tmr_sts_and_sci(void **state)
{
	/* Bit 31 toggling sets TMR_STS; with TMR_EN that is an SCI. */
	acpi_pm_poll(&pm, 0x7FFFFFFF);
	assert_int_equal(acpi_pm_read(&pm, STS, 2, 0x7FFFFFFF), 0);
	assert_int_equal(acpi_pm_read(&pm, STS, 2, 0x80000000), ACPI_PM1_TMR);
	assert_false(acpi_pm_sci(&pm));
	acpi_pm_write(&pm, EN, 2, ACPI_PM1_TMR, 0x80000000);
	assert_true(acpi_pm_sci(&pm));
	/* write 0 changes nothing; write 1 clears */
	acpi_pm_write(&pm, STS, 2, 0, 0x80000001);
	assert_true(acpi_pm_sci(&pm));
	acpi_pm_write(&pm, STS, 2, ACPI_PM1_TMR, 0x80000001);
	assert_false(acpi_pm_sci(&pm));
	assert_int_equal(acpi_pm_read(&pm, STS, 2, 0x80000002), 0);
	/* the wrap back to 0 toggles bit 31 again */
	assert_int_equal(acpi_pm_read(&pm, STS, 2, 0x100000000ULL), ACPI_PM1_TMR);
	assert_true(acpi_pm_sci(&pm));
	/* only defined enable bits stick */
	acpi_pm_write(&pm, EN, 2, 0xFFFF, 0x100000000ULL);
	assert_int_equal(acpi_pm_read(&pm, EN, 2, 0x100000000ULL),
			 ACPI_PM1_TMR | ACPI_PM1_GBL | ACPI_PM1_PWRBTN |
			 ACPI_PM1_SLPBTN | ACPI_PM1_RTC);
	/* byte access to the enable register's high byte */
	acpi_pm_write(&pm, EN + 1, 1, 0, 0x100000000ULL);
	assert_int_equal(acpi_pm_read(&pm, EN, 2, 0x100000000ULL),
			 ACPI_PM1_TMR | ACPI_PM1_GBL);
	/* a dword read of status + enable */
	assert_int_equal(acpi_pm_read(&pm, STS, 4, 0x100000000ULL),
			 ACPI_PM1_TMR | ((ACPI_PM1_TMR | ACPI_PM1_GBL) << 16));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_power_on_state, setup),
		cmocka_unit_test_setup(test_s5_word_write, setup),
		cmocka_unit_test_setup(test_s5_byte_writes, setup),
		cmocka_unit_test_setup(test_other_sleep_types, setup),
		cmocka_unit_test_setup(test_timer, setup),
		cmocka_unit_test_setup(test_tmr_sts_and_sci, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
