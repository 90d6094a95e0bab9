/* The guest's I/O-port space: a table of devices by port range. An IN or
 * OUT exit (vmx/exit_io.c) looks up the port here; a port no device claims
 * behaves as on a PC with nothing there: reads return all ones, writes are
 * dropped, and both are counted by the caller. Pure logic.
 *
 * The table is the VMX side's (struct vmx_vm holds it) so that an I/O exit
 * reaches the device's handler in one indirect call; the VM
 * (guest/platform.c) registers its devices here, and the devices know
 * nothing of it. */
#ifndef VMX_IOBUS_H
#define VMX_IOBUS_H

#include <stdbool.h>
#include <stdint.h>

#define IOBUS_MAX 32

/* size is 1, 2 or 4 bytes. in returns the value (only the low size bytes
 * are used). */
typedef uint32_t (*io_in_fn)(void *dev, uint16_t port, unsigned size);
typedef void (*io_out_fn)(void *dev, uint16_t port, unsigned size,
			  uint32_t value);

struct io_device {
	uint16_t first, last;	/* inclusive port range */
	const char *name;
	io_in_fn in;		/* NULL: reads return all ones */
	io_out_fn out;		/* NULL: writes are dropped */
	void *dev;
	uint64_t accesses;
	/* The device's accesses change interrupt delivery only through its
	 * interrupt line, and it sets struct vmx_vm's events_changed when
	 * one changes that line. Otherwise every access makes the run loop
	 * work out interrupt delivery and the next timer event again. */
	bool reports_events;
};

struct iobus {
	struct io_device dev[IOBUS_MAX];
	unsigned n;
	/* Port -> 1 + index in dev, or 0: one load per lookup, for every
	 * I/O exit. */
	uint8_t index[65536];
};

void iobus_init(struct iobus *bus);

/* Returns 0, or -1 if the range is empty, overlaps a registered one or the
 * table is full. */
int iobus_register(struct iobus *bus, uint16_t first, uint16_t last,
		   const char *name, io_in_fn in, io_out_fn out, void *dev);

/* The device claiming port, or NULL. */
struct io_device *iobus_find(struct iobus *bus, uint16_t port);

/* All ones for an access of size bytes. */
static inline uint32_t io_all_ones(unsigned size)
{
	return size >= 4 ? 0xFFFFFFFFu : (1u << (size * 8)) - 1;
}

#endif
