/*
 * Unit tests for the emulated CMOS RTC and RAM (guest/cmos.c).
 *
 * The driver-side sequences are Linux 6.1's, replayed port by port:
 * drivers/rtc/rtc-mc146818-lib.c mc146818_avoid_UIP() with
 * mc146818_get_time_callback() (what arch/x86/kernel/rtc.c
 * mach_get_cmos_time() runs at boot), and mc146818_set_time() (what
 * mach_set_cmos_time() runs for NTP's 11-minute sync).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "guest/cmos.h"

#define IDX	0x70
#define DATA	0x71

/* Unix times with their calendar dates (checked against Python). */
#define T_2000_01_01		946684800ull	/* Saturday 00:00:00 */
#define T_2000_02_29		951782400ull	/* Tuesday */
#define T_2000_03_01		951868800ull	/* Wednesday */
#define T_1999_12_31_LAST	946684799ull	/* Friday 23:59:59 */
#define T_2023_11_14		1700000000ull	/* Tuesday 22:13:20 */
#define T_2023_11_15		1700006400ull	/* Wednesday 00:00:00 */
#define T_2024_02_29_NOON	1709208000ull	/* Thursday 12:00:00 */
#define T_2038_01_19		2147483648ull	/* Tuesday 03:14:08 */
#define T_2099_12_31_LAST	4102444799ull	/* Thursday 23:59:59 */
#define T_2100_02_28		4107456000ull	/* Sunday */
#define T_2100_03_01		4107542400ull	/* Monday */

/* Linux's CMOS_READ / CMOS_WRITE (index, then data). */
static uint8_t creg(struct cmos *c, uint8_t addr, uint64_t now)
{
	cmos_write(c, IDX, addr, now);
	return cmos_read(c, DATA, now);
}

static void wreg(struct cmos *c, uint8_t addr, uint8_t val, uint64_t now)
{
	cmos_write(c, IDX, addr, now);
	cmos_write(c, DATA, val, now);
}

/* The time registers 0,2,4,6,7,8,9,0x32 in one go. */
struct regs {
	uint8_t sec, min, hour, wday, mday, mon, year, century;
};

static struct regs read_regs(struct cmos *c, uint64_t now)
{
	struct regs r;

	r.sec = creg(c, CMOS_SECONDS, now);
	r.min = creg(c, CMOS_MINUTES, now);
	r.hour = creg(c, CMOS_HOURS, now);
	r.wday = creg(c, CMOS_DAY_OF_WEEK, now);
	r.mday = creg(c, CMOS_DAY_OF_MONTH, now);
	r.mon = creg(c, CMOS_MONTH, now);
	r.year = creg(c, CMOS_YEAR, now);
	r.century = creg(c, CMOS_CENTURY, now);
	return r;
}

static void check_regs(struct cmos *c, uint64_t now, uint8_t century,
		       uint8_t year, uint8_t mon, uint8_t mday, uint8_t wday,
		       uint8_t hour, uint8_t min, uint8_t sec)
{
	struct regs r = read_regs(c, now);

	assert_int_equal(r.century, century);
	assert_int_equal(r.year, year);
	assert_int_equal(r.mon, mon);
	assert_int_equal(r.mday, mday);
	assert_int_equal(r.wday, wday);
	assert_int_equal(r.hour, hour);
	assert_int_equal(r.min, min);
	assert_int_equal(r.sec, sec);
}

static void test_init_state(void **state)
{
	struct cmos c;
	unsigned i;

	(void)state;
	cmos_init(&c, T_2000_01_01);
	assert_int_equal(c.index, 0);
	assert_false(c.nmi_masked);
	assert_int_equal(c.offset, 0);
	assert_int_equal(creg(&c, CMOS_REG_A, T_2000_01_01), 0x26);
	assert_int_equal(creg(&c, CMOS_REG_B, T_2000_01_01), 0x02);
	assert_int_equal(creg(&c, CMOS_REG_C, T_2000_01_01), 0x00);
	assert_int_equal(creg(&c, CMOS_REG_D, T_2000_01_01), 0x80);
	for (i = CMOS_SECONDS_ALARM; i <= CMOS_HOURS_ALARM; i += 2)
		assert_int_equal(creg(&c, (uint8_t)i, T_2000_01_01), 0);
	for (i = 0x0e; i < 0x80; i++)
		if (i != CMOS_CENTURY)
			assert_int_equal(creg(&c, (uint8_t)i, T_2000_01_01), 0);
	assert_int_equal(cmos_read(&c, IDX, T_2000_01_01), 0xff);
	assert_int_equal(c.guest_errors, 0);
	assert_int_equal(c.bad_access, 0);
	assert_int_equal(c.last_error, CMOS_OK);
}

