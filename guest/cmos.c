/*
 * Emulated CMOS RTC and RAM. See cmos.h for what is modelled.
 *
 * The clock is a count of seconds since 1970-01-01 00:00:00 (it may be
 * negative: the guest can set any year from 0000): unix_seconds_now plus
 * `offset'. Reading a time register splits that count into a calendar
 * date (cmos_civil_from_days()) and encodes the field in the format
 * register B asks for. Writing one composes the date back
 * (cmos_days_from_civil()) and moves `offset' so that the clock runs on
 * from the new value. While register B's SET bit is 1 the registers are
 * held in `frozen' instead, and the clock is set from them when SET goes
 * back to 0.
 *
 * The calendar arithmetic counts years from March 1, which puts the
 * leap day at the very end of a year: then a 400-year era is 146097
 * days, each of its first three centuries 36524 days and the last 36525,
 * each 4-year cycle 1461 days (the last of a century 1460), and a month's
 * first day within the year comes from one fixed table.
 */
#include "guest/cmos.h"
#include "kernel/kstring.h"

#define SECS_PER_DAY		86400
#define DAYS_PER_ERA		146097	/* 400 Gregorian years */
#define DAYS_PER_CENTURY	36524	/* 100 years, no 400-year leap day */
#define DAYS_PER_QUAD		1461	/* 4 years with one leap day */
#define DAYS_0000_03_01_TO_EPOCH 719468	/* 0000-03-01 .. 1970-01-01 */

/* The clock's range: 0000-01-01 00:00:00 .. 9999-12-31 23:59:59. */
#define CLOCK_MIN	(-719528LL * SECS_PER_DAY)
#define CLOCK_MAX	(2932897LL * SECS_PER_DAY - 1)

/* Day of the year on which each month starts, the year starting March 1. */
static const uint16_t march_month_start[12] = {
	0, 31, 61, 92, 122, 153, 184, 214, 245, 275, 306, 337,
};

static const uint8_t month_days[12] = {
	31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
};

static void note(struct cmos *c, enum cmos_error e)
{
	c->last_error = e;
	if (e == CMOS_ERR_BAD_PORT || e == CMOS_ERR_TIME_BACKWARDS)
		c->bad_access++;
	else
		c->guest_errors++;
}

/* Division rounding toward minus infinity (b > 0). */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if (a % b < 0)
		q--;
	return q;
}

