/* Unit tests for vmx/ept.c: tables are built in a static arena whose fake
 * physical addresses start at 4 GiB, so that phys != virt. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmx/ept.h"

#define ARENA_PAGES	32
#define FAKE_BASE	0x100000000ull

static _Alignas(4096) uint8_t arena[ARENA_PAGES][4096];

struct fake_mem {
	unsigned used;		/* pages handed out */
	unsigned limit;		/* alloc_table fails once used == limit */
	uint64_t phys_skew;	/* added to the phys reported (bad allocator) */
	int virt_skew;		/* added to the pointer returned (bad allocator) */
};

static void *fake_alloc(void *ctx, uint64_t *phys)
{
	struct fake_mem *m = ctx;

	if (m->used >= m->limit || m->used >= ARENA_PAGES)
		return NULL;
	*phys = FAKE_BASE + (uint64_t)m->used * 4096 + m->phys_skew;
	return arena[m->used++] + m->virt_skew;
}

static void *fake_p2v(void *ctx, uint64_t phys)
{
	struct fake_mem *m = ctx;

	if (phys < FAKE_BASE || phys >= FAKE_BASE + (uint64_t)m->used * 4096)
		return NULL;
	return arena[0] + (phys - FAKE_BASE);
}

static struct fake_mem mem;
static struct ept_ops ops = { fake_alloc, fake_p2v, &mem };

/* Fills the arena with garbage: ept must zero the pages it gets. */
static int setup(void **state)
{
	memset(arena, 0xA5, sizeof(arena));
	memset(&mem, 0, sizeof(mem));
	mem.limit = ARENA_PAGES;
	return 0;
}

static uint64_t *table(unsigned page)
{
	return (uint64_t *)arena[page];
}

#define RWX	(EPT_READ | EPT_WRITE | EPT_EXEC)
#define WB	(6ull << 3)
#define LARGE	(1ull << 7)

static void test_init(void **state)
{
	struct ept e;
	struct ept_walk_result r;

	assert_int_equal(ept_init(&e, &ops, false), 0);
	assert_int_equal(e.tables, 1);
	assert_int_equal(mem.used, 1);
	assert_int_equal(e.pml4_phys, FAKE_BASE);
	assert_int_equal(e.maxphyaddr, 46);
	assert_false(e.allow_1g);
	for (unsigned i = 0; i < 512; i++)
		assert_int_equal(table(0)[i], 0);

	/* Empty EPT: nothing is present, the walk stops at the PML4E. */
	assert_int_equal(ept_walk(&e, 0, &r), 0);
	assert_false(r.present);
	assert_int_equal(r.level, 4);
	assert_int_equal(r.nentries, 1);
	assert_int_equal(r.entry[0], 0);
	assert_int_equal(r.page_size, 0);
	assert_int_equal(r.hpa, 0);
}

static void test_init_bad_args(void **state)
{
	struct ept e;

	assert_int_equal(ept_init(NULL, &ops, false), EPT_EINVAL);
	assert_int_equal(ept_init(&e, NULL, false), EPT_EINVAL);
	struct ept_ops no_alloc = { NULL, fake_p2v, &mem };
	assert_int_equal(ept_init(&e, &no_alloc, false), EPT_EINVAL);
	assert_null(e.ops);
	/* Uninitialised: map and walk refuse it. */
	struct ept_walk_result r;
	assert_int_equal(ept_map(&e, 0, 0, 4096, RWX, EPT_MT_WB), EPT_EINVAL);
	assert_int_equal(ept_walk(&e, 0, &r), EPT_EINVAL);
	assert_int_equal(ept_walk(NULL, 0, &r), EPT_EINVAL);

	mem.limit = 0;
	assert_int_equal(ept_init(&e, &ops, false), EPT_ENOMEM);
	assert_null(e.ops);
	assert_int_equal(e.tables, 0);
}

/* 256 MiB at 0 without 1 GiB pages: one PML4, one PDPT, one PD holding
 * 128 2 MiB leaves. */
