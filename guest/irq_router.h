/*
 * The platform's interrupt wiring, as on a PC with an 8259 pair, one I/O
 * APIC and a local APIC per CPU:
 *
 *   device --ISA IRQ n--+--> 8259 pair input n --INTR--> BSP's LINT0
 *                       |                               (ExtINT), or the
 *                       |                               BSP's INTR pin
 *                       |                               when its APIC is
 *                       |                               globally disabled
 *                       +--> IOAPIC pin GSI(n) --message--> local APICs
 *
 * GSI(n) = n, except ISA IRQ 0 (the PIT) which is wired to IOAPIC pin 2
 * (the MADT's interrupt source override IRQ0 -> GSI2); IOAPIC pin 0
 * (where a chipset puts the 8259's INTR) is not connected. Both paths
 * are always driven, so a guest that uses the 8259 (the APIC disabled,
 * or LINT0 in ExtINT "virtual wire" mode) and one that masks the 8259
 * and programs the IOAPIC (Linux) see their interrupts alike.
 *
 * Messages (from the IOAPIC and from each local APIC's ICR) are routed
 * to every local APIC whose destination matches (physical ID, logical
 * flat or cluster, shorthands self / all / all-but-self), so IPIs between
 * vCPUs need nothing more here. Fixed and lowest-priority (given to the
 * first matching APIC) messages are delivered, and NMI messages latch an
 * NMI in each APIC they name; SMI, INIT, SIPI and ExtINT messages are
 * counted in `unsupported' (one vCPU).
 *
 * The platform's NMI line (an NMI button: irq_router_nmi_line()) pulses
 * every local APIC's LINT1, as a PC's chipset wires it.
 *
 * The vCPU asks three questions: whether an NMI waits for it
 * (irq_router_take_nmi()), which vector it should take now
 * (irq_router_pending(), then irq_router_ack() when it injects it) and
 * when its next timer event is due (irq_router_next_event()).
 *
 * Pure logic: no I/O, no clock (callers pass `now', host TSC ticks).
 */
#ifndef GUEST_IRQ_ROUTER_H
#define GUEST_IRQ_ROUTER_H

#include <stdbool.h>
#include <stdint.h>
#include "guest/apic_msg.h"
#include "guest/ioapic.h"
#include "guest/lapic.h"
#include "guest/pic8259.h"

#define ISA_IRQS	16

struct irq_router {
	struct pic8259_pair *pic;
	struct ioapic *ioapic;
	struct lapic *lapic;	/* one per vCPU, index = vCPU number */
	unsigned nlapic;
	uint64_t delivered;	/* messages accepted by a local APIC */
	uint64_t nmis;		/* NMIs latched (messages and LINT1) */
	uint64_t unsupported;	/* delivery modes not emulated */
	uint64_t lost;		/* messages no local APIC took */
};

/* Wires the devices together (they are initialised by their owners) and
 * makes the router the IOAPIC's message sink. */
void irq_router_init(struct irq_router *r, struct pic8259_pair *pic,
		     struct ioapic *ioapic, struct lapic *lapic, unsigned n);

/* The IOAPIC pin ISA IRQ irq is wired to. */
unsigned irq_router_isa_gsi(unsigned irq);

/* A device drives ISA IRQ irq (0..15) to level. */
void irq_router_set_isa_irq(struct irq_router *r, unsigned irq, bool level);

/* A device signals an event on ISA IRQ irq: a rising edge that the 8259
 * keeps until its INTA (see pic_pair_pulse_irq()) and a high-then-low
 * pulse on the IOAPIC pin. */
void irq_router_pulse_isa_irq(struct irq_router *r, unsigned irq);

/* Sends msg to the local APICs it names. */
void irq_router_deliver(struct irq_router *r, const struct apic_msg *msg);

/* What a local APIC's register write asks for: an EOI broadcast, an IPI. */
void irq_router_lapic_effect(struct irq_router *r,
			     const struct lapic_effect *eff);

/* The platform's NMI line pulses every local APIC's LINT1. */
void irq_router_nmi_line(struct irq_router *r);

/* True once per NMI latched for vCPU cpu. */
bool irq_router_take_nmi(struct irq_router *r, unsigned cpu);

/* The vector vCPU cpu should take next, or -1. Runs its APIC timer. */
int irq_router_pending(struct irq_router *r, unsigned cpu, uint64_t now);

/* vCPU cpu takes it (INTA cycle): returns the vector to deliver. Call
 * only after irq_router_pending() returned >= 0. */
int irq_router_ack(struct irq_router *r, unsigned cpu, uint64_t now);

/* Host TSC at which vCPU cpu's APIC timer next fires, or UINT64_MAX. */
uint64_t irq_router_next_event(const struct irq_router *r, unsigned cpu);

#endif
