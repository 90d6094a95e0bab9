/*
 * Emulated 8254 PIT and port 0x61. See pit8254.h for what is modelled.
 *
 * A counter is either stopped, showing `hold' with OUT at `out_held', or
 * counting: it was loaded with n at tick `start', and its value and OUT
 * at any later tick follow from elapsed = now - start by the mode's
 * formula (count_value(), out_level()). Nothing needs to run between
 * guest accesses.
 *
 * Two things bend that straight line:
 *  - modes 0 and 4 stop counting while the gate is low: `paused' freezes
 *    elapsed at paused_elapsed, and a rising gate moves `start' so that
 *    counting resumes where it stopped;
 *  - modes 2 and 3 take a new count only at the end of the current
 *    period (mode 3: half period): `reload_pending' remembers when, and
 *    settle() makes the switch once time has passed that point.
 *
 * IRQ 0 edges: every entry point first folds the rising edges of OUT0
 * since the previous entry into irq0_latched (irq0_collect()), before it
 * changes anything. The edges of a counting sequence are computed by
 * next_edge(); a guest write can also raise OUT0 by itself (a control
 * word for mode 2 while OUT0 was low), which pit_write() notices by
 * comparing OUT0 before and after.
 *
 * Linux (6.1) uses, all binary, LSB then MSB:
 *  - drivers/clocksource/i8253.c: periodic 0x34 + PIT_LATCH (mode 2),
 *    oneshot 0x38 (mode 4) + delta per event, shutdown 0x30 and count
 *    0 (mode 0; newer kernels add a second 0x30), and as clocksource
 *    latch command 0x00 then two reads of port 0x40;
 *  - arch/x86/kernel/tsc.c: pit_calibrate_tsc() sets gate 2 through
 *    0x61, writes 0xB0 (channel 2 mode 0) and the latch, and polls
 *    port 0x61 bit 5; quick_pit_calibrate() writes 0xB0 and 0xFFFF and
 *    reads port 0x42 twice (LSB, MSB) without latching, expecting the
 *    MSB to drop by one every 256 ticks.
 */
#include "guest/pit8254.h"
#include "kernel/kstring.h"

static void note(struct pit8254 *p, enum pit8254_error e)
{
	p->last_error = e;
	if (e == PIT_ERR_BAD_PORT || e == PIT_ERR_TIME_BACKWARDS)
		p->bad_access++;
	else
		p->guest_errors++;
}

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* The mode the counter acts in: 6 and 7 are 2 and 3 (M2 is "don't care"). */
static unsigned op_mode(const struct pit_channel *c)
{
	return c->mode >= 6 ? c->mode - 4u : c->mode;
}

/* Counter range: a binary counter wraps at 2^16, a BCD one at 10^4. */
static uint32_t modulus(const struct pit_channel *c)
{
	return c->bcd ? 10000u : 65536u;
}

/* Mode 3: ticks OUT is high in each period of n ticks (N/2 rounded up). */
static uint32_t high_half(uint32_t n)
{
	return (n + 1) / 2;
}

/* Ticks counted since the sequence started, as of tick t. */
static uint64_t elapsed(const struct pit_channel *c, uint64_t t)
{
	return c->paused ? c->paused_elapsed : t - c->start;
}

/* Modes 2 and 3: move a pending count into the counter once due. */
static void settle(struct pit_channel *c, uint64_t t)
{
	if (!c->counting || !c->reload_pending || t < c->reload_at)
		return;
	c->start = c->reload_at;
	c->n = c->cr;
	c->phase = (op_mode(c) == 3 && c->reload_low) ? high_half(c->n) : 0;
	c->reload_pending = false;
	c->null_count = false;
}

/*
 * The counting element at tick t (settled), as a number 0..modulus-1
 * (an initial count of 65536 or 10000 shows as 0).
 */