static void test_map_256m_2m_pages(void **state)
{
	struct ept e;
	struct ept_walk_result r;

	assert_int_equal(ept_init(&e, &ops, false), 0);
	assert_int_equal(ept_map(&e, 0, 0, 256ull << 20, RWX, EPT_MT_WB), 0);
	assert_int_equal(e.tables, 3);
	assert_int_equal(mem.used, 3);

	/* PML4E 0 -> PDPT (page 1), PDPTE 0 -> PD (page 2). */
	assert_int_equal(table(0)[0], (FAKE_BASE + 0x1000) | RWX);
	assert_int_equal(table(1)[0], (FAKE_BASE + 0x2000) | RWX);
	for (unsigned i = 1; i < 512; i++) {
		assert_int_equal(table(0)[i], 0);
		assert_int_equal(table(1)[i], 0);
	}
	for (unsigned i = 0; i < 512; i++) {
		uint64_t want = i < 128 ? ((uint64_t)i << 21) | LARGE | WB | RWX : 0;
		assert_int_equal(table(2)[i], want);
	}

	assert_int_equal(ept_walk(&e, 0x1234567, &r), 0);
	assert_true(r.present);
	assert_int_equal(r.hpa, 0x1234567);
	assert_int_equal(r.perms, RWX);
	assert_int_equal(r.memtype, EPT_MT_WB);
	assert_int_equal(r.page_size, EPT_PAGE_2M);
	assert_int_equal(r.level, 2);
	assert_int_equal(r.nentries, 3);
	assert_int_equal(r.entry[0], (FAKE_BASE + 0x1000) | RWX);
	assert_int_equal(r.entry[1], (FAKE_BASE + 0x2000) | RWX);
	assert_int_equal(r.entry[2], 0x12000B7);
	assert_int_equal(r.entry[3], 0);

	/* The last byte mapped, and the first one not. */
	assert_int_equal(ept_walk(&e, 0xFFFFFFF, &r), 0);
	assert_true(r.present);
	assert_int_equal(r.hpa, 0xFFFFFFF);
	assert_int_equal(ept_walk(&e, 0x10000000, &r), 0);
	assert_false(r.present);
	assert_int_equal(r.level, 2);
	assert_int_equal(r.nentries, 3);
	assert_int_equal(r.entry[2], 0);
	assert_int_equal(r.page_size, 0);
}

static void test_map_1g(void **state)
{
	struct ept e;
	struct ept_walk_result r;

	assert_int_equal(ept_init(&e, &ops, true), 0);
	assert_int_equal(ept_map(&e, 0x40000000, 0x80000000, EPT_PAGE_1G,
				 EPT_READ | EPT_EXEC, EPT_MT_UC), 0);
	assert_int_equal(e.tables, 2);	/* PML4 and PDPT only */
	assert_int_equal(table(1)[1], 0x80000000 | LARGE | EPT_READ | EPT_EXEC);

	assert_int_equal(ept_walk(&e, 0x7FFFF123, &r), 0);
	assert_true(r.present);
	assert_int_equal(r.hpa, 0xBFFFF123);
	assert_int_equal(r.page_size, EPT_PAGE_1G);
	assert_int_equal(r.level, 3);
	assert_int_equal(r.nentries, 2);
	assert_int_equal(r.perms, EPT_READ | EPT_EXEC);
	assert_int_equal(r.memtype, EPT_MT_UC);
	assert_int_equal(r.entry[1], 0x80000085);

	assert_int_equal(ept_walk(&e, 0x3FFFFFFF, &r), 0);
	assert_false(r.present);
	assert_int_equal(r.level, 3);
	assert_int_equal(ept_walk(&e, 0x80000000, &r), 0);
	assert_false(r.present);
}

/* Without allow_1g the same request takes 512 2 MiB pages. */
static void test_map_1g_not_allowed(void **state)
{
	struct ept e;
	struct ept_walk_result r;

	assert_int_equal(ept_init(&e, &ops, false), 0);
	assert_int_equal(ept_map(&e, 0x40000000, 0x80000000, EPT_PAGE_1G,
				 RWX, EPT_MT_WB), 0);
	assert_int_equal(e.tables, 3);
	assert_int_equal(ept_walk(&e, 0x7FFFF123, &r), 0);
	assert_true(r.present);
	assert_int_equal(r.hpa, 0xBFFFF123);
	assert_int_equal(r.page_size, EPT_PAGE_2M);
	assert_int_equal(table(2)[511], 0xBFE00000 | LARGE | WB | RWX);
}

