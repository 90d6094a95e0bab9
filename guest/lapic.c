/* Emulated local APIC; see lapic.h. */
#include "guest/lapic.h"
#include "kernel/muldiv.h"

/* Bits of each LVT the guest can write (11.5.1, Figure 11-8). */
static const uint32_t lvt_writable[LVT_COUNT] = {
	[LVT_TIMER]   = 0x000700FFu,	/* vector, mask, timer mode */
	[LVT_THERMAL] = 0x000107FFu,	/* vector, delivery mode, mask */
	[LVT_PERF]    = 0x000107FFu,
	[LVT_LINT0]   = 0x0001A7FFu,	/* + polarity, trigger mode */
	[LVT_LINT1]   = 0x0001A7FFu,
	[LVT_ERROR]   = 0x000100FFu,	/* vector, mask */
};

static void set_error(struct lapic *l, enum lapic_error e)
{
	l->unsupported++;
	l->last_error = e;
}

static bool test_bit(const uint32_t *map, unsigned v)
{
	return map[v >> 5] & (1u << (v & 31));
}

static void set_bit(uint32_t *map, unsigned v)
{
	map[v >> 5] |= 1u << (v & 31);
}

static void clear_bit(uint32_t *map, unsigned v)
{
	map[v >> 5] &= ~(1u << (v & 31));
}

/* Highest set bit of a 256-bit map, or -1. */
static int highest(const uint32_t *map)
{
	for (int i = 7; i >= 0; i--)
		if (map[i])
			return i * 32 + 31 - __builtin_clz(map[i]);
	return -1;
}

static bool sw_enabled(const struct lapic *l)
{
	return l->svr & LAPIC_SVR_ENABLE;
}

bool lapic_hw_enabled(const struct lapic *l)
{
	return l->apic_base & LAPIC_BASE_EN;
}

static unsigned timer_mode(const struct lapic *l)
{
	return (l->lvt[LVT_TIMER] >> LAPIC_LVT_TIMER_SHIFT) & 3;
}

/* Divide configuration (11.5.4, Figure 11-10): bits 3,1:0; 111b is 1. */
static uint64_t timer_divisor(uint32_t dcr)
{
	unsigned d = ((dcr >> 1) & 4) | (dcr & 3);
	return d == 7 ? 1 : 2ULL << d;
}

/* TSC ticks for n counts of the timer: n * divisor * num / den. */
static uint64_t counts_to_tsc(const struct lapic *l, uint64_t n)
{
	return mul_div(n * timer_divisor(l->timer_dcr), l->tsc_num, l->tsc_den);
}

/* Whole counts in tsc TSC ticks. */
static uint64_t tsc_to_counts(const struct lapic *l, uint64_t tsc)
{
	return mul_div(tsc, l->tsc_den, l->tsc_num) / timer_divisor(l->timer_dcr);
}

static uint64_t timer_period(const struct lapic *l)
{
	uint64_t p = counts_to_tsc(l, l->timer_icr);
	if (timer_mode(l) == LAPIC_TIMER_PERIODIC && p < l->min_period_tsc)
		p = l->min_period_tsc;
	return p;
}

static void timer_stop(struct lapic *l)
{
	l->timer_expiry = UINT64_MAX;
}

static void timer_start(struct lapic *l, uint64_t now)
{
	l->timer_start = now;
	if (l->timer_icr == 0 || timer_mode(l) == LAPIC_TIMER_TSC_DEADLINE)
		timer_stop(l);
	else
		l->timer_expiry = now + timer_period(l);
}

static void reset_registers(struct lapic *l)
{
	l->tpr = 0;
	l->ldr = 0;
	l->dfr = 0xFFFFFFFFu;
	l->svr = 0xFF;
	for (int i = 0; i < 8; i++)
		l->isr[i] = l->tmr[i] = l->irr[i] = 0;
	l->esr = l->esr_pending = 0;
	for (int i = 0; i < LVT_COUNT; i++)
		l->lvt[i] = LAPIC_LVT_MASKED;
	l->icr_lo = l->icr_hi = 0;
	l->timer_icr = 0;
	l->timer_dcr = 0;
	l->tsc_deadline = 0;
	timer_stop(l);
}