static uint32_t count_value(const struct pit_channel *c, uint64_t t)
{
	uint32_t m = modulus(c), n = c->n, p, h;
	uint64_t e;

	if (!c->counting || n == 0)
		return c->hold % m;
	e = elapsed(c, t);
	switch (op_mode(c)) {
	case 2:
		/* n, n-1, ..., 1, then reload. */
		return (n - (uint32_t)(e % n)) % m;
	case 3:
		/*
		 * Down by two, reloading at each half period. Even n:
		 * n, n-2, ..., 2 in each half. Odd n: the high half shows
		 * n, n-1, n-3, ..., 2 ((n+1)/2 ticks), the low half n, n-3,
		 * n-5, ..., 2 ((n-1)/2 ticks).
		 */
		p = (uint32_t)((e + c->phase) % n);
		h = high_half(n);
		if (n % 2 == 0)
			return (p < h ? n - 2 * p : n - 2 * (p - h)) % m;
		if (p < h)
			return (p == 0 ? n : n + 1 - 2 * p) % m;
		p -= h;
		return (p == 0 ? n : n - 1 - 2 * p) % m;
	default:
		/* Modes 0, 1, 4, 5: down by one, wrapping past 0. */
		return (n + m - (uint32_t)(e % m)) % m;
	}
}

/* OUT at tick t (settled). */
static bool out_level(const struct pit_channel *c, uint64_t t)
{
	uint32_t n = c->n;
	uint64_t e;

	if (!c->counting || n == 0)
		return c->out_held;
	e = elapsed(c, t);
	switch (op_mode(c)) {
	case 0:		/* low until terminal count */
	case 1:		/* low from the trigger until terminal count */
		return e >= n;
	case 2:		/* low for the one tick the counter shows 1 */
		return n > 1 && e % n != n - 1;
	case 3:		/* high the first half of each period */
		return (e + c->phase) % n < high_half(n);
	default:	/* 4, 5: low for the one tick at count 0 */
		return e != n;
	}
}

/*
 * First rising edge of OUT strictly after t, for the sequence as it
 * stands (settled at t, ignoring a pending reload).
 */
static uint64_t sequence_next_edge(const struct pit_channel *c, uint64_t t)
{
	uint32_t n = c->n;
	uint64_t e, x;

	if (!c->counting || c->paused || n == 0)
		return UINT64_MAX;
	e = t - c->start;
	switch (op_mode(c)) {
	case 0:
	case 1:
		return e < n ? sat_add(t, n - e) : UINT64_MAX;
	case 2:
		/* OUT rises at each reload: elapsed n, 2n, ... */
		if (n < 2)
			return UINT64_MAX;
		return sat_add(t, (e / n + 1) * n - e);
	case 3:
		/* OUT rises at the start of each period. */
		if (n < 2)
			return UINT64_MAX;
		x = e + c->phase;
		return sat_add(t, (x / n + 1) * n - x);
	default:
		/* 4, 5: back high one tick after terminal count. */
		return e < (uint64_t)n + 1 ? sat_add(t, n + 1 - e) : UINT64_MAX;
	}
}

/*
 * First rising edge of OUT strictly after t. The channel's state must
 * describe tick t: no guest access changed it after t.
 */
static uint64_t next_edge(struct pit_channel c, uint64_t t)
{
	uint64_t edge;

	settle(&c, t);
	edge = sequence_next_edge(&c, t);
	if (!c.counting || !c.reload_pending || edge <= c.reload_at)
		return edge;
	/* The new count takes over first: its edges are after reload_at. */
	settle(&c, c.reload_at);
	return sequence_next_edge(&c, c.reload_at);
}

/* Load the count register into the counter and start counting at now. */
static void start_sequence(struct pit_channel *c, uint64_t now)
{
	unsigned m = op_mode(c);

	c->counting = true;
	c->start = now;
	c->n = c->cr;
	c->phase = 0;
	c->reload_pending = false;
	c->null_count = false;
	c->paused = false;
	if ((m == 0 || m == 4) && !c->gate) {
		/* Loaded, but counting waits for the gate. */
		c->paused = true;
		c->paused_elapsed = 0;
	}
}

/* Stop counting; the counter keeps showing its value at now. */
static void stop(struct pit_channel *c, uint64_t now, bool out)
{
	c->hold = count_value(c, now);
	c->out_held = out;
	c->counting = false;
	c->paused = false;
	c->reload_pending = false;
}