/* 1 GiB aligned gpa but hpa only 2 MiB aligned: no 1 GiB page. */
static void test_map_1g_hpa_misaligned(void **state)
{
	struct ept e;
	struct ept_walk_result r;

	assert_int_equal(ept_init(&e, &ops, true), 0);
	assert_int_equal(ept_map(&e, 0x40000000, 0x80200000, EPT_PAGE_1G,
				 RWX, EPT_MT_WB), 0);
	assert_int_equal(e.tables, 3);
	assert_int_equal(ept_walk(&e, 0x40000000, &r), 0);
	assert_int_equal(r.page_size, EPT_PAGE_2M);
	assert_int_equal(r.hpa, 0x80200000);
}

/* 1 GiB + 2 MiB + 4 KiB: one page of each size, four tables. */
static void test_map_mixed_sizes(void **state)
{
	struct ept e;
	struct ept_walk_result r;
	uint64_t size = EPT_PAGE_1G + EPT_PAGE_2M + EPT_PAGE_4K;

	assert_int_equal(ept_init(&e, &ops, true), 0);
	assert_int_equal(ept_map(&e, 0, 0x100000000, size, RWX, EPT_MT_WB), 0);
	assert_int_equal(e.tables, 4);

	assert_int_equal(ept_walk(&e, 0x3FFFFFFF, &r), 0);
	assert_int_equal(r.page_size, EPT_PAGE_1G);
	assert_int_equal(r.hpa, 0x13FFFFFFF);
	assert_int_equal(ept_walk(&e, 0x40100000, &r), 0);
	assert_int_equal(r.page_size, EPT_PAGE_2M);
	assert_int_equal(r.hpa, 0x140100000);
	assert_int_equal(ept_walk(&e, 0x40200FFF, &r), 0);
	assert_int_equal(r.page_size, EPT_PAGE_4K);
	assert_int_equal(r.hpa, 0x140200FFF);
	assert_int_equal(r.level, 1);
	assert_int_equal(ept_walk(&e, 0x40201000, &r), 0);
	assert_false(r.present);
	assert_int_equal(r.level, 1);
	assert_int_equal(r.nentries, 4);
}

/* Three 4 KiB pages at a gpa that is not 2 MiB aligned. */
static void test_map_4k_misaligned_offset(void **state)
{
	struct ept e;
	struct ept_walk_result r;

	assert_int_equal(ept_init(&e, &ops, false), 0);
	assert_int_equal(ept_map(&e, 0x201000, 0x5000, 0x3000, EPT_READ,
				 EPT_MT_WB), 0);
	assert_int_equal(e.tables, 4);

	/* PT is page 3; entries 1..3 map hpa 0x5000..0x7000. */
	assert_int_equal(table(2)[1], (FAKE_BASE + 0x3000) | RWX);
	assert_int_equal(table(3)[0], 0);
	assert_int_equal(table(3)[1], 0x5000 | WB | EPT_READ);
	assert_int_equal(table(3)[2], 0x6000 | WB | EPT_READ);
	assert_int_equal(table(3)[3], 0x7000 | WB | EPT_READ);
	assert_int_equal(table(3)[4], 0);

	assert_int_equal(ept_walk(&e, 0x202ABC, &r), 0);
	assert_true(r.present);
	assert_int_equal(r.hpa, 0x6ABC);
	assert_int_equal(r.page_size, EPT_PAGE_4K);
	assert_int_equal(r.level, 1);
	assert_int_equal(r.nentries, 4);
	assert_int_equal(r.perms, EPT_READ);
	assert_int_equal(r.entry[0], (FAKE_BASE + 0x1000) | RWX);
	assert_int_equal(r.entry[1], (FAKE_BASE + 0x2000) | RWX);
	assert_int_equal(r.entry[2], (FAKE_BASE + 0x3000) | RWX);
	assert_int_equal(r.entry[3], 0x6031);

	assert_int_equal(ept_walk(&e, 0x200FFF, &r), 0);
	assert_false(r.present);
	assert_int_equal(ept_walk(&e, 0x204000, &r), 0);
	assert_false(r.present);
	/* Another PML4 slot is not present either. */
	assert_int_equal(ept_walk(&e, 0x8000201000, &r), 0);
	assert_false(r.present);
	assert_int_equal(r.level, 4);
}