void lapic_init(struct lapic *l, uint8_t index, uint8_t id, uint32_t tsc_num,
		uint32_t tsc_den, uint64_t min_period_tsc)
{
	*l = (struct lapic){ 0 };
	l->index = index;
	l->id = (uint32_t)id << 24;
	l->apic_base = LAPIC_DEFAULT_BASE | LAPIC_BASE_EN |
		       (index == 0 ? LAPIC_BASE_BSP : 0);
	l->tsc_num = tsc_num && tsc_den ? tsc_num : 1;
	l->tsc_den = tsc_num && tsc_den ? tsc_den : 1;
	l->min_period_tsc = min_period_tsc;
	reset_registers(l);
}

void lapic_bios_setup(struct lapic *l)
{
	l->svr = LAPIC_SVR_ENABLE | 0xFF;
	l->lvt[LVT_LINT0] = APIC_DM_EXTINT << LAPIC_LVT_DM_SHIFT;
	l->lvt[LVT_LINT1] = APIC_DM_NMI << LAPIC_LVT_DM_SHIFT;
}

/* now must not go backwards; if it does, the latest seen is used. */
static uint64_t monotonic(struct lapic *l, uint64_t now)
{
	if (now < l->last_now) {
		l->bad_access++;
		l->last_error = LAPIC_ERR_TIME_BACKWARDS;
		return l->last_now;
	}
	l->last_now = now;
	return now;
}

/* --- Priorities and interrupt acceptance (11.8) --------------------- */

uint32_t lapic_ppr(const struct lapic *l)
{
	int isrv = highest(l->isr);
	uint32_t isr_class = isrv < 0 ? 0 : (uint32_t)isrv & 0xF0;

	if ((l->tpr & 0xF0) >= isr_class)
		return l->tpr & 0xFF;
	return isr_class;
}

int lapic_pending_vector(const struct lapic *l)
{
	int v = highest(l->irr);

	if (v < 0 || !lapic_hw_enabled(l))
		return -1;
	if (((uint32_t)v & 0xF0) <= (lapic_ppr(l) & 0xF0))
		return -1;
	return v;
}

int lapic_ack(struct lapic *l)
{
	int v = lapic_pending_vector(l);

	if (v < 0)
		return l->svr & 0xFF;	/* spurious: no ISR bit (11.9) */
	clear_bit(l->irr, (unsigned)v);
	set_bit(l->isr, (unsigned)v);
	return v;
}

static void record_error(struct lapic *l, uint32_t bits);

bool lapic_accept(struct lapic *l, uint8_t vector, bool level)
{
	/* A disabled APIC takes no fixed interrupts (11.4.7.2 keeps only
	 * INIT, NMI, SMI and SIPI). */
	if (!lapic_hw_enabled(l) || !sw_enabled(l))
		return false;
	if (vector < 16) {
		record_error(l, LAPIC_ESR_RECV_ILLEGAL);
		return false;
	}
	set_bit(l->irr, vector);
	if (level)
		set_bit(l->tmr, vector);
	else
		clear_bit(l->tmr, vector);
	return true;
}

bool lapic_accept_nmi(struct lapic *l)
{
	if (!lapic_hw_enabled(l))
		return false;
	l->nmi_pending = true;
	return true;
}

bool lapic_lint1(struct lapic *l)
{
	uint32_t lvt = l->lvt[LVT_LINT1];

	if (!lapic_hw_enabled(l)) {
		l->nmi_pending = true;	/* LINT1 is the NMI pin (11.4.3) */
		return true;
	}
	if (lvt & LAPIC_LVT_MASKED)
		return false;
	switch ((lvt >> LAPIC_LVT_DM_SHIFT) & 7) {
	case APIC_DM_NMI:
		l->nmi_pending = true;
		return true;
	case APIC_DM_FIXED:
		return lapic_accept(l, lvt & LAPIC_LVT_VECTOR, false);
	}
	l->unsupported++;	/* SMI, INIT, ExtINT on LINT1 */
	return false;
}

