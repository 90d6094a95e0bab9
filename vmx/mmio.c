/* MMIO dispatch table; see mmio.h. */
#include <stddef.h>
#include "vmx/mmio.h"

void mmio_init(struct mmio_bus *bus)
{
	bus->n = 0;
	bus->absent_reads = 0;
	bus->absent_writes = 0;
}

int mmio_register(struct mmio_bus *bus, uint64_t gpa, uint64_t len,
		  const char *name, mmio_read_fn read, mmio_write_fn write,
		  void *ctx)
{
	uint64_t last = gpa + len - 1;

	if (len == 0 || last < gpa || bus->n == MMIO_MAX)
		return -1;
	for (unsigned i = 0; i < bus->n; i++) {
		const struct mmio_region *r = &bus->r[i];
		if (gpa <= r->base + (r->len - 1) && r->base <= last)
			return -1;
	}
	struct mmio_region *r = &bus->r[bus->n++];
	r->base = gpa;
	r->len = len;
	r->name = name;
	r->read = read;
	r->write = write;
	r->ctx = ctx;
	r->accesses = 0;
	return 0;
}

struct mmio_region *mmio_find(struct mmio_bus *bus, uint64_t gpa,
			      unsigned size)
{
	if (size == 0 || gpa + (size - 1) < gpa)
		return NULL;
	for (unsigned i = 0; i < bus->n; i++) {
		struct mmio_region *r = &bus->r[i];
		if (gpa >= r->base && gpa - r->base < r->len &&
		    size <= r->len - (gpa - r->base))
			return r;
	}
	return NULL;
}

uint64_t mmio_read(struct mmio_bus *bus, uint64_t gpa, unsigned size)
{
	struct mmio_region *r = mmio_find(bus, gpa, size);

	if (!r) {
		bus->absent_reads++;
		return mmio_all_ones(size);
	}
	r->accesses++;
	if (!r->read)
		return mmio_all_ones(size);
	return r->read(r->ctx, gpa - r->base, size) & mmio_all_ones(size);
}

void mmio_write(struct mmio_bus *bus, uint64_t gpa, unsigned size,
		uint64_t value)
{
	struct mmio_region *r = mmio_find(bus, gpa, size);

	if (!r) {
		bus->absent_writes++;
		return;
	}
	r->accesses++;
	if (r->write)
		r->write(r->ctx, gpa - r->base, size, value & mmio_all_ones(size));
}
