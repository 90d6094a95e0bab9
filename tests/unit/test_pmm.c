/*
 * Unit tests for the physical page allocator (kernel/pmm.c).
 *
 * After every operation the whole free list is compared with the expected
 * ranges, and free_pages with the expected count.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/pmm.h"

#define KiB(x)	((uint64_t)(x) << 10)
#define MiB(x)	((uint64_t)(x) << 20)
#define PG	0x1000ULL

struct span {
	uint64_t base, end;
};

/* Checks the free list against n expected [base, end) spans and the free
 * page count against their sum. */
static void expect(const struct pmm *p, const struct span *s, unsigned n)
{
	uint64_t pages = 0;

	assert_int_equal(p->n, n);
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(p->r[i].base, s[i].base);
		assert_int_equal(p->r[i].end, s[i].end);
		pages += (s[i].end - s[i].base) / PG;
	}
	assert_int_equal(p->free_pages, pages);
}

#define EXPECT(p, ...)							\
	do {								\
		static const struct span s_[] = { __VA_ARGS__ };	\
		expect(p, s_, sizeof(s_) / sizeof(s_[0]));		\
	} while (0)

static void expect_empty(const struct pmm *p)
{
	assert_int_equal(p->n, 0);
	assert_int_equal(p->free_pages, 0);
}

static struct pmm *new_pmm(void)
{
	struct pmm *p = malloc(sizeof(*p));
	assert_non_null(p);
	memset(p, 0xA5, sizeof(*p));	/* pmm_init must set what matters */
	pmm_init(p);
	return p;
}

