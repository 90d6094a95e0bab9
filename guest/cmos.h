/*
 * Emulated PC CMOS: the MC146818A real-time clock and its battery-backed
 * RAM, behind the index port 0x70 and the data port 0x71.
 *
 * Spec: Motorola MC146818A datasheet: "Address Map" (figure 3), "Time,
 * Calendar and Alarm Locations" (table 3, binary and BCD formats, 12/24
 * hour mode), "Register A" (UIP, DV2-DV0, RS3-RS0), "Register B" (SET,
 * PIE, AIE, UIE, SQWE, DM, 24/12, DSE), "Register C" (IRQF, PF, AF, UF),
 * "Register D" (VRT). PC conventions: IBM PC/AT Technical Reference,
 * "CMOS RAM Address Map" (port 0x70 bit 7 masks NMI, byte 0x32 is the
 * century in BCD).
 *
 * Register map (index = port 0x70 bits 6:0):
 *   0x00 seconds  0x02 minutes  0x04 hours  0x06 day of week (1 = Sunday)
 *   0x07 day of month  0x08 month  0x09 year (two digits)  0x32 century
 *   0x01, 0x03, 0x05  alarm seconds, minutes, hours: stored only
 *   0x0A  register A, 0x0B register B, 0x0C register C, 0x0D register D
 *   other 0x0E-0x7F  plain RAM, zero at init
 * Linux (arch/x86/kernel/rtc.c mach_get_cmos_time() and
 * drivers/rtc/rtc-mc146818-lib.c mc146818_get_time()) reads 0x00, 0x0A,
 * 0x00, 0x02, 0x04, 0x07, 0x08, 0x09, 0x0B, 0x0A, 0x00; the century
 * register only through ACPI's FADT, so without ACPI it takes years
 * 00-69 as 20xx. x86 Linux always decodes BCD (RTC_ALWAYS_BCD) and
 * rtc-cmos accepts only 24-hour BCD, hence register B's default 0x02.
 * mc146818_set_time() sets SET in register B, writes the date and time
 * (not the day of week) and clears SET.
 *
 * The clock: the time registers are computed from the Unix time passed
 * in (unix_seconds_now) plus an offset, which starts at 0 and changes
 * when the guest sets the clock. Both cmos_init()'s and the accessors'
 * arguments are Unix seconds from the same clock; a smaller value than
 * one seen before is treated as the largest seen so far (counted in
 * bad_access) so that the guest's time never runs backwards. The clock
 * covers 0000-01-01 to 9999-12-31 (proleptic Gregorian) and stops at
 * either end.
 *
 * Simplifications:
 *  - updates are instantaneous, so register A's UIP (update in progress)
 *    always reads 0 and the registers are always consistent;
 *  - register A's divider bits (default 0x26: 32.768 kHz, 1024 Hz) and
 *    rate bits are stored but do not stop or change the clock;
 *  - register B's PIE, AIE, UIE, SQWE and DSE are stored only: no
 *    interrupt (IRQ 8) is generated, so register C always reads 0, and
 *    there is no daylight saving. Setting SET clears UIE, as on the chip;
 *  - changing the data mode (DM) or 12/24-hour bit re-encodes the time
 *    registers at once; a real chip keeps their raw bytes (software must
 *    rewrite the time after changing format, which works here too);
 *  - the day of week runs as its own register, as on the chip: it
 *    advances at midnight and keeps whatever value was last written;
 *  - values written outside their range (e.g. minutes 61, February 30,
 *    month 13, BCD digits above 9) are recorded in last_error; they read
 *    back as written (BCD digits above 9 as their binary weight) while
 *    SET is 1, and become a normal date when the clock is set (seconds,
 *    minutes, hours and days carry over, so 2023-02-30 is 2023-03-02;
 *    the month is clamped to 1-12).
 *
 * All state is in struct cmos; the model does no I/O.
 */
#ifndef GUEST_CMOS_H
#define GUEST_CMOS_H

#include <stdbool.h>
#include <stdint.h>

#define CMOS_PORT_INDEX		0x70	/* write only on PCs */
#define CMOS_PORT_DATA		0x71

#define CMOS_NMI_DISABLE	0x80	/* port 0x70 bit 7 */
#define CMOS_INDEX_MASK		0x7f

#define CMOS_RAM_SIZE		128