static void test_ports(void **state)
{
	struct cmos c;
	uint16_t port;
	unsigned handled = 0;

	(void)state;
	for (port = 0; port < 0x100; port++)
		handled += cmos_handles_port(port);
	assert_int_equal(handled, 2);
	assert_true(cmos_handles_port(0x70));
	assert_true(cmos_handles_port(0x71));
	assert_false(cmos_handles_port(0x72));
	assert_false(cmos_handles_port(0x6f));
	assert_false(cmos_handles_port(0x170));

	cmos_init(&c, 0);
	assert_int_equal(cmos_read(&c, 0x72, 0), 0xff);
	cmos_write(&c, 0x72, 0x40, 0);		/* would be an index */
	assert_int_equal(c.index, 0);
	assert_int_equal(c.bad_access, 2);
	assert_int_equal(c.last_error, CMOS_ERR_BAD_PORT);
}

static void test_dates_bcd(void **state)
{
	struct cmos c;

	(void)state;
	cmos_init(&c, T_2000_01_01);
	check_regs(&c, T_2000_01_01, 0x20, 0x00, 0x01, 0x01, 7, 0, 0, 0);
	cmos_init(&c, T_1999_12_31_LAST);
	check_regs(&c, T_1999_12_31_LAST, 0x19, 0x99, 0x12, 0x31, 6,
		   0x23, 0x59, 0x59);
	/* ...and one second later the century turns. */
	check_regs(&c, T_1999_12_31_LAST + 1, 0x20, 0x00, 0x01, 0x01, 7,
		   0, 0, 0);
	cmos_init(&c, T_2000_02_29);
	check_regs(&c, T_2000_02_29, 0x20, 0x00, 0x02, 0x29, 3, 0, 0, 0);
	check_regs(&c, T_2000_03_01, 0x20, 0x00, 0x03, 0x01, 4, 0, 0, 0);
	cmos_init(&c, T_2023_11_14);
	check_regs(&c, T_2023_11_14, 0x20, 0x23, 0x11, 0x14, 3,
		   0x22, 0x13, 0x20);
	check_regs(&c, T_2023_11_15 - 1, 0x20, 0x23, 0x11, 0x14, 3,
		   0x23, 0x59, 0x59);
	check_regs(&c, T_2023_11_15, 0x20, 0x23, 0x11, 0x15, 4, 0, 0, 0);
	cmos_init(&c, T_2024_02_29_NOON);
	check_regs(&c, T_2024_02_29_NOON, 0x20, 0x24, 0x02, 0x29, 5,
		   0x12, 0, 0);
	cmos_init(&c, T_2038_01_19);
	check_regs(&c, T_2038_01_19, 0x20, 0x38, 0x01, 0x19, 3, 3, 0x14, 8);
	cmos_init(&c, T_2099_12_31_LAST);
	check_regs(&c, T_2099_12_31_LAST, 0x20, 0x99, 0x12, 0x31, 5,
		   0x23, 0x59, 0x59);
	check_regs(&c, T_2099_12_31_LAST + 1, 0x21, 0x00, 0x01, 0x01, 6,
		   0, 0, 0);
	/* 2100 is not a leap year. */
	check_regs(&c, T_2100_02_28 + 86400, 0x21, 0x00, 0x03, 0x01, 2,
		   0, 0, 0);
	assert_int_equal(T_2100_03_01 - T_2100_02_28, 86400);
	cmos_init(&c, 0);
	check_regs(&c, 0, 0x19, 0x70, 0x01, 0x01, 5, 0, 0, 0);
	assert_int_equal(c.guest_errors, 0);
}

static void test_dates_binary(void **state)
{
	struct cmos c;

	(void)state;
	cmos_init(&c, T_2023_11_14);
	wreg(&c, CMOS_REG_B, CMOS_B_DM | CMOS_B_24H, T_2023_11_14);
	assert_int_equal(creg(&c, CMOS_REG_B, T_2023_11_14), 0x06);
	check_regs(&c, T_2023_11_14, 20, 23, 11, 14, 3, 22, 13, 20);
	check_regs(&c, T_2099_12_31_LAST, 20, 99, 12, 31, 5, 23, 59, 59);
	check_regs(&c, T_2100_03_01, 21, 0, 3, 1, 2, 0, 0, 0);
	/* Back to BCD: re-encoded at once. */
	wreg(&c, CMOS_REG_B, CMOS_B_24H, T_2100_03_01);
	check_regs(&c, T_2100_03_01, 0x21, 0x00, 0x03, 0x01, 2, 0, 0, 0);
}

