/* VMX-preemption-timer arithmetic; see tsc_arith.h. */
#include "vmx/tsc_arith.h"

uint32_t preemption_timer_value(uint64_t when, uint64_t now, unsigned rate)
{
	uint64_t ticks;

	if (when == UINT64_MAX)
		return 0xFFFFFFFFu;
	if (when <= now)
		return 0;
	ticks = (when - now) >> (rate & 0x1F);
	return ticks > 0xFFFFFFFFULL ? 0xFFFFFFFFu : (uint32_t)ticks;
}
