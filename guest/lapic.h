/*
 * Emulated local APIC (xAPIC mode), one per vCPU, trap-and-emulate: the
 * guest's accesses to its 4 KiB register page at 0xFEE00000 and to the
 * IA32_APIC_BASE and IA32_TSC_DEADLINE MSRs land here.
 *
 * Spec: Intel SDM Vol. 3A chapter 11 "Advanced Programmable Interrupt
 * Controller (APIC)": 11.4 (IA32_APIC_BASE, Table 11-1 register map,
 * 11.4.7 state after reset and software enable), 11.5.1 LVT, 11.5.3 ESR,
 * 11.5.4 the timer (one-shot, periodic, TSC-deadline, divide
 * configuration), 11.6.1 ICR, 11.8.3 IRR/ISR/TMR, 11.8.3.1 PPR,
 * 11.8.5 EOI, 11.8.6 CR8, 11.9 spurious vector.
 *
 * Why xAPIC and no x2APIC: Linux on a hypervisor it does not know refuses
 * x2APIC mode without interrupt remapping (x2apic_available() is false,
 * "x2apic: IRQ remapping doesn't support X2APIC mode"), so it always
 * drives the xAPIC through MMIO; x2APIC MSRs would be code no guest here
 * runs. CPUID does not advertise x2APIC, IA32_APIC_BASE.EXTD is reserved
 * (#GP) and the MSRs 0x800-0x8FF are absent.
 *
 * What is emulated: ID (read/write), version 0x14 with 6 LVT entries
 * (timer, thermal, performance, LINT0, LINT1, error; no CMCI), TPR, PPR,
 * EOI (broadcast to the IOAPICs for level-triggered vectors, through the
 * caller), LDR, DFR (flat and cluster), SVR software enable, ISR/TMR/IRR,
 * ESR with the error LVT, ICR (the message goes to the caller, who finds
 * the destinations: lapic_match_dest()), the timer in one-shot, periodic
 * and TSC-deadline modes with the divide configuration register.
 *
 * Simplified, counted in `unsupported' and named in last_error:
 *  - the base cannot be moved: a write of IA32_APIC_BASE with another
 *    base keeps 0xFEE00000;
 *  - writes of less than 32 bits are dropped (the SDM leaves them
 *    undefined); reads of any size inside a register's first 4 bytes
 *    return those bytes;
 *  - the LVT timer mode 11b (reserved) acts as one-shot;
 *  - the thermal and performance LVTs never fire (no such events); LINT1
 *    is the platform's NMI line (lapic_lint1()); an ICR delivery mode
 *    other than fixed, lowest priority and NMI is left to the caller,
 *    which counts what it cannot deliver;
 *  - APR (0x090) reads 0 and RRD (0x0C0) reads 0, as on P6 and later.
 * A periodic timer never fires more often than min_period_tsc, so a guest
 * cannot keep the hypervisor busy with an initial count of 1.
 *
 * Time: the model reads no clock. Calls that depend on time get `now',
 * in host TSC ticks. The timer's input clock is the crystal CPUID leaf
 * 0x15 tells the guest about: tsc_num / tsc_den TSC ticks per tick
 * (EBX / EAX of that leaf), so Linux's lapic_timer_period, which it takes
 * from leaf 0x15, is right. The timer counts once every divisor such
 * ticks. IA32_TSC_DEADLINE values are in the same (host) TSC; the VMX
 * side converts for its TSC offset.
 *
 * All state is in struct lapic; the model does no I/O.
 */
#ifndef GUEST_LAPIC_H
#define GUEST_LAPIC_H

#include <stdbool.h>
#include <stdint.h>
#include "guest/apic_msg.h"

#define LAPIC_DEFAULT_BASE	0xFEE00000ULL
#define LAPIC_PAGE_SIZE		0x1000

/* IA32_APIC_BASE bits (11.4.4, Figure 11-5). */
#define LAPIC_BASE_BSP		(1ULL << 8)
#define LAPIC_BASE_EXTD		(1ULL << 10)	/* x2APIC: not supported */
#define LAPIC_BASE_EN		(1ULL << 11)	/* xAPIC global enable */

/* Register offsets (Table 11-1). */
#define LAPIC_ID	0x020
#define LAPIC_VERSION	0x030
#define LAPIC_TPR	0x080
#define LAPIC_APR	0x090
#define LAPIC_PPR	0x0A0
#define LAPIC_EOI	0x0B0
#define LAPIC_RRD	0x0C0
#define LAPIC_LDR	0x0D0
#define LAPIC_DFR	0x0E0
#define LAPIC_SVR	0x0F0
#define LAPIC_ISR	0x100	/* 8 registers, 16 bytes apart */
#define LAPIC_TMR	0x180
#define LAPIC_IRR	0x200
#define LAPIC_ESR	0x280
#define LAPIC_LVT_CMCI	0x2F0	/* absent here */
#define LAPIC_ICR_LO	0x300
#define LAPIC_ICR_HI	0x310
#define LAPIC_LVT_TIMER	0x320
#define LAPIC_LVT_THERMAL 0x330
#define LAPIC_LVT_PERF	0x340
#define LAPIC_LVT_LINT0	0x350
#define LAPIC_LVT_LINT1	0x360
#define LAPIC_LVT_ERROR	0x370
#define LAPIC_TIMER_ICR	0x380	/* initial count */
#define LAPIC_TIMER_CCR	0x390	/* current count */
#define LAPIC_TIMER_DCR	0x3E0	/* divide configuration */

