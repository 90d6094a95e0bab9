/*
 * Unit tests for the emulated 8254 PIT and port 0x61 (guest/pit8254.c).
 *
 * The driver-side sequences are Linux 6.1's, replayed port by port with
 * a clock that advances as the guest does I/O:
 * drivers/clocksource/i8253.c (pit_set_periodic, pit_set_oneshot,
 * pit_next_event, pit_shutdown, i8253_read) and arch/x86/kernel/tsc.c
 * (quick_pit_calibrate with pit_verify_msb/pit_expect_msb, and
 * pit_calibrate_tsc).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <limits.h>
#include <string.h>
#include <cmocka.h>

#include "guest/pit8254.h"

#define CH0	0x40
#define CH2	0x42
#define MODE	0x43
#define PORTB	0x61

#define NEVER	UINT64_MAX

/* HZ = 1000: PIT_LATCH = (PIT_TICK_RATE + HZ/2) / HZ. */
#define LATCH_1000HZ	((PIT_HZ + 500) / 1000)

/*
 * A guest: every IN or OUT happens at `now' and then takes io_cost
 * ticks. Its TSC runs at tsc_per_tick cycles per PIT tick.
 */
struct guest {
	struct pit8254 pit;
	uint64_t now;
	uint64_t io_cost;
	uint64_t tsc_per_tick;
};

static void guest_init(struct guest *g, uint64_t now, uint64_t io_cost)
{
	pit_init(&g->pit);
	g->now = now;
	g->io_cost = io_cost;
	g->tsc_per_tick = 1000;
}

static uint8_t inb(struct guest *g, uint16_t port)
{
	uint8_t v = pit_read(&g->pit, port, g->now);

	g->now += g->io_cost;
	return v;
}

static void outb(struct guest *g, uint8_t val, uint16_t port)
{
	pit_write(&g->pit, port, val, g->now);
	g->now += g->io_cost;
}

static uint64_t get_cycles(struct guest *g)
{
	return g->now * g->tsc_per_tick;
}

/* Plain model access at a given tick. */
static uint8_t rd(struct pit8254 *p, uint16_t port, uint64_t t)
{
	return pit_read(p, port, t);
}

static void wr(struct pit8254 *p, uint16_t port, uint8_t v, uint64_t t)
{
	pit_write(p, port, v, t);
}

/* Unlatched 16-bit read in LSB-then-MSB mode at one tick. */
static unsigned rd16(struct pit8254 *p, uint16_t port, uint64_t t)
{
	unsigned lo = rd(p, port, t);

	return lo | (unsigned)rd(p, port, t) << 8;
}

/* Status of channel ch through the read-back command, at tick t. */
static uint8_t status(struct pit8254 *p, unsigned ch, uint64_t t)
{
	wr(p, MODE, 0xc0 | PIT_RB_COUNT_N | PIT_RB_CNT(ch), t);
	return rd(p, CH0 + ch, t);
}

static void test_init_state(void **state)
{
	struct pit8254 p;
	unsigned i;

	(void)state;
	pit_init(&p);
	for (i = 0; i < 3; i++) {
		assert_false(p.ch[i].counting);
		assert_true(p.ch[i].null_count);
		assert_int_equal(p.ch[i].mode, 2);
		assert_int_equal(p.ch[i].rw, PIT_RW_LSB_MSB);
	}
	assert_true(p.ch[0].gate);
	assert_true(p.ch[1].gate);
	assert_false(p.ch[2].gate);
	assert_int_equal(p.port_b, 0);

	/* Waiting for a count: OUT high, null count, LSB/MSB, mode 2. */
	assert_int_equal(status(&p, 0, 0), 0xf4);
	assert_int_equal(status(&p, 1, 0), 0xf4);
	assert_int_equal(status(&p, 2, 0), 0xf4);
	/* Port 0x61: gate 0, OUT2 high, refresh bit still 0 at tick 0. */
	assert_int_equal(rd(&p, PORTB, 0), 0x20);
	assert_int_equal(rd(&p, MODE, 0), 0xff);

	/* Unprogrammed: no IRQ 0 ever. */
	assert_int_equal(pit_irq0_next_edge(&p, 0), NEVER);
	assert_false(pit_irq0_edge(&p, 0));
	assert_false(pit_irq0_edge(&p, 10000000));
	assert_int_equal(pit_irq0_next_edge(&p, 10000000), NEVER);
	assert_true(pit_output(&p, 0, 10000000));
	assert_int_equal(p.guest_errors, 0);
	assert_int_equal(p.bad_access, 0);
	assert_int_equal(p.last_error, PIT_OK);
}

static void test_ports(void **state)
{
	struct pit8254 p;
	uint16_t port;
	unsigned handled = 0;

	(void)state;
	for (port = 0; port < 0x100; port++)
		handled += pit_handles_port(port);
	assert_int_equal(handled, 5);
	assert_true(pit_handles_port(0x40));
	assert_true(pit_handles_port(0x43));
	assert_true(pit_handles_port(0x61));
	assert_false(pit_handles_port(0x44));
	assert_false(pit_handles_port(0x60));
	assert_false(pit_handles_port(0x62));
	assert_false(pit_handles_port(0x3f));
	assert_false(pit_handles_port(0x8040));

	pit_init(&p);
	assert_int_equal(rd(&p, 0x44, 5), 0xff);
	assert_int_equal(p.bad_access, 1);
	assert_int_equal(p.last_error, PIT_ERR_BAD_PORT);
	wr(&p, 0x44, 0x34, 5);		/* would be a control word at 0x43 */
	wr(&p, 0x60, 0x01, 5);		/* would be gate 2 at 0x61 */
	assert_int_equal(p.bad_access, 3);
	assert_int_equal(status(&p, 0, 5), 0xf4);
	assert_false(p.ch[2].gate);
	assert_false(pit_output(&p, 3, 5));
	assert_false(pit_output(&p, 1000, 5));
}

/* pit_set_periodic(): 0x34, PIT_LATCH LSB, MSB. */
static void linux_set_periodic(struct pit8254 *p, uint64_t t)
{
	wr(p, MODE, 0x34, t);
	wr(p, CH0, LATCH_1000HZ & 0xff, t);
	wr(p, CH0, LATCH_1000HZ >> 8, t);
}