static void test_12_hour(void **state)
{
	struct cmos c;
	const uint64_t midnight = T_2023_11_15;

	(void)state;
	cmos_init(&c, midnight);
	wreg(&c, CMOS_REG_B, 0x00, midnight);		/* BCD, 12-hour */
	/* 00:30 is 12:30 AM: 0x12, PM clear. */
	assert_int_equal(creg(&c, CMOS_HOURS, midnight + 1800), 0x12);
	assert_int_equal(creg(&c, CMOS_HOURS, midnight + 3600), 0x01);
	assert_int_equal(creg(&c, CMOS_HOURS, midnight + 11 * 3600), 0x11);
	/* 12:00 is 12 PM, 13:00 1 PM, 23:59 11 PM. */
	assert_int_equal(creg(&c, CMOS_HOURS, midnight + 12 * 3600), 0x92);
	assert_int_equal(creg(&c, CMOS_HOURS, midnight + 13 * 3600), 0x81);
	assert_int_equal(creg(&c, CMOS_HOURS, midnight + 86399), 0x91);
	/* Binary 12-hour. */
	wreg(&c, CMOS_REG_B, CMOS_B_DM, midnight + 86400);
	assert_int_equal(creg(&c, CMOS_HOURS, midnight + 86400), 12);
	assert_int_equal(creg(&c, CMOS_HOURS, midnight + 86400 + 22 * 3600),
			 0x8a);
	/* Setting 5 PM in 12-hour BCD is 17:00. */
	wreg(&c, CMOS_REG_B, 0x00, midnight + 2 * 86400);
	wreg(&c, CMOS_HOURS, 0x85, midnight + 2 * 86400);
	wreg(&c, CMOS_REG_B, CMOS_B_24H, midnight + 2 * 86400);
	assert_int_equal(creg(&c, CMOS_HOURS, midnight + 2 * 86400), 0x17);
	/* 12 AM written is hour 0. */
	wreg(&c, CMOS_REG_B, 0x00, midnight + 2 * 86400);
	wreg(&c, CMOS_HOURS, 0x12, midnight + 2 * 86400);
	wreg(&c, CMOS_REG_B, CMOS_B_24H, midnight + 2 * 86400);
	assert_int_equal(creg(&c, CMOS_HOURS, midnight + 2 * 86400), 0x00);
	assert_int_equal(c.guest_errors, 0);
}

/* A guest whose clock ticks one second after `tick_at' CMOS accesses. */
struct slow_guest {
	struct cmos c;
	uint64_t base;
	unsigned accesses, tick_at;
};

static uint8_t CMOS_READ(struct slow_guest *g, uint8_t addr)
{
	uint64_t now = g->base + (g->accesses >= g->tick_at);
	uint8_t v;

	cmos_write(&g->c, IDX, addr, now);
	v = cmos_read(&g->c, DATA, now);
	g->accesses++;
	return v;
}

static void CMOS_WRITE(struct slow_guest *g, uint8_t val, uint8_t addr)
{
	uint64_t now = g->base + (g->accesses >= g->tick_at);

	cmos_write(&g->c, IDX, addr, now);
	cmos_write(&g->c, DATA, val, now);
	g->accesses++;
}

struct rtc_time {
	int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year;
};

static unsigned bcd2bin(unsigned v)
{
	return (v & 15) + (v >> 4) * 10;
}

static unsigned bin2bcd(unsigned v)
{
	return ((v / 10) << 4) | v % 10;
}

/* mc146818_avoid_UIP(mc146818_get_time_callback) + mc146818_get_time(). */
static int mc146818_get_time(struct slow_guest *g, struct rtc_time *t,
			     int *tries)
{
	unsigned char seconds, ctrl = 0;
	int i;

	for (i = 0; i < 100; i++) {
		seconds = CMOS_READ(g, 0x00);
		if (CMOS_READ(g, 0x0a) & 0x80)
			continue;
		if (seconds != CMOS_READ(g, 0x00))
			continue;
		t->tm_sec = seconds;
		t->tm_min = CMOS_READ(g, 0x02);
		t->tm_hour = CMOS_READ(g, 0x04);
		t->tm_mday = CMOS_READ(g, 0x07);
		t->tm_mon = CMOS_READ(g, 0x08);
		t->tm_year = CMOS_READ(g, 0x09);
		ctrl = CMOS_READ(g, 0x0b);
		if (CMOS_READ(g, 0x0a) & 0x80)
			continue;
		if (seconds != CMOS_READ(g, 0x00))
			continue;
		break;
	}
	*tries = i + 1;
	if (i == 100)
		return -1;
	(void)ctrl;		/* x86: RTC_ALWAYS_BCD */
	t->tm_sec = bcd2bin(t->tm_sec);
	t->tm_min = bcd2bin(t->tm_min);
	t->tm_hour = bcd2bin(t->tm_hour);
	t->tm_mday = bcd2bin(t->tm_mday);
	t->tm_mon = bcd2bin(t->tm_mon);
	t->tm_year = bcd2bin(t->tm_year);
	if (t->tm_year <= 69)
		t->tm_year += 100;
	t->tm_mon--;
	return 0;
}

