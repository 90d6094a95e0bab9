/* Fuzzes guest/lapic.c's MMIO handlers, whose offsets, sizes and values
 * the guest controls, between the other calls the platform makes
 * (interrupts arriving, INTA, timer polls, IA32_APIC_BASE,
 * IA32_TSC_DEADLINE, CR8), at arbitrary times, backwards ones included.
 * The input is the timer's crystal ratio and minimum period, then a
 * sequence of operations, each an opcode byte and its fields (layout in
 * tests/fuzz/seeds.py). Besides ASan/UBSan, after every step (SDM Vol. 3A
 * 11.8): vectors 0-15 are never requested or in service; a bit leaves
 * IRR only when INTA moves it to ISR (or a global disable resets the
 * APIC); ISR gains exactly the acknowledged vector and loses exactly its
 * highest vector on an EOI, and nothing else changes it; a pending vector
 * is requested and above the processor priority; PPR is the larger of
 * TPR and the in-service class; a read is no wider than its size, all
 * ones while the APIC is globally disabled. */
#include <string.h>

#include "guest/lapic.h"
#include "tests/fuzz/fuzz.h"

static unsigned bits(const uint32_t map[8])
{
	unsigned c = 0;
	for (int i = 0; i < 8; i++)
		c += (unsigned)__builtin_popcount(map[i]);
	return c;
}

static int highest(const uint32_t map[8])
{
	for (int i = 7; i >= 0; i--)
		if (map[i])
			return i * 32 + 31 - __builtin_clz(map[i]);
	return -1;
}

static int test_bit(const uint32_t map[8], unsigned v)
{
	return (map[v >> 5] >> (v & 31)) & 1;
}

/* Every bit of a is in b. */
static int subset(const uint32_t a[8], const uint32_t b[8])
{
	for (int i = 0; i < 8; i++)
		if (a[i] & ~b[i])
			return 0;
	return 1;
}

static unsigned take_size(const uint8_t **p, size_t *n)
{
	static const unsigned sizes[4] = { 1, 2, 4, 8 };
	return sizes[fuzz_take(p, n, 1) & 3];
}