bool lapic_take_nmi(struct lapic *l)
{
	bool nmi = l->nmi_pending;

	l->nmi_pending = false;
	return nmi;
}

/* An error is latched and, if the error LVT is unmasked, interrupts.
 * An illegal vector in the error LVT itself adds its own error bit but
 * raises nothing more. */
static void record_error(struct lapic *l, uint32_t bits)
{
	uint32_t lvt = l->lvt[LVT_ERROR];

	l->esr_pending |= bits;
	if (lvt & LAPIC_LVT_MASKED)
		return;
	if ((lvt & LAPIC_LVT_VECTOR) < 16) {
		l->esr_pending |= LAPIC_ESR_RECV_ILLEGAL;
		return;
	}
	set_bit(l->irr, lvt & LAPIC_LVT_VECTOR);
	clear_bit(l->tmr, lvt & LAPIC_LVT_VECTOR);
}

bool lapic_extint(const struct lapic *l)
{
	uint32_t lint0 = l->lvt[LVT_LINT0];

	return lapic_hw_enabled(l) && !(lint0 & LAPIC_LVT_MASKED) &&
	       ((lint0 >> LAPIC_LVT_DM_SHIFT) & 7) == APIC_DM_EXTINT;
}

bool lapic_match_dest(const struct lapic *l, uint8_t dest, bool logical)
{
	uint8_t ldr = (uint8_t)(l->ldr >> 24);

	if (!lapic_hw_enabled(l))
		return false;
	if (!logical)
		return dest == APIC_DEST_BROADCAST || dest == (uint8_t)(l->id >> 24);
	if (dest == 0xFF)
		return true;
	if ((l->dfr >> 28) == 0xF)	/* flat model: one bit per APIC */
		return (ldr & dest) != 0;
	/* Cluster model: cluster in bits 7:4, member bits 3:0. */
	return (ldr >> 4) == (dest >> 4) && (ldr & dest & 0x0F) != 0;
}

/* --- Timer (11.5.4) -------------------------------------------------- */

static void timer_fire(struct lapic *l)
{
	uint32_t lvt = l->lvt[LVT_TIMER];

	l->timer_fired++;
	if (!(lvt & LAPIC_LVT_MASKED))
		lapic_accept(l, lvt & LAPIC_LVT_VECTOR, false);
}

void lapic_timer_poll(struct lapic *l, uint64_t now)
{
	now = monotonic(l, now);
	if (timer_mode(l) == LAPIC_TIMER_TSC_DEADLINE) {
		if (l->tsc_deadline && now >= l->tsc_deadline) {
			l->tsc_deadline = 0;	/* one interrupt, then disarmed */
			timer_fire(l);
		}
		return;
	}
	if (now < l->timer_expiry)
		return;
	timer_fire(l);
	if (timer_mode(l) == LAPIC_TIMER_PERIODIC) {
		uint64_t period = timer_period(l);
		uint64_t n = (now - l->timer_start) / period;
		l->timer_start += n * period;
		l->timer_expiry = l->timer_start + period;
	} else {
		timer_stop(l);
	}
}

uint64_t lapic_timer_next(const struct lapic *l)
{
	if (l->lvt[LVT_TIMER] & LAPIC_LVT_MASKED)
		return UINT64_MAX;
	if (timer_mode(l) == LAPIC_TIMER_TSC_DEADLINE)
		return l->tsc_deadline ? l->tsc_deadline : UINT64_MAX;
	return l->timer_expiry;
}

