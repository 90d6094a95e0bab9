/*
 * Unit tests for the guest's MMIO table (vmx/mmio.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmx/mmio.h"

struct fake {
	uint64_t offset;
	unsigned size;
	uint64_t value;
	unsigned reads, writes;
};

static uint64_t fake_read(void *ctx, uint64_t offset, unsigned size)
{
	struct fake *f = ctx;
	f->offset = offset;
	f->size = size;
	f->reads++;
	return 0x1122334455667788ULL;
}

static void fake_write(void *ctx, uint64_t offset, unsigned size,
		       uint64_t value)
{
	struct fake *f = ctx;
	f->offset = offset;
	f->size = size;
	f->value = value;
	f->writes++;
}

static int setup(void **state)
{
	static struct mmio_bus bus;
	memset(&bus, 0xA5, sizeof(bus));	/* mmio_init must be enough */
	mmio_init(&bus);
	*state = &bus;
	return 0;
}

static void test_absent_space(void **state)
{
	struct mmio_bus *bus = *state;

	assert_int_equal(mmio_read(bus, 0xFED00000, 4), 0xFFFFFFFFULL);
	assert_int_equal(mmio_read(bus, 0xFED00000, 1), 0xFF);
	assert_int_equal(mmio_read(bus, 0xFED00000, 2), 0xFFFF);
	assert_int_equal(mmio_read(bus, 0xFED00000, 8), ~0ULL);
	mmio_write(bus, 0xFED00000, 4, 5);
	assert_int_equal(bus->absent_reads, 4);
	assert_int_equal(bus->absent_writes, 1);
}

static void test_dispatch(void **state)
{
	struct mmio_bus *bus = *state;
	struct fake lapic = { 0 }, ioapic = { 0 };

	assert_int_equal(mmio_register(bus, 0xFEE00000, 0x1000, "lapic",
				       fake_read, fake_write, &lapic), 0);
	assert_int_equal(mmio_register(bus, 0xFEC00000, 0x20, "ioapic",
				       fake_read, fake_write, &ioapic), 0);
	/* offset from the base; the read is cut to its size */
	assert_int_equal(mmio_read(bus, 0xFEE000B0, 4), 0x55667788);
	assert_int_equal(lapic.offset, 0xB0);
	assert_int_equal(lapic.size, 4);
	assert_int_equal(mmio_read(bus, 0xFEC00010, 2), 0x7788);
	assert_int_equal(ioapic.offset, 0x10);
	/* the write's value is cut to its size too */
	mmio_write(bus, 0xFEC00000, 1, 0x1234);
	assert_int_equal(ioapic.value, 0x34);
	assert_int_equal(ioapic.writes, 1);
	/* last bytes of a range, and one byte past it */
	assert_int_equal(mmio_read(bus, 0xFEC0001C, 4), 0x55667788);
	assert_int_equal(ioapic.offset, 0x1C);
	assert_int_equal(mmio_read(bus, 0xFEC00020, 1), 0xFF);
	/* an access straddling the end is absent space */
	assert_int_equal(mmio_read(bus, 0xFEC0001E, 4), 0xFFFFFFFF);
	mmio_write(bus, 0xFEC0001F, 2, 0);
	assert_int_equal(ioapic.writes, 1);
	assert_int_equal(bus->absent_reads, 2);
	assert_int_equal(bus->absent_writes, 1);
	/* the per-range access count */
	assert_int_equal(mmio_find(bus, 0xFEE00000, 4)->accesses, 1);
	assert_int_equal(mmio_find(bus, 0xFEC00000, 4)->accesses, 3);
	assert_string_equal(mmio_find(bus, 0xFEE00FFC, 4)->name, "lapic");
	assert_null(mmio_find(bus, 0xFEE00FFD, 4));
	assert_null(mmio_find(bus, 0xFEE00000, 0));
	assert_null(mmio_find(bus, ~0ULL, 2));	/* wraps */
}

static void test_null_callbacks(void **state)
{
	struct mmio_bus *bus = *state;

	assert_int_equal(mmio_register(bus, 0x1000, 0x10, "rom", NULL, NULL,
				       NULL), 0);
	assert_int_equal(mmio_read(bus, 0x1000, 4), 0xFFFFFFFF);
	mmio_write(bus, 0x1000, 4, 1);
	/* claimed, not absent */
	assert_int_equal(bus->absent_reads, 0);
	assert_int_equal(bus->absent_writes, 0);
	assert_int_equal(mmio_find(bus, 0x1000, 1)->accesses, 2);
}

static void test_register_refused(void **state)
{
	struct mmio_bus *bus = *state;
	struct fake f = { 0 };

	assert_int_equal(mmio_register(bus, 0x1000, 0x1000, "a", fake_read,
				       fake_write, &f), 0);
	assert_int_equal(mmio_register(bus, 0x1FFF, 1, "b", NULL, NULL, NULL), -1);
	assert_int_equal(mmio_register(bus, 0x0F00, 0x101, "c", NULL, NULL, NULL), -1);
	assert_int_equal(mmio_register(bus, 0x0F00, 0x100, "d", NULL, NULL, NULL), 0);
	assert_int_equal(mmio_register(bus, 0x2000, 0, "e", NULL, NULL, NULL), -1);
	assert_int_equal(mmio_register(bus, ~0ULL, 2, "f", NULL, NULL, NULL), -1);
	assert_int_equal(mmio_register(bus, ~0ULL, 1, "g", NULL, NULL, NULL), 0);
	for (unsigned i = bus->n; i < MMIO_MAX; i++)
		assert_int_equal(mmio_register(bus, 0x100000 + i * 0x1000, 0x1000,
					       "x", NULL, NULL, NULL), 0);
	assert_int_equal(mmio_register(bus, 0x90000000, 0x1000, "full", NULL,
				       NULL, NULL), -1);
	assert_int_equal(bus->n, MMIO_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_absent_space, setup),
		cmocka_unit_test_setup(test_dispatch, setup),
		cmocka_unit_test_setup(test_null_callbacks, setup),
		cmocka_unit_test_setup(test_register_refused, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