static void test_linux_periodic_irq0(void **state)
{
	struct pit8254 p;
	const uint64_t t0 = 1000;
	uint64_t k;

	(void)state;
	assert_int_equal(LATCH_1000HZ, 1193);
	pit_init(&p);
	linux_set_periodic(&p, t0);
	assert_int_equal(status(&p, 0, t0), 0xb4);	/* OUT high, loaded */

	/* Rising edges exactly every 1193 ticks. */
	assert_int_equal(pit_irq0_next_edge(&p, t0), t0 + 1193);
	assert_int_equal(pit_irq0_next_edge(&p, t0 + 1192), t0 + 1193);
	assert_false(pit_irq0_edge(&p, t0 + 1192));
	assert_true(pit_irq0_edge(&p, t0 + 1193));
	assert_false(pit_irq0_edge(&p, t0 + 1193));
	assert_int_equal(pit_irq0_next_edge(&p, t0 + 1193), t0 + 2 * 1193);
	for (k = 2; k < 50; k++) {
		uint64_t e = t0 + k * 1193;

		assert_int_equal(pit_irq0_next_edge(&p, e - 1), e);
		assert_false(pit_irq0_edge(&p, e - 1));
		assert_true(pit_irq0_edge(&p, e));
	}
	/* Ten missed edges coalesce into one report. */
	assert_true(pit_irq0_edge(&p, t0 + 60 * 1193 + 7));
	assert_false(pit_irq0_edge(&p, t0 + 60 * 1193 + 8));
	assert_int_equal(pit_irq0_next_edge(&p, t0 + 60 * 1193 + 8),
			 t0 + 61 * 1193);

	/* OUT0 is low only for the tick the counter shows 1. */
	assert_true(pit_output(&p, 0, t0 + 61 * 1193 - 2));
	assert_false(pit_output(&p, 0, t0 + 61 * 1193 - 1));
	assert_true(pit_output(&p, 0, t0 + 61 * 1193));
	assert_int_equal(p.guest_errors, 0);
}

/*
 * i8253_read() (the "pit" clocksource): latch command 0x00, then two
 * reads of the latched count, which then is 1193 - elapsed mod 1193.
 */
static void test_linux_clocksource_latch(void **state)
{
	struct pit8254 p;
	const uint64_t t0 = 5;
	unsigned count;

	(void)state;
	pit_init(&p);
	linux_set_periodic(&p, t0);
	wr(&p, MODE, 0x00, t0 + 100);
	/* The latch holds however late the reads come; a second latch
	 * command before the reads is ignored. */
	wr(&p, MODE, 0x00, t0 + 500);
	count = rd(&p, CH0, t0 + 700);
	count |= (unsigned)rd(&p, CH0, t0 + 900) << 8;
	assert_int_equal(count, 1193 - 100);
	/* Released: the next latch takes a fresh value. */
	wr(&p, MODE, 0x00, t0 + 1193 + 7);
	assert_int_equal(rd(&p, CH0, t0 + 5000), (1193 - 7) & 0xff);
	assert_int_equal(rd(&p, CH0, t0 + 5000), (1193 - 7) >> 8);
	/* Unlatched reads follow the counter: n, n-1, ..., 1, n. */
	assert_int_equal(rd16(&p, CH0, t0 + 5 * 1193), 1193);
	assert_int_equal(rd16(&p, CH0, t0 + 5 * 1193 + 1), 1192);
	assert_int_equal(rd16(&p, CH0, t0 + 6 * 1193 - 1), 1);
	assert_int_equal(rd16(&p, CH0, t0 + 6 * 1193), 1193);
	/* A latch command after a lone LSB read: LSB first again. */
	assert_int_equal(rd(&p, CH0, t0 + 6 * 1193 + 3), 1190 & 0xff);
	wr(&p, MODE, 0x00, t0 + 6 * 1193 + 3);
	assert_int_equal(rd(&p, CH0, t0 + 6 * 1193 + 9), 1190 & 0xff);
	assert_int_equal(rd(&p, CH0, t0 + 6 * 1193 + 9), 1190 >> 8);
	assert_int_equal(rd16(&p, CH0, t0 + 6 * 1193 + 10), 1183);
}

/* pit_set_oneshot() 0x38 (mode 4) then pit_next_event(delta). */
static void test_linux_oneshot_irq0(void **state)
{
	struct pit8254 p;
	const uint64_t t0 = 1200, t1 = 2000, t2 = 300000;

	(void)state;
	pit_init(&p);
	linux_set_periodic(&p, 0);
	assert_true(pit_irq0_edge(&p, t0));	/* edges before the switch */
	wr(&p, MODE, 0x38, t0);
	assert_int_equal(status(&p, 0, t0), 0xf8);	/* OUT high, null */
	assert_int_equal(pit_irq0_next_edge(&p, t0), NEVER);
	assert_false(pit_irq0_edge(&p, t1));

	/* Strobe: OUT low for the tick the count reaches 0, edge after. */
	wr(&p, CH0, 500 & 0xff, t1);
	wr(&p, CH0, 500 >> 8, t1);
	assert_int_equal(pit_irq0_next_edge(&p, t1), t1 + 501);
	assert_true(pit_output(&p, 0, t1 + 499));
	assert_false(pit_output(&p, 0, t1 + 500));
	assert_true(pit_output(&p, 0, t1 + 501));
	assert_false(pit_irq0_edge(&p, t1 + 500));
	assert_true(pit_irq0_edge(&p, t1 + 501));
	/* Exactly one edge: the counter wraps but OUT stays high. */
	assert_int_equal(rd16(&p, CH0, t1 + 501), 0xffff);
	assert_int_equal(pit_irq0_next_edge(&p, t1 + 501), NEVER);
	assert_false(pit_irq0_edge(&p, t1 + 200000));

	/* A new delta before the event replaces it. */
	wr(&p, CH0, 1000 & 0xff, t2);
	wr(&p, CH0, 1000 >> 8, t2);
	assert_int_equal(pit_irq0_next_edge(&p, t2), t2 + 1001);
	wr(&p, CH0, 200, t2 + 300);
	/* Mode 4: the first byte does not disturb the count under way. */
	assert_int_equal(pit_irq0_next_edge(&p, t2 + 300), t2 + 1001);
	wr(&p, CH0, 0, t2 + 300);
	assert_int_equal(pit_irq0_next_edge(&p, t2 + 300), t2 + 501);
	assert_false(pit_irq0_edge(&p, t2 + 500));
	assert_true(pit_irq0_edge(&p, t2 + 501));
	assert_false(pit_irq0_edge(&p, t2 + 1001));
	assert_false(pit_irq0_edge(&p, t2 + 100000));
}