static void test_linux_get_time(void **state)
{
	struct slow_guest g;
	struct rtc_time t;
	int tries;

	(void)state;
	memset(&g, 0, sizeof(g));
	cmos_init(&g.c, T_2023_11_14);
	g.base = T_2023_11_14;
	g.tick_at = 1000;
	assert_int_equal(mc146818_get_time(&g, &t, &tries), 0);
	assert_int_equal(tries, 1);
	assert_int_equal(g.accesses, 11);
	assert_int_equal(t.tm_year, 123);
	assert_int_equal(t.tm_mon, 10);
	assert_int_equal(t.tm_mday, 14);
	assert_int_equal(t.tm_hour, 22);
	assert_int_equal(t.tm_min, 13);
	assert_int_equal(t.tm_sec, 20);
	/* Register D bit 6 must be 0, as mc146818 users check. */
	assert_int_equal(creg(&g.c, CMOS_REG_D, g.base) & 0x40, 0);

	/* The second ticks in mid-read: Linux retries and gets :21. */
	memset(&g, 0, sizeof(g));
	cmos_init(&g.c, T_2023_11_14);
	g.base = T_2023_11_14;
	g.tick_at = 5;
	assert_int_equal(mc146818_get_time(&g, &t, &tries), 0);
	assert_int_equal(tries, 2);
	assert_int_equal(t.tm_sec, 21);
	assert_int_equal(t.tm_min, 13);
}

/* mc146818_set_time() (x86 Intel path: DIV_RESET2 in register A). */
static void mc146818_set_time(struct slow_guest *g, const struct rtc_time *t)
{
	unsigned char save_control, save_freq_select;
	unsigned yrs = (unsigned)t->tm_year;

	if (yrs >= 100)
		yrs -= 100;
	save_control = CMOS_READ(g, 0x0b);
	save_control = CMOS_READ(g, 0x0b);
	CMOS_WRITE(g, save_control | 0x80, 0x0b);
	save_freq_select = CMOS_READ(g, 0x0a);
	CMOS_WRITE(g, save_freq_select | 0x70, 0x0a);
	CMOS_WRITE(g, (uint8_t)bin2bcd(yrs), 0x09);
	CMOS_WRITE(g, (uint8_t)bin2bcd((unsigned)t->tm_mon + 1), 0x08);
	CMOS_WRITE(g, (uint8_t)bin2bcd((unsigned)t->tm_mday), 0x07);
	CMOS_WRITE(g, (uint8_t)bin2bcd((unsigned)t->tm_hour), 0x04);
	CMOS_WRITE(g, (uint8_t)bin2bcd((unsigned)t->tm_min), 0x02);
	CMOS_WRITE(g, (uint8_t)bin2bcd((unsigned)t->tm_sec), 0x00);
	CMOS_WRITE(g, save_control, 0x0b);
	CMOS_WRITE(g, save_freq_select, 0x0a);
}