static int64_t clamp64(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

int64_t cmos_days_from_civil(int64_t year, unsigned month, int64_t mday)
{
	int64_t era, yoe, doy;
	unsigned mi;

	if (month < 1)
		month = 1;
	if (month > 12)
		month = 12;
	/* January and February belong to the previous March-based year. */
	if (month <= 2)
		year--;
	mi = month >= 3 ? month - 3 : month + 9;
	era = floor_div(year, 400);
	yoe = year - era * 400;				/* 0..399 */
	doy = march_month_start[mi] + mday - 1;
	/* Leap days before year yoe of the era: one every 4 years but
	 * not every 100 (the 400th year's is the era's very last day). */
	return era * DAYS_PER_ERA + yoe * 365 + yoe / 4 - yoe / 100 + doy -
	       DAYS_0000_03_01_TO_EPOCH;
}

void cmos_civil_from_days(int64_t days, int64_t *year, unsigned *month,
			  unsigned *mday)
{
	int64_t z = days + DAYS_0000_03_01_TO_EPOCH;	/* from 0000-03-01 */
	int64_t era = floor_div(z, DAYS_PER_ERA);
	uint32_t doe = (uint32_t)(z - era * DAYS_PER_ERA); /* 0..146096 */
	uint32_t cent, doc, quad, doq, yoq, doy, mi;

	cent = doe / DAYS_PER_CENTURY;
	if (cent == 4)		/* Feb 29 of the era's 400th year */
		cent = 3;
	doc = doe - cent * DAYS_PER_CENTURY;
	quad = doc / DAYS_PER_QUAD;
	doq = doc - quad * DAYS_PER_QUAD;
	yoq = doq / 365;
	if (yoq == 4)		/* Feb 29 ending the 4-year cycle */
		yoq = 3;
	doy = doq - yoq * 365;				/* 0..365 */
	mi = 11;
	while (march_month_start[mi] > doy)
		mi--;
	*mday = doy - march_month_start[mi] + 1;
	*month = mi < 10 ? mi + 3 : mi - 9;
	*year = era * 400 + cent * 100 + quad * 4 + yoq + (*month <= 2);
}

/* 0 = Sunday. Day 0, 1970-01-01, was a Thursday. */
static unsigned weekday(int64_t days)
{
	return (unsigned)(days + 4 - floor_div(days + 4, 7) * 7);
}

static bool is_leap(int64_t year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* now, kept from going backwards. */
static uint64_t clamp_now(struct cmos *c, uint64_t now)
{
	if (now < c->last_now) {
		note(c, CMOS_ERR_TIME_BACKWARDS);
		return c->last_now;
	}
	c->last_now = now;
	return now;
}

/* now as a clock count, before the offset. */
static int64_t now_seconds(uint64_t now)
{
	return now > (uint64_t)CLOCK_MAX ? CLOCK_MAX : (int64_t)now;
}

/* The running clock split into its registers. */
static void clock_time(const struct cmos *c, uint64_t now,
		       struct cmos_time *t)
{
	int64_t s = clamp64(now_seconds(now) + c->offset, CLOCK_MIN, CLOCK_MAX);
	int64_t days = floor_div(s, SECS_PER_DAY), year;
	uint32_t sod = (uint32_t)(s - days * SECS_PER_DAY);
	unsigned mon, mday;

	cmos_civil_from_days(days, &year, &mon, &mday);
	t->sec = (uint8_t)(sod % 60);
	t->min = (uint8_t)(sod / 60 % 60);
	t->hour = (uint8_t)(sod / 3600);
	t->wday = (uint8_t)(1 + (weekday(days) + c->wday_adjust) % 7);
	t->mday = (uint8_t)mday;
	t->mon = (uint8_t)mon;
	t->year = (uint8_t)(year % 100);
	t->century = (uint8_t)(year / 100);
}

/* The time registers as they stand: frozen while SET is 1. */
static void current_time(const struct cmos *c, uint64_t now,
			 struct cmos_time *t)
{
	if (c->ram[CMOS_REG_B] & CMOS_B_SET)
		*t = c->frozen;
	else
		clock_time(c, now, t);
}

/* Set the running clock to t as of now. */
static void set_clock(struct cmos *c, const struct cmos_time *t, uint64_t now)
{
	int64_t year = (int64_t)t->century * 100 + t->year;
	int64_t days, s;

	if (t->mon >= 1 && t->mon <= 12 &&
	    (t->mday > month_days[t->mon - 1] ||
	     (t->mon == 2 && t->mday == 29 && !is_leap(year))))
		note(c, CMOS_ERR_BAD_TIME);	/* e.g. Feb 30: carries over */
	days = cmos_days_from_civil(year, t->mon, t->mday);
	s = days * SECS_PER_DAY + t->hour * 3600 + t->min * 60 + t->sec;
	s = clamp64(s, CLOCK_MIN, CLOCK_MAX);
	c->offset = s - now_seconds(now);
	/* The day-of-week register keeps its value and counts on from it. */
	days = floor_div(s, SECS_PER_DAY);
	c->wday_adjust = (uint8_t)((t->wday + 6u + 7u - weekday(days)) % 7);
}

/* A register value in the current data mode. */
static uint8_t encode(const struct cmos *c, unsigned v)
{
	if (c->ram[CMOS_REG_B] & CMOS_B_DM)
		return (uint8_t)v;
	return (uint8_t)((v / 10) << 4 | v % 10);
}

static unsigned decode(struct cmos *c, uint8_t val)
{
	if (c->ram[CMOS_REG_B] & CMOS_B_DM)
		return val;
	if ((val >> 4) > 9 || (val & 0xf) > 9)
		note(c, CMOS_ERR_BAD_BCD);
	return (val >> 4) * 10u + (val & 0xfu);
}

static uint8_t encode_hours(const struct cmos *c, unsigned hour)
{
	unsigned h12;

	if (c->ram[CMOS_REG_B] & CMOS_B_24H)
		return encode(c, hour);
	h12 = hour % 12 ? hour % 12 : 12;	/* 0:xx is 12 AM, 12:xx 12 PM */
	return (uint8_t)(encode(c, h12) | (hour >= 12 ? CMOS_HOURS_PM : 0));
}

/* Hours written, as 0..23 (out of range values pass through). */
static unsigned decode_hours(struct cmos *c, uint8_t val)
{
	unsigned h;

	if (c->ram[CMOS_REG_B] & CMOS_B_24H) {
		h = decode(c, val);
		if (h > 23)
			note(c, CMOS_ERR_BAD_TIME);
		return h;
	}
	h = decode(c, val & ~CMOS_HOURS_PM);
	if (h < 1 || h > 12)
		note(c, CMOS_ERR_BAD_TIME);
	h %= 12;
	return val & CMOS_HOURS_PM ? h + 12 : h;
}

static bool is_time_register(uint8_t idx)
{
	switch (idx) {
	case CMOS_SECONDS:
	case CMOS_MINUTES:
	case CMOS_HOURS:
	case CMOS_DAY_OF_WEEK:
	case CMOS_DAY_OF_MONTH:
	case CMOS_MONTH:
	case CMOS_YEAR:
	case CMOS_CENTURY:
		return true;
	default:
		return false;
	}
}

static uint8_t read_time(const struct cmos *c, uint8_t idx, uint64_t now)
{
	struct cmos_time t;

	current_time(c, now, &t);
	switch (idx) {
	case CMOS_SECONDS:
		return encode(c, t.sec);
	case CMOS_MINUTES:
		return encode(c, t.min);
	case CMOS_HOURS:
		return encode_hours(c, t.hour);
	case CMOS_DAY_OF_WEEK:
		return encode(c, t.wday);
	case CMOS_DAY_OF_MONTH:
		return encode(c, t.mday);
	case CMOS_MONTH:
		return encode(c, t.mon);
	case CMOS_YEAR:
		return encode(c, t.year);
	default:	/* CMOS_CENTURY */
		return encode(c, t.century);
	}
}

static void write_time(struct cmos *c, uint8_t idx, uint8_t val, uint64_t now)
{
	struct cmos_time t;
	unsigned v, lo = 0, hi = 99;
	uint8_t *field;

	current_time(c, now, &t);
	switch (idx) {
	case CMOS_SECONDS:
		field = &t.sec;
		hi = 59;
		break;
	case CMOS_MINUTES:
		field = &t.min;
		hi = 59;
		break;
	case CMOS_HOURS:
		field = &t.hour;
		break;
	case CMOS_DAY_OF_WEEK:
		field = &t.wday;
		lo = 1;
		hi = 7;
		break;
	case CMOS_DAY_OF_MONTH:
		field = &t.mday;
		lo = 1;
		hi = 31;
		break;
	case CMOS_MONTH:
		field = &t.mon;
		lo = 1;
		hi = 12;
		break;
	case CMOS_YEAR:
		field = &t.year;
		break;
	default:	/* CMOS_CENTURY */
		field = &t.century;
		break;
	}
	if (idx == CMOS_HOURS) {
		v = decode_hours(c, val);	/* checks its own range */
	} else {
		v = decode(c, val);
		if (v < lo || v > hi)
			note(c, CMOS_ERR_BAD_TIME);
	}
	*field = (uint8_t)v;
	if (c->ram[CMOS_REG_B] & CMOS_B_SET)
		c->frozen = t;
	else
		set_clock(c, &t, now);
}

static void write_reg_b(struct cmos *c, uint8_t val, uint64_t now)
{
	uint8_t old = c->ram[CMOS_REG_B];

	if (val & CMOS_B_SET)
		val &= (uint8_t)~CMOS_B_UIE;	/* datasheet: SET clears UIE */
	if (!(old & CMOS_B_SET) && (val & CMOS_B_SET))
		clock_time(c, now, &c->frozen);	/* updates stop here */
	else if ((old & CMOS_B_SET) && !(val & CMOS_B_SET))
		set_clock(c, &c->frozen, now);	/* and resume from this */
	c->ram[CMOS_REG_B] = val;
}

void cmos_init(struct cmos *c, uint64_t unix_seconds_at_init)
{
	memset(c, 0, sizeof(*c));
	c->ram[CMOS_REG_A] = CMOS_A_DEFAULT;
	c->ram[CMOS_REG_B] = CMOS_B_DEFAULT;
	c->ram[CMOS_REG_D] = CMOS_D_VRT;
	c->last_now = unix_seconds_at_init;
}

bool cmos_handles_port(uint16_t port)
{
	return port == CMOS_PORT_INDEX || port == CMOS_PORT_DATA;
}

uint8_t cmos_read(struct cmos *c, uint16_t port, uint64_t unix_seconds_now)
{
	uint64_t now;
	uint8_t idx = c->index & CMOS_INDEX_MASK;

	if (!cmos_handles_port(port)) {
		note(c, CMOS_ERR_BAD_PORT);
		return 0xff;
	}
	now = clamp_now(c, unix_seconds_now);
	if (port == CMOS_PORT_INDEX)
		return 0xff;	/* write only on PCs */
	if (is_time_register(idx))
		return read_time(c, idx, now);
	switch (idx) {
	case CMOS_REG_A:
		return c->ram[CMOS_REG_A] & (uint8_t)~CMOS_A_UIP;
	case CMOS_REG_C:
		return 0;	/* no interrupt flags: none are generated */
	case CMOS_REG_D:
		return CMOS_D_VRT;
	default:
		return c->ram[idx];
	}
}

void cmos_write(struct cmos *c, uint16_t port, uint8_t val,
		uint64_t unix_seconds_now)
{
	uint64_t now;
	uint8_t idx = c->index & CMOS_INDEX_MASK;

	if (!cmos_handles_port(port)) {
		note(c, CMOS_ERR_BAD_PORT);
		return;
	}
	now = clamp_now(c, unix_seconds_now);
	if (port == CMOS_PORT_INDEX) {
		c->nmi_masked = val & CMOS_NMI_DISABLE;
		c->index = val & CMOS_INDEX_MASK;
		return;
	}
	if (is_time_register(idx)) {
		write_time(c, idx, val, now);
		return;
	}
	switch (idx) {
	case CMOS_REG_A:
		c->ram[CMOS_REG_A] = val & (uint8_t)~CMOS_A_UIP;
		break;
	case CMOS_REG_B:
		write_reg_b(c, val, now);
		break;
	case CMOS_REG_C:
	case CMOS_REG_D:
		note(c, CMOS_ERR_READ_ONLY);
		break;
	default:
		c->ram[idx] = val;
		break;
	}
}

const char *cmos_error_str(int err)
{
	switch (err) {
	case CMOS_OK:
		return "ok";
	case CMOS_ERR_BAD_PORT:
		return "port not handled by the CMOS";
	case CMOS_ERR_TIME_BACKWARDS:
		return "time went backwards";
	case CMOS_ERR_READ_ONLY:
		return "write to read-only register C or D";
	case CMOS_ERR_BAD_BCD:
		return "BCD time value with a digit above 9";
	case CMOS_ERR_BAD_TIME:
		return "time value out of range";
	default:
		return "unknown cmos error";
	}
}