static void test_mode0_one_shot(void **state)
{
	struct pit8254 p;
	const uint64_t t0 = 3;

	(void)state;
	pit_init(&p);
	wr(&p, MODE, 0x30, t0);			/* ch 0, LSB/MSB, mode 0 */
	assert_false(pit_output(&p, 0, t0));	/* low at once */
	assert_int_equal(status(&p, 0, t0), 0x70);
	assert_int_equal(pit_irq0_next_edge(&p, t0), NEVER);
	wr(&p, CH0, 1000 & 0xff, t0);
	assert_int_equal(pit_irq0_next_edge(&p, t0), NEVER);
	wr(&p, CH0, 1000 >> 8, t0);
	assert_int_equal(status(&p, 0, t0), 0x30);
	assert_int_equal(rd16(&p, CH0, t0), 1000);
	assert_int_equal(rd16(&p, CH0, t0 + 999), 1);
	assert_int_equal(pit_irq0_next_edge(&p, t0), t0 + 1000);
	assert_false(pit_output(&p, 0, t0 + 999));
	assert_true(pit_output(&p, 0, t0 + 1000));
	assert_false(pit_irq0_edge(&p, t0 + 999));
	assert_true(pit_irq0_edge(&p, t0 + 1000));
	/* Exactly one: OUT stays high while the counter wraps on. */
	assert_int_equal(rd16(&p, CH0, t0 + 1000), 0);
	assert_int_equal(rd16(&p, CH0, t0 + 1001), 0xffff);
	assert_int_equal(rd16(&p, CH0, t0 + 1000 + 65536), 0);
	assert_true(pit_output(&p, 0, t0 + 1000 + 65536));
	assert_int_equal(pit_irq0_next_edge(&p, t0 + 1000), NEVER);
	assert_false(pit_irq0_edge(&p, t0 + 1000000));
	assert_int_equal(status(&p, 0, t0 + 1000000), 0xb0);

	/* Writing the first byte stops counting and drops OUT... */
	wr(&p, CH0, 0x00, 2000000);
	assert_false(pit_output(&p, 0, 2000000));
	assert_int_equal(p.ch[0].counting, false);
	/* ...the second restarts with the new count. */
	wr(&p, CH0, 0x01, 2000100);
	assert_int_equal(rd16(&p, CH0, 2000100), 256);
	assert_int_equal(pit_irq0_next_edge(&p, 2000100), 2000356);

	/* Reprogramming before terminal count cancels the edge. */
	wr(&p, MODE, 0x30, 2000200);
	assert_false(pit_output(&p, 0, 2000200));
	assert_int_equal(pit_irq0_next_edge(&p, 2000200), NEVER);
	assert_false(pit_irq0_edge(&p, 3000000));

	/* Count 0 is 65536. */
	wr(&p, CH0, 0, 3000000);
	wr(&p, CH0, 0, 3000000);
	assert_int_equal(rd16(&p, CH0, 3000000), 0);
	assert_int_equal(rd16(&p, CH0, 3000001), 0xffff);
	assert_int_equal(pit_irq0_next_edge(&p, 3000000), 3000000 + 65536);
}

static void test_linux_shutdown(void **state)
{
	struct pit8254 p;
	const uint64_t t0 = 0, ts = 1193 + 7;

	(void)state;
	/*
	 * 6.1 pit_shutdown(): 0x30, 0, 0. A real 8254 then counts 65536
	 * ticks and raises OUT0 once more; so does the model.
	 */
	pit_init(&p);
	linux_set_periodic(&p, t0);
	wr(&p, MODE, 0x30, ts);
	wr(&p, CH0, 0, ts);
	wr(&p, CH0, 0, ts);
	/* The periodic edge at 1193 was not collected yet: not lost. */
	assert_true(pit_irq0_edge(&p, ts + 10));
	assert_false(pit_irq0_edge(&p, ts + 11));
	assert_int_equal(pit_irq0_next_edge(&p, ts + 11), ts + 65536);
	assert_true(pit_irq0_edge(&p, ts + 65536));
	assert_int_equal(pit_irq0_next_edge(&p, ts + 65536), NEVER);
	assert_false(pit_irq0_edge(&p, ts + 10000000));

	/*
	 * Later kernels' clockevent_i8253_disable(): 0x30, 0, 0, 0x30.
	 * The second control word stops the counter: no edge at all.
	 */
	pit_init(&p);
	linux_set_periodic(&p, t0);
	assert_true(pit_irq0_edge(&p, 1193));
	wr(&p, MODE, 0x30, 1200);
	wr(&p, CH0, 0, 1200);
	wr(&p, CH0, 0, 1200);
	wr(&p, MODE, 0x30, 1201);
	assert_int_equal(pit_irq0_next_edge(&p, 1201), NEVER);
	assert_false(pit_irq0_edge(&p, 1201));
	assert_false(pit_irq0_edge(&p, 10000000));
	assert_false(pit_output(&p, 0, 10000000));

	/* Going periodic again from OUT0 low raises OUT0 at once. */
	linux_set_periodic(&p, 20000000);
	assert_true(pit_irq0_edge(&p, 20000000));
	assert_int_equal(pit_irq0_next_edge(&p, 20000000), 20000000 + 1193);
}

/* arch/x86/kernel/tsc.c, 6.1. */
static int pit_verify_msb(struct guest *g, uint8_t val)
{
	inb(g, 0x42);			/* Ignore LSB */
	return inb(g, 0x42) == val;
}