static void test_linux_set_time(void **state)
{
	struct slow_guest g;
	const struct rtc_time set = {
		.tm_sec = 5, .tm_min = 4, .tm_hour = 3,
		.tm_mday = 29, .tm_mon = 1, .tm_year = 124,	/* 2024-02-29 */
	};
	struct rtc_time t;
	int tries;

	(void)state;
	memset(&g, 0, sizeof(g));
	cmos_init(&g.c, T_2023_11_14);
	g.base = T_2023_11_14;
	g.tick_at = 7;		/* a second passes while SET is on */
	mc146818_set_time(&g, &set);
	assert_int_equal(creg(&g.c, CMOS_REG_A, g.base + 1), 0x26);
	assert_int_equal(creg(&g.c, CMOS_REG_B, g.base + 1), 0x02);
	/* Set at base + 1; 100 s later the clock is 100 s on. */
	g.base += 101;
	g.tick_at = 1000;
	assert_int_equal(mc146818_get_time(&g, &t, &tries), 0);
	assert_int_equal(t.tm_year, 124);
	assert_int_equal(t.tm_mon, 1);
	assert_int_equal(t.tm_mday, 29);
	assert_int_equal(t.tm_hour, 3);
	assert_int_equal(t.tm_min, 5);
	assert_int_equal(t.tm_sec, 45);
	/* Linux does not write the day of week: it keeps counting from
	 * the old value (Tuesday), as on the chip. */
	assert_int_equal(creg(&g.c, CMOS_DAY_OF_WEEK, g.base), 3);
	assert_int_equal(creg(&g.c, CMOS_DAY_OF_WEEK, g.base + 86400), 4);
	/* 2024-02-29 03:04:05 is Unix 1709175845, set at base + 1. */
	assert_int_equal(g.c.offset,
			 (int64_t)1709175845 - (int64_t)(T_2023_11_14 + 1));
	assert_int_equal(g.c.guest_errors, 0);
}

static void test_set_freezes_clock(void **state)
{
	struct cmos c;
	const uint64_t t = T_2023_11_14;

	(void)state;
	cmos_init(&c, t);
	wreg(&c, CMOS_REG_B, 0x02 | CMOS_B_SET | CMOS_B_UIE, t);
	/* SET clears UIE; the registers stop. */
	assert_int_equal(creg(&c, CMOS_REG_B, t), 0x82);
	assert_int_equal(creg(&c, CMOS_SECONDS, t + 10), 0x20);
	assert_int_equal(creg(&c, CMOS_MINUTES, t + 15), 0x13);
	/* Written values read back as written while SET is 1. */
	wreg(&c, CMOS_SECONDS, 0x00, t + 20);
	wreg(&c, CMOS_MINUTES, 0x30, t + 20);
	wreg(&c, CMOS_HOURS, 0x08, t + 20);
	wreg(&c, CMOS_DAY_OF_WEEK, 0x01, t + 20);
	wreg(&c, CMOS_DAY_OF_MONTH, 0x25, t + 20);
	wreg(&c, CMOS_MONTH, 0x12, t + 20);
	wreg(&c, CMOS_YEAR, 0x30, t + 20);
	wreg(&c, CMOS_CENTURY, 0x20, t + 20);
	check_regs(&c, t + 40, 0x20, 0x30, 0x12, 0x25, 1, 0x08, 0x30, 0x00);
	/* SET cleared at t + 50: the clock runs from 2030-12-25 08:30:00. */
	wreg(&c, CMOS_REG_B, 0x02, t + 50);
	check_regs(&c, t + 50, 0x20, 0x30, 0x12, 0x25, 1, 0x08, 0x30, 0x00);
	check_regs(&c, t + 50 + 75, 0x20, 0x30, 0x12, 0x25, 1,
		   0x08, 0x31, 0x15);
	/* A day later the day of week has advanced from Sunday. */
	check_regs(&c, t + 50 + 86400, 0x20, 0x30, 0x12, 0x26, 2,
		   0x08, 0x30, 0x00);
	assert_int_equal(c.guest_errors, 0);
}

static void test_write_while_running(void **state)
{
	struct cmos c;
	const uint64_t t = T_2000_01_01;

	(void)state;
	cmos_init(&c, t);
	/* Minutes written while SET is 0 take effect at once. */
	wreg(&c, CMOS_MINUTES, 0x45, t + 5);
	check_regs(&c, t + 5, 0x20, 0x00, 0x01, 0x01, 7, 0x00, 0x45, 0x05);
	check_regs(&c, t + 65, 0x20, 0x00, 0x01, 0x01, 7, 0x00, 0x46, 0x05);
	assert_int_equal(c.offset, 45 * 60);
	/* The century register moves the year by 100. */
	wreg(&c, CMOS_CENTURY, 0x21, t + 65);
	check_regs(&c, t + 65, 0x21, 0x00, 0x01, 0x01, 7, 0x00, 0x46, 0x05);
	/* Binary mode writes. */
	wreg(&c, CMOS_REG_B, CMOS_B_DM | CMOS_B_24H, t + 65);
	wreg(&c, CMOS_YEAR, 99, t + 65);
	wreg(&c, CMOS_MONTH, 12, t + 65);
	wreg(&c, CMOS_DAY_OF_MONTH, 31, t + 65);
	wreg(&c, CMOS_HOURS, 23, t + 65);
	wreg(&c, CMOS_MINUTES, 59, t + 65);
	wreg(&c, CMOS_SECONDS, 59, t + 65);
	check_regs(&c, t + 65, 21, 99, 12, 31, 7, 23, 59, 59);
	check_regs(&c, t + 66, 22, 0, 1, 1, 1, 0, 0, 0);
	assert_int_equal(c.guest_errors, 0);
}