static int setup(void **state)
{
	*state = new_pmm();
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static void test_init(void **state)
{
	struct pmm *p = *state;

	expect_empty(p);
	assert_int_equal(p->dropped, 0);
	assert_int_equal(pmm_alloc(p, 1, PG), 0);
	expect_empty(p);
}

static void test_add_single(void **state)
{
	struct pmm *p = *state;

	pmm_add(p, MiB(1), 16);
	EXPECT(p, { MiB(1), MiB(1) + 16 * PG });
	assert_int_equal(p->free_pages, 16);
	/* Zero pages adds nothing. */
	pmm_add(p, MiB(8), 0);
	EXPECT(p, { MiB(1), MiB(1) + 16 * PG });
}

static void test_merge_adjacent(void **state)
{
	struct pmm *p = *state;

	pmm_add(p, 0x100000, 4);
	pmm_add(p, 0x104000, 4);		/* touches the end */
	EXPECT(p, { 0x100000, 0x108000 });
	pmm_add(p, 0x0FC000, 4);		/* touches the start */
	EXPECT(p, { 0x0FC000, 0x108000 });
	assert_int_equal(p->free_pages, 12);
}

static void test_merge_overlapping(void **state)
{
	struct pmm *p = *state;

	pmm_add(p, 0x100000, 8);
	pmm_add(p, 0x104000, 8);		/* overlaps the end */
	EXPECT(p, { 0x100000, 0x10C000 });
	pmm_add(p, 0x0FE000, 4);		/* overlaps the start */
	EXPECT(p, { 0x0FE000, 0x10C000 });
	pmm_add(p, 0x0F0000, 0x30);		/* contains it */
	EXPECT(p, { 0x0F0000, 0x120000 });
	pmm_add(p, 0x100000, 2);		/* contained */
	EXPECT(p, { 0x0F0000, 0x120000 });
	assert_int_equal(p->free_pages, 0x30);
}

static void test_out_of_order_and_bridging(void **state)
{
	struct pmm *p = *state;

	pmm_add(p, 0x300000, 1);
	pmm_add(p, 0x100000, 1);
	pmm_add(p, 0x500000, 1);
	pmm_add(p, 0x200000, 1);
	EXPECT(p, { 0x100000, 0x101000 }, { 0x200000, 0x201000 },
	       { 0x300000, 0x301000 }, { 0x500000, 0x501000 });
	/* One range covering the gap from the first to the third merges
	 * three entries into one; the fourth stays. */
	pmm_add(p, 0x101000, (0x300000 - 0x101000) / PG);
	EXPECT(p, { 0x100000, 0x301000 }, { 0x500000, 0x501000 });
	/* Overlapping both remaining ones. */
	pmm_add(p, 0x2FF000, (0x502000 - 0x2FF000) / PG);
	EXPECT(p, { 0x100000, 0x502000 });
}

static void test_page_zero_never_free(void **state)
{
	struct pmm *p = *state;

	pmm_add(p, 0, 1);		/* only page 0: nothing */
	expect_empty(p);
	pmm_add(p, 0, 4);
	EXPECT(p, { 0x1000, 0x4000 });
	assert_int_equal(pmm_alloc(p, 1, PG), 0x1000);
	EXPECT(p, { 0x2000, 0x4000 });
	pmm_free(p, 0, 2);		/* gives back page 1, not page 0 */
	EXPECT(p, { 0x1000, 0x4000 });
	/* Everything allocates, and then nothing: 0 is only "no memory". */
	assert_int_equal(pmm_alloc(p, 3, PG), 0x1000);
	expect_empty(p);
	assert_int_equal(pmm_alloc(p, 1, PG), 0);
}

static void test_partial_pages_trimmed(void **state)
{
	struct pmm *p = *state;

	/* [0x100800, 0x102800): only the page at 0x101000 is whole. */
	pmm_add(p, 0x100800, 2);
	EXPECT(p, { 0x101000, 0x102000 });
	/* Less than a page that straddles a boundary: nothing. */
	pmm_add(p, 0x200001, 1);
	EXPECT(p, { 0x101000, 0x102000 });
	pmm_add(p, 0x2FFFFF, 1);
	EXPECT(p, { 0x101000, 0x102000 });
	/* Starting 1 byte into a page, 3 pages long: 2 whole pages. */
	pmm_add(p, 0x400001, 3);
	EXPECT(p, { 0x101000, 0x102000 }, { 0x401000, 0x403000 });
}

static void test_memmap(void **state)
{
	struct pmm *p = *state;
	static const struct hv_mem_range map[] = {
		/* base, pages, kind, efi_type */
		{ 0x0, 0xA0, HV_MEM_FREE, 7 },		/* below min: gone */
		{ 0xA0000, 0x60, HV_MEM_RESERVED, 0 },
		{ 0x80000, 0x100, HV_MEM_FREE, 7 },	/* straddles min */
		{ 0x200000, 0x10, HV_MEM_LOADER, 2 },
		{ 0x300000, 0x10, HV_MEM_RESERVED, 0 },
		{ 0x400000, 0x10, HV_MEM_ACPI, 9 },
		{ 0x500000, 0x10, HV_MEM_RUNTIME, 5 },
		{ 0x600000, 0x10, 0, 0 },		/* no such kind */
		{ 0x700000, 0x10, 99, 0 },
		{ 0x800000, 0x20, HV_MEM_FREE, 3 },
		{ 0x820000, 0x20, HV_MEM_FREE, 4 },	/* adjacent: merges */
		{ 0x3FFF0000, 0x20, HV_MEM_FREE, 7 },	/* straddles max */
		{ 0x40000000, 0x100, HV_MEM_FREE, 7 },	/* at max: gone */
	};

	pmm_add_memmap(p, map, sizeof(map) / sizeof(map[0]), MiB(1),
		       0x40000000);
	EXPECT(p, { 0x100000, 0x180000 }, { 0x800000, 0x840000 },
	       { 0x3FFF0000, 0x40000000 });
	assert_int_equal(p->free_pages, 0x80 + 0x40 + 0x10);
	assert_int_equal(p->dropped, 0);

	/* n = 0 adds nothing. */
	pmm_add_memmap(p, map, 0, 0, UINT64_MAX);
	assert_int_equal(p->n, 3);
}

static void test_memmap_unaligned_limits(void **state)
{
	struct pmm *p = *state;
	static const struct hv_mem_range map[] = {
		{ 0x100000, 16, HV_MEM_FREE, 7 },	/* [1 MiB, 1 MiB + 64K) */
		{ 0x200000, 16, HV_MEM_FREE, 7 },
	};

	/* min in the middle of a page: that page is partial, the 15 above
	 * it are whole. max in the middle of a page: same at the top. */
	pmm_add_memmap(p, map, 2, 0x100800, 0x20F800);
	EXPECT(p, { 0x101000, 0x110000 }, { 0x200000, 0x20F000 });
	assert_int_equal(p->free_pages, 15 + 15);
}

static void test_memmap_hostile(void **state)
{
	struct pmm *p = *state;
	static const struct hv_mem_range map[] = {
		/* base + pages * 4K wraps: skipped */
		{ 0xFFFFFFFFFFFF0000ULL, 0x100, HV_MEM_FREE, 7 },
		{ 0x1000, 0xFFFFFFFFFFFFFFFFULL, HV_MEM_FREE, 7 },
		{ 0x1000, 0x0010000000000000ULL, HV_MEM_FREE, 7 },
		/* zero pages */
		{ 0x100000, 0, HV_MEM_FREE, 7 },
		/* min above max */
		{ 0x200000, 0x10, HV_MEM_FREE, 7 },
	};

	pmm_add_memmap(p, map, 5, 0x300000, 0x100000);
	expect_empty(p);
	pmm_add_memmap(p, map, 4, 0, UINT64_MAX);
	expect_empty(p);
	/* Page 0 is dropped from a map starting at 0. */
	static const struct hv_mem_range low[] = {
		{ 0x0, 0x9F, HV_MEM_FREE, 7 },
	};
	pmm_add_memmap(p, low, 1, 0, UINT64_MAX);
	EXPECT(p, { 0x1000, 0x9F000 });
}

static void test_alloc_lowest_first(void **state)
{
	struct pmm *p = *state;

	pmm_add(p, 0x200000, 16);
	pmm_add(p, 0x100000, 4);
	assert_int_equal(pmm_alloc(p, 2, PG), 0x100000);
	EXPECT(p, { 0x102000, 0x104000 }, { 0x200000, 0x210000 });
	/* Does not fit in the 2 pages left low: taken from the next. */
	assert_int_equal(pmm_alloc(p, 4, PG), 0x200000);
	EXPECT(p, { 0x102000, 0x104000 }, { 0x204000, 0x210000 });
	/* Fits exactly: the range disappears. */
	assert_int_equal(pmm_alloc(p, 2, PG), 0x102000);
	EXPECT(p, { 0x204000, 0x210000 });
	assert_int_equal(pmm_alloc(p, 12, PG), 0x204000);
	expect_empty(p);
}

static void test_alloc_aligned_splits(void **state)
{
	struct pmm *p = *state;

	/* [0x101000, 0x601000): 2 MiB aligned 2 MiB comes from 0x200000,
	 * leaving free memory on both sides. */
	pmm_add(p, 0x101000, 0x500);
	assert_int_equal(pmm_alloc(p, 512, MiB(2)), 0x200000);
	EXPECT(p, { 0x101000, 0x200000 }, { 0x400000, 0x601000 });
	assert_int_equal(p->free_pages, 0x500 - 0x200);
	/* Next 2 MiB aligned page: 0x400000, cut from the start. */
	assert_int_equal(pmm_alloc(p, 1, MiB(2)), 0x400000);
	EXPECT(p, { 0x101000, 0x200000 }, { 0x401000, 0x601000 });
	/* A 64 KiB aligned block from the middle of a range: split in two. */
	assert_int_equal(pmm_alloc(p, 1, KiB(64)), 0x110000);
	EXPECT(p, { 0x101000, 0x110000 }, { 0x111000, 0x200000 },
	       { 0x401000, 0x601000 });
	/* Alignment larger than anything that fits: nothing. */
	assert_int_equal(pmm_alloc(p, 1, MiB(8)), 0);
	EXPECT(p, { 0x101000, 0x110000 }, { 0x111000, 0x200000 },
	       { 0x401000, 0x601000 });
	/* A 1 GiB alignment that rounds past the range. */
	assert_int_equal(pmm_alloc(p, 1, 1ULL << 30), 0);
}

static void test_alloc_failure_changes_nothing(void **state)
{
	struct pmm *p = *state;
	struct pmm *before = new_pmm();

	pmm_add(p, 0x100000, 4);
	pmm_add(p, 0x200000, 4);
	memcpy(before, p, sizeof(*p));
	/* 8 pages free, but not 5 contiguous. */
	assert_int_equal(pmm_alloc(p, 5, PG), 0);
	assert_memory_equal(p, before, sizeof(*p));
	assert_int_equal(pmm_alloc(p, 1ULL << 40, PG), 0);
	assert_memory_equal(p, before, sizeof(*p));
	free(before);
}

static void test_free_then_realloc(void **state)
{
	struct pmm *p = *state;

	pmm_add(p, 0x100000, 64);
	uint64_t a = pmm_alloc(p, 8, PG);
	uint64_t b = pmm_alloc(p, 8, PG);
	assert_int_equal(a, 0x100000);
	assert_int_equal(b, 0x108000);
	EXPECT(p, { 0x110000, 0x140000 });
	pmm_free(p, a, 8);
	EXPECT(p, { 0x100000, 0x108000 }, { 0x110000, 0x140000 });
	assert_int_equal(pmm_alloc(p, 8, PG), a);
	EXPECT(p, { 0x110000, 0x140000 });
	/* Freeing both merges everything back to one range. */
	pmm_free(p, b, 8);
	pmm_free(p, a, 8);
	EXPECT(p, { 0x100000, 0x140000 });
	assert_int_equal(p->free_pages, 64);
}

static void test_table_full(void **state)
{
	struct pmm *p = *state;

	/* PMM_MAX_RANGES disjoint 1-page ranges, one page apart. */
	for (unsigned i = 0; i < PMM_MAX_RANGES; i++)
		pmm_add(p, 0x100000 + i * 0x2000ULL, 1);
	assert_int_equal(p->n, PMM_MAX_RANGES);
	assert_int_equal(p->free_pages, PMM_MAX_RANGES);
	assert_int_equal(p->dropped, 0);

	/* One more disjoint range: dropped, counted, nothing else changes. */
	pmm_add(p, 0x10000000, 4);
	assert_int_equal(p->n, PMM_MAX_RANGES);
	assert_int_equal(p->free_pages, PMM_MAX_RANGES);
	assert_int_equal(p->dropped, 1);
	/* Below all of them: dropped too. */
	pmm_add(p, 0x1000, 1);
	assert_int_equal(p->dropped, 2);
	assert_int_equal(p->r[0].base, 0x100000);

	/* Merging needs no new entry: still works when full. */
	pmm_add(p, 0x101000, 1);	/* joins ranges 0 and 1 */
	assert_int_equal(p->n, PMM_MAX_RANGES - 1);
	assert_int_equal(p->r[0].base, 0x100000);
	assert_int_equal(p->r[0].end, 0x103000);
	assert_int_equal(p->r[1].base, 0x104000);
	assert_int_equal(p->free_pages, PMM_MAX_RANGES + 1);
	assert_int_equal(p->dropped, 2);
	/* Now there is room again. */
	pmm_add(p, 0x10000000, 4);
	assert_int_equal(p->n, PMM_MAX_RANGES);
	assert_int_equal(p->r[PMM_MAX_RANGES - 1].base, 0x10000000);
	assert_int_equal(p->free_pages, PMM_MAX_RANGES + 5);
	assert_int_equal(p->dropped, 2);
}

static void test_table_full_no_split(void **state)
{
	struct pmm *p = *state;

	/* A 3-page range at 0x3000 and 255 single pages from 1 MiB on. */
	pmm_add(p, 0x3000, 3);
	for (unsigned i = 0; i < PMM_MAX_RANGES - 1; i++)
		pmm_add(p, 0x100000 + i * 0x2000ULL, 1);
	assert_int_equal(p->n, PMM_MAX_RANGES);
	assert_int_equal(p->free_pages, PMM_MAX_RANGES + 2);

	/* 16 KiB aligned: 0x4000 would split [0x3000, 0x6000) in three,
	 * which needs a free entry; the next fit is the page at 1 MiB. */
	assert_int_equal(pmm_alloc(p, 1, KiB(16)), 0x100000);
	assert_int_equal(p->n, PMM_MAX_RANGES - 1);
	assert_int_equal(p->r[0].base, 0x3000);
	assert_int_equal(p->r[0].end, 0x6000);
	assert_int_equal(p->r[1].base, 0x102000);
	assert_int_equal(p->free_pages, PMM_MAX_RANGES + 1);
	/* With an entry free, the split happens. */
	assert_int_equal(pmm_alloc(p, 1, KiB(16)), 0x4000);
	assert_int_equal(p->n, PMM_MAX_RANGES);
	assert_int_equal(p->r[0].base, 0x3000);
	assert_int_equal(p->r[0].end, 0x4000);
	assert_int_equal(p->r[1].base, 0x5000);
	assert_int_equal(p->r[1].end, 0x6000);
	assert_int_equal(p->free_pages, PMM_MAX_RANGES);
}

static void test_bad_alloc_args(void **state)
{
	struct pmm *p = *state;

	pmm_add(p, MiB(16), 1024);
	assert_int_equal(pmm_alloc(p, 0, PG), 0);
	assert_int_equal(pmm_alloc(p, 1, 0), 0);
	assert_int_equal(pmm_alloc(p, 1, 1), 0);
	assert_int_equal(pmm_alloc(p, 1, 2048), 0);
	assert_int_equal(pmm_alloc(p, 1, 0x3000), 0);
	assert_int_equal(pmm_alloc(p, 1, PG | MiB(2)), 0);
	assert_int_equal(pmm_alloc(p, 1, UINT64_MAX), 0);
	EXPECT(p, { MiB(16), MiB(20) });
	/* The smallest good alignment works. */
	assert_int_equal(pmm_alloc(p, 1, PG), MiB(16));
}

static void test_overflow_inputs(void **state)
{
	struct pmm *p = *state;

	/* Ranges that would wrap past 2^64 are not memory. */
	pmm_add(p, 0xFFFFFFFFFFFFF000ULL, 2);
	pmm_add(p, 0xFFFFFFFFFFFFF000ULL, 1);	/* ends at 2^64 */
	pmm_add(p, 0x1000, 0xFFFFFFFFFFFFFFFFULL);
	pmm_add(p, 0x1000, 0x0010000000000000ULL);
	expect_empty(p);
	/* Zero pages at an unaligned base in the last page of the address
	 * space: nothing, in particular not a range from page 1 up. */
	pmm_add(p, UINT64_MAX - 100, 0);
	expect_empty(p);
	pmm_add(p, UINT64_MAX, 0);
	expect_empty(p);
	pmm_free(p, 0xFFFFFFFFFFFFF001ULL, 0);
	expect_empty(p);

	/* The last whole page below the last page is fine. */
	pmm_add(p, 0xFFFFFFFFFFFFE000ULL, 1);
	EXPECT(p, { 0xFFFFFFFFFFFFE000ULL, 0xFFFFFFFFFFFFF000ULL });
	/* An alignment that wraps when applied to it: nothing. */
	assert_int_equal(pmm_alloc(p, 1, 1ULL << 63), 0);
	/* Page counts whose byte size overflows. */
	assert_int_equal(pmm_alloc(p, UINT64_MAX, PG), 0);
	assert_int_equal(pmm_alloc(p, 1ULL << 52, PG), 0);
	EXPECT(p, { 0xFFFFFFFFFFFFE000ULL, 0xFFFFFFFFFFFFF000ULL });
	assert_int_equal(pmm_alloc(p, 1, PG), 0xFFFFFFFFFFFFE000ULL);
	expect_empty(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_single, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_adjacent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_overlapping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_order_and_bridging, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_zero_never_free, setup, teardown),
		cmocka_unit_test_setup_teardown(test_partial_pages_trimmed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memmap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memmap_unaligned_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memmap_hostile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alloc_lowest_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alloc_aligned_splits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alloc_failure_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_then_realloc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_full_no_split, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_alloc_args, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overflow_inputs, setup, teardown),
	};

	return cmocka_run_group_tests_name("pmm", tests, NULL, NULL);
}