static int pit_expect_msb(struct guest *g, uint8_t val, uint64_t *tscp,
			  unsigned long *deltap)
{
	int count;
	uint64_t tsc = 0, prev_tsc = 0;

	for (count = 0; count < 50000; count++) {
		if (!pit_verify_msb(g, val))
			break;
		prev_tsc = tsc;
		tsc = get_cycles(g);
	}
	*deltap = get_cycles(g) - prev_tsc;
	*tscp = tsc;
	return count > 5;
}

#define MAX_QUICK_PIT_MS 50
#define MAX_QUICK_PIT_ITERATIONS (MAX_QUICK_PIT_MS * PIT_HZ / 1000 / 256)

static unsigned long quick_pit_calibrate(struct guest *g, int *iterations)
{
	int i;
	uint64_t tsc, delta;
	unsigned long d1, d2;

	outb(g, (inb(g, 0x61) & ~0x02) | 0x01, 0x61);
	outb(g, 0xb0, 0x43);
	outb(g, 0xff, 0x42);
	outb(g, 0xff, 0x42);
	pit_verify_msb(g, 0);
	if (pit_expect_msb(g, 0xff, &tsc, &d1)) {
		for (i = 1; i <= (int)MAX_QUICK_PIT_ITERATIONS; i++) {
			if (!pit_expect_msb(g, (uint8_t)(0xff - i), &delta, &d2))
				break;
			delta -= tsc;
			if (i == 1 &&
			    d1 + d2 >= (delta * MAX_QUICK_PIT_ITERATIONS) >> 11)
				return 0;
			if (d1 + d2 >= delta >> 11)
				continue;
			if (!pit_verify_msb(g, (uint8_t)(0xfe - i)))
				break;
			*iterations = i;
			return delta * PIT_HZ / ((uint64_t)i * 256 * 1000);
		}
	}
	return 0;
}

static void test_quick_pit_calibrate(void **state)
{
	struct guest g;
	int iterations = 0;
	unsigned long khz;

	(void)state;
	/* Each I/O takes one PIT tick; TSC = 1000 cycles per tick. */
	guest_init(&g, 12345, 1);
	khz = quick_pit_calibrate(&g, &iterations);
	/* TSC = 1000 * 1193182 Hz exactly, as Linux computes it. */
	assert_int_equal(khz, 1193182);
	assert_int_equal(iterations, 65);
	assert_true(g.pit.ch[2].gate);
	assert_int_equal(g.pit.port_b, 0x01);	/* gate on, speaker off */
	assert_int_equal(g.pit.guest_errors, 0);

	/* A slow guest (2 ticks per I/O) sees the same MSB steps. */
	guest_init(&g, 0, 2);
	khz = quick_pit_calibrate(&g, &iterations);
	assert_int_equal(khz, 1193182);
}

/* The MSB the guest reads falls by one exactly every 256 ticks. */
static void test_quick_pit_msb_sequence(void **state)
{
	struct pit8254 p;
	const uint64_t t0 = 999;
	uint64_t d;

	(void)state;
	pit_init(&p);
	wr(&p, PORTB, (rd(&p, PORTB, t0) & ~0x02) | 0x01, t0);
	wr(&p, MODE, 0xb0, t0);
	wr(&p, CH2, 0xff, t0);
	wr(&p, CH2, 0xff, t0);
	for (d = 0; d < 0xffff; d++) {
		assert_int_equal(rd(&p, CH2, t0 + d), (0xffff - d) & 0xff);
		assert_int_equal(rd(&p, CH2, t0 + d), (0xffff - d) >> 8);
	}
	/* Terminal count: OUT2 (port 0x61 bit 5) goes high. */
	assert_int_equal(rd(&p, PORTB, t0 + 0xfffe) & 0x20, 0);
	assert_int_equal(rd(&p, PORTB, t0 + 0xffff) & 0x20, 0x20);
}

static unsigned long pit_calibrate_tsc(struct guest *g, uint32_t latch,
				       unsigned long ms, int loopmin,
				       uint64_t *first_high)
{
	uint64_t tsc, t1, t2, delta;
	unsigned long tscmin, tscmax;
	int pitcnt;
	uint8_t v;

	outb(g, (inb(g, 0x61) & ~0x02) | 0x01, 0x61);
	outb(g, 0xb0, 0x43);
	outb(g, latch & 0xff, 0x42);
	outb(g, latch >> 8, 0x42);
	tsc = t1 = t2 = get_cycles(g);
	pitcnt = 0;
	tscmax = 0;
	tscmin = ULONG_MAX;
	for (;;) {
		*first_high = g->now;
		v = inb(g, 0x61);
		if (v & 0x20)
			break;
		t2 = get_cycles(g);
		delta = t2 - tsc;
		tsc = t2;
		if ((unsigned long)delta < tscmin)
			tscmin = (unsigned int)delta;
		if ((unsigned long)delta > tscmax)
			tscmax = (unsigned int)delta;
		pitcnt++;
	}
	if (pitcnt < loopmin || tscmax > 10 * tscmin)
		return ULONG_MAX;
	delta = t2 - t1;
	return delta / ms;
}

static void test_pit_calibrate_tsc(void **state)
{
	struct guest g;
	uint64_t t_msb, first_high;
	unsigned long khz;

	(void)state;
	/* CAL_LATCH = PIT_TICK_RATE / (1000 / 10), CAL_MS 10, loops 1000. */
	guest_init(&g, 500, 1);
	t_msb = g.now + 4;		/* inb, outb, outb LSB, then MSB */
	khz = pit_calibrate_tsc(&g, PIT_HZ / 100, 10, 1000, &first_high);
	assert_int_equal(first_high, t_msb + 11931);
	assert_int_equal(khz, 1000 * (11931 - 1) / 10);

	/* CAL2_LATCH (50 ms), starting from whatever channel 2 did. */
	t_msb = g.now + 4;
	khz = pit_calibrate_tsc(&g, PIT_HZ / 20, 50, 5000, &first_high);
	assert_int_equal(first_high, t_msb + 59659);
	assert_int_equal(khz, 1000 * (59659 - 1) / 50);
	assert_int_equal(g.pit.guest_errors, 0);
}

