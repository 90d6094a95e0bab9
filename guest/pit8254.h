/*
 * Emulated 8254 programmable interval timer at ports 0x40-0x43, plus the
 * PC/AT's "system control port B" at 0x61 (channel 2's gate, the
 * speaker enable, channel 2's OUT and the refresh toggle).
 *
 * Spec: Intel 82C54 CHMOS Programmable Interval Timer datasheet (order
 * 231244): "Control Word Format", "Write Operations", "Read Operations"
 * (Counter Latch Command, Read-Back Command, Status Byte), "Mode
 * Definitions" (modes 0-5), "Operation Common to All Modes" (Gate,
 * Counter loading). Port 0x61: IBM PC/AT Technical Reference, "System
 * Control Port B" (bits 0 timer 2 gate, 1 speaker data, 4 refresh
 * detect, 5 timer 2 output).
 *
 * Wiring of a PC: the input clock of all three counters is 1.193182 MHz;
 * the gates of channels 0 and 1 are tied high, channel 2's gate is port
 * 0x61 bit 0; OUT0 is ISA IRQ 0, OUT1 once drove DRAM refresh, OUT2
 * feeds the speaker and reads back as port 0x61 bit 5.
 *
 * Time: the model never reads a clock. Every call that depends on time
 * gets `now', in input-clock ticks since an arbitrary origin. now must
 * not go backwards; a smaller value than one seen before is treated as
 * the largest seen so far (and counted in bad_access). Nothing happens
 * between calls: the counter value and OUT are computed from the time
 * a count was loaded, so a guest that reads the counter sees it move
 * exactly as fast as `now'.
 *
 * Simplifications, all invisible to a guest that cannot see the input
 * clock itself:
 *  - a count is loaded into the counting element at the moment it is
 *    written (the chip takes one more clock). So in mode 0 with count N
 *    written at t, OUT goes high at t + N; the counter reads N at t and
 *    N - d at t + d.
 *  - a gate edge takes effect at the moment it is written too.
 *  - modes 1 and 5 read back their initial count until triggered, and
 *    after a control word a counter keeps showing the value it had (the
 *    chip's count is undefined in both cases).
 *  - the power-on state of a counter is undefined on the chip. Here
 *    every counter starts as if its control word for mode 2, LSB then
 *    MSB, binary had been written and no count yet: OUT high, null count
 *    set, counting nothing. A count written without a control word
 *    therefore starts a rate generator.
 *  - a control word drops a pending latched count or status (the chip
 *    resets "all control logic").
 *  - a counter latch command, as well as returning LSB then MSB, resets
 *    the read byte pointer, so the latched value is always read LSB
 *    first in LSB-then-MSB mode.
 *  - count 1 is illegal in modes 2 and 3 (datasheet). Taken literally
 *    it gives OUT always low (mode 2) or always high (mode 3): no edges.
 *    Recorded as PIT_ERR_ILLEGAL_COUNT.
 *  - BCD counts: digits above 9 in a written count are taken as 9
 *    (PIT_ERR_BAD_BCD). BCD counters count modulo 10000 and read back
 *    in BCD.
 *
 * All state is in struct pit8254; the model does no I/O.
 */
#ifndef GUEST_PIT8254_H
#define GUEST_PIT8254_H

#include <stdbool.h>
#include <stdint.h>

#define PIT_HZ			1193182u	/* input clock, ticks per second */

#define PIT_PORT_COUNTER0	0x40
#define PIT_PORT_COUNTER1	0x41
#define PIT_PORT_COUNTER2	0x42
#define PIT_PORT_CONTROL	0x43	/* control word register, write only */
#define PIT_PORT_B		0x61	/* PC/AT system control port B */

#define PIT_CHANNELS		3

/* Control word (datasheet "Control Word Format"). */
#define PIT_CW_SC_SHIFT		6	/* SC1:SC0 select counter, 3 = read-back */
#define PIT_CW_RW_SHIFT		4	/* RW1:RW0 */
#define PIT_CW_M_SHIFT		1	/* M2:M0 */
#define PIT_CW_BCD		0x01

#define PIT_RW_LATCH		0	/* counter latch command */
#define PIT_RW_LSB		1	/* read/write least significant byte only */
#define PIT_RW_MSB		2	/* read/write most significant byte only */
#define PIT_RW_LSB_MSB		3	/* LSB first, then MSB */

/* Read-back command (SC1:SC0 = 11). */
#define PIT_RB_COUNT_N		0x20	/* 0 = latch count of selected counters */
#define PIT_RB_STATUS_N		0x10	/* 0 = latch status of selected counters */
#define PIT_RB_CNT(i)		(0x02u << (i))	/* select counter i */

/* Status byte (datasheet "Status Byte"). */
#define PIT_STATUS_OUTPUT	0x80
#define PIT_STATUS_NULL_COUNT	0x40

/* Port 0x61. */
#define PIT_PORTB_GATE2		0x01	/* timer 2 gate, read/write */
#define PIT_PORTB_SPKR_DATA	0x02	/* speaker data enable, read/write */
#define PIT_PORTB_STORED	0x0f	/* bits 0-3 are stored as written */
#define PIT_PORTB_REFRESH	0x10	/* refresh detect toggle, read only */
#define PIT_PORTB_OUT2		0x20	/* timer 2 OUT, read only */

