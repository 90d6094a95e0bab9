/* The host's external interrupts. While the guest runs they arrive as VM
 * exits (external-interrupt exiting, acknowledged on exit: the exit
 * carries the vector); while the host waits for the guest's next event
 * they arrive through the host IDT (arch/isr.asm). Both end in
 * host_interrupt(). The host listens to two sources: COM1's receive
 * interrupt (IRQ 4 on its 8259, console input for the guest) and its
 * local APIC timer (the guest's next timer event). */
#ifndef ARCH_HOST_IRQ_H
#define ARCH_HOST_IRQ_H

#include <stdint.h>

/* Unmasks COM1's IRQ 4 and arms COM1's receive interrupt; sets up the
 * local APIC (arch/lapic.c). Interrupts stay disabled in the host
 * (RFLAGS.IF = 0) except inside host_wait_until(). */
void host_irq_init(void);

/* Handles and acknowledges host vector `vector`. */
void host_interrupt(unsigned vector);

/* Halts the host until an interrupt arrives or the TSC reaches deadline
 * (UINT64_MAX: no deadline), whichever is first; may return early. Without
 * a TSC-deadline timer it polls the TSC and COM1 instead. */
void host_wait_until(uint64_t deadline);

/* TSC ticks spent halted in host_wait_until() so far. */
uint64_t host_halted_ticks(void);

#endif