static void test_port61(void **state)
{
	struct pit8254 p;

	(void)state;
	pit_init(&p);
	/* Refresh toggle: every 18 ticks. */
	assert_int_equal(rd(&p, PORTB, 17) & 0x10, 0);
	assert_int_equal(rd(&p, PORTB, 18) & 0x10, 0x10);
	assert_int_equal(rd(&p, PORTB, 35) & 0x10, 0x10);
	assert_int_equal(rd(&p, PORTB, 36) & 0x10, 0);
	/* Only bits 0-3 are stored; 4-7 are read-only. */
	wr(&p, PORTB, 0xff, 36);
	assert_int_equal(p.port_b, 0x0f);
	assert_int_equal(rd(&p, PORTB, 36), 0x2f);
	wr(&p, PORTB, 0xf6, 36);
	assert_int_equal(rd(&p, PORTB, 36), 0x26);
	assert_false(p.ch[2].gate);
	/* OUT2 in bit 5: channel 2 mode 0 makes it low. */
	wr(&p, MODE, 0xb0, 36);
	assert_int_equal(rd(&p, PORTB, 36), 0x06);
	assert_int_equal(rd(&p, PORTB, 54), 0x16);
}

static void test_channel2_gate(void **state)
{
	struct pit8254 p;

	(void)state;
	pit_init(&p);
	/* Mode 0, gate low: loaded but not counting. */
	wr(&p, MODE, 0xb0, 100);
	wr(&p, CH2, 100, 100);
	wr(&p, CH2, 0, 100);
	assert_int_equal(rd16(&p, CH2, 500), 100);
	assert_false(pit_output(&p, 2, 500));
	wr(&p, PORTB, 0x01, 1000);		/* gate up: counts */
	assert_int_equal(rd16(&p, CH2, 1040), 60);
	wr(&p, PORTB, 0x00, 1040);		/* gate down: holds */
	assert_int_equal(rd16(&p, CH2, 5000), 60);
	wr(&p, PORTB, 0x01, 6000);
	assert_int_equal(rd16(&p, CH2, 6059), 1);
	assert_false(pit_output(&p, 2, 6059));
	assert_true(pit_output(&p, 2, 6060));
	assert_int_equal(rd(&p, PORTB, 6060), 0x21);

	/* Mode 2 (0xB4): gate low forces OUT high and stops; a rising
	 * gate restarts from the initial count. */
	wr(&p, MODE, 0xb4, 7000);
	wr(&p, CH2, 10, 7000);
	wr(&p, CH2, 0, 7000);
	assert_int_equal(rd16(&p, CH2, 7003), 7);
	assert_false(pit_output(&p, 2, 7009));
	wr(&p, PORTB, 0x00, 7009);
	assert_true(pit_output(&p, 2, 7009));
	assert_int_equal(rd16(&p, CH2, 7100), 1);
	wr(&p, PORTB, 0x01, 7200);
	assert_int_equal(rd16(&p, CH2, 7200), 10);
	assert_int_equal(rd16(&p, CH2, 7205), 5);
	assert_false(pit_output(&p, 2, 7209));
	/* Written while the gate is low: starts on the rising gate. */
	wr(&p, PORTB, 0x00, 7300);
	wr(&p, MODE, 0xb4, 7300);
	wr(&p, CH2, 20, 7300);
	wr(&p, CH2, 0, 7300);
	assert_int_equal(status(&p, 2, 7300), 0xb4);	/* loaded */
	assert_int_equal(rd16(&p, CH2, 7400), 20);
	wr(&p, PORTB, 0x01, 7500);
	assert_int_equal(rd16(&p, CH2, 7519), 1);

	/* Mode 1 (0xB2): one-shot triggered by the gate, retriggerable. */
	wr(&p, PORTB, 0x00, 8000);
	wr(&p, MODE, 0xb2, 8000);
	wr(&p, CH2, 50, 8000);
	wr(&p, CH2, 0, 8000);
	assert_true(pit_output(&p, 2, 8100));	/* waits for a trigger */
	assert_int_equal(status(&p, 2, 8100), 0xf2);	/* null count */
	assert_int_equal(rd16(&p, CH2, 8100), 50);	/* the initial count */
	wr(&p, PORTB, 0x01, 8200);
	assert_int_equal(status(&p, 2, 8200), 0x32);
	assert_int_equal(rd16(&p, CH2, 8210), 40);
	assert_false(pit_output(&p, 2, 8249));
	assert_true(pit_output(&p, 2, 8250));
	wr(&p, PORTB, 0x00, 8260);		/* gate low: no effect */
	assert_true(pit_output(&p, 2, 8270));
	wr(&p, PORTB, 0x01, 8300);		/* retrigger */
	assert_false(pit_output(&p, 2, 8300));
	wr(&p, PORTB, 0x00, 8320);
	wr(&p, PORTB, 0x01, 8330);		/* retrigger extends */
	assert_false(pit_output(&p, 2, 8379));
	assert_true(pit_output(&p, 2, 8380));

	/* Mode 5 (0xBA): strobe N ticks after the trigger. */
	wr(&p, PORTB, 0x00, 9000);
	wr(&p, MODE, 0xba, 9000);
	wr(&p, CH2, 30, 9000);
	wr(&p, CH2, 0, 9000);
	wr(&p, PORTB, 0x01, 9100);
	assert_true(pit_output(&p, 2, 9129));
	assert_false(pit_output(&p, 2, 9130));
	assert_true(pit_output(&p, 2, 9131));
	assert_int_equal(rd16(&p, CH2, 9131), 0xffff);

	/* Mode 4 (0xB8) pauses with the gate like mode 0. */
	wr(&p, MODE, 0xb8, 10000);
	wr(&p, CH2, 30, 10000);
	wr(&p, CH2, 0, 10000);
	wr(&p, PORTB, 0x00, 10010);
	wr(&p, PORTB, 0x01, 10110);
	assert_true(pit_output(&p, 2, 10129));
	assert_false(pit_output(&p, 2, 10130));
	assert_true(pit_output(&p, 2, 10131));
}

