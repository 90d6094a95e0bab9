/* The machine's own CMOS real-time clock (Motorola MC146818A at ports
 * 0x70/0x71), read once at start so the guest's clock starts at the
 * host's time. */
#ifndef ARCH_RTC_H
#define ARCH_RTC_H

#include <stdint.h>

/* Seconds since 1970-01-01 00:00:00 (the RTC is taken to hold UTC), or 0
 * if the RTC does not answer sensibly. */
uint64_t rtc_read_unix(void);

#endif
