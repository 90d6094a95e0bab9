/* TSC offsetting and VMX-preemption-timer arithmetic (SDM Vol. 3C 26.3
 * "Changes to Instruction Behavior in VMX Non-Root Operation": with "use
 * TSC offsetting" the guest's RDTSC, RDTSCP and RDMSR IA32_TSC return the
 * host's TSC plus the TSC offset, modulo 2^64; 26.5.1 "VMX-Preemption
 * Timer": it counts down by 1 each time bit X of the TSC changes, X being
 * IA32_VMX_MISC bits 4:0, A.6). Pure. */
#ifndef VMX_TSC_ARITH_H
#define VMX_TSC_ARITH_H

#include <stdint.h>

/* The guest's TSC when the host's reads host_tsc. */
static inline uint64_t tsc_guest(uint64_t host_tsc, uint64_t offset)
{
	return host_tsc + offset;	/* wraps, as the CPU's sum does */
}

/* The TSC offset that makes the guest's TSC read guest_value when the
 * host's reads host_tsc (WRMSR IA32_TSC). */
static inline uint64_t tsc_offset_for(uint64_t guest_value, uint64_t host_tsc)
{
	return guest_value - host_tsc;
}

/* IA32_TSC_DEADLINE holds a value of the guest's TSC (SDM Vol. 3A 11.5.4.1:
 * the timer fires when the TSC reaches it); the local APIC emulation
 * counts in the host's. The host TSC at which guest_deadline (non-zero)
 * is due, seen at host TSC host_now with the TSC offset 'offset':
 * guest_deadline - offset. A deadline the guest's TSC has reached
 * already (guest_deadline <= host_now + offset, compared as the guest's
 * TSC) is due now: host_now. One later than the host's TSC can count to
 * (beyond 2^64 - 1) is UINT64_MAX: never. Never 0, which would disarm
 * the timer. Done in the guest's TSC, a guest TSC set far ahead of or
 * behind the host's neither fires a future deadline at once nor delays a
 * past one forever, as the plain subtraction would across the wrap. */
uint64_t tsc_deadline_host(uint64_t guest_deadline, uint64_t offset,
			   uint64_t host_now);

/* The host TSC of an armed deadline (host_deadline, 0 if disarmed) when
 * the TSC offset changes from old_offset to new_offset at host TSC
 * host_now (WRMSR IA32_TSC): the guest's value, host_deadline +
 * old_offset, is kept, so the guest reads back what it wrote, and the
 * deadline fires when the guest's new TSC reaches it (at once if the
 * write moved the TSC past it). 0 stays 0. */
uint64_t tsc_deadline_rebase(uint64_t host_deadline, uint64_t old_offset,
			     uint64_t new_offset, uint64_t host_now);

/* The VMX-preemption-timer value for host TSC 'when' seen from host TSC
 * 'now', the timer counting at the TSC rate / 2^rate: (when - now) >> rate.
 * Its count starts at a random phase of the period, so it may expire up
 * to one period early; the exit re-arms it. when == UINT64_MAX means no
 * deadline. The field is 32 bits: longer waits are cut to 0xFFFFFFFF (an
 * early exit, re-armed). A deadline already passed gives 0 (an exit
 * before the guest's first instruction). */
uint32_t preemption_timer_value(uint64_t when, uint64_t now, unsigned rate);

#endif