/* Version register: 0x14 (integrated APIC), max LVT entry 5 (6 LVTs). */
#define LAPIC_VERSION_VALUE	0x00050014u

/* SVR (11.9). */
#define LAPIC_SVR_ENABLE	0x100	/* APIC software enable */

/* LVT bits (11.5.1, Figure 11-8). */
#define LAPIC_LVT_VECTOR	0x000000FFu
#define LAPIC_LVT_DM_SHIFT	8
#define LAPIC_LVT_DELIVS	(1u << 12)	/* delivery status, read only */
#define LAPIC_LVT_POLARITY	(1u << 13)	/* LINT: active low */
#define LAPIC_LVT_REMOTE_IRR	(1u << 14)	/* LINT, read only */
#define LAPIC_LVT_LEVEL		(1u << 15)	/* LINT: level triggered */
#define LAPIC_LVT_MASKED	(1u << 16)
#define LAPIC_LVT_TIMER_SHIFT	17		/* timer mode, bits 18:17 */
#define LAPIC_TIMER_ONESHOT	0
#define LAPIC_TIMER_PERIODIC	1
#define LAPIC_TIMER_TSC_DEADLINE 2

/* ESR bits (11.5.3, Figure 11-9). */
#define LAPIC_ESR_SEND_ILLEGAL	(1u << 5)
#define LAPIC_ESR_RECV_ILLEGAL	(1u << 6)
#define LAPIC_ESR_ILLEGAL_REG	(1u << 7)

/* ICR low bits (11.6.1, Figure 11-12) beyond those of struct apic_msg. */
#define LAPIC_ICR_DEST_LOGICAL	(1u << 11)
#define LAPIC_ICR_LEVEL_ASSERT	(1u << 14)
#define LAPIC_ICR_TRIGGER_LEVEL	(1u << 15)
#define LAPIC_ICR_SH_SHIFT	18

/* The LVT entries, in register order from 0x320. */
enum lapic_lvt {
	LVT_TIMER, LVT_THERMAL, LVT_PERF, LVT_LINT0, LVT_LINT1, LVT_ERROR,
	LVT_COUNT
};

enum lapic_error {
	LAPIC_OK = 0,
	LAPIC_ERR_MOVE_BASE,	/* IA32_APIC_BASE with another base */
	LAPIC_ERR_NARROW_WRITE,	/* MMIO write of less than 32 bits */
	LAPIC_ERR_TIMER_MODE,	/* LVT timer mode 11b */
	LAPIC_ERR_TIME_BACKWARDS, /* now smaller than before (caller bug) */
};

struct lapic {
	uint8_t index;		/* which vCPU's */
	uint32_t id;		/* ID register (APIC ID in bits 31:24) */
	uint64_t apic_base;	/* IA32_APIC_BASE */
	uint32_t tpr, ldr, dfr, svr;
	uint32_t isr[8], tmr[8], irr[8];	/* 256 bits each */
	uint32_t esr;		/* as last latched by an ESR write */
	uint32_t esr_pending;	/* errors since that write */
	uint32_t lvt[LVT_COUNT];
	uint32_t icr_lo, icr_hi;

	/* Timer. A period starts at timer_start; the next expiry (one-shot
	 * or periodic) is timer_expiry, UINT64_MAX when stopped. */
	uint32_t timer_icr, timer_dcr;
	uint64_t timer_start;
	uint64_t timer_expiry;
	uint64_t tsc_deadline;	/* armed when non-zero, deadline mode */
	uint32_t tsc_num, tsc_den;	/* TSC ticks per input tick */
	uint64_t min_period_tsc;
	uint64_t last_now;

	/* The CPU's NMI input: an NMI message or LINT1 in NMI mode latched
	 * it; the vCPU takes it (lapic_take_nmi). Like the CPU, several
	 * NMIs before it is taken become one. */
	bool nmi_pending;

	uint64_t timer_fired;	/* timer interrupts raised */
	uint32_t unsupported;
	uint32_t bad_access;
	enum lapic_error last_error;
};

/* What an MMIO write asks of the interrupt router. */
struct lapic_effect {
	bool eoi_level;		/* an EOI of a level-triggered vector: */
	uint8_t eoi_vector;	/*   broadcast it to the IOAPICs */
	bool send;		/* an ICR write: deliver msg */
	struct apic_msg msg;
};