/*
 * The refresh toggle flips every 15.085 us, the period of channel 1 as
 * a PC/AT BIOS programs it (mode 2, count 18). Derived from now.
 */
#define PIT_REFRESH_TICKS	18

/* Conditions recorded in last_error; see pit8254_error_str(). */
enum pit8254_error {
	PIT_OK = 0,
	PIT_ERR_BAD_PORT,	/* access to a port not ours (hypervisor) */
	PIT_ERR_TIME_BACKWARDS,	/* now smaller than before (hypervisor) */
	PIT_ERR_ILLEGAL_COUNT,	/* count 1 in mode 2 or 3 (guest) */
	PIT_ERR_BAD_BCD,	/* BCD count digit above 9 (guest) */
	PIT_ERR_READBACK_D0,	/* read-back command with reserved D0 set */
};

/* One counter. Times are in input-clock ticks. */
struct pit_channel {
	/* From the last control word. */
	uint8_t mode;		/* M2:M0 as written, 0-7; 6 and 7 act as 2, 3 */
	uint8_t rw;		/* PIT_RW_LSB, _MSB or _LSB_MSB */
	bool bcd;

	/* Count register: the last complete count written. */
	uint32_t cr;		/* 1..65536 (binary) or 1..10000 (BCD) */
	bool have_count;	/* a count was written since the control word */
	bool null_count;	/* CR written but not yet in the counter */

	/* Counting element. */
	bool counting;		/* a count sequence is under way */
	uint32_t hold;		/* !counting: the value the counter shows */
	bool out_held;		/* !counting: the level of OUT */
	uint64_t start;		/* counting: tick at which elapsed = 0 */
	uint32_t n;		/* counting: count of this sequence */
	uint32_t phase;		/* mode 3: ticks into the period at start */
	bool paused;		/* modes 0, 4 with gate low: time stands */
	uint64_t paused_elapsed;
	bool reload_pending;	/* modes 2, 3: CR replaces n at reload_at */
	uint64_t reload_at;
	bool reload_low;	/* mode 3: the new count starts a low half */

	bool gate;

	/* Bus interface. */
	bool write_msb_next;	/* LSB of a two-byte count is in write_lsb */
	uint8_t write_lsb;
	bool read_msb_next;	/* next two-byte read returns the MSB */
	bool count_latched;
	uint16_t latched_count;	/* as read: binary or BCD */
	bool status_latched;
	uint8_t latched_status;
};

struct pit8254 {
	struct pit_channel ch[PIT_CHANNELS];
	uint8_t port_b;		/* port 0x61 bits 0-3 as written */
	uint64_t last_now;	/* largest now seen */

	/* IRQ 0 edge detection (pit_irq0_edge). */
	uint64_t irq0_checked;	/* edges up to here are in irq0_latched */
	bool irq0_latched;

	uint32_t guest_errors;	/* guest programmed something illegal */
	uint32_t bad_access;	/* hypervisor passed a bad port or time */
	enum pit8254_error last_error;
};

/*
 * Power-on state: every channel waiting for a count (see above), gate 0
 * = 1, gate 1 = 1, gate 2 = 0 (port 0x61 = 0), no IRQ 0 edge.
 */
void pit_init(struct pit8254 *p);

/* True for 0x40-0x43 and 0x61. */
bool pit_handles_port(uint16_t port);

/* Guest IN. Ports not handled, and 0x43, read 0xFF. */
uint8_t pit_read(struct pit8254 *p, uint16_t port, uint64_t now);

/* Guest OUT. Ports not handled are ignored. */
void pit_write(struct pit8254 *p, uint16_t port, uint8_t val, uint64_t now);

/* Level of OUT of channel 0..2 at now; false for channel > 2. */
bool pit_output(const struct pit8254 *p, unsigned channel, uint64_t now);

/*
 * IRQ 0 is channel 0's OUT. Returns true if OUT0 had at least one rising
 * edge in (previous call, now] -- for the first call, since pit_init --
 * i.e. the PIC should see an edge now. Several missed edges coalesce into
 * one, as the PIC's IRR would latch them. Edges are never lost: an edge
 * that happened before the guest reprogrammed the channel is still
 * reported. Clears the report.
 */
bool pit_irq0_edge(struct pit8254 *p, uint64_t now);

/*
 * The tick of OUT0's next rising edge strictly after now, or UINT64_MAX
 * if none will come without another guest command (mode 0 or 4 already
 * fired, waiting for a count, modes 1 and 5 whose gate never rises).
 * The hypervisor arms its timer for it, and when it fires calls
 * pit_irq0_edge() to collect the edge. Changes nothing.
 */
uint64_t pit_irq0_next_edge(const struct pit8254 *p, uint64_t now);

/* Short human-readable name of an enum pit8254_error value. */
const char *pit8254_error_str(int err);

#endif /* GUEST_PIT8254_H */