static uint32_t timer_current(struct lapic *l, uint64_t now)
{
	uint64_t counts;

	if (timer_mode(l) == LAPIC_TIMER_TSC_DEADLINE || l->timer_icr == 0)
		return 0;
	/* Stopped (a one-shot count that reached zero stays there, also
	 * after a switch to periodic mode), or a one-shot past zero. */
	if (l->timer_expiry == UINT64_MAX ||
	    (now >= l->timer_expiry && timer_mode(l) != LAPIC_TIMER_PERIODIC))
		return 0;
	counts = tsc_to_counts(l, now - l->timer_start);
	if (timer_mode(l) == LAPIC_TIMER_PERIODIC)
		counts %= l->timer_icr;
	return counts >= l->timer_icr ? 0 : l->timer_icr - (uint32_t)counts;
}

uint64_t lapic_read_tsc_deadline(const struct lapic *l)
{
	if (timer_mode(l) != LAPIC_TIMER_TSC_DEADLINE)
		return 0;
	return l->tsc_deadline;
}

void lapic_write_tsc_deadline(struct lapic *l, uint64_t val, uint64_t now)
{
	if (timer_mode(l) != LAPIC_TIMER_TSC_DEADLINE)
		return;
	l->tsc_deadline = val;
	lapic_timer_poll(l, now);	/* a deadline in the past fires now */
}

/* The divide configuration changes mid-count: the count left keeps
 * counting down at the new rate. */
static void write_dcr(struct lapic *l, uint32_t val, uint64_t now)
{
	uint32_t left = timer_current(l, now);
	bool running = l->timer_expiry != UINT64_MAX;

	l->timer_dcr = val & 0xB;
	if (!running || left == 0)
		return;
	/* As if the whole period had run at the new rate. */
	uint64_t done = counts_to_tsc(l, l->timer_icr - left);
	l->timer_start = now > done ? now - done : 0;
	l->timer_expiry = now + counts_to_tsc(l, left);
}

static void write_lvt(struct lapic *l, enum lapic_lvt i, uint32_t val,
		      uint64_t now)
{
	uint32_t old = l->lvt[i];

	val &= lvt_writable[i];
	if (!sw_enabled(l))
		val |= LAPIC_LVT_MASKED;	/* 11.4.7.2 */
	if (i == LVT_TIMER) {
		unsigned mode = (val >> LAPIC_LVT_TIMER_SHIFT) & 3;
		if (mode == 3)
			set_error(l, LAPIC_ERR_TIMER_MODE);
		/* An expiry before this write is judged by the old entry. */
		lapic_timer_poll(l, now);
		unsigned old_mode = (old >> LAPIC_LVT_TIMER_SHIFT) & 3;
		/* Switching to or from TSC-deadline mode disarms the timer
		 * (11.5.4.1); between one-shot and periodic the count goes
		 * on, and the new mode decides what happens at zero. */
		if (mode != old_mode && (mode == LAPIC_TIMER_TSC_DEADLINE ||
					 old_mode == LAPIC_TIMER_TSC_DEADLINE)) {
			l->tsc_deadline = 0;
			l->timer_icr = 0;
			timer_stop(l);
		}
	}
	/* Read-only bits keep their value. */
	l->lvt[i] = val | (old & (LAPIC_LVT_DELIVS | LAPIC_LVT_REMOTE_IRR));
}

/* --- Registers -------------------------------------------------------- */