/* Channels 0 and 1 have their gate tied high: modes 1, 5 never fire. */
static void test_gate_tied_high(void **state)
{
	struct pit8254 p;

	(void)state;
	pit_init(&p);
	wr(&p, MODE, 0x32, 0);		/* ch 0 mode 1 */
	wr(&p, CH0, 10, 0);
	wr(&p, CH0, 0, 0);
	wr(&p, PORTB, 0x00, 5);
	wr(&p, PORTB, 0x01, 6);		/* gate 2, not gate 0 */
	assert_true(pit_output(&p, 0, 100));
	assert_int_equal(pit_irq0_next_edge(&p, 100), NEVER);
	assert_false(pit_irq0_edge(&p, 100000));
	wr(&p, MODE, 0x3a, 100000);	/* ch 0 mode 5 */
	wr(&p, CH0, 10, 100000);
	wr(&p, CH0, 0, 100000);
	assert_int_equal(pit_irq0_next_edge(&p, 100000), NEVER);
	assert_false(pit_irq0_edge(&p, 200000));
}

static void test_mode3_square_wave(void **state)
{
	static const unsigned even[10] = { 10, 8, 6, 4, 2, 10, 8, 6, 4, 2 };
	static const unsigned odd[5] = { 5, 4, 2, 5, 2 };
	struct pit8254 p;
	unsigned i;

	(void)state;
	pit_init(&p);
	wr(&p, PORTB, 0x03, 0);
	/* pcspkr-style: 0xB6, channel 2 mode 3. Even count 10. */
	wr(&p, MODE, 0xb6, 0);
	assert_true(pit_output(&p, 2, 0));
	wr(&p, CH2, 10, 0);
	wr(&p, CH2, 0, 0);
	for (i = 0; i < 30; i++) {
		assert_int_equal(rd16(&p, CH2, i), even[i % 10]);
		assert_int_equal(pit_output(&p, 2, i), i % 10 < 5);
	}
	/* Odd count 5: high 3 ticks, low 2. */
	wr(&p, MODE, 0xb6, 100);
	wr(&p, CH2, 5, 100);
	wr(&p, CH2, 0, 100);
	for (i = 0; i < 15; i++) {
		assert_int_equal(rd16(&p, CH2, 100 + i), odd[i % 5]);
		assert_int_equal(pit_output(&p, 2, 100 + i), i % 5 < 3);
	}
	/* Channel 0 mode 3 (0x36): edges every period. */
	wr(&p, MODE, 0x36, 1000);
	wr(&p, CH0, 0x9c, 1000);	/* 65436 */
	wr(&p, CH0, 0xff, 1000);
	assert_int_equal(pit_irq0_next_edge(&p, 1000), 1000 + 65436);
	assert_true(pit_output(&p, 0, 1000 + 32717));
	assert_false(pit_output(&p, 0, 1000 + 32718));
	assert_false(pit_irq0_edge(&p, 1000 + 65435));
	assert_true(pit_irq0_edge(&p, 1000 + 65436));
	assert_int_equal(pit_irq0_next_edge(&p, 1000 + 65436),
			 1000 + 2 * 65436);
	/* Mode 7 acts as mode 3 and reads back as 7 in the status. */
	wr(&p, MODE, 0x3e, 200000);
	assert_int_equal(status(&p, 0, 200000), 0xfe);
	wr(&p, CH0, 4, 200000);
	wr(&p, CH0, 0, 200000);
	assert_int_equal(rd16(&p, CH0, 200001), 2);
	assert_false(pit_output(&p, 0, 200002));
	assert_int_equal(pit_irq0_next_edge(&p, 200001), 200004);
}

static void test_new_count_at_period_end(void **state)
{
	struct pit8254 p;
	const uint64_t t0 = 100;

	(void)state;
	pit_init(&p);
	wr(&p, MODE, 0x34, t0);
	wr(&p, CH0, 1000 & 0xff, t0);
	wr(&p, CH0, 1000 >> 8, t0);
	/* Mode 2: a new count waits for the end of the period. */
	wr(&p, CH0, 500 & 0xff, t0 + 300);
	wr(&p, CH0, 500 >> 8, t0 + 300);
	assert_int_equal(status(&p, 0, t0 + 300), 0xf4);	/* null count */
	assert_int_equal(rd16(&p, CH0, t0 + 999), 1);
	assert_int_equal(pit_irq0_next_edge(&p, t0 + 300), t0 + 1000);
	assert_int_equal(pit_irq0_next_edge(&p, t0 + 1000), t0 + 1500);
	assert_true(pit_irq0_edge(&p, t0 + 1000));
	assert_int_equal(rd16(&p, CH0, t0 + 1000), 500);
	assert_int_equal(status(&p, 0, t0 + 1000), 0xb4);
	assert_int_equal(rd16(&p, CH0, t0 + 1499), 1);
	assert_true(pit_irq0_edge(&p, t0 + 1500));
	/* The reload happens even if nobody looks at the right moment. */
	wr(&p, CH0, 1193 & 0xff, t0 + 1600);
	wr(&p, CH0, 1193 >> 8, t0 + 1600);
	assert_int_equal(pit_irq0_next_edge(&p, t0 + 1600), t0 + 2000);
	assert_true(pit_irq0_edge(&p, t0 + 2000 + 1193 * 3));
	assert_int_equal(rd16(&p, CH0, t0 + 2000 + 1193 * 3 + 5), 1188);
	assert_int_equal(pit_irq0_next_edge(&p, t0 + 2000 + 1193 * 3 + 5),
			 t0 + 2000 + 1193 * 4);

	/*
	 * Mode 3: at the end of the half period. Count 10 from t1; a new
	 * count 6 at t1 + 2 loads at t1 + 5 as OUT falls; the new low
	 * half lasts 3 ticks, then OUT rises at t1 + 8.
	 */
	pit_init(&p);
	wr(&p, MODE, 0x36, 1000);
	wr(&p, CH0, 10, 1000);
	wr(&p, CH0, 0, 1000);
	wr(&p, CH0, 6, 1002);
	wr(&p, CH0, 0, 1002);
	assert_int_equal(rd16(&p, CH0, 1004), 2);
	assert_int_equal(rd16(&p, CH0, 1005), 6);
	assert_int_equal(rd16(&p, CH0, 1006), 4);
	assert_false(pit_output(&p, 0, 1007));
	assert_true(pit_output(&p, 0, 1008));
	assert_int_equal(pit_irq0_next_edge(&p, 1003), 1008);
	assert_int_equal(pit_irq0_next_edge(&p, 1008), 1014);
	assert_true(pit_irq0_edge(&p, 1008));
	/* In the low half: loads at the end of the period. */
	wr(&p, CH0, 20, 1012);
	wr(&p, CH0, 0, 1012);
	assert_int_equal(pit_irq0_next_edge(&p, 1012), 1014);
	assert_int_equal(pit_irq0_next_edge(&p, 1014), 1034);
	assert_true(pit_output(&p, 0, 1023));
	assert_false(pit_output(&p, 0, 1024));
}

