/* Fuzzes guest/ioapic.c's MMIO handlers, whose offsets, sizes and values
 * the guest controls, with the device lines and EOIs the rest of the
 * platform drives: a sequence of operations, each an opcode byte and its
 * fields (layout in tests/fuzz/seeds.py). Besides ASan/UBSan, after every
 * step: a redirection entry holds only the bits the 82093AA datasheet
 * defines (writable bits, Remote IRR only when level triggered, delivery
 * status never), the ID only bits 27:24; an IOREGSEL-indexed read through
 * IOWIN returns the register IOREGSEL names (ID, version 0x170020, the
 * half of entry (IOREGSEL - 0x10) / 2) or all ones past the last entry,
 * and changes nothing; a write of IOREGSEL reads back; every message sent
 * was delivered once. */
#include <string.h>

#include "guest/ioapic.h"
#include "tests/fuzz/fuzz.h"

static uint64_t delivered;

static void deliver(void *ctx, const struct apic_msg *m)
{
	FUZZ_CHECK(m->delivery < 8);
	FUZZ_CHECK(m->shorthand == APIC_SH_NONE);
	delivered++;
}

static unsigned take_size(const uint8_t **p, size_t *n)
{
	static const unsigned sizes[4] = { 1, 2, 4, 8 };
	return sizes[fuzz_take(p, n, 1) & 3];
}

static void check_state(const struct ioapic *io)
{
	for (unsigned pin = 0; pin < IOAPIC_PINS; pin++) {
		uint64_t rte = io->rte[pin];
		FUZZ_CHECK((rte & ~(IOAPIC_RTE_WRITABLE | IOAPIC_RTE_REMOTE_IRR)) == 0);
		FUZZ_CHECK(!(rte & IOAPIC_RTE_REMOTE_IRR) || (rte & IOAPIC_RTE_LEVEL));
	}
	FUZZ_CHECK((io->id & ~0x0F000000u) == 0);
	FUZZ_CHECK(io->sent == delivered);
}

static int same_state(const struct ioapic *a, const struct ioapic *b)
{
	return a->id == b->id && a->regsel == b->regsel &&
	       !memcmp(a->rte, b->rte, sizeof(a->rte)) && a->wire == b->wire &&
	       a->sent == b->sent && a->bad_access == b->bad_access;
}

/* What IOWIN shows for register reg (datasheet 3.1, 3.2). */
static uint32_t expected_window(const struct ioapic *io, uint8_t reg)
{
	if (reg == IOAPIC_REG_ID || reg == IOAPIC_REG_ARB)
		return io->id;
	if (reg == IOAPIC_REG_VERSION)
		return 0x00170020u;	/* version 0x20, 24 entries */
	if (reg >= 0x10 && reg <= 0x3F) {
		uint64_t rte = io->rte[(reg - 0x10) >> 1];
		return (uint32_t)(reg & 1 ? rte >> 32 : rte);
	}
	return 0xFFFFFFFFu;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data;
	size_t n = size;
	struct ioapic io, before;

	delivered = 0;
	ioapic_init(&io, deliver, NULL);
	for (unsigned step = 0; n && step < 4096; step++) {
		unsigned op = (unsigned)fuzz_take(&p, &n, 1) % 5;
		uint32_t offset;
		unsigned sz;
		uint64_t value;

		switch (op) {
		case 0:		/* read */
			offset = (uint32_t)fuzz_take(&p, &n, 2) & 0xFFF;
			sz = take_size(&p, &n);
			before = io;
			value = ioapic_mmio_read(&io, offset, sz);
			FUZZ_CHECK(same_state(&before, &io));
			if (sz < 8)
				FUZZ_CHECK(value >> (sz * 8) == 0);
			if (offset == IOAPIC_IOWIN && sz == 4)
				FUZZ_CHECK(value == expected_window(&io, io.regsel));
			if (offset == IOAPIC_IOREGSEL && sz == 4)
				FUZZ_CHECK(value == io.regsel);
			break;
		case 1:		/* write anywhere */
			offset = (uint32_t)fuzz_take(&p, &n, 2) & 0xFFF;
			sz = take_size(&p, &n);
			value = fuzz_take(&p, &n, 8);
			ioapic_mmio_write(&io, offset, sz, value);
			if (offset == IOAPIC_IOREGSEL)
				FUZZ_CHECK(io.regsel == (uint8_t)value);
			break;
		case 2:		/* a device line, pins past 23 included */
			value = fuzz_take(&p, &n, 1);
			ioapic_set_irq(&io, (unsigned)value % 32,
				       fuzz_take(&p, &n, 1) & 1);
			break;
		case 3:		/* an EOI broadcast from a local APIC */
			ioapic_eoi(&io, (uint8_t)fuzz_take(&p, &n, 1));
			break;
		case 4: {	/* IOREGSEL then a 32-bit IOWIN write */
			uint8_t reg = (uint8_t)fuzz_take(&p, &n, 1);
			uint32_t v = (uint32_t)fuzz_take(&p, &n, 4);
			ioapic_mmio_write(&io, IOAPIC_IOREGSEL, 4, reg);
			ioapic_mmio_write(&io, IOAPIC_IOWIN, 4, v);
			if (reg >= 0x10 && reg <= 0x3F)
				FUZZ_CHECK(((expected_window(&io, reg) ^ v) &
					    (uint32_t)(IOAPIC_RTE_WRITABLE >>
						       (reg & 1 ? 32 : 0))) == 0);
			break;
		}
		}
		check_state(&io);
	}
	return 0;
}