/* 4 KiB, then 2 MiB, then 4 KiB as alignment allows. */
static void test_map_4k_2m_4k(void **state)
{
	struct ept e;
	struct ept_walk_result r;

	assert_int_equal(ept_init(&e, &ops, false), 0);
	assert_int_equal(ept_map(&e, 0x1FF000, 0x1FF000, 0x202000, RWX,
				 EPT_MT_WB), 0);
	assert_int_equal(ept_walk(&e, 0x1FF000, &r), 0);
	assert_int_equal(r.page_size, EPT_PAGE_4K);
	assert_int_equal(ept_walk(&e, 0x3FFFFF, &r), 0);
	assert_int_equal(r.page_size, EPT_PAGE_2M);
	assert_int_equal(r.hpa, 0x3FFFFF);
	assert_int_equal(ept_walk(&e, 0x400000, &r), 0);
	assert_int_equal(r.page_size, EPT_PAGE_4K);
	assert_int_equal(ept_walk(&e, 0x401000, &r), 0);
	assert_false(r.present);
	/* PML4, PDPT, PD and two PTs. */
	assert_int_equal(e.tables, 5);
}

static void test_overlaps(void **state)
{
	struct ept e;
	struct ept_walk_result r;
	uint8_t before[6][4096];

	assert_int_equal(ept_init(&e, &ops, true), 0);
	assert_int_equal(ept_map(&e, 0x200000, 0x200000, EPT_PAGE_2M, RWX,
				 EPT_MT_WB), 0);
	assert_int_equal(ept_map(&e, 0x600000, 0x600000, 0x1000, RWX,
				 EPT_MT_WB), 0);
	assert_int_equal(e.tables, 4);
	memcpy(before, arena, sizeof(before));

	/* A 4 KiB page inside the 2 MiB page: no silent split. */
	assert_int_equal(ept_map(&e, 0x300000, 0x900000, 0x1000, RWX,
				 EPT_MT_WB), EPT_EEXIST);
	/* The same range again, and ranges that overlap either end. */
	assert_int_equal(ept_map(&e, 0x200000, 0x200000, EPT_PAGE_2M, RWX,
				 EPT_MT_WB), EPT_EEXIST);
	assert_int_equal(ept_map(&e, 0x1FF000, 0x1FF000, 0x2000, RWX,
				 EPT_MT_WB), EPT_EEXIST);
	assert_int_equal(ept_map(&e, 0x3FF000, 0x3FF000, 0x2000, RWX,
				 EPT_MT_WB), EPT_EEXIST);
	/* A 2 MiB page over the 4 KiB one. */
	assert_int_equal(ept_map(&e, 0x600000, 0x600000, EPT_PAGE_2M, RWX,
				 EPT_MT_WB), EPT_EEXIST);
	/* A 1 GiB page over everything. */
	assert_int_equal(ept_map(&e, 0, 0, EPT_PAGE_1G, RWX, EPT_MT_WB),
			 EPT_EEXIST);
	/* A large range whose last page collides: nothing is mapped. */
	assert_int_equal(ept_map(&e, 0x400000, 0x400000, 0x201000, RWX,
				 EPT_MT_WB), EPT_EEXIST);
	assert_int_equal(ept_walk(&e, 0x400000, &r), 0);
	assert_false(r.present);

	assert_int_equal(e.tables, 4);
	assert_int_equal(mem.used, 4);
	assert_memory_equal(before, arena, sizeof(before));

	/* Neighbours on both sides are fine. */
	assert_int_equal(ept_map(&e, 0x1FF000, 0x1FF000, 0x1000, RWX,
				 EPT_MT_WB), 0);
	assert_int_equal(ept_map(&e, 0x400000, 0x400000, 0x200000, RWX,
				 EPT_MT_WB), 0);
	assert_int_equal(ept_map(&e, 0x601000, 0x601000, 0x1000, RWX,
				 EPT_MT_WB), 0);
}