static void test_bad_values(void **state)
{
	struct cmos c;
	const uint64_t t = T_2023_11_14;

	(void)state;
	cmos_init(&c, t);
	/* Read-only registers. */
	wreg(&c, CMOS_REG_C, 0xff, t);
	wreg(&c, CMOS_REG_D, 0x00, t);
	assert_int_equal(c.last_error, CMOS_ERR_READ_ONLY);
	assert_int_equal(c.guest_errors, 2);
	assert_int_equal(creg(&c, CMOS_REG_C, t), 0);
	assert_int_equal(creg(&c, CMOS_REG_D, t), 0x80);
	/* UIP cannot be set; the other bits of A are stored. */
	wreg(&c, CMOS_REG_A, 0xff, t);
	assert_int_equal(creg(&c, CMOS_REG_A, t), 0x7f);
	assert_int_equal(c.guest_errors, 2);

	/* February 30 (SET on) reads back as written, then is March 2. */
	wreg(&c, CMOS_REG_B, 0x82, t);
	wreg(&c, CMOS_MONTH, 0x02, t);
	wreg(&c, CMOS_DAY_OF_MONTH, 0x30, t);
	assert_int_equal(c.guest_errors, 2);
	assert_int_equal(creg(&c, CMOS_DAY_OF_MONTH, t), 0x30);
	wreg(&c, CMOS_REG_B, 0x02, t);
	assert_int_equal(c.last_error, CMOS_ERR_BAD_TIME);
	assert_int_equal(c.guest_errors, 3);
	check_regs(&c, t, 0x20, 0x23, 0x03, 0x02, 3, 0x22, 0x13, 0x20);
	/* Feb 29 of a non-leap year. */
	wreg(&c, CMOS_REG_B, 0x82, t);
	wreg(&c, CMOS_MONTH, 0x02, t);
	wreg(&c, CMOS_DAY_OF_MONTH, 0x29, t);
	wreg(&c, CMOS_REG_B, 0x02, t);
	assert_int_equal(c.guest_errors, 4);
	check_regs(&c, t, 0x20, 0x23, 0x03, 0x01, 3, 0x22, 0x13, 0x20);

	/* Minutes 61: out of range, carries into the hour. */
	wreg(&c, CMOS_MINUTES, 0x61, t);
	assert_int_equal(c.guest_errors, 5);
	check_regs(&c, t, 0x20, 0x23, 0x03, 0x01, 3, 0x23, 0x01, 0x20);
	/* BCD digit above 9: 0x5a counts as 5 * 10 + 10 = 60 seconds. */
	wreg(&c, CMOS_SECONDS, 0x5a, t);
	assert_int_equal(c.last_error, CMOS_ERR_BAD_TIME);
	assert_int_equal(c.guest_errors, 7);	/* bad BCD + range */
	check_regs(&c, t, 0x20, 0x23, 0x03, 0x01, 3, 0x23, 0x02, 0x00);
	wreg(&c, CMOS_SECONDS, 0x0b, t);
	assert_int_equal(c.last_error, CMOS_ERR_BAD_BCD);
	assert_int_equal(c.guest_errors, 8);
	/* Month 13 is taken as 12; month 0 as 1. */
	wreg(&c, CMOS_MONTH, 0x13, t);
	assert_int_equal(c.guest_errors, 9);
	assert_int_equal(creg(&c, CMOS_MONTH, t), 0x12);
	wreg(&c, CMOS_MONTH, 0x00, t);
	assert_int_equal(creg(&c, CMOS_MONTH, t), 0x01);
	/* Hour 13 in 12-hour mode. */
	wreg(&c, CMOS_REG_B, 0x00, t);
	wreg(&c, CMOS_HOURS, 0x13, t);
	assert_int_equal(c.last_error, CMOS_ERR_BAD_TIME);
	/* Day of week 0 and 9: out of range but harmless. */
	wreg(&c, CMOS_DAY_OF_WEEK, 0x00, t);
	assert_int_equal(creg(&c, CMOS_DAY_OF_WEEK, t), 0x07);
	wreg(&c, CMOS_DAY_OF_WEEK, 0x09, t);
	assert_int_equal(creg(&c, CMOS_DAY_OF_WEEK, t), 0x02);
}

