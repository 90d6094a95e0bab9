/* TSC calibration; see tsc.h. */
#include "arch/cpu.h"
#include "arch/io.h"
#include "arch/tsc.h"

#define PIT_HZ 1193182u

static uint64_t from_cpuid(void)
{
	struct cpuid_regs r;

	cpuid(0, 0, &r);
	if (r.eax < 0x15)
		return 0;
	cpuid(0x15, 0, &r);
	/* TSC = crystal (ECX) * EBX / EAX; ECX may be 0 (not enumerated). */
	if (r.eax == 0 || r.ebx == 0 || r.ecx == 0)
		return 0;
	return (uint64_t)r.ecx * r.ebx / r.eax;
}

/* Counts TSC ticks while PIT channel 2, in mode 0 (interrupt on terminal
 * count), counts down 50 ms; OUT2 shows in port 0x61 bit 5. */
static uint64_t from_pit(void)
{
	const uint32_t count = PIT_HZ / 20;	/* 50 ms */
	uint8_t b = inb(0x61);
	uint64_t t0, t1;
	unsigned long spins = 0;

	outb(0x61, (b & ~0x02) | 0x01);		/* gate 2 on, speaker off */
	outb(0x43, 0xB0);			/* ch 2, LSB then MSB, mode 0 */
	outb(0x42, count & 0xFF);
	outb(0x42, count >> 8);
	t0 = rdtsc();
	while (!(inb(0x61) & 0x20)) {
		if (++spins > 100000000UL) {	/* no PIT: give up */
			outb(0x61, b);
			return 0;
		}
	}
	t1 = rdtsc();
	outb(0x61, b);
	return (t1 - t0) * 20;
}

uint64_t tsc_calibrate(void)
{
	uint64_t hz = from_cpuid();
	return hz ? hz : from_pit();
}