/*
 * Modes 2 and 3, counting: a new count is loaded when the counter next
 * reloads -- mode 2 at the end of the period, mode 3 at the end of the
 * half period (datasheet, "Mode 3"). If a reload is already scheduled,
 * it will simply pick up the newer count register.
 */
static void schedule_reload(struct pit_channel *c, uint64_t now)
{
	uint32_t n = c->n, h, x;
	uint64_t e = now - c->start;
	uint32_t left;

	if (c->reload_pending)
		return;
	if (op_mode(c) == 2) {
		left = n - (uint32_t)(e % n);
		c->reload_low = false;
	} else {
		x = (uint32_t)((e + c->phase) % n);
		h = high_half(n);
		if (x < h) {
			left = h - x;		/* OUT falls then */
			c->reload_low = true;
		} else {
			left = n - x;		/* OUT rises then */
			c->reload_low = false;
		}
	}
	c->reload_at = sat_add(now, left);
	c->reload_pending = true;
}

/* A written count in counter format: 0 is the largest count. */
static uint32_t decode_count(struct pit8254 *p, const struct pit_channel *c,
			     uint32_t raw)
{
	uint32_t v = 0, d;
	int shift;

	if (!c->bcd)
		return raw ? raw : 65536u;
	for (shift = 12; shift >= 0; shift -= 4) {
		d = (raw >> shift) & 0xf;
		if (d > 9) {
			note(p, PIT_ERR_BAD_BCD);
			d = 9;
		}
		v = v * 10 + d;
	}
	return v ? v : 10000u;
}

/* A counter value as the guest reads it: binary, or four BCD digits. */
static uint16_t encode_count(const struct pit_channel *c, uint32_t v)
{
	if (!c->bcd)
		return (uint16_t)v;
	v %= 10000;
	return (uint16_t)((v / 1000) << 12 | (v / 100 % 10) << 8 |
			  (v / 10 % 10) << 4 | (v % 10));
}

/* A complete count was written (datasheet, "Mode Definitions"). */
static void load_count(struct pit8254 *p, struct pit_channel *c,
		       uint32_t raw, uint64_t now)
{
	uint32_t n = decode_count(p, c, raw);

	c->cr = n;
	c->have_count = true;
	c->null_count = true;
	switch (op_mode(c)) {
	case 0:		/* (re)starts, OUT low until terminal count */
	case 4:		/* (re)starts, OUT stays high until the strobe */
		start_sequence(c, now);
		break;
	case 1:
	case 5:
		/* Waits for a gate trigger; a running one-shot goes on. */
		if (!c->counting)
			c->hold = n;
		break;
	default:	/* 2, 3 */
		if (n == 1)
			note(p, PIT_ERR_ILLEGAL_COUNT);
		if (c->counting) {
			schedule_reload(c, now);
		} else if (c->gate) {
			start_sequence(c, now);
		} else {
			/* Loaded; counting starts when the gate rises. */
			c->hold = n;
			c->null_count = false;
		}
		break;
	}
}

/* Channel 2's gate (port 0x61 bit 0) changed level. */
static void set_gate(struct pit_channel *c, bool level, uint64_t now)
{
	unsigned m = op_mode(c);

	if (level == c->gate)
		return;
	c->gate = level;
	if (level) {
		if (m == 0 || m == 4) {
			/* Counting resumes where it stopped. */
			if (c->counting && c->paused) {
				c->start = now - c->paused_elapsed;
				c->paused = false;
			}
		} else if (c->have_count) {
			/* 1, 5: trigger; 2, 3: restart from the count. */
			start_sequence(c, now);
		}
		return;
	}
	if ((m == 0 || m == 4) && c->counting && !c->paused) {
		c->paused_elapsed = now - c->start;
		c->paused = true;
	} else if ((m == 2 || m == 3) && c->counting) {
		/* Counting stops and OUT goes high at once. */
		stop(c, now, true);
	}
}

static uint8_t status_byte(const struct pit_channel *c, uint64_t now)
{
	return (uint8_t)((out_level(c, now) ? PIT_STATUS_OUTPUT : 0) |
			 (c->null_count ? PIT_STATUS_NULL_COUNT : 0) |
			 c->rw << PIT_CW_RW_SHIFT |
			 c->mode << PIT_CW_M_SHIFT |
			 (c->bcd ? PIT_CW_BCD : 0));
}