static void test_nvram_and_index(void **state)
{
	struct cmos c;
	unsigned i;

	(void)state;
	cmos_init(&c, 1000);
	for (i = 0x0e; i < 0x80; i++)
		if (i != CMOS_CENTURY)
			wreg(&c, (uint8_t)i, (uint8_t)(i ^ 0xa5), 1000);
	for (i = 0x0e; i < 0x80; i++)
		if (i != CMOS_CENTURY)
			assert_int_equal(creg(&c, (uint8_t)i, 1000), i ^ 0xa5);
	/* The alarm registers are plain storage. */
	wreg(&c, CMOS_SECONDS_ALARM, 0x11, 1000);
	wreg(&c, CMOS_MINUTES_ALARM, 0x22, 1000);
	wreg(&c, CMOS_HOURS_ALARM, 0xc0, 1000);
	assert_int_equal(creg(&c, CMOS_SECONDS_ALARM, 5000), 0x11);
	assert_int_equal(creg(&c, CMOS_MINUTES_ALARM, 5000), 0x22);
	assert_int_equal(creg(&c, CMOS_HOURS_ALARM, 5000), 0xc0);
	/* Bit 7 of the index write is the NMI mask, not part of it. */
	cmos_write(&c, IDX, 0x80 | 0x40, 5000);
	assert_true(c.nmi_masked);
	assert_int_equal(c.index, 0x40);
	assert_int_equal(cmos_read(&c, DATA, 5000), 0x40 ^ 0xa5);
	cmos_write(&c, DATA, 0x5a, 5000);
	assert_int_equal(c.ram[0x40], 0x5a);
	assert_int_equal(cmos_read(&c, IDX, 5000), 0xff);
	cmos_write(&c, IDX, 0x0f, 5000);
	assert_false(c.nmi_masked);
	assert_int_equal(c.index, 0x0f);
	/* The index stays put across data accesses. */
	assert_int_equal(cmos_read(&c, DATA, 5000), 0x0f ^ 0xa5);
	assert_int_equal(cmos_read(&c, DATA, 5000), 0x0f ^ 0xa5);
	assert_int_equal(c.guest_errors, 0);
}

/* Independent of the model: "thirty days hath September...". */
static unsigned month_length(int64_t year, unsigned mon)
{
	static const unsigned len[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
	};
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return len[mon - 1] + (mon == 2 && leap);
}

