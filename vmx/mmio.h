/*
 * The guest's memory-mapped I/O space: a table of device models by
 * guest-physical range, beside the port table (vmx/iobus.h). Pure logic.
 * Like the port table it is the VMX side's (struct vmx_vm holds it); the
 * VM (guest/platform.c) registers its devices here.
 *
 * How an access gets here: guest RAM is the only thing EPT maps, so a load
 * or store anywhere else is an EPT violation (vmx/exit_ept.c). The exit
 * handler decodes the instruction at the guest's RIP (vmx/decode.c),
 * carries it out (vmx/emulate.c) with its memory operand read or written
 * through mmio_read/mmio_write here, and moves RIP past it. Pages of a
 * registered range are never mapped in EPT, so every access exits.
 *
 * For device models (the LAPIC at 0xFEE00000, the IOAPIC at 0xFEC00000):
 *
 *   static uint64_t lapic_mmio_read(void *ctx, uint64_t offset, unsigned size);
 *   static void lapic_mmio_write(void *ctx, uint64_t offset, unsigned size,
 *                                uint64_t value);
 *   mmio_register(&vm->mmio, 0xFEE00000, 0x1000, "lapic",
 *                 lapic_mmio_read, lapic_mmio_write, lapic);
 *
 * - offset is from the range's base; size is 1, 2, 4 or 8 bytes and the
 *   whole access [offset, offset + size) lies inside the range (one that
 *   does not is treated as an access to absent space). Accesses need not
 *   be aligned: a model that only answers aligned dword accesses checks
 *   that itself.
 * - read returns the value; only the low size bytes are used.
 * - write gets the value in its low size bytes, the rest zero.
 * - A read-modify-write instruction (OR to memory, XCHG) calls read, then
 *   write, as the bus sees it.
 * - Callbacks run on the vCPU that made the access, with the guest
 *   stopped; they may raise interrupt lines.
 *
 * An access no range claims behaves as on a PC with nothing there: reads
 * return all ones, writes are dropped, and both are counted here
 * (bus->absent_reads / absent_writes, printed in the run's summary); the
 * guest goes on.
 */
#ifndef VMX_MMIO_H
#define VMX_MMIO_H

#include <stdint.h>

#define MMIO_MAX 16

typedef uint64_t (*mmio_read_fn)(void *ctx, uint64_t offset, unsigned size);
typedef void (*mmio_write_fn)(void *ctx, uint64_t offset, unsigned size,
			      uint64_t value);

struct mmio_region {
	uint64_t base, len;	/* guest-physical [base, base + len) */
	const char *name;
	mmio_read_fn read;	/* NULL: reads return all ones */
	mmio_write_fn write;	/* NULL: writes are dropped */
	void *ctx;
	uint64_t accesses;
};

struct mmio_bus {
	struct mmio_region r[MMIO_MAX];
	unsigned n;
	uint64_t absent_reads, absent_writes;
};

void mmio_init(struct mmio_bus *bus);

/* Registers [gpa, gpa + len) for a device. Returns 0, or -1 if len is 0,
 * the range wraps, overlaps a registered one, or the table is full. */
int mmio_register(struct mmio_bus *bus, uint64_t gpa, uint64_t len,
		  const char *name, mmio_read_fn read, mmio_write_fn write,
		  void *ctx);

/* The range holding all of [gpa, gpa + size), or NULL. */
struct mmio_region *mmio_find(struct mmio_bus *bus, uint64_t gpa,
			      unsigned size);

/* A size-byte access (1, 2, 4 or 8) at gpa, dispatched to its device or
 * answered as absent space. */
uint64_t mmio_read(struct mmio_bus *bus, uint64_t gpa, unsigned size);
void mmio_write(struct mmio_bus *bus, uint64_t gpa, unsigned size,
		uint64_t value);

/* All ones for an access of size bytes. */
static inline uint64_t mmio_all_ones(unsigned size)
{
	return size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
}

#endif
