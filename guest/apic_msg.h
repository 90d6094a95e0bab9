/* An interrupt message between APICs: what an IOAPIC redirection entry or
 * a local APIC's ICR sends over the (virtual) system bus to the local
 * APICs it names (SDM Vol. 3A 11.6.1 "Interrupt Command Register", 11.6.2
 * "Determining IPI Destination"; 82093AA IOAPIC datasheet 3.2.4
 * "IOREDTBL"). The interrupt router (guest/irq_router.c) finds the
 * destinations and hands each the message. */
#ifndef GUEST_APIC_MSG_H
#define GUEST_APIC_MSG_H

#include <stdbool.h>
#include <stdint.h>

/* Delivery modes (ICR and IOREDTBL bits 10:8, LVT bits 10:8). */
#define APIC_DM_FIXED		0
#define APIC_DM_LOWEST		1
#define APIC_DM_SMI		2
#define APIC_DM_NMI		4
#define APIC_DM_INIT		5
#define APIC_DM_STARTUP		6
#define APIC_DM_EXTINT		7

/* ICR destination shorthand (bits 19:18). */
#define APIC_SH_NONE		0
#define APIC_SH_SELF		1
#define APIC_SH_ALL		2	/* all including self */
#define APIC_SH_OTHERS		3	/* all excluding self */

/* Physical destination 0xFF: every local APIC (11.6.2.1). */
#define APIC_DEST_BROADCAST	0xFF

struct apic_msg {
	uint8_t vector;
	uint8_t delivery;	/* APIC_DM_* */
	bool logical;		/* destination mode: logical (1) or physical */
	bool level;		/* trigger mode: level (1) or edge */
	uint8_t dest;		/* APIC ID, or logical destination mask */
	uint8_t shorthand;	/* APIC_SH_*; ICR only, NONE from an IOAPIC */
	uint8_t source;		/* index of the sending local APIC (ICR) */
};

#endif
