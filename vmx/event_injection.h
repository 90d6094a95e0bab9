/* Delivering the guest's external interrupts and NMIs (SDM Vol. 3C 26.6
 * "Event Injection", 25.6.2 interrupt- and NMI-window exiting, 25.4.2
 * interruptibility). Before a VM entry whose events may have changed,
 * the vCPU evaluates them once (vcpu_prepare_events): the platform is
 * brought up to one `now' (v->platform->update), an NMI it latched is
 * taken, and the highest deliverable vector is injected if the guest can
 * accept an interrupt now (RFLAGS.IF set, no blocking by STI or MOV SS,
 * no other event being injected), acknowledging it then; otherwise an
 * interrupt-window exit is asked for and the vector waits. */
#ifndef VMX_EVENT_INJECTION_H
#define VMX_EVENT_INJECTION_H

#include <stdbool.h>
#include "vmx/vcpu.h"

/* The full evaluation before an entry, at host TSC now: the platform's
 * NMIs, the pending NMI (vmx/nmi_injection.c), the external interrupt,
 * and the VMX-preemption timer for the next device event. */
void vcpu_prepare_events(struct vcpu *v, uint64_t now);

/* True if the guest could take an external interrupt right now. */
bool vcpu_interruptible(struct vcpu *v);

/* HLT: wait in the host until something wakes the guest: an NMI it can
 * take, or, with interrupts enabled (the guest's RFLAGS.IF), an
 * interrupt; or until the run must stop (Ctrl-A x, a reset or power-off
 * request). Returns false if nothing can ever wake it: with interrupts
 * enabled, no interrupt pending and no timer armed (the guest resumes
 * as after a spurious wake-up); with interrupts disabled, no NMI pending
 * and no device set up to send one (the guest has stopped). */
bool vcpu_halt_wait(struct vcpu *v, bool interrupts);

#endif