static void test_calendar(void **state)
{
	int64_t d, year, py;
	unsigned mon, mday, pm, pd, days_in;

	(void)state;
	assert_int_equal(cmos_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(cmos_days_from_civil(2000, 1, 1), 10957);
	assert_int_equal(cmos_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(cmos_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(cmos_days_from_civil(0, 1, 1), -719528);
	assert_int_equal(cmos_days_from_civil(10000, 1, 1), 2932897);
	assert_int_equal(cmos_days_from_civil(2023, 2, 29),
			 cmos_days_from_civil(2023, 3, 1));
	assert_int_equal(cmos_days_from_civil(2023, 1, 0),
			 cmos_days_from_civil(2022, 12, 31));
	cmos_civil_from_days(-719528, &year, &mon, &mday);
	assert_int_equal(year, 0);
	assert_int_equal(mon, 1);
	assert_int_equal(mday, 1);
	cmos_civil_from_days(-1, &year, &mon, &mday);
	assert_true(year == 1969 && mon == 12 && mday == 31);

	/* Every day from 0000-01-01 to 9999-12-31 follows the one before. */
	cmos_civil_from_days(-719529, &py, &pm, &pd);
	assert_true(py == -1 && pm == 12 && pd == 31);
	for (d = -719528; d < 2932897; d++) {
		cmos_civil_from_days(d, &year, &mon, &mday);
		if (mday == 1) {
			days_in = month_length(py, pm);
			if (pd != days_in || !(mon == pm % 12 + 1) ||
			    year != py + (pm == 12))
				fail_msg("day %lld: %lld-%u-%u after %lld-%u-%u",
					 (long long)d, (long long)year, mon,
					 mday, (long long)py, pm, pd);
		} else if (mday != pd + 1 || mon != pm || year != py) {
			fail_msg("day %lld: %lld-%u-%u after %lld-%u-%u",
				 (long long)d, (long long)year, mon, mday,
				 (long long)py, pm, pd);
		}
		if (cmos_days_from_civil(year, mon, mday) != d)
			fail_msg("day %lld does not round-trip", (long long)d);
		py = year;
		pm = mon;
		pd = mday;
	}
	assert_true(py == 9999 && pm == 12 && pd == 31);
}

static void test_clock_range(void **state)
{
	struct cmos c;

	(void)state;
	/* Beyond 9999: the clock stops at its last second. */
	cmos_init(&c, UINT64_MAX);
	check_regs(&c, UINT64_MAX, 0x99, 0x99, 0x12, 0x31, 6,
		   0x23, 0x59, 0x59);
	/* Year 0000 can be set and runs. */
	cmos_init(&c, T_2000_01_01);
	wreg(&c, CMOS_REG_B, 0x82, T_2000_01_01);
	wreg(&c, CMOS_CENTURY, 0x00, T_2000_01_01);
	wreg(&c, CMOS_YEAR, 0x00, T_2000_01_01);
	wreg(&c, CMOS_REG_B, 0x02, T_2000_01_01);
	check_regs(&c, T_2000_01_01 + 61, 0x00, 0x00, 0x01, 0x01, 7,
		   0x00, 0x01, 0x01);
	/* Century 0x99, year 0x99, Dec 31: stops at the end. */
	wreg(&c, CMOS_CENTURY, 0x99, T_2000_01_01 + 61);
	wreg(&c, CMOS_YEAR, 0x99, T_2000_01_01 + 61);
	wreg(&c, CMOS_MONTH, 0x12, T_2000_01_01 + 61);
	wreg(&c, CMOS_DAY_OF_MONTH, 0x31, T_2000_01_01 + 61);
	wreg(&c, CMOS_HOURS, 0x23, T_2000_01_01 + 61);
	wreg(&c, CMOS_MINUTES, 0x59, T_2000_01_01 + 61);
	check_regs(&c, T_2000_01_01 + 1000, 0x99, 0x99, 0x12, 0x31, 7,
		   0x23, 0x59, 0x59);
	/* Binary century 200 is clamped to the end too. */
	wreg(&c, CMOS_REG_B, 0x06, T_2000_01_01 + 1000);
	wreg(&c, CMOS_CENTURY, 200, T_2000_01_01 + 1000);
	assert_int_equal(c.last_error, CMOS_ERR_BAD_TIME);
	assert_int_equal(creg(&c, CMOS_CENTURY, T_2000_01_01 + 1000), 99);
}

static void test_time_backwards(void **state)
{
	struct cmos c;

	(void)state;
	cmos_init(&c, T_2023_11_14);
	/* Before the init time: the clock does not run backwards. */
	assert_int_equal(creg(&c, CMOS_SECONDS, T_2023_11_14 - 100), 0x20);
	assert_int_equal(c.last_error, CMOS_ERR_TIME_BACKWARDS);
	assert_int_equal(c.bad_access, 2);	/* index write + data read */
	assert_int_equal(creg(&c, CMOS_SECONDS, T_2023_11_14 + 5), 0x25);
	assert_int_equal(creg(&c, CMOS_SECONDS, T_2023_11_14 + 3), 0x25);
	assert_int_equal(c.bad_access, 4);
	assert_int_equal(c.guest_errors, 0);
}

static void test_error_strings(void **state)
{
	(void)state;
	assert_string_equal(cmos_error_str(CMOS_OK), "ok");
	assert_string_equal(cmos_error_str(CMOS_ERR_BAD_PORT),
			    "port not handled by the CMOS");
	assert_string_equal(cmos_error_str(CMOS_ERR_TIME_BACKWARDS),
			    "time went backwards");
	assert_string_equal(cmos_error_str(CMOS_ERR_READ_ONLY),
			    "write to read-only register C or D");
	assert_string_equal(cmos_error_str(CMOS_ERR_BAD_BCD),
			    "BCD time value with a digit above 9");
	assert_string_equal(cmos_error_str(CMOS_ERR_BAD_TIME),
			    "time value out of range");
	assert_string_equal(cmos_error_str(6), "unknown cmos error");
	assert_string_equal(cmos_error_str(-1), "unknown cmos error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_state),
		cmocka_unit_test(test_ports),
		cmocka_unit_test(test_dates_bcd),
		cmocka_unit_test(test_dates_binary),
		cmocka_unit_test(test_12_hour),
		cmocka_unit_test(test_linux_get_time),
		cmocka_unit_test(test_linux_set_time),
		cmocka_unit_test(test_set_freezes_clock),
		cmocka_unit_test(test_write_while_running),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_nvram_and_index),
		cmocka_unit_test(test_calendar),
		cmocka_unit_test(test_clock_range),
		cmocka_unit_test(test_time_backwards),
		cmocka_unit_test(test_error_strings),
	};

	return cmocka_run_group_tests_name("cmos", tests, NULL, NULL);
}
