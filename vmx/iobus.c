/* Port dispatch table; see iobus.h. */
#include <stddef.h>
#include "vmx/iobus.h"

void iobus_init(struct iobus *bus)
{
	bus->n = 0;
	for (unsigned p = 0; p < 65536; p++)
		bus->index[p] = 0;
}

int iobus_register(struct iobus *bus, uint16_t first, uint16_t last,
		   const char *name, io_in_fn in, io_out_fn out, void *dev)
{
	if (first > last || bus->n == IOBUS_MAX)
		return -1;
	for (unsigned i = 0; i < bus->n; i++)
		if (first <= bus->dev[i].last && bus->dev[i].first <= last)
			return -1;
	struct io_device *d = &bus->dev[bus->n++];
	d->first = first;
	d->last = last;
	d->name = name;
	d->in = in;
	d->out = out;
	d->dev = dev;
	d->accesses = 0;
	d->reports_events = false;	/* the VM sets it for a device that does */
	for (unsigned p = first; p <= last; p++)
		bus->index[p] = (uint8_t)bus->n;	/* 1 + its index */
	return 0;
}

struct io_device *iobus_find(struct iobus *bus, uint16_t port)
{
	unsigned i = bus->index[port];
	return i ? &bus->dev[i - 1] : NULL;
}