/*
 * Power-up state (11.4.7.1) of vCPU index's APIC with APIC ID id: base
 * 0xFEE00000, globally enabled, BSP bit for index 0, software disabled
 * (SVR 0xFF), every LVT masked, DFR all ones, timer stopped.
 */
void lapic_init(struct lapic *l, uint8_t index, uint8_t id, uint32_t tsc_num,
		uint32_t tsc_den, uint64_t min_period_tsc);

/*
 * The state a PC BIOS leaves on the BSP ("virtual wire mode", MP spec
 * 3.6.2.2): software enabled with spurious vector 0xFF, LINT0 ExtINT (the
 * 8259's INTR), LINT1 NMI, both unmasked.
 */
void lapic_bios_setup(struct lapic *l);

/* Guest MMIO at offset (0..0xFFF) from the base, size 1, 2, 4 or 8.
 * A write fills *eff (cleared first) with what the router must do. */
uint64_t lapic_mmio_read(struct lapic *l, uint32_t offset, unsigned size,
			 uint64_t now);
void lapic_mmio_write(struct lapic *l, uint32_t offset, unsigned size,
		      uint64_t value, uint64_t now, struct lapic_effect *eff);

/* IA32_APIC_BASE. The write returns -1 for #GP (reserved bits, EXTD,
 * bits at or above maxphyaddr). */
uint64_t lapic_read_apic_base(const struct lapic *l);
int lapic_write_apic_base(struct lapic *l, uint64_t val, unsigned maxphyaddr);

/* IA32_TSC_DEADLINE (0x6E0), in host TSC ticks: reads 0 and ignores
 * writes outside TSC-deadline mode (11.5.4.1). */
uint64_t lapic_read_tsc_deadline(const struct lapic *l);
void lapic_write_tsc_deadline(struct lapic *l, uint64_t val, uint64_t now);

/* TPR, as CR8 reads and writes it (bits 7:4 = CR8[3:0], 11.8.6). */
uint8_t lapic_tpr(const struct lapic *l);
void lapic_set_tpr(struct lapic *l, uint8_t tpr);

/* True when the APIC is globally enabled (IA32_APIC_BASE.EN). */
bool lapic_hw_enabled(const struct lapic *l);

/* A fixed-mode interrupt arrives: sets its IRR bit (and TMR bit for
 * level). A vector below 16 is refused with a "received illegal vector"
 * error. Returns false if refused or the APIC is disabled. */
bool lapic_accept(struct lapic *l, uint8_t vector, bool level);

/* An NMI message arrives (delivery mode NMI from an ICR or an IOAPIC
 * entry, 11.6.1): latched for the CPU. Accepted even while the APIC is
 * software disabled (11.4.7.2); false only when globally disabled. */
bool lapic_accept_nmi(struct lapic *l);

/* The platform's NMI line (an NMI button, the chipset's NMI) pulses
 * LINT1 (11.5.1): with the APIC globally disabled the pin is the CPU's
 * NMI input; otherwise LVT LINT1 decides: masked drops it, NMI mode
 * latches an NMI, fixed mode raises its vector. Returns true if the CPU
 * got an NMI or an interrupt. */
bool lapic_lint1(struct lapic *l);

/* Takes the latched NMI: true once per NMI. */
bool lapic_take_nmi(struct lapic *l);

/* Highest-priority vector in IRR that PPR lets through, or -1
 * (11.8.3.1). Changes nothing. */
int lapic_pending_vector(const struct lapic *l);

/* The CPU takes the interrupt (INTA): moves the highest deliverable
 * vector from IRR to ISR and returns it; with none, returns the spurious
 * vector (SVR bits 7:0) and sets nothing (11.9). */
int lapic_ack(struct lapic *l);

/* Processor priority (11.8.3.1). */
uint32_t lapic_ppr(const struct lapic *l);

/* True if LINT0 passes the 8259's INTR through: APIC enabled, LINT0
 * unmasked with delivery mode ExtINT. */
bool lapic_extint(const struct lapic *l);

/* Does this APIC accept a message with destination dest in the given
 * mode (11.6.2.1 physical, 11.6.2.2 logical flat and cluster)? */
bool lapic_match_dest(const struct lapic *l, uint8_t dest, bool logical);

/* Raises the timer interrupt if the timer has expired by now (periodic
 * timers are re-armed; expiries missed in between coalesce into one). */
void lapic_timer_poll(struct lapic *l, uint64_t now);

/* Host TSC of the timer's next expiry, or UINT64_MAX if none is armed.
 * A masked timer still counts but needs no wake-up: UINT64_MAX. */
uint64_t lapic_timer_next(const struct lapic *l);

/* Short human-readable name of an enum lapic_error value. */
const char *lapic_error_str(int err);

#endif
