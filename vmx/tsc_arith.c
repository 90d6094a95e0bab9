/* TSC-deadline and VMX-preemption-timer arithmetic; see tsc_arith.h. */
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

uint64_t tsc_deadline_host(uint64_t guest_deadline, uint64_t offset,
			   uint64_t host_now)
{
	uint64_t guest_now = tsc_guest(host_now, offset);
	uint64_t ahead;

	if (guest_deadline <= guest_now)
		return host_now ? host_now : 1;
	ahead = guest_deadline - guest_now;
	if (ahead > UINT64_MAX - host_now)
		return UINT64_MAX;
	return host_now + ahead;
}

uint64_t tsc_deadline_rebase(uint64_t host_deadline, uint64_t old_offset,
			     uint64_t new_offset, uint64_t host_now)
{
	if (!host_deadline)
		return 0;
	return tsc_deadline_host(tsc_guest(host_deadline, old_offset),
				 new_offset, host_now);
}