static uint32_t read_reg(struct lapic *l, uint32_t reg, uint64_t now)
{
	switch (reg) {
	case LAPIC_ID:		return l->id;
	case LAPIC_VERSION:	return LAPIC_VERSION_VALUE;
	case LAPIC_TPR:		return l->tpr;
	case LAPIC_APR:		return 0;
	case LAPIC_PPR:		return lapic_ppr(l);
	case LAPIC_EOI:		return 0;	/* write-only */
	case LAPIC_RRD:		return 0;
	case LAPIC_LDR:		return l->ldr;
	case LAPIC_DFR:		return l->dfr;
	case LAPIC_SVR:		return l->svr;
	case LAPIC_ESR:		return l->esr;
	case LAPIC_ICR_LO:	return l->icr_lo;	/* delivery status idle */
	case LAPIC_ICR_HI:	return l->icr_hi;
	case LAPIC_TIMER_ICR:	return l->timer_icr;
	case LAPIC_TIMER_CCR:	return timer_current(l, now);
	case LAPIC_TIMER_DCR:	return l->timer_dcr;
	}
	if (reg >= LAPIC_ISR && reg < LAPIC_ISR + 0x80)
		return l->isr[(reg - LAPIC_ISR) >> 4];
	if (reg >= LAPIC_TMR && reg < LAPIC_TMR + 0x80)
		return l->tmr[(reg - LAPIC_TMR) >> 4];
	if (reg >= LAPIC_IRR && reg < LAPIC_IRR + 0x80)
		return l->irr[(reg - LAPIC_IRR) >> 4];
	if (reg >= LAPIC_LVT_TIMER && reg <= LAPIC_LVT_ERROR)
		return l->lvt[(reg - LAPIC_LVT_TIMER) >> 4];
	record_error(l, LAPIC_ESR_ILLEGAL_REG);
	return 0;
}

static void eoi(struct lapic *l, struct lapic_effect *eff)
{
	int v = highest(l->isr);

	if (v < 0)
		return;		/* EOI with nothing in service: ignored */
	clear_bit(l->isr, (unsigned)v);
	if (test_bit(l->tmr, (unsigned)v)) {
		eff->eoi_level = true;
		eff->eoi_vector = (uint8_t)v;
	}
}

static void write_svr(struct lapic *l, uint32_t val)
{
	l->svr = val & 0x3FF;	/* vector, enable, focus check; no bit 12 */
	if (!sw_enabled(l))
		for (int i = 0; i < LVT_COUNT; i++)
			l->lvt[i] |= LAPIC_LVT_MASKED;
}

static void write_icr(struct lapic *l, uint32_t val, struct lapic_effect *eff)
{
	struct apic_msg *m = &eff->msg;

	l->icr_lo = val & 0x000CCFFFu;	/* delivery status always idle */
	m->vector = val & 0xFF;
	m->delivery = (val >> 8) & 7;
	m->logical = val & LAPIC_ICR_DEST_LOGICAL;
	m->level = val & LAPIC_ICR_TRIGGER_LEVEL;
	m->dest = (uint8_t)(l->icr_hi >> 24);
	m->shorthand = (val >> LAPIC_ICR_SH_SHIFT) & 3;
	m->source = l->index;
	/* INIT level de-assert (level 0, trigger level) is a no-op on
	 * P6 and later (11.6.1). */
	if (m->delivery == APIC_DM_INIT && !(val & LAPIC_ICR_LEVEL_ASSERT))
		return;
	if ((m->delivery == APIC_DM_FIXED || m->delivery == APIC_DM_LOWEST) &&
	    m->vector < 16) {
		record_error(l, LAPIC_ESR_SEND_ILLEGAL);
		return;
	}
	eff->send = true;
}

static void write_reg(struct lapic *l, uint32_t reg, uint32_t val,
		      uint64_t now, struct lapic_effect *eff)
{
	switch (reg) {
	case LAPIC_ID:
		l->id = val & 0xFF000000u;
		return;
	case LAPIC_TPR:
		l->tpr = val & 0xFF;
		return;
	case LAPIC_EOI:
		eoi(l, eff);
		return;
	case LAPIC_LDR:
		l->ldr = val & 0xFF000000u;
		return;
	case LAPIC_DFR:
		l->dfr = val | 0x0FFFFFFFu;
		return;
	case LAPIC_SVR:
		write_svr(l, val);
		return;
	case LAPIC_ESR:
		/* A write latches the errors since the last one (11.5.3). */
		l->esr = l->esr_pending;
		l->esr_pending = 0;
		return;
	case LAPIC_ICR_LO:
		write_icr(l, val, eff);
		return;
	case LAPIC_ICR_HI:
		l->icr_hi = val & 0xFF000000u;
		return;
	case LAPIC_TIMER_ICR:
		if (timer_mode(l) == LAPIC_TIMER_TSC_DEADLINE)
			return;		/* ignored in deadline mode */
		l->timer_icr = val;
		timer_start(l, now);
		return;
	case LAPIC_TIMER_DCR:
		write_dcr(l, val, now);
		return;
	case LAPIC_VERSION: case LAPIC_APR: case LAPIC_PPR: case LAPIC_RRD:
	case LAPIC_TIMER_CCR:
		return;		/* read-only: ignored */
	}
	if (reg >= LAPIC_LVT_TIMER && reg <= LAPIC_LVT_ERROR) {
		write_lvt(l, (enum lapic_lvt)((reg - LAPIC_LVT_TIMER) >> 4), val, now);
		return;
	}
	if (reg >= LAPIC_ISR && reg < LAPIC_IRR + 0x80)
		return;		/* ISR, TMR, IRR: read-only */
	record_error(l, LAPIC_ESR_ILLEGAL_REG);
}

