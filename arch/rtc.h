/* The machine's own CMOS real-time clock (Motorola MC146818A at ports
 * 0x70/0x71), read once at start so the guest's clock starts at the
 * host's time. */
#ifndef ARCH_RTC_H
#define ARCH_RTC_H


/* A date and time as the RTC holds it (taken to be UTC). */
struct rtc_time {
	unsigned year;		/* four digits, 1970 or later */
	unsigned mon, mday;	/* 1..12, 1..31 */
	unsigned hour, min, sec;	/* 24-hour clock */
};

/* Reads the RTC into *t. Returns 0, or -1 if it does not answer sensibly
 * (a field out of range, an update that never ends). Converting to Unix
 * time is the caller's (the calendar is guest/cmos.c's). */
int rtc_read(struct rtc_time *t);

#endif
