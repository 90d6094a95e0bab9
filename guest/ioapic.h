/*
 * Emulated I/O APIC with 24 input pins at 0xFEC00000, as the ICH family
 * has it (version 0x20: the 82093AA's registers plus the EOI register).
 *
 * Spec: Intel 82093AA I/O APIC datasheet (order 290566): 3.0 "Register
 * Description" (IOREGSEL, IOWIN, IOAPICID, IOAPICVER, IOAPICARB,
 * IOREDTBL[0:23]); Intel ICH9 datasheet 13.5 "APIC" (version 0x20,
 * the directed EOI register at offset 0x40).
 *
 * Memory map (offsets from the base): 0x00 IOREGSEL (8 bits used), 0x10
 * IOWIN (32 bits), 0x40 EOI (write a vector: clears the Remote IRR of
 * the level-triggered entries with that vector). Registers through
 * IOWIN: 0x00 ID (bits 27:24), 0x01 version (0x20, max redirection
 * entry 23 in bits 23:16), 0x02 arbitration ID (= ID), 0x10 + 2n / 0x11
 * + 2n the low / high halves of redirection entry n.
 *
 * Pins: ioapic_set_irq() sets a pin's wire level. The entry's polarity
 * bit says which level asserts (active low inverts). An edge-triggered
 * entry sends one message on each deasserted-to-asserted transition while
 * unmasked (an edge while masked is lost, as on the chip). A
 * level-triggered entry sends while the input is asserted, unmasked and
 * Remote IRR is clear, and sets Remote IRR; the EOI of its vector (from
 * a local APIC's EOI broadcast or the EOI register) clears Remote IRR and
 * sends again if the input is still asserted.
 *
 * Messages go out through the deliver callback (the interrupt router),
 * which finds the local APICs. Delivery status (bit 12) always reads
 * idle: a message is accepted at once.
 *
 * All state is in struct ioapic; the model does no I/O.
 */
#ifndef GUEST_IOAPIC_H
#define GUEST_IOAPIC_H

#include <stdbool.h>
#include <stdint.h>
#include "guest/apic_msg.h"

#define IOAPIC_DEFAULT_BASE	0xFEC00000ULL
#define IOAPIC_MMIO_SIZE	0x1000
#define IOAPIC_PINS		24

/* MMIO offsets. */
#define IOAPIC_IOREGSEL		0x00
#define IOAPIC_IOWIN		0x10
#define IOAPIC_EOI		0x40

/* Indirect registers. */
#define IOAPIC_REG_ID		0x00
#define IOAPIC_REG_VERSION	0x01
#define IOAPIC_REG_ARB		0x02
#define IOAPIC_REG_REDTBL	0x10

#define IOAPIC_VERSION_VALUE	(0x20u | (IOAPIC_PINS - 1) << 16)

/* Redirection entry bits (IOREDTBL). */
#define IOAPIC_RTE_VECTOR	0x000000FFULL
#define IOAPIC_RTE_DM_SHIFT	8
#define IOAPIC_RTE_DEST_LOGICAL	(1ULL << 11)
#define IOAPIC_RTE_DELIVS	(1ULL << 12)	/* read only */
#define IOAPIC_RTE_ACTIVE_LOW	(1ULL << 13)
#define IOAPIC_RTE_REMOTE_IRR	(1ULL << 14)	/* read only */
#define IOAPIC_RTE_LEVEL	(1ULL << 15)
#define IOAPIC_RTE_MASKED	(1ULL << 16)
#define IOAPIC_RTE_DEST_SHIFT	56
/* What the guest can write: vector, delivery mode, destination mode,
 * polarity, trigger mode, mask, destination. */
#define IOAPIC_RTE_WRITABLE	0xFF0000000001AFFFULL

typedef void (*ioapic_deliver_fn)(void *ctx, const struct apic_msg *msg);

struct ioapic {
	uint32_t id;		/* IOAPICID as written (bits 27:24) */
	uint8_t regsel;
	uint64_t rte[IOAPIC_PINS];
	uint32_t wire;		/* pin levels, bit n = pin n */
	ioapic_deliver_fn deliver;
	void *ctx;
	uint64_t sent;		/* messages sent */
	uint32_t bad_access;	/* bad pin from the caller, or narrow write */
};

/* Reset state: ID 0, every entry masked, edge, active high, vector 0;
 * every pin low. */
void ioapic_init(struct ioapic *io, ioapic_deliver_fn deliver, void *ctx);

/* Guest MMIO at offset from the base (0..0xFFF), size 1, 2, 4 or 8. */
uint64_t ioapic_mmio_read(struct ioapic *io, uint32_t offset, unsigned size);
void ioapic_mmio_write(struct ioapic *io, uint32_t offset, unsigned size,
		       uint64_t value);

/* Drives pin to the wire level. pin >= 24 is counted and ignored. */
void ioapic_set_irq(struct ioapic *io, unsigned pin, bool level);

/* A local APIC's EOI of a level-triggered vector (broadcast). */
void ioapic_eoi(struct ioapic *io, uint8_t vector);

/* True if an unmasked redirection entry has delivery mode NMI: a device
 * may send an NMI. */
bool ioapic_nmi_armed(const struct ioapic *io);

#endif
