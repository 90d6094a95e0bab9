/* The platform's interrupt wiring; see irq_router.h. */
#include "guest/irq_router.h"

static void ioapic_sink(void *ctx, const struct apic_msg *msg)
{
	irq_router_deliver(ctx, msg);
}

void irq_router_init(struct irq_router *r, struct pic8259_pair *pic,
		     struct ioapic *ioapic, struct lapic *lapic, unsigned n)
{
	*r = (struct irq_router){ .pic = pic, .ioapic = ioapic,
				  .lapic = lapic, .nlapic = n };
	ioapic->deliver = ioapic_sink;
	ioapic->ctx = r;
}

unsigned irq_router_isa_gsi(unsigned irq)
{
	return irq == 0 ? 2 : irq;
}

void irq_router_set_isa_irq(struct irq_router *r, unsigned irq, bool level)
{
	if (irq >= ISA_IRQS)
		return;
	pic_pair_set_irq(r->pic, irq, level);
	ioapic_set_irq(r->ioapic, irq_router_isa_gsi(irq), level);
}

void irq_router_pulse_isa_irq(struct irq_router *r, unsigned irq)
{
	unsigned gsi = irq_router_isa_gsi(irq);

	if (irq >= ISA_IRQS)
		return;
	pic_pair_pulse_irq(r->pic, irq);
	ioapic_set_irq(r->ioapic, gsi, true);
	ioapic_set_irq(r->ioapic, gsi, false);
}

static bool targets(const struct irq_router *r, const struct apic_msg *m,
		    unsigned i)
{
	switch (m->shorthand) {
	case APIC_SH_SELF:	return i == m->source;
	case APIC_SH_ALL:	return true;
	case APIC_SH_OTHERS:	return i != m->source;
	}
	return lapic_match_dest(&r->lapic[i], m->dest, m->logical);
}

void irq_router_deliver(struct irq_router *r, const struct apic_msg *m)
{
	bool taken = false;

	if (m->delivery != APIC_DM_FIXED && m->delivery != APIC_DM_LOWEST &&
	    m->delivery != APIC_DM_NMI) {
		r->unsupported++;
		return;
	}
	for (unsigned i = 0; i < r->nlapic; i++) {
		if (!targets(r, m, i))
			continue;
		if (m->delivery == APIC_DM_NMI) {
			/* The vector is ignored (11.6.1). */
			if (lapic_accept_nmi(&r->lapic[i])) {
				r->nmis++;
				taken = true;
			}
			continue;
		}
		if (lapic_accept(&r->lapic[i], m->vector, m->level))
			taken = true;
		/* Lowest priority: one APIC gets it (the first that
		 * matches: no arbitration between equal vCPUs yet). */
		if (taken && m->delivery == APIC_DM_LOWEST)
			break;
	}
	if (taken)
		r->delivered++;
	else
		r->lost++;
}

void irq_router_lapic_effect(struct irq_router *r,
			     const struct lapic_effect *eff)
{
	if (eff->eoi_level)
		ioapic_eoi(r->ioapic, eff->eoi_vector);
	if (eff->send)
		irq_router_deliver(r, &eff->msg);
}

void irq_router_nmi_line(struct irq_router *r)
{
	for (unsigned i = 0; i < r->nlapic; i++) {
		struct lapic *l = &r->lapic[i];
		bool had = l->nmi_pending;

		lapic_lint1(l);
		if (l->nmi_pending && !had)
			r->nmis++;
	}
}

bool irq_router_take_nmi(struct irq_router *r, unsigned cpu)
{
	return cpu < r->nlapic && lapic_take_nmi(&r->lapic[cpu]);
}

/* Where vCPU cpu's next interrupt comes from. */
enum source { NONE, PIC, LAPIC };

static enum source source(struct irq_router *r, unsigned cpu, uint64_t now,
			  int *vector)
{
	struct lapic *l;

	*vector = -1;
	if (cpu >= r->nlapic)
		return NONE;
	l = &r->lapic[cpu];
	/* The 8259's INTR reaches the BSP only: straight to the core when
	 * its APIC is globally disabled, else through LINT0 as ExtINT,
	 * which the APIC passes on ahead of its own IRR (no priority). */
	if (cpu == 0 && (!lapic_hw_enabled(l) || lapic_extint(l))) {
		*vector = pic_pair_pending_vector(r->pic);
		if (*vector >= 0)
			return PIC;
	}
	if (!lapic_hw_enabled(l))
		return NONE;
	lapic_timer_poll(l, now);
	*vector = lapic_pending_vector(l);
	return *vector >= 0 ? LAPIC : NONE;
}

int irq_router_pending(struct irq_router *r, unsigned cpu, uint64_t now)
{
	int vector;

	source(r, cpu, now, &vector);
	return vector;
}

int irq_router_ack(struct irq_router *r, unsigned cpu, uint64_t now)
{
	int vector;

	switch (source(r, cpu, now, &vector)) {
	case PIC:
		return pic_pair_ack(r->pic);
	case LAPIC:
		return lapic_ack(&r->lapic[cpu]);
	case NONE:
		break;
	}
	return -1;
}

uint64_t irq_router_next_event(const struct irq_router *r, unsigned cpu)
{
	if (cpu >= r->nlapic || !lapic_hw_enabled(&r->lapic[cpu]))
		return UINT64_MAX;
	return lapic_timer_next(&r->lapic[cpu]);
}