static void test_read_back(void **state)
{
	struct pit8254 p;

	(void)state;
	pit_init(&p);
	linux_set_periodic(&p, 0);
	wr(&p, MODE, 0xb0, 0);
	wr(&p, CH2, 0x34, 0);
	wr(&p, CH2, 0x12, 0);
	/* Latch count and status of channels 0 and 2 at tick 16. */
	wr(&p, MODE, 0xc0 | PIT_RB_CNT(0) | PIT_RB_CNT(2), 16);
	/* Status first, then the count, LSB and MSB. */
	assert_int_equal(rd(&p, CH0, 100), 0xb4);
	assert_int_equal(rd(&p, CH0, 100), (1193 - 16) & 0xff);
	assert_int_equal(rd(&p, CH0, 100), (1193 - 16) >> 8);
	assert_int_equal(rd16(&p, CH0, 101), 1193 - 101);	/* released */
	assert_int_equal(rd(&p, CH2, 200), 0x30);	/* gate low: OUT low */
	assert_int_equal(rd(&p, CH2, 200), 0x34);	/* not counting */
	assert_int_equal(rd(&p, CH2, 200), 0x12);
	/* Count only. */
	wr(&p, PORTB, 0x01, 300);
	wr(&p, MODE, 0xc0 | PIT_RB_STATUS_N | PIT_RB_CNT(2), 310);
	assert_int_equal(rd16(&p, CH2, 400), 0x1234 - 10);
	/* Status only; a second status latch before the read is ignored. */
	wr(&p, MODE, 0xc0 | PIT_RB_COUNT_N | PIT_RB_CNT(2), 400);
	wr(&p, MODE, 0xc0 | PIT_RB_COUNT_N | PIT_RB_CNT(2), 300 + 0x1234);
	assert_int_equal(rd(&p, CH2, 300 + 0x1234), 0x30);
	assert_int_equal(rd(&p, CH2, 300 + 0x1234), 0);	/* live LSB */
	assert_int_equal(rd(&p, CH2, 300 + 0x1234), 0);	/* live MSB */
	assert_int_equal(status(&p, 2, 300 + 0x1234), 0xb0); /* OUT high */
	/* Counter latch and read-back latch: the first one wins. */
	wr(&p, MODE, 0x80, 5000);
	wr(&p, MODE, 0xc0 | PIT_RB_STATUS_N | PIT_RB_CNT(2), 6000);
	assert_int_equal(rd16(&p, CH2, 7000), (0x1234 - 4700) & 0xffff);
	/* Reserved D0: counted, command still obeyed. */
	wr(&p, MODE, 0xc0 | PIT_RB_COUNT_N | PIT_RB_CNT(1) | 1, 7000);
	assert_int_equal(p.last_error, PIT_ERR_READBACK_D0);
	assert_int_equal(p.guest_errors, 1);
	assert_int_equal(rd(&p, 0x41, 7000), 0xf4);
	/* A control word drops latched values. */
	wr(&p, MODE, 0xc0 | PIT_RB_CNT(1), 7000);
	wr(&p, MODE, 0x74, 7000);
	assert_int_equal(rd(&p, 0x41, 7000), p.ch[1].hold & 0xff);
	assert_false(p.ch[1].status_latched);
}

static void test_access_modes(void **state)
{
	struct pit8254 p;

	(void)state;
	pit_init(&p);
	/* LSB only (0x10): count = byte, MSB 0; reads give the LSB. */
	wr(&p, MODE, 0x10, 0);
	wr(&p, CH0, 200, 0);
	assert_int_equal(rd(&p, CH0, 50), 150);
	assert_int_equal(rd(&p, CH0, 51), 149);
	assert_int_equal(pit_irq0_next_edge(&p, 51), 200);
	/* MSB only (0x20): count = byte << 8; reads give the MSB. */
	wr(&p, MODE, 0x20, 100);
	wr(&p, CH0, 0x02, 100);
	assert_int_equal(rd(&p, CH0, 100), 0x02);
	assert_int_equal(rd(&p, CH0, 101), 0x01);
	assert_int_equal(pit_irq0_next_edge(&p, 101), 100 + 512);
	/* Latched in LSB-only mode: one read releases it. */
	wr(&p, MODE, 0x00, 300);
	assert_int_equal(rd(&p, CH0, 400), (512 - 200) >> 8);
	assert_int_equal(rd(&p, CH0, 400), (512 - 300) >> 8);
	/* Reads and writes have separate byte pointers. */
	wr(&p, MODE, 0x30, 1000);
	wr(&p, CH0, 0x00, 1000);
	wr(&p, CH0, 0x10, 1000);		/* 0x1000 */
	assert_int_equal(rd(&p, CH0, 1001), 0xff);	/* LSB of 0x0fff */
	wr(&p, CH0, 0x00, 1002);		/* LSB: stops at 0x0ffe */
	assert_int_equal(rd(&p, CH0, 1003), 0x0f);	/* MSB */
	wr(&p, CH0, 0x20, 1004);		/* 0x2000 from 1004 */
	assert_int_equal(rd16(&p, CH0, 1005), 0x1fff);
	assert_int_equal(p.guest_errors, 0);
}