static void test_bad_inputs(void **state)
{
	struct ept e;
	struct ept_walk_result r;

	assert_int_equal(ept_init(&e, &ops, false), 0);

	/* Alignment. */
	assert_int_equal(ept_map(&e, 0x1001, 0, 0x1000, RWX, EPT_MT_WB), EPT_EALIGN);
	assert_int_equal(ept_map(&e, 0, 0x10, 0x1000, RWX, EPT_MT_WB), EPT_EALIGN);
	assert_int_equal(ept_map(&e, 0, 0, 0x1800, RWX, EPT_MT_WB), EPT_EALIGN);
	assert_int_equal(ept_map(&e, 0, 0, 0, RWX, EPT_MT_WB), EPT_EINVAL);
	assert_int_equal(ept_map(NULL, 0, 0, 0x1000, RWX, EPT_MT_WB), EPT_EINVAL);

	/* gpa: 48 bits. The very last page is fine, one more is not. */
	assert_int_equal(ept_map(&e, 1ull << 48, 0, 0x1000, RWX, EPT_MT_WB), EPT_ERANGE);
	assert_int_equal(ept_map(&e, (1ull << 48) - 0x1000, 0, 0x2000, RWX,
				 EPT_MT_WB), EPT_ERANGE);
	assert_int_equal(ept_map(&e, 0xFFFFFFFFFFFFF000ull, 0, 0x2000, RWX,
				 EPT_MT_WB), EPT_ERANGE);
	assert_int_equal(ept_map(&e, 0x1000, 0, 0xFFFFFFFFFFFFF000ull, RWX,
				 EPT_MT_WB), EPT_ERANGE);

	/* hpa: 46 bits by default, lower after ept_init. */
	assert_int_equal(ept_map(&e, 0, 1ull << 46, 0x1000, RWX, EPT_MT_WB), EPT_ERANGE);
	assert_int_equal(ept_map(&e, 0, (1ull << 46) - 0x1000, 0x2000, RWX,
				 EPT_MT_WB), EPT_ERANGE);
	assert_int_equal(ept_map(&e, 0, 0xFFFFFFFFFFFFF000ull, 0x2000, RWX,
				 EPT_MT_WB), EPT_ERANGE);
	e.maxphyaddr = 39;
	assert_int_equal(ept_map(&e, 0, 1ull << 39, 0x1000, RWX, EPT_MT_WB), EPT_ERANGE);
	e.maxphyaddr = 64;
	assert_int_equal(ept_map(&e, 0, 0, 0x1000, RWX, EPT_MT_WB), EPT_EINVAL);
	e.maxphyaddr = 46;

	/* Permissions: read is required; nothing beyond bits 2:0. */
	assert_int_equal(ept_map(&e, 0, 0, 0x1000, 0, EPT_MT_WB), EPT_EPERM);
	assert_int_equal(ept_map(&e, 0, 0, 0x1000, EPT_WRITE, EPT_MT_WB), EPT_EPERM);
	assert_int_equal(ept_map(&e, 0, 0, 0x1000, EPT_EXEC, EPT_MT_WB), EPT_EPERM);
	assert_int_equal(ept_map(&e, 0, 0, 0x1000, EPT_WRITE | EPT_EXEC,
				 EPT_MT_WB), EPT_EPERM);
	assert_int_equal(ept_map(&e, 0, 0, 0x1000, RWX | EPT_LARGE_PAGE,
				 EPT_MT_WB), EPT_EPERM);

	/* Memory types 2, 3, 7 are reserved; beyond 7 is nonsense. */
	assert_int_equal(ept_map(&e, 0, 0, 0x1000, RWX, 2), EPT_EMEMTYPE);
	assert_int_equal(ept_map(&e, 0, 0, 0x1000, RWX, 3), EPT_EMEMTYPE);
	assert_int_equal(ept_map(&e, 0, 0, 0x1000, RWX, 7), EPT_EMEMTYPE);
	assert_int_equal(ept_map(&e, 0, 0, 0x1000, RWX, 8), EPT_EMEMTYPE);

	/* None of that allocated or wrote anything. */
	assert_int_equal(e.tables, 1);
	assert_int_equal(mem.used, 1);
	for (unsigned i = 0; i < 512; i++)
		assert_int_equal(table(0)[i], 0);

	/* Boundaries that are accepted. */
	assert_int_equal(ept_map(&e, (1ull << 48) - 0x1000, (1ull << 46) - 0x1000,
				 0x1000, RWX, EPT_MT_WB), 0);
	assert_int_equal(ept_walk(&e, (1ull << 48) - 1, &r), 0);
	assert_true(r.present);
	assert_int_equal(r.hpa, (1ull << 46) - 1);
	assert_int_equal(ept_walk(&e, 1ull << 48, &r), EPT_ERANGE);
	assert_false(r.present);
	assert_int_equal(ept_walk(&e, 0, NULL), EPT_EINVAL);

	static const unsigned ok_types[] = { EPT_MT_UC, EPT_MT_WC, EPT_MT_WT,
					     EPT_MT_WP, EPT_MT_WB };
	for (unsigned i = 0; i < 5; i++) {
		uint64_t gpa = 0x10000 + i * 0x1000;
		assert_int_equal(ept_map(&e, gpa, gpa, 0x1000, EPT_READ | EPT_WRITE,
					 ok_types[i]), 0);
		assert_int_equal(ept_walk(&e, gpa, &r), 0);
		assert_int_equal(r.memtype, ok_types[i]);
		assert_int_equal(r.perms, EPT_READ | EPT_WRITE);
	}
}

