/* Reading the host RTC; see rtc.h. */
#include "arch/io.h"
#include "arch/rtc.h"

#define RTC_INDEX 0x70
#define RTC_DATA  0x71
#define RTC_REG_A 0x0A
#define RTC_REG_B 0x0B
#define RTC_A_UIP 0x80		/* update in progress */
#define RTC_B_24H 0x02
#define RTC_B_BIN 0x04
#define RTC_CENTURY 0x32	/* where PC firmware keeps the century */

static uint8_t rd(uint8_t reg)
{
	outb(RTC_INDEX, reg);	/* bit 7 clear: NMIs stay enabled */
	return inb(RTC_DATA);
}

static unsigned decode(uint8_t v, int binary)
{
	return binary ? v : (unsigned)(v >> 4) * 10 + (v & 0x0F);
}

int rtc_read(struct rtc_time *out)
{
	uint8_t t[7], again[7], b;
	unsigned spins = 0;

	/* Read until two reads agree and no update ran in between. */
	do {
		while (rd(RTC_REG_A) & RTC_A_UIP)
			if (++spins > 1000000)
				return -1;
		t[0] = rd(0x00); t[1] = rd(0x02); t[2] = rd(0x04);
		t[3] = rd(0x07); t[4] = rd(0x08); t[5] = rd(0x09);
		t[6] = rd(RTC_CENTURY);
		again[0] = rd(0x00); again[1] = rd(0x02); again[2] = rd(0x04);
		again[3] = rd(0x07); again[4] = rd(0x08); again[5] = rd(0x09);
		again[6] = rd(RTC_CENTURY);
		if (++spins > 1000000)
			return -1;
	} while (t[0] != again[0] || t[1] != again[1] || t[2] != again[2] ||
		 t[3] != again[3] || t[4] != again[4] || t[5] != again[5]);

	b = rd(RTC_REG_B);
	int bin = (b & RTC_B_BIN) != 0;
	unsigned sec = decode(t[0], bin), min = decode(t[1], bin);
	unsigned hour = decode(t[2] & 0x7F, bin);
	unsigned mday = decode(t[3], bin), mon = decode(t[4], bin);
	unsigned year = decode(t[5], bin), century = decode(t[6], bin);

	if (!(b & RTC_B_24H)) {		/* 12-hour clock: bit 7 is PM */
		hour %= 12;
		if (t[2] & 0x80)
			hour += 12;
	}
	/* No century register (or nonsense in it): 00-69 is 20xx. */
	if (century < 19 || century > 99)
		century = year < 70 ? 20 : 19;
	year += century * 100;
	if (sec > 59 || min > 59 || hour > 23 || mday < 1 || mday > 31 ||
	    mon < 1 || mon > 12 || year < 1970)
		return -1;
	*out = (struct rtc_time){ .year = year, .mon = mon, .mday = mday,
				  .hour = hour, .min = min, .sec = sec };
	return 0;
}