/* Register indices. */
#define CMOS_SECONDS		0x00
#define CMOS_SECONDS_ALARM	0x01
#define CMOS_MINUTES		0x02
#define CMOS_MINUTES_ALARM	0x03
#define CMOS_HOURS		0x04
#define CMOS_HOURS_ALARM	0x05
#define CMOS_DAY_OF_WEEK	0x06
#define CMOS_DAY_OF_MONTH	0x07
#define CMOS_MONTH		0x08
#define CMOS_YEAR		0x09
#define CMOS_REG_A		0x0a
#define CMOS_REG_B		0x0b
#define CMOS_REG_C		0x0c
#define CMOS_REG_D		0x0d
#define CMOS_CENTURY		0x32

/* Register A. */
#define CMOS_A_UIP		0x80	/* update in progress (read only) */
#define CMOS_A_DEFAULT		0x26	/* DV = 010 (32.768 kHz), RS = 0110 */

/* Register B. */
#define CMOS_B_SET		0x80	/* stop updates, let software set time */
#define CMOS_B_PIE		0x40
#define CMOS_B_AIE		0x20
#define CMOS_B_UIE		0x10
#define CMOS_B_SQWE		0x08
#define CMOS_B_DM		0x04	/* 1 = binary, 0 = BCD */
#define CMOS_B_24H		0x02	/* 1 = 24-hour, 0 = 12-hour */
#define CMOS_B_DSE		0x01
#define CMOS_B_DEFAULT		CMOS_B_24H	/* 24-hour, BCD */

/* Register D. */
#define CMOS_D_VRT		0x80	/* valid RAM and time */

/* Hours register in 12-hour mode. */
#define CMOS_HOURS_PM		0x80

/* Conditions recorded in last_error; see cmos_error_str(). */
enum cmos_error {
	CMOS_OK = 0,
	CMOS_ERR_BAD_PORT,	/* access to a port not ours (hypervisor) */
	CMOS_ERR_TIME_BACKWARDS, /* now smaller than before (hypervisor) */
	CMOS_ERR_READ_ONLY,	/* write to register C or D (guest) */
	CMOS_ERR_BAD_BCD,	/* BCD time value with a digit above 9 */
	CMOS_ERR_BAD_TIME,	/* time value out of its range */
};

/* The clock's registers as numbers: binary, 24-hour. */
struct cmos_time {
	uint8_t sec, min, hour;
	uint8_t wday;		/* 1..7, 1 = Sunday */
	uint8_t mday, mon;	/* 1..31, 1..12 */
	uint8_t year;		/* 0..99 */
	uint8_t century;	/* 0..99 */
};

struct cmos {
	uint8_t index;		/* port 0x70 bits 6:0 */
	bool nmi_masked;	/* port 0x70 bit 7 */
	uint8_t ram[CMOS_RAM_SIZE];	/* RAM, alarms, registers A and B */

	/* Time base: clock seconds = unix_seconds_now + offset. */
	int64_t offset;
	uint8_t wday_adjust;	/* day-of-week register - weekday, mod 7 */
	struct cmos_time frozen; /* the time registers while SET = 1 */
	uint64_t last_now;	/* largest unix_seconds_now seen */

	uint32_t guest_errors;	/* guest wrote something out of range */
	uint32_t bad_access;	/* hypervisor passed a bad port or time */
	enum cmos_error last_error;
};

/*
 * Power-on state as a PC firmware leaves it: the clock reads
 * unix_seconds_at_init (UTC), register A 0x26, B 0x02 (24-hour BCD),
 * C 0, D 0x80, RAM zero, index 0, NMI not masked.
 */
void cmos_init(struct cmos *c, uint64_t unix_seconds_at_init);

/* True for 0x70 and 0x71. */
bool cmos_handles_port(uint16_t port);

/* Guest IN. 0x70 and ports not handled read 0xFF. */
uint8_t cmos_read(struct cmos *c, uint16_t port, uint64_t unix_seconds_now);

/* Guest OUT. Ports not handled are ignored. */
void cmos_write(struct cmos *c, uint16_t port, uint8_t val,
		uint64_t unix_seconds_now);

/*
 * Calendar helpers, exposed for tests and for whoever needs a date.
 * Days are counted from 1970-01-01 (day 0, a Thursday), proleptic
 * Gregorian, any int64 range the arithmetic does not overflow in
 * (years -10^12 .. 10^12 are safe). month 1..12, mday 1..31; the
 * conversion to days accepts any mday (it carries over).
 */
int64_t cmos_days_from_civil(int64_t year, unsigned month, int64_t mday);
void cmos_civil_from_days(int64_t days, int64_t *year, unsigned *month,
			  unsigned *mday);

/* Short human-readable name of an enum cmos_error value. */
const char *cmos_error_str(int err);

#endif /* GUEST_CMOS_H */