static void test_bcd(void **state)
{
	struct pit8254 p;

	(void)state;
	pit_init(&p);
	/* Mode 0 BCD (0x31): count 1234 decimal. */
	wr(&p, MODE, 0x31, 0);
	assert_int_equal(status(&p, 0, 0), 0x71);
	wr(&p, CH0, 0x34, 0);
	wr(&p, CH0, 0x12, 0);
	assert_int_equal(rd16(&p, CH0, 35), 0x1199);
	assert_int_equal(rd16(&p, CH0, 1233), 0x0001);
	assert_int_equal(pit_irq0_next_edge(&p, 35), 1234);
	assert_int_equal(rd16(&p, CH0, 1235), 0x9999);	/* wraps at 10^4 */
	/* BCD count 0 is 10000. */
	wr(&p, MODE, 0x35, 2000);		/* mode 2 BCD */
	wr(&p, CH0, 0, 2000);
	wr(&p, CH0, 0, 2000);
	assert_int_equal(rd16(&p, CH0, 2000), 0x0000);
	assert_int_equal(rd16(&p, CH0, 2001), 0x9999);
	assert_int_equal(pit_irq0_next_edge(&p, 2001), 12000);
	assert_int_equal(pit_irq0_next_edge(&p, 12000), 22000);
	/* Digits above 9 are taken as 9. */
	wr(&p, MODE, 0x31, 30000);
	wr(&p, CH0, 0x0a, 30000);
	wr(&p, CH0, 0xf1, 30000);
	assert_int_equal(p.last_error, PIT_ERR_BAD_BCD);
	assert_int_equal(p.guest_errors, 2);
	assert_int_equal(rd16(&p, CH0, 30000), 0x9109);
	assert_int_equal(pit_irq0_next_edge(&p, 30000), 30000 + 9109);
}

static void test_illegal_count(void **state)
{
	struct pit8254 p;

	(void)state;
	pit_init(&p);
	wr(&p, MODE, 0x34, 10);
	wr(&p, CH0, 1, 10);
	wr(&p, CH0, 0, 10);
	assert_int_equal(p.last_error, PIT_ERR_ILLEGAL_COUNT);
	assert_int_equal(p.guest_errors, 1);
	assert_int_equal(pit_irq0_next_edge(&p, 10), NEVER);
	assert_false(pit_irq0_edge(&p, 1000));
	assert_int_equal(rd16(&p, CH0, 1000), 1);
	wr(&p, MODE, 0x36, 2000);
	wr(&p, CH0, 1, 2000);
	wr(&p, CH0, 0, 2000);
	assert_int_equal(p.guest_errors, 2);
	assert_int_equal(pit_irq0_next_edge(&p, 2000), NEVER);
	assert_true(pit_output(&p, 0, 2001));
	/* Count 2 is fine: OUT low every other tick. */
	wr(&p, MODE, 0x34, 3000);
	wr(&p, CH0, 2, 3000);
	wr(&p, CH0, 0, 3000);
	assert_true(pit_irq0_edge(&p, 3000));	/* from mode 2 low */
	assert_int_equal(pit_irq0_next_edge(&p, 3000), 3002);
	assert_int_equal(pit_irq0_next_edge(&p, 3002), 3004);
	assert_int_equal(p.guest_errors, 2);
}

static void test_time_backwards(void **state)
{
	struct pit8254 p;

	(void)state;
	pit_init(&p);
	linux_set_periodic(&p, 5000);
	assert_int_equal(rd16(&p, CH0, 5100), 1093);
	/* Earlier than before: taken as 5100. */
	assert_int_equal(rd16(&p, CH0, 4000), 1093);
	assert_int_equal(p.last_error, PIT_ERR_TIME_BACKWARDS);
	assert_int_equal(p.bad_access, 2);
	assert_true(pit_output(&p, 0, 0));
	assert_int_equal(pit_irq0_next_edge(&p, 0), 5000 + 1193);
	assert_false(pit_irq0_edge(&p, 0));
	assert_true(pit_irq0_edge(&p, 6193));
	/* Far future: no overflow in the arithmetic. */
	assert_true(pit_irq0_edge(&p, UINT64_MAX - 5));
	assert_int_equal(pit_irq0_next_edge(&p, UINT64_MAX - 5), NEVER);
}

static void test_error_strings(void **state)
{
	(void)state;
	assert_string_equal(pit8254_error_str(PIT_OK), "ok");
	assert_string_equal(pit8254_error_str(PIT_ERR_BAD_PORT),
			    "port not handled by the PIT");
	assert_string_equal(pit8254_error_str(PIT_ERR_TIME_BACKWARDS),
			    "time went backwards");
	assert_string_equal(pit8254_error_str(PIT_ERR_ILLEGAL_COUNT),
			    "count 1 is illegal in modes 2 and 3");
	assert_string_equal(pit8254_error_str(PIT_ERR_BAD_BCD),
			    "BCD count digit above 9");
	assert_string_equal(pit8254_error_str(PIT_ERR_READBACK_D0),
			    "read-back command with reserved bit 0 set");
	assert_string_equal(pit8254_error_str(99), "unknown pit8254 error");
	assert_string_equal(pit8254_error_str(-1), "unknown pit8254 error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_state),
		cmocka_unit_test(test_ports),
		cmocka_unit_test(test_linux_periodic_irq0),
		cmocka_unit_test(test_linux_clocksource_latch),
		cmocka_unit_test(test_linux_oneshot_irq0),
		cmocka_unit_test(test_mode0_one_shot),
		cmocka_unit_test(test_linux_shutdown),
		cmocka_unit_test(test_quick_pit_calibrate),
		cmocka_unit_test(test_quick_pit_msb_sequence),
		cmocka_unit_test(test_pit_calibrate_tsc),
		cmocka_unit_test(test_port61),
		cmocka_unit_test(test_channel2_gate),
		cmocka_unit_test(test_gate_tied_high),
		cmocka_unit_test(test_mode3_square_wave),
		cmocka_unit_test(test_new_count_at_period_end),
		cmocka_unit_test(test_read_back),
		cmocka_unit_test(test_access_modes),
		cmocka_unit_test(test_bcd),
		cmocka_unit_test(test_illegal_count),
		cmocka_unit_test(test_time_backwards),
		cmocka_unit_test(test_error_strings),
	};

	return cmocka_run_group_tests_name("pit8254", tests, NULL, NULL);
}
