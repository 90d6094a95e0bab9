/* Host interrupts and waiting for them; see host_irq.h. */
#include "arch/cpu.h"
#include "arch/host_irq.h"
#include "arch/lapic.h"
#include "arch/pic.h"
#include "arch/serial.h"

#define COM1_IRQ 4

static uint64_t halted_ticks;

void host_irq_init(void)
{
	host_lapic_init();
	if (serial_enable_rx_interrupt())
		host_pic_unmask(COM1_IRQ);
}

void host_interrupt(unsigned vector)
{
	if (vector >= HOST_PIC_VECTOR_BASE && vector < HOST_PIC_VECTOR_BASE + 16) {
		unsigned irq = vector - HOST_PIC_VECTOR_BASE;

		/* IRQ 7 and 15 may be spurious: nothing in service, no EOI
		 * (8259A datasheet). */
		if ((irq & 7) == 7 && !host_pic_in_service(irq))
			return;
		if (irq == COM1_IRQ)
			serial_rx_interrupt();
		host_pic_eoi(irq);
		return;
	}
	if (vector == HOST_SPURIOUS_VECTOR)
		return;		/* not in service: no EOI (11.9) */
	host_lapic_eoi();	/* the timer, or anything else the APIC sent */
}

void host_wait_until(uint64_t deadline)
{
	uint64_t t0 = rdtsc();

	if (deadline <= t0)
		return;
	/* Without a TSC-deadline timer nothing would wake the host in time:
	 * poll the TSC and the UART. */
	if (!host_lapic_has_deadline_timer() && deadline != UINT64_MAX) {
		while (rdtsc() < deadline && !serial_input_ready())
			pause();
		if (serial_input_ready())
			serial_rx_interrupt();
		return;
	}
	if (deadline != UINT64_MAX) {
		host_lapic_arm_deadline(deadline);
		/* Passed while it was being armed: not halting is safer
		 * than trusting the timer to fire for a deadline behind it. */
		if (rdtsc() >= deadline) {
			host_lapic_arm_deadline(0);
			return;
		}
	}
	/* STI's one-instruction shadow keeps an interrupt from slipping in
	 * between it and HLT: a pending one wakes HLT at once. */
	__asm__ volatile("sti; hlt; cli" ::: "memory");
	host_lapic_arm_deadline(0);
	halted_ticks += rdtsc() - t0;
}

uint64_t host_halted_ticks(void)
{
	return halted_ticks;
}
