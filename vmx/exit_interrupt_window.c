/* Interrupt window (exit reason 7): the guest can take an interrupt now.
 * vmx/event_injection.c turned the exiting on because an interrupt was
 * pending while the guest had interrupts blocked; it injects the interrupt
 * (and turns the exiting off) before this exit's VM entry. */
#include "vmx/exits.h"

void exit_interrupt_window(struct vcpu *v)
{
	vcpu_trace(v, "interrupt window");
}
