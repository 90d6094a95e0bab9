/* Delivering the guest's external interrupts (SDM Vol. 3C 26.6 "Event
 * Injection", 25.6.2 interrupt-window exiting, 25.4.2 interruptibility).
 * Before every VM entry the vCPU asks the platform (v->platform; the
 * 8259, IOAPIC and local APIC are wired in guest/irq_router.c) for the
 * highest deliverable vector and injects it if the guest can accept an
 * interrupt now (RFLAGS.IF set, no blocking by STI or MOV SS, no other
 * event being injected), acknowledging it then; otherwise it asks for an
 * interrupt-window exit and tries again then. */
#ifndef VMX_EVENT_INJECTION_H
#define VMX_EVENT_INJECTION_H

#include <stdbool.h>
#include "vmx/vcpu.h"

void vcpu_inject_pending_interrupt(struct vcpu *v);

/* True if the guest could take an external interrupt right now. */
bool vcpu_interruptible(struct vcpu *v);

/* Arms the VMX-preemption timer for the next device event, so a guest
 * that never exits still gets its timer interrupt on time. */
void vcpu_arm_timer(struct vcpu *v);

/* HLT with interrupts enabled: wait in the host until an interrupt is
 * pending for the guest. Returns false if none can ever come. */
bool vcpu_wait_for_interrupt(struct vcpu *v);

#endif
