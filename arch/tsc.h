/* The host's time-stamp counter frequency: from CPUID leaf 0x15 when the
 * CPU reports it (SDM Vol. 3B 19.7.3 "Determining the Processor Base
 * Frequency"), otherwise measured against the 8254 PIT's channel 2. */
#ifndef ARCH_TSC_H
#define ARCH_TSC_H

#include <stdint.h>

/* Returns the TSC frequency in Hz, or 0 if it cannot be determined. */
uint64_t tsc_calibrate(void);

#endif