/* Running out of tables halfway leaves the earlier mappings intact and
 * takes back what the failed call did. */
static void test_out_of_memory(void **state)
{
	struct ept e;
	struct ept_walk_result r;
	static uint8_t before[ARENA_PAGES][4096];
	unsigned used;

	assert_int_equal(ept_init(&e, &ops, false), 0);
	assert_int_equal(ept_map(&e, 0x1000, 0x1000, 0x1000, RWX, EPT_MT_WB), 0);
	assert_int_equal(e.tables, 4);
	used = mem.used;
	memcpy(before, arena, sizeof(before));

	/* 0x1FF000 fits in the existing PT; 0x200000 needs a new PT. */
	mem.limit = used;
	assert_int_equal(ept_map(&e, 0x1FF000, 0x1FF000, 0x2000, RWX,
				 EPT_MT_WB), EPT_ENOMEM);
	assert_int_equal(e.tables, 4);
	assert_memory_equal(before, arena, sizeof(before));
	assert_int_equal(ept_walk(&e, 0x1FF000, &r), 0);
	assert_false(r.present);

	/* A new PML4 slot needs PDPT, PD and PT; only one page is left.
	 * The PDPT gets linked, then unlinked again. */
	mem.limit = used + 1;
	assert_int_equal(ept_map(&e, 0x8000000000, 0x2000, 0x1000, RWX,
				 EPT_MT_WB), EPT_ENOMEM);
	assert_int_equal(e.tables, 4);
	assert_memory_equal(before, arena, used * 4096);
	assert_int_equal(ept_walk(&e, 0x8000000000, &r), 0);
	assert_false(r.present);
	assert_int_equal(r.level, 4);

	/* The mapping made before is untouched. */
	assert_int_equal(ept_walk(&e, 0x1ABC, &r), 0);
	assert_true(r.present);
	assert_int_equal(r.hpa, 0x1ABC);

	/* A range spanning 2 MiB pages in two PDs: the first PD's leaves go
	 * in, the second PD cannot be had, and the first ones come out. */
	mem.limit = mem.used;
	assert_int_equal(ept_map(&e, 0x3FE00000, 0x3FE00000, 0x400000, RWX,
				 EPT_MT_WB), EPT_ENOMEM);
	assert_int_equal(ept_walk(&e, 0x3FE00000, &r), 0);
	assert_false(r.present);
	assert_int_equal(e.tables, 4);
	assert_memory_equal(before, arena, used * 4096);

	/* With memory back, the same maps succeed. */
	mem.limit = ARENA_PAGES;
	assert_int_equal(ept_map(&e, 0x1FF000, 0x1FF000, 0x2000, RWX,
				 EPT_MT_WB), 0);
	assert_int_equal(ept_map(&e, 0x8000000000, 0x2000, 0x1000, RWX,
				 EPT_MT_WB), 0);
	assert_int_equal(ept_walk(&e, 0x8000000FFF, &r), 0);
	assert_true(r.present);
	assert_int_equal(r.hpa, 0x2FFF);
}

