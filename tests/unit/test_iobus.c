/*
 * Unit tests for the guest's I/O-port table (vmx/iobus.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmx/iobus.h"

/* A device that records the last access, to see the callbacks stored. */
struct fake {
	uint16_t port;
	unsigned size;
	uint32_t value;
};

static uint32_t fake_in(void *dev, uint16_t port, unsigned size)
{
	struct fake *f = dev;
	f->port = port;
	f->size = size;
	return 0x12345678u;
}

static void fake_out(void *dev, uint16_t port, unsigned size, uint32_t value)
{
	struct fake *f = dev;
	f->port = port;
	f->size = size;
	f->value = value;
}

static int setup(void **state)
{
	static struct iobus bus;
	memset(&bus, 0xA5, sizeof(bus));	/* iobus_init must be enough */
	iobus_init(&bus);
	*state = &bus;
	return 0;
}

static void test_empty(void **state)
{
	struct iobus *bus = *state;

	assert_int_equal(bus->n, 0);
	assert_null(iobus_find(bus, 0));
	assert_null(iobus_find(bus, 0x3F8));
	assert_null(iobus_find(bus, 0xFFFF));
}

static void test_register_and_find(void **state)
{
	struct iobus *bus = *state;
	struct fake com1 = { 0 }, pic = { 0 };

	assert_int_equal(iobus_register(bus, 0x3F8, 0x3FF, "COM1", fake_in,
					fake_out, &com1), 0);
	assert_int_equal(iobus_register(bus, 0x20, 0x21, "PIC master",
					fake_in, NULL, &pic), 0);
	assert_int_equal(iobus_register(bus, 0x80, 0x80, "POST", NULL, NULL,
					NULL), 0);
	assert_int_equal(bus->n, 3);

	/* Every field as given, the counter at 0. */
	struct io_device *d = iobus_find(bus, 0x3F8);
	assert_ptr_equal(d, &bus->dev[0]);
	assert_int_equal(d->first, 0x3F8);
	assert_int_equal(d->last, 0x3FF);
	assert_string_equal(d->name, "COM1");
	assert_ptr_equal(d->in, fake_in);
	assert_ptr_equal(d->out, fake_out);
	assert_ptr_equal(d->dev, &com1);
	assert_int_equal(d->accesses, 0);
	assert_false(d->reports_events);	/* until the VM says so */

	/* The callbacks reach the device. */
	assert_int_equal(d->in(d->dev, 0x3FD, 1), 0x12345678u);
	assert_int_equal(com1.port, 0x3FD);
	d->out(d->dev, 0x3F8, 1, 'A');
	assert_int_equal(com1.value, 'A');

	/* Both ends of each range, and just outside them. */
	assert_ptr_equal(iobus_find(bus, 0x3FF), &bus->dev[0]);
	assert_ptr_equal(iobus_find(bus, 0x3FC), &bus->dev[0]);
	assert_null(iobus_find(bus, 0x3F7));
	assert_null(iobus_find(bus, 0x400));
	assert_ptr_equal(iobus_find(bus, 0x20), &bus->dev[1]);
	assert_ptr_equal(iobus_find(bus, 0x21), &bus->dev[1]);
	assert_null(iobus_find(bus, 0x1F));
	assert_null(iobus_find(bus, 0x22));
	assert_null(iobus_find(bus, 0xA0));
	d = iobus_find(bus, 0x80);
	assert_ptr_equal(d, &bus->dev[2]);
	assert_null(d->in);
	assert_null(d->out);
	assert_null(d->dev);
	assert_string_equal(d->name, "POST");
	assert_null(iobus_find(bus, 0x7F));
	assert_null(iobus_find(bus, 0x81));
	assert_null(bus->dev[1].out);
}