/* Counter latch command; a second one before the read is ignored. */
static void latch_count(struct pit_channel *c, uint64_t now)
{
	if (c->count_latched)
		return;
	c->latched_count = encode_count(c, count_value(c, now));
	c->count_latched = true;
	c->read_msb_next = false;
}

static void read_back(struct pit8254 *p, uint8_t val, uint64_t now)
{
	struct pit_channel *c;
	unsigned i;

	if (val & 0x01)
		note(p, PIT_ERR_READBACK_D0);	/* reserved; obeyed anyway */
	for (i = 0; i < PIT_CHANNELS; i++) {
		if (!(val & PIT_RB_CNT(i)))
			continue;
		c = &p->ch[i];
		if (!(val & PIT_RB_STATUS_N) && !c->status_latched) {
			c->latched_status = status_byte(c, now);
			c->status_latched = true;
		}
		if (!(val & PIT_RB_COUNT_N))
			latch_count(c, now);
	}
}

static void control_word(struct pit8254 *p, uint8_t val, uint64_t now)
{
	unsigned sc = val >> PIT_CW_SC_SHIFT;
	unsigned rw = (val >> PIT_CW_RW_SHIFT) & 3;
	struct pit_channel *c;

	if (sc == 3) {
		read_back(p, val, now);
		return;
	}
	c = &p->ch[sc];
	if (rw == PIT_RW_LATCH) {
		latch_count(c, now);
		return;
	}
	/* "All control logic is immediately reset": counting stops. */
	if (c->counting)
		stop(c, now, false);
	c->mode = (val >> PIT_CW_M_SHIFT) & 7;
	c->rw = (uint8_t)rw;
	c->bcd = val & PIT_CW_BCD;
	c->have_count = false;
	c->null_count = true;
	c->out_held = op_mode(c) != 0;	/* mode 0 starts low, others high */
	c->write_msb_next = false;
	c->read_msb_next = false;
	c->count_latched = false;
	c->status_latched = false;
}

static uint8_t read_counter(struct pit_channel *c, uint64_t now)
{
	uint16_t v;
	uint8_t b;
	bool done = true;

	if (c->status_latched) {
		c->status_latched = false;
		return c->latched_status;
	}
	v = c->count_latched ? c->latched_count
			     : encode_count(c, count_value(c, now));
	switch (c->rw) {
	case PIT_RW_LSB:
		b = (uint8_t)v;
		break;
	case PIT_RW_MSB:
		b = (uint8_t)(v >> 8);
		break;
	default:
		if (!c->read_msb_next) {
			b = (uint8_t)v;
			done = false;
		} else {
			b = (uint8_t)(v >> 8);
		}
		c->read_msb_next = !c->read_msb_next;
		break;
	}
	if (done)
		c->count_latched = false;
	return b;
}

static void write_counter(struct pit8254 *p, struct pit_channel *c,
			  uint8_t val, uint64_t now)
{
	switch (c->rw) {
	case PIT_RW_LSB:
		load_count(p, c, val, now);
		break;
	case PIT_RW_MSB:
		load_count(p, c, (uint32_t)val << 8, now);
		break;
	default:
		if (!c->write_msb_next) {
			c->write_lsb = val;
			c->write_msb_next = true;
			/* Mode 0: writing the first byte stops counting. */
			if (op_mode(c) == 0 && c->counting)
				stop(c, now, false);
			break;
		}
		c->write_msb_next = false;
		load_count(p, c, c->write_lsb | (uint32_t)val << 8, now);
		break;
	}
}

/* now, kept from going backwards. */
static uint64_t clamp_now(struct pit8254 *p, uint64_t now)
{
	if (now < p->last_now) {
		note(p, PIT_ERR_TIME_BACKWARDS);
		return p->last_now;
	}
	p->last_now = now;
	return now;
}

/* Fold OUT0's rising edges in (irq0_checked, now] into irq0_latched. */
static void irq0_collect(struct pit8254 *p, uint64_t now)
{
	if (now <= p->irq0_checked)
		return;
	if (next_edge(p->ch[0], p->irq0_checked) <= now)
		p->irq0_latched = true;
	p->irq0_checked = now;
}