static void test_bad_allocator(void **state)
{
	struct ept e;

	/* Physical address not page aligned. */
	mem.phys_skew = 0x800;
	assert_int_equal(ept_init(&e, &ops, false), EPT_EBADTABLE);
	assert_null(e.ops);

	/* Pointer that does not match phys_to_virt(phys). */
	setup(state);
	mem.virt_skew = 8;
	assert_int_equal(ept_init(&e, &ops, false), EPT_EBADTABLE);

	/* A table above MAXPHYADDR: fine at 46 bits, not at 32. */
	setup(state);
	assert_int_equal(ept_init(&e, &ops, false), 0);
	e.maxphyaddr = 32;
	assert_int_equal(ept_map(&e, 0, 0, 0x1000, RWX, EPT_MT_WB), EPT_EBADTABLE);
	assert_int_equal(e.tables, 1);
	for (unsigned i = 0; i < 512; i++)
		assert_int_equal(table(0)[i], 0);
}

static void test_eptp(void **state)
{
	struct ept e;

	assert_int_equal(ept_init(&e, &ops, false), 0);
	/* WB (6) in 2:0, walk length 4 - 1 = 3 in 5:3, A/D in bit 6. */
	assert_int_equal(ept_eptp(&e, false), 0x10000001E);
	assert_int_equal(ept_eptp(&e, true), 0x10000005E);
	e.pml4_phys = 0x123456000;
	assert_int_equal(ept_eptp(&e, false), 0x12345601E);
	assert_int_equal(ept_eptp(NULL, true), 0);
}

static void test_strerror(void **state)
{
	assert_string_equal(ept_strerror(0), "ok");
	assert_string_equal(ept_strerror(EPT_EINVAL), "invalid argument or uninitialised EPT");
	assert_string_equal(ept_strerror(EPT_EALIGN), "address or size not 4 KiB aligned");
	assert_string_equal(ept_strerror(EPT_ERANGE), "address out of range or range wraps");
	assert_string_equal(ept_strerror(EPT_EPERM), "permissions not expressible in EPT");
	assert_string_equal(ept_strerror(EPT_EMEMTYPE), "reserved EPT memory type");
	assert_string_equal(ept_strerror(EPT_EEXIST), "range overlaps an existing mapping");
	assert_string_equal(ept_strerror(EPT_ENOMEM), "out of memory for EPT tables");
	assert_string_equal(ept_strerror(EPT_EBADTABLE), "unusable EPT table page");
	assert_string_equal(ept_strerror(-99), "unknown EPT error");
	assert_string_equal(ept_strerror(1), "unknown EPT error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_init, setup),
		cmocka_unit_test_setup(test_init_bad_args, setup),
		cmocka_unit_test_setup(test_map_256m_2m_pages, setup),
		cmocka_unit_test_setup(test_map_1g, setup),
		cmocka_unit_test_setup(test_map_1g_not_allowed, setup),
		cmocka_unit_test_setup(test_map_1g_hpa_misaligned, setup),
		cmocka_unit_test_setup(test_map_mixed_sizes, setup),
		cmocka_unit_test_setup(test_map_4k_misaligned_offset, setup),
		cmocka_unit_test_setup(test_map_4k_2m_4k, setup),
		cmocka_unit_test_setup(test_overlaps, setup),
		cmocka_unit_test_setup(test_bad_inputs, setup),
		cmocka_unit_test_setup(test_out_of_memory, setup),
		cmocka_unit_test_setup(test_bad_allocator, setup),
		cmocka_unit_test_setup(test_eptp, setup),
		cmocka_unit_test_setup(test_strerror, setup),
	};

	return cmocka_run_group_tests_name("ept", tests, NULL, NULL);
}