uint64_t lapic_mmio_read(struct lapic *l, uint32_t offset, unsigned size,
			 uint64_t now)
{
	uint32_t reg = offset & 0xFF0;
	unsigned byte = offset & 0xF;
	uint64_t v;

	now = monotonic(l, now);
	if (!lapic_hw_enabled(l)) {
		v = ~0ULL;	/* nothing answers there */
	} else if (byte >= 4) {
		v = 0;		/* the rest of a 16-byte slot is reserved */
	} else {
		lapic_timer_poll(l, now);
		v = read_reg(l, reg, now) >> (byte * 8);
	}
	if (size < 8)
		v &= (1ULL << (size * 8)) - 1;
	return v;
}

void lapic_mmio_write(struct lapic *l, uint32_t offset, unsigned size,
		      uint64_t value, uint64_t now, struct lapic_effect *eff)
{
	*eff = (struct lapic_effect){ 0 };
	now = monotonic(l, now);
	if (!lapic_hw_enabled(l))
		return;
	if (size < 4 || (offset & 0xF)) {
		set_error(l, LAPIC_ERR_NARROW_WRITE);
		return;
	}
	lapic_timer_poll(l, now);
	write_reg(l, offset & 0xFF0, (uint32_t)value, now, eff);
}

/* --- MSRs and CR8 ----------------------------------------------------- */

uint64_t lapic_read_apic_base(const struct lapic *l)
{
	return l->apic_base;
}

int lapic_write_apic_base(struct lapic *l, uint64_t val, unsigned maxphyaddr)
{
	uint64_t reserved = 0xFFULL | (1ULL << 9) | LAPIC_BASE_EXTD;

	if (maxphyaddr < 64)
		reserved |= ~0ULL << maxphyaddr;
	if (val & reserved)
		return -1;
	if ((val & ~0xFFFULL) != LAPIC_DEFAULT_BASE)
		set_error(l, LAPIC_ERR_MOVE_BASE);
	/* The BSP flag is read-only here: it says which CPU booted. */
	if (!(val & LAPIC_BASE_EN) && lapic_hw_enabled(l))
		reset_registers(l);	/* disabled: back to power-up state */
	l->apic_base = LAPIC_DEFAULT_BASE | (val & LAPIC_BASE_EN) |
		       (l->apic_base & LAPIC_BASE_BSP);
	return 0;
}

uint8_t lapic_tpr(const struct lapic *l)
{
	return (uint8_t)l->tpr;
}

void lapic_set_tpr(struct lapic *l, uint8_t tpr)
{
	l->tpr = tpr;
}

const char *lapic_error_str(int err)
{
	switch (err) {
	case LAPIC_OK:			return "none";
	case LAPIC_ERR_MOVE_BASE:	return "IA32_APIC_BASE moves the base (unsupported)";
	case LAPIC_ERR_NARROW_WRITE:	return "register write of less than 32 bits";
	case LAPIC_ERR_TIMER_MODE:	return "reserved timer mode 11b";
	case LAPIC_ERR_TIME_BACKWARDS:	return "time went backwards";
	}
	return "unknown";
}