/* Common prologue of the entry points that may change state. */
static uint64_t enter(struct pit8254 *p, uint64_t now)
{
	unsigned i;

	now = clamp_now(p, now);
	irq0_collect(p, now);
	for (i = 0; i < PIT_CHANNELS; i++)
		settle(&p->ch[i], now);
	return now;
}

void pit_init(struct pit8254 *p)
{
	unsigned i;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < PIT_CHANNELS; i++) {
		struct pit_channel *c = &p->ch[i];

		c->mode = 2;
		c->rw = PIT_RW_LSB_MSB;
		c->cr = 65536;
		c->n = 65536;
		c->null_count = true;
		c->out_held = true;
		c->gate = i != 2;
	}
}

bool pit_handles_port(uint16_t port)
{
	return (port >= PIT_PORT_COUNTER0 && port <= PIT_PORT_CONTROL) ||
	       port == PIT_PORT_B;
}

uint8_t pit_read(struct pit8254 *p, uint16_t port, uint64_t now)
{
	const struct pit_channel *c2 = &p->ch[2];
	uint8_t v;

	if (!pit_handles_port(port)) {
		note(p, PIT_ERR_BAD_PORT);
		return 0xff;
	}
	now = enter(p, now);
	switch (port) {
	case PIT_PORT_CONTROL:
		return 0xff;	/* write only: nothing drives the bus */
	case PIT_PORT_B:
		v = p->port_b;
		if ((now / PIT_REFRESH_TICKS) & 1)
			v |= PIT_PORTB_REFRESH;
		if (out_level(c2, now))
			v |= PIT_PORTB_OUT2;
		return v;
	default:
		return read_counter(&p->ch[port - PIT_PORT_COUNTER0], now);
	}
}

void pit_write(struct pit8254 *p, uint16_t port, uint8_t val, uint64_t now)
{
	bool out0;

	if (!pit_handles_port(port)) {
		note(p, PIT_ERR_BAD_PORT);
		return;
	}
	now = enter(p, now);
	out0 = out_level(&p->ch[0], now);
	switch (port) {
	case PIT_PORT_CONTROL:
		control_word(p, val, now);
		break;
	case PIT_PORT_B:
		p->port_b = val & PIT_PORTB_STORED;
		set_gate(&p->ch[2], val & PIT_PORTB_GATE2, now);
		break;
	default:
		write_counter(p, &p->ch[port - PIT_PORT_COUNTER0], val, now);
		break;
	}
	/* A write can raise OUT0 by itself, e.g. a mode 2 control word. */
	if (!out0 && out_level(&p->ch[0], now))
		p->irq0_latched = true;
}

bool pit_output(const struct pit8254 *p, unsigned channel, uint64_t now)
{
	struct pit_channel c;

	if (channel >= PIT_CHANNELS)
		return false;
	if (now < p->last_now)
		now = p->last_now;
	c = p->ch[channel];
	settle(&c, now);
	return out_level(&c, now);
}

bool pit_irq0_edge(struct pit8254 *p, uint64_t now)
{
	bool edge;

	enter(p, now);
	edge = p->irq0_latched;
	p->irq0_latched = false;
	return edge;
}

uint64_t pit_irq0_next_edge(const struct pit8254 *p, uint64_t now)
{
	if (now < p->last_now)
		now = p->last_now;
	return next_edge(p->ch[0], now);
}

const char *pit8254_error_str(int err)
{
	switch (err) {
	case PIT_OK:
		return "ok";
	case PIT_ERR_BAD_PORT:
		return "port not handled by the PIT";
	case PIT_ERR_TIME_BACKWARDS:
		return "time went backwards";
	case PIT_ERR_ILLEGAL_COUNT:
		return "count 1 is illegal in modes 2 and 3";
	case PIT_ERR_BAD_BCD:
		return "BCD count digit above 9";
	case PIT_ERR_READBACK_D0:
		return "read-back command with reserved bit 0 set";
	default:
		return "unknown pit8254 error";
	}
}