static void check_state(const struct lapic *l)
{
	uint32_t ppr = lapic_ppr(l);
	int isrv = highest(l->isr);
	int v = lapic_pending_vector(l);

	FUZZ_CHECK((l->irr[0] & 0xFFFF) == 0);
	FUZZ_CHECK((l->isr[0] & 0xFFFF) == 0);
	FUZZ_CHECK((ppr & 0xF0) >= (l->tpr & 0xF0));
	FUZZ_CHECK(isrv < 0 || (ppr & 0xF0) >= ((unsigned)isrv & 0xF0));
	FUZZ_CHECK(ppr == (l->tpr & 0xFF) ||
		   (isrv >= 0 && ppr == ((unsigned)isrv & 0xF0)));
	if (v >= 0) {
		FUZZ_CHECK(test_bit(l->irr, (unsigned)v));
		FUZZ_CHECK(((unsigned)v & 0xF0) > (ppr & 0xF0));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data;
	size_t n = size;
	struct lapic l;
	/* The platform's ratio is CPUID leaf 0x15's; its minimum period is
	 * 100 us of TSC, never 0 (guest/platform.c). */
	uint32_t num = (uint32_t)fuzz_take(&p, &n, 2);
	uint32_t den = (uint32_t)fuzz_take(&p, &n, 2);
	uint64_t min_period = (fuzz_take(&p, &n, 3) & 0xFFFFF) + 1;
	uint64_t now = 0;

	lapic_init(&l, 0, 0, num, den, min_period);
	if (fuzz_take(&p, &n, 1) & 1)
		lapic_bios_setup(&l);
	for (unsigned step = 0; n && step < 4096; step++) {
		unsigned op = (unsigned)fuzz_take(&p, &n, 1);
		uint32_t irr[8], isr[8];
		uint32_t offset;
		unsigned sz;
		uint64_t value;
		struct lapic_effect eff;
		bool enabled = lapic_hw_enabled(&l);
		bool disabled_now = false;
		bool eoi_write = false;
		int pending = lapic_pending_vector(&l);
		int acked = -1;

		/* Time moves on by up to 2^24 ticks, or back by up to 255
		 * (opcode bit 7). */
		if (op & 0x80)
			now -= fuzz_take(&p, &n, 1);
		else
			now += fuzz_take(&p, &n, 3);
		memcpy(irr, l.irr, sizeof(irr));
		memcpy(isr, l.isr, sizeof(isr));
		switch ((op & 0x7F) % 9) {
		case 0:		/* read anywhere */
			offset = (uint32_t)fuzz_take(&p, &n, 2) & 0xFFF;
			sz = take_size(&p, &n);
			value = lapic_mmio_read(&l, offset, sz, now);
			if (sz < 8)
				FUZZ_CHECK(value >> (sz * 8) == 0);
			if (!enabled)
				FUZZ_CHECK(value == (sz < 8 ? (1ULL << (sz * 8)) - 1 : ~0ULL));
			else if (offset == LAPIC_PPR && sz == 4)
				FUZZ_CHECK(value == lapic_ppr(&l));
			break;
		case 1:		/* write anywhere */
			offset = (uint32_t)fuzz_take(&p, &n, 2) & 0xFFF;
			sz = take_size(&p, &n);
			value = fuzz_take(&p, &n, 8);
			lapic_mmio_write(&l, offset, sz, value, now, &eff);
			eoi_write = enabled && offset == LAPIC_EOI && sz >= 4;
			FUZZ_CHECK(!eff.eoi_level || eoi_write);
			FUZZ_CHECK(!eff.send || (enabled && offset == LAPIC_ICR_LO && sz >= 4));
			break;
		case 2:		/* a 32-bit write of one register */
			offset = ((uint32_t)fuzz_take(&p, &n, 1) << 4) & 0x3F0;
			value = fuzz_take(&p, &n, 4);
			lapic_mmio_write(&l, offset, 4, value, now, &eff);
			eoi_write = enabled && offset == LAPIC_EOI;
			FUZZ_CHECK(!eff.eoi_level || eoi_write);
			if (eff.eoi_level)
				FUZZ_CHECK(test_bit(l.tmr, eff.eoi_vector));
			if (enabled && offset == LAPIC_TPR)
				FUZZ_CHECK(lapic_mmio_read(&l, LAPIC_TPR, 4, now) ==
					   (value & 0xFF));
			break;
		case 3:		/* a fixed interrupt arrives */
			value = fuzz_take(&p, &n, 1);
			lapic_accept(&l, (uint8_t)value, fuzz_take(&p, &n, 1) & 1);
			break;
		case 4:		/* INTA */
			acked = lapic_ack(&l);
			if (pending < 0)
				FUZZ_CHECK(acked == (int)(l.svr & 0xFF));
			else
				FUZZ_CHECK(acked == pending);
			break;
		case 5:
			lapic_timer_poll(&l, now);
			break;
		case 6:
			lapic_write_tsc_deadline(&l, now + fuzz_take(&p, &n, 3), now);
			break;
		case 7: {	/* IA32_APIC_BASE: enable, disable or anything */
			static const uint64_t base[3] = {
				LAPIC_DEFAULT_BASE | LAPIC_BASE_EN,
				LAPIC_DEFAULT_BASE,
				0,
			};
			unsigned k = (unsigned)fuzz_take(&p, &n, 1) % 3;
			value = k < 2 ? base[k] : fuzz_take(&p, &n, 8);
			if (lapic_write_apic_base(&l, value, 39) == 0)
				disabled_now = enabled && !lapic_hw_enabled(&l);
			break;
		}
		case 8:		/* MOV to CR8 */
			lapic_set_tpr(&l, (uint8_t)fuzz_take(&p, &n, 1));
			break;
		}

		if (disabled_now) {
			FUZZ_CHECK(bits(l.isr) == 0 && bits(l.irr) == 0);
		} else if (pending >= 0 && acked == pending) {
			FUZZ_CHECK(bits(l.isr) == bits(isr) + 1);
			FUZZ_CHECK(test_bit(l.isr, (unsigned)acked));
			FUZZ_CHECK(!test_bit(isr, (unsigned)acked));
			FUZZ_CHECK(!test_bit(l.irr, (unsigned)acked));
			FUZZ_CHECK(bits(l.irr) == bits(irr) - 1);
		} else if (eoi_write && highest(isr) >= 0) {
			FUZZ_CHECK(bits(l.isr) == bits(isr) - 1);
			FUZZ_CHECK(!test_bit(l.isr, (unsigned)highest(isr)));
			FUZZ_CHECK(subset(irr, l.irr));
		} else {
			/* Nothing else takes an interrupt out of service or
			 * out of the request register. */
			FUZZ_CHECK(memcmp(l.isr, isr, sizeof(isr)) == 0);
			FUZZ_CHECK(subset(irr, l.irr));
		}
		check_state(&l);
	}
	return 0;
}