static void test_overlap_rejected(void **state)
{
	struct iobus *bus = *state;

	assert_int_equal(iobus_register(bus, 0x40, 0x43, "PIT", NULL, NULL,
					NULL), 0);
	/* Exactly the same range. */
	assert_int_equal(iobus_register(bus, 0x40, 0x43, "x", NULL, NULL,
					NULL), -1);
	/* Overlapping the low end, the high end, a single port. */
	assert_int_equal(iobus_register(bus, 0x3E, 0x40, "x", NULL, NULL,
					NULL), -1);
	assert_int_equal(iobus_register(bus, 0x43, 0x50, "x", NULL, NULL,
					NULL), -1);
	assert_int_equal(iobus_register(bus, 0x41, 0x41, "x", NULL, NULL,
					NULL), -1);
	/* Containing it, contained in it. */
	assert_int_equal(iobus_register(bus, 0x00, 0xFFFF, "x", NULL, NULL,
					NULL), -1);
	assert_int_equal(iobus_register(bus, 0x41, 0x42, "x", NULL, NULL,
					NULL), -1);
	assert_int_equal(bus->n, 1);
	assert_string_equal(iobus_find(bus, 0x40)->name, "PIT");

	/* Adjacent on both sides is fine. */
	assert_int_equal(iobus_register(bus, 0x3C, 0x3F, "below", NULL, NULL,
					NULL), 0);
	assert_int_equal(iobus_register(bus, 0x44, 0x44, "above", NULL, NULL,
					NULL), 0);
	assert_int_equal(bus->n, 3);
	assert_string_equal(iobus_find(bus, 0x3F)->name, "below");
	assert_string_equal(iobus_find(bus, 0x40)->name, "PIT");
	assert_string_equal(iobus_find(bus, 0x43)->name, "PIT");
	assert_string_equal(iobus_find(bus, 0x44)->name, "above");
	/* Overlapping the second of several. */
	assert_int_equal(iobus_register(bus, 0x30, 0x3C, "x", NULL, NULL,
					NULL), -1);
	assert_int_equal(bus->n, 3);
}

static void test_first_greater_than_last(void **state)
{
	struct iobus *bus = *state;

	assert_int_equal(iobus_register(bus, 0x61, 0x60, "x", NULL, NULL,
					NULL), -1);
	assert_int_equal(iobus_register(bus, 0xFFFF, 0, "x", NULL, NULL,
					NULL), -1);
	assert_int_equal(bus->n, 0);
	/* The whole port space in one device, and port 0xFFFF on its own. */
	assert_int_equal(iobus_register(bus, 0xFFFF, 0xFFFF, "top", NULL,
					NULL, NULL), 0);
	assert_int_equal(iobus_register(bus, 0, 0xFFFE, "rest", NULL, NULL,
					NULL), 0);
	assert_string_equal(iobus_find(bus, 0xFFFF)->name, "top");
	assert_string_equal(iobus_find(bus, 0)->name, "rest");
	assert_string_equal(iobus_find(bus, 0xFFFE)->name, "rest");
}

static void test_full_table(void **state)
{
	struct iobus *bus = *state;

	for (unsigned i = 0; i < IOBUS_MAX; i++)
		assert_int_equal(iobus_register(bus, (uint16_t)(i * 4),
						(uint16_t)(i * 4 + 3), "d",
						NULL, NULL, NULL), 0);
	assert_int_equal(bus->n, IOBUS_MAX);
	/* A free range, but no room. */
	assert_int_equal(iobus_register(bus, 0x1000, 0x1000, "x", NULL, NULL,
					NULL), -1);
	assert_int_equal(bus->n, IOBUS_MAX);
	assert_null(iobus_find(bus, 0x1000));
	/* Every registered device is still found. */
	for (unsigned i = 0; i < IOBUS_MAX; i++) {
		assert_ptr_equal(iobus_find(bus, (uint16_t)(i * 4)),
				 &bus->dev[i]);
		assert_ptr_equal(iobus_find(bus, (uint16_t)(i * 4 + 3)),
				 &bus->dev[i]);
	}
	assert_null(iobus_find(bus, IOBUS_MAX * 4));
}

static void test_all_ones(void **state)
{
	assert_int_equal(io_all_ones(1), 0xFFu);
	assert_int_equal(io_all_ones(2), 0xFFFFu);
	assert_int_equal(io_all_ones(4), 0xFFFFFFFFu);
	assert_int_equal(io_all_ones(3), 0xFFFFFFu);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_empty, setup),
		cmocka_unit_test_setup(test_register_and_find, setup),
		cmocka_unit_test_setup(test_overlap_rejected, setup),
		cmocka_unit_test_setup(test_first_greater_than_last, setup),
		cmocka_unit_test_setup(test_full_table, setup),
		cmocka_unit_test(test_all_ones),
	};

	return cmocka_run_group_tests_name("iobus", tests, NULL, NULL);
}
