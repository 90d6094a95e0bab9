/* a * b / c without a 128-bit intermediate (the freestanding kernel has no
 * libgcc for 128-bit division). Exact when (c - 1) * b fits in 64 bits,
 * which holds for the clock conversions it is used for (b and c are clock
 * rates below 2^43 Hz, one of them the PIT's 1.19 MHz). */
#ifndef KERNEL_MULDIV_H
#define KERNEL_MULDIV_H

#include <stdint.h>

static inline uint64_t mul_div(uint64_t a, uint64_t b, uint64_t c)
{
	return (a / c) * b + (a % c) * b / c;
}

#endif
