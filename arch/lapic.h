/* The host's own local APIC (SDM Vol. 3A 11 "Advanced Programmable
 * Interrupt Controller"), in whichever mode the firmware left it: xAPIC
 * (registers in the 4 KiB page at IA32_APIC_BASE) or x2APIC (MSRs 0x800 +
 * offset / 16, 11.12.1). The host uses it for two things: acknowledging
 * interrupts that came through it, and its timer in TSC-deadline mode
 * (11.5.4.1) to wake a halted host when the guest's next timer event is
 * due. */
#ifndef ARCH_LAPIC_H
#define ARCH_LAPIC_H

#include <stdbool.h>
#include <stdint.h>

#define HOST_TIMER_VECTOR	0xF0	/* the host's LAPIC timer */
#define HOST_SPURIOUS_VECTOR	0xFF	/* SVR vector; never acknowledged */

/* Finds the local APIC's mode, software-enables it and sets its timer to
 * TSC-deadline mode if the CPU has it (CPUID.1:ECX[24]). */
void host_lapic_init(void);

/* True if host_lapic_arm_deadline can wake the host. */
bool host_lapic_has_deadline_timer(void);

/* Timer interrupt when the TSC reaches tsc; 0 disarms (11.5.4.1). */
void host_lapic_arm_deadline(uint64_t tsc);

/* End of interrupt for the vector being serviced (11.8.5). */
void host_lapic_eoi(void);

#endif
