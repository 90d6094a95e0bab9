/* Unit tests for vmx/guest_walk.c: page tables are built in a small fake
 * guest RAM (guest-physical 0 .. RAM_SIZE), read and written only through
 * the walker's read_phys/write_phys callbacks. Mapped pages may lie far
 * outside that RAM: the walker never touches the page it translates to. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "arch/cr.h"
#include "arch/pte.h"
#include "vmx/guest_walk.h"

#define RAM_SIZE	(64 * 4096)

#define P	PTE_P
#define W	PTE_W
#define US	PTE_US
#define PS	PTE_PS
#define A	PTE_A
#define D	PTE_D
#define XD	PTE_XD

#define CR0_PG		(X86_CR0_PE | X86_CR0_PG)
#define CR0_PG_WP	(CR0_PG | X86_CR0_WP)
#define EFER_LM		(X86_EFER_LME | X86_EFER_LMA)

static _Alignas(8) uint8_t ram[RAM_SIZE];
static uint8_t snapshot[RAM_SIZE];

static struct fake {
	unsigned reads, writes;
	int fail_writes;		/* write_phys returns -1 */
	/* After 'mutate_after' reads, store mutate_val at mutate_gpa: a
	 * guest changing an entry on another vCPU during the walk. */
	unsigned mutate_after;
	uint64_t mutate_gpa, mutate_val;
} fake;

static void set64(uint64_t gpa, uint64_t v)
{
	memcpy(ram + gpa, &v, 8);
}

static uint64_t get64(uint64_t gpa)
{
	uint64_t v;

	memcpy(&v, ram + gpa, 8);
	return v;
}

static void set32(uint64_t gpa, uint32_t v)
{
	memcpy(ram + gpa, &v, 4);
}

static uint32_t get32(uint64_t gpa)
{
	uint32_t v;

	memcpy(&v, ram + gpa, 4);
	return v;
}

static int rd(void *ctx, uint64_t gpa, uint64_t *val)
{
	struct fake *f = ctx;

	assert_ptr_equal(f, &fake);
	assert_int_equal(gpa & 7, 0);	/* the walker reads aligned qwords */
	if (gpa >= RAM_SIZE)
		return -1;
	*val = get64(gpa);
	if (++f->reads == f->mutate_after)
		set64(f->mutate_gpa, f->mutate_val);
	return 0;
}

static int wr(void *ctx, uint64_t gpa, uint64_t val)
{
	struct fake *f = ctx;

	assert_ptr_equal(f, &fake);
	assert_int_equal(gpa & 7, 0);
	if (gpa >= RAM_SIZE || f->fail_writes)
		return -1;
	set64(gpa, val);
	f->writes++;
	return 0;
}

static int setup(void **state)
{
	memset(ram, 0, sizeof(ram));
	memset(&fake, 0, sizeof(fake));
	return 0;
}

static struct guest_walk_ctx mkctx(uint64_t cr0, uint64_t cr3, uint64_t cr4,
				   uint64_t efer)
{
	struct guest_walk_ctx c = {
		.cr0 = cr0, .cr3 = cr3, .cr4 = cr4, .efer = efer, .cpl = 0,
		.read_phys = rd, .write_phys = wr, .ctx = &fake,
	};
	return c;
}

/* Macros, so that a failure names the test's line. */
#define EXPECT_OK(c, gla, acc, want) do {				\
	uint64_t g_ = 0xBADBADULL;					\
	uint32_t e_ = 0xBADBAD;						\
	assert_int_equal(guest_walk((c), (gla), (acc), &g_, &e_), GW_OK); \
	assert_int_equal(g_, (want));					\
	assert_int_equal(e_, 0);					\
} while (0)

#define EXPECT_FAIL(c, gla, acc, res, want_ec) do {			\
	uint64_t g_ = 0xBADBADULL;					\
	uint32_t e_ = 0xBADBAD;						\
	assert_int_equal(guest_walk((c), (gla), (acc), &g_, &e_), (res)); \
	assert_int_equal(g_, 0);					\
	assert_int_equal(e_, (want_ec));				\
} while (0)

#define EXPECT_PF(c, gla, acc, want_ec) \
	EXPECT_FAIL(c, gla, acc, GW_PAGE_FAULT, want_ec)

/* ---------------------------------------------------------------------
 * No paging. */

static void test_no_paging(void **state)
{
	struct guest_walk_ctx c = mkctx(X86_CR0_PE, 0x1000, 0, 0);

	EXPECT_OK(&c, 0x12345678, 0, 0x12345678);
	EXPECT_OK(&c, 0x12345678, GW_WRITE | GW_USER, 0x12345678);
	EXPECT_OK(&c, 0xFFFFFFFF, GW_FETCH, 0xFFFFFFFF);
	/* Linear addresses are 32 bits wide. */
	EXPECT_OK(&c, 0x123456789ULL, 0, 0x23456789);
	c.cr0 = 0;	/* real mode, same */
	EXPECT_OK(&c, 0xFFFF0, 0, 0xFFFF0);
	/* EFER.LMA without paging cannot happen; the address is kept. */
	c.efer = EFER_LM;
	EXPECT_OK(&c, 0x123456789ULL, 0, 0x123456789ULL);
	/* No table is read, nothing written. */
	assert_int_equal(fake.reads, 0);
	assert_int_equal(fake.writes, 0);
}

/* ---------------------------------------------------------------------
 * 32-bit paging (4.3): page directory at 0x1000, page table at 0x2000. */

static void build_32bit(void)
{
	/* PDE 0 is not present but holds software bits, and shares its
	 * qword with PDE 1: the walker must leave it alone. */
	set32(0x1000 + 0 * 4, 0xDEAD0000);
	set32(0x1000 + 1 * 4, 0x2000 | P | W | US);	/* 4 MiB at 0x400000 */
	set32(0x2000 + 3 * 4, 0x76543000 | P | W | US);	/* 0x403000 */
	set32(0x2000 + 4 * 4, 0x00404000 | P | W);	/* 0x404000, identity */
	set32(0x2000 + 5 * 4, 0x00405000);		/* not present */
	/* 0x80000000: a 4 MiB page at 0x12C00000. */
	set32(0x1000 + 0x200 * 4, 0x12C00000 | PS | P | W | US);
	/* 0x80400000: a 4 MiB page at 0x5_1300_0000 (PSE-36, PDE 20:13). */
	set32(0x1000 + 0x201 * 4, 0x13000000 | (0x05 << 13) | PS | P | W);
	/* 0x80800000: bit 21 is reserved in a 4 MiB PDE. */
	set32(0x1000 + 0x202 * 4, 0x13400000 | (1u << 21) | PS | P | W);
	/* 0xC0000000: page table outside guest RAM. */
	set32(0x1000 + 0x300 * 4, 0x40000000 | P | W);
	/* 0xFFC00000: the directory maps itself. */
	set32(0x1000 + 0x3FF * 4, 0x1000 | P | W);
}

static void test_32bit_4k(void **state)
{
	/* CR3 bits 4:3 are PCD/PWT, not part of the address. */
	struct guest_walk_ctx c = mkctx(CR0_PG, 0x1018, 0, 0);

	build_32bit();
	EXPECT_OK(&c, 0x00403ABC, 0, 0x76543ABC);
	EXPECT_OK(&c, 0x00403000, GW_USER | GW_WRITE, 0x76543000);
	EXPECT_OK(&c, 0x00404FFF, GW_WRITE, 0x00404FFF);
	/* Bits 63:32 of the linear address are dropped. */
	EXPECT_OK(&c, 0xAB00403ABCULL, 0, 0x76543ABC);
	/* The neighbour of PDE 1 is untouched, PDE 1 got A. */
	assert_int_equal(get32(0x1000), 0xDEAD0000);
	assert_int_equal(get32(0x1004), 0x2000 | P | W | US | A);
	/* PTE 3 was written to: A and D; PTE 4 too; PTE 5 untouched. */
	assert_int_equal(get32(0x200C), 0x76543000 | P | W | US | A | D);
	assert_int_equal(get32(0x2010), 0x00404000 | P | W | A | D);
	assert_int_equal(get32(0x2014), 0x00405000);
}

static void test_32bit_not_present(void **state)
{
	struct guest_walk_ctx c = mkctx(CR0_PG, 0x1000, 0, 0);

	build_32bit();
	memcpy(snapshot, ram, RAM_SIZE);
	/* PDE not present. */
	EXPECT_PF(&c, 0x00000123, 0, 0);
	EXPECT_PF(&c, 0x00000123, GW_WRITE, X86_PF_W);
	EXPECT_PF(&c, 0x00000123, GW_WRITE | GW_USER, X86_PF_W | X86_PF_U);
	/* PTE not present. */
	EXPECT_PF(&c, 0x00405000, 0, 0);
	EXPECT_PF(&c, 0x00405000, GW_USER, X86_PF_U);
	/* cpl 3 makes it a user-mode access without GW_USER. */
	c.cpl = 3;
	EXPECT_PF(&c, 0x00405000, 0, X86_PF_U);
	c.cpl = 0;
	/* A fetch sets I only with SMEP: 32-bit paging has no XD, even
	 * with EFER.NXE set. */
	EXPECT_PF(&c, 0x00405000, GW_FETCH, 0);
	c.efer = X86_EFER_NXE;
	EXPECT_PF(&c, 0x00405000, GW_FETCH, 0);
	c.cr4 = X86_CR4_SMEP;
	EXPECT_PF(&c, 0x00405000, GW_FETCH, X86_PF_I);
	/* Faults set no flags. */
	assert_memory_equal(ram, snapshot, RAM_SIZE);
	assert_int_equal(fake.writes, 0);
}

static void test_32bit_4m(void **state)
{
	struct guest_walk_ctx c = mkctx(CR0_PG, 0x1000, X86_CR4_PSE, 0);

	build_32bit();
	EXPECT_OK(&c, 0x80123456, 0, 0x12D23456);
	EXPECT_OK(&c, 0x803FFFFF, GW_USER, 0x12FFFFFF);
	EXPECT_OK(&c, 0x80000000, 0, 0x12C00000);
	/* A in the 4 MiB PDE, no D (no write yet). */
	assert_int_equal(get32(0x1800), 0x12C00000 | PS | P | W | US | A);
	EXPECT_OK(&c, 0x80000001, GW_WRITE, 0x12C00001);
	assert_int_equal(get32(0x1800), 0x12C00000 | PS | P | W | US | A | D);
	/* PSE-36: PDE bits 20:13 are physical-address bits 39:32. */
	EXPECT_OK(&c, 0x807FFFFF, 0, 0x5133FFFFFULL);
	/* Reserved bit 21. */
	EXPECT_PF(&c, 0x80800000, 0, X86_PF_P | X86_PF_RSVD);
	EXPECT_PF(&c, 0x80800000, GW_WRITE | GW_USER,
		  X86_PF_P | X86_PF_W | X86_PF_U | X86_PF_RSVD);
	/* With MAXPHYADDR 36, PDE bits 20:17 are reserved too: the PDE of
	 * 0x80400000 has only bits 15 and 13 set there, so it is fine ... */
	c.maxphyaddr = 36;
	EXPECT_OK(&c, 0x80400000, 0, 0x513000000ULL);
	/* ... but bit 17 is not. */
	set32(0x1000 + 0x201 * 4, 0x13000000 | (1u << 17) | PS | P | W);
	EXPECT_PF(&c, 0x80400000, 0, X86_PF_P | X86_PF_RSVD);
	c.maxphyaddr = 0;
	EXPECT_OK(&c, 0x80400000, 0, 0x1013000000ULL);
}

static void test_32bit_ps_without_pse(void **state)
{
	/* CR4.PSE = 0: PS is ignored, the PDE points to a page table at
	 * 0x12C00000, outside guest RAM. */
	struct guest_walk_ctx c = mkctx(CR0_PG, 0x1000, 0, 0);

	build_32bit();
	memcpy(snapshot, ram, RAM_SIZE);
	EXPECT_FAIL(&c, 0x80123456, 0, GW_BAD_TABLE, 0);
	/* And bit 21 is not reserved then: same. */
	EXPECT_FAIL(&c, 0x80800000, 0, GW_BAD_TABLE, 0);
	/* Nor is a page table at 0x40000000. */
	c.cr4 = X86_CR4_PSE;
	EXPECT_FAIL(&c, 0xC0000000, 0, GW_BAD_TABLE, 0);
	assert_memory_equal(ram, snapshot, RAM_SIZE);
}

static void test_32bit_self_map(void **state)
{
	/* 0xFFFFF000 is the directory itself through PDE 0x3FF used twice,
	 * as PDE and as PTE: a write sets A and D in that one entry. */
	struct guest_walk_ctx c = mkctx(CR0_PG, 0x1000, 0, 0);

	build_32bit();
	EXPECT_OK(&c, 0xFFFFFFFC, GW_WRITE, 0x1FFC);
	assert_int_equal(get32(0x1FFC), 0x1000 | P | W | A | D);
	assert_int_equal(get32(0x1FF8), 0);
}

/* ---------------------------------------------------------------------
 * PAE paging (4.4): PDPT at 0x1020 (CR3 is 32-byte aligned), PD at 0x2000,
 * page tables at 0x3000 and 0x4000. */

static void build_pae(void)
{
	set64(0x1020 + 0 * 8, 0);			/* 0x00000000: none */
	set64(0x1020 + 2 * 8, 0x2000 | P);		/* 0x80000000 */
	set64(0x1020 + 3 * 8, 0x50000000 | P);		/* outside RAM */
	set64(0x2000 + 0 * 8, 0x4000 | P | W | US);
	set64(0x4000 + 0 * 8, 0x80000000 | P | W);	/* identity */
	set64(0x2000 + 1 * 8, 0x3000 | P | W | US);	/* 0x80200000 */
	set64(0x3000 + 1 * 8, 0x123456000ULL | P | W | US);	/* 0x80201000 */
	set64(0x3000 + 2 * 8, 0x123457000ULL | P | W | US);	/* 0x80202000 */
	set64(0x2000 + 2 * 8, 0x200600000ULL | PS | P | W | US); /* 0x80400000 */
}

static void test_pae(void **state)
{
	struct guest_walk_ctx c = mkctx(CR0_PG, 0x1020, X86_CR4_PAE, 0);

	build_pae();
	EXPECT_OK(&c, 0x80000FFF, 0, 0x80000FFF);
	EXPECT_OK(&c, 0x80201ABC, GW_USER, 0x123456ABCULL);
	EXPECT_OK(&c, 0x80412345, 0, 0x200612345ULL);
	EXPECT_OK(&c, 0x805FFFFF, GW_WRITE, 0x2007FFFFFULL);
	/* Bits 63:32 of the linear address are dropped. */
	EXPECT_OK(&c, 0x1280201ABCULL, 0, 0x123456ABCULL);
	/* The PDPTE has no A flag and is left as it was. */
	assert_int_equal(get64(0x1030), 0x2000 | P);
	assert_int_equal(get64(0x2008), 0x3000 | P | W | US | A);
	assert_int_equal(get64(0x3008), 0x123456000ULL | P | W | US | A);
	assert_int_equal(get64(0x3010), 0x123457000ULL | P | W | US);
	assert_int_equal(get64(0x2010), 0x200600000ULL | PS | P | W | US | A | D);
	/* Table outside guest RAM. */
	EXPECT_FAIL(&c, 0xC0000000, 0, GW_BAD_TABLE, 0);
}

/* Found by tests/fuzz/fuzz_guest_walk.c: a PDPT page that is also the
 * page directory. The walk sets A in the PDE, which is the same qword as
 * the PDPTE, where bit 5 is reserved. The CPU translates with the PDPTEs
 * it loaded at the CR3 write (4.4.1), so the next walk still succeeds;
 * given those (ctx.pdptes) the walker does the same and never reads the
 * PDPT. Without them it rereads memory and faults (documented). */
static void test_pae_pdpte_registers(void **state)
{
	struct guest_walk_ctx c = mkctx(CR0_PG, 0x1000, X86_CR4_PAE, 0);
	uint64_t pdptes[4] = { 0x1000 | P, 0, 0, 0 };

	set64(0x1000, 0x1000 | P);		/* PDPTE 0 = PDE 0 -> PT 0x1000 */
	set64(0x1008, 0x5000 | P | W);		/* PTE 1 -> 0x5000 */
	c.pdptes = pdptes;
	EXPECT_OK(&c, 0x1234, 0, 0x5234);
	assert_int_equal(get64(0x1000), 0x1000 | P | A);	/* PDE/PTE 0 */
	EXPECT_OK(&c, 0x1234, 0, 0x5234);
	/* The registers, not memory: a PDPTE changed in memory since the
	 * CR3 write does not count; one changed in the registers does. */
	set64(0x1000, 0);
	EXPECT_PF(&c, 0x1234, 0, 0);			/* PDE not present */
	set64(0x1000, 0x1000 | P | A);
	pdptes[0] = 0;
	EXPECT_PF(&c, 0x1234, 0, 0);
	pdptes[0] = 0x1000 | P | 0x20;		/* reserved bit 5 */
	EXPECT_PF(&c, 0x1234, 0, X86_PF_P | X86_PF_RSVD);

	/* Without the registers: the reread PDPTE has A, a reserved bit. */
	c.pdptes = NULL;
	set64(0x1000, 0x1000 | P);
	EXPECT_OK(&c, 0x1234, 0, 0x5234);
	EXPECT_PF(&c, 0x1234, 0, X86_PF_P | X86_PF_RSVD);
}

static void test_pae_faults(void **state)
{
	struct guest_walk_ctx c = mkctx(CR0_PG, 0x1020, X86_CR4_PAE, 0);

	build_pae();
	/* Not present: PDPTE, PDE, PTE. */
	EXPECT_PF(&c, 0x00001000, GW_WRITE, X86_PF_W);
	EXPECT_PF(&c, 0x80600000, 0, 0);
	EXPECT_PF(&c, 0x80203000, GW_USER, X86_PF_U);
	/* Fetch: I with EFER.NXE (PAE = 1). */
	EXPECT_PF(&c, 0x80203000, GW_FETCH, 0);
	c.efer = X86_EFER_NXE;
	EXPECT_PF(&c, 0x80203000, GW_FETCH, X86_PF_I);
	c.efer = 0;

	/* Reserved PDPTE bits: 2:1 (R/W, U/S of other modes), 8:5, 63:M. */
	memcpy(snapshot, ram, RAM_SIZE);
	set64(0x1030, 0x2000 | P | W);
	EXPECT_PF(&c, 0x80000000, 0, X86_PF_P | X86_PF_RSVD);
	set64(0x1030, 0x2000 | P | A);
	EXPECT_PF(&c, 0x80000000, 0, X86_PF_P | X86_PF_RSVD);
	set64(0x1030, 0x2000 | P | XD);	/* even with NXE */
	c.efer = X86_EFER_NXE;
	EXPECT_PF(&c, 0x80000000, 0, X86_PF_P | X86_PF_RSVD);
	c.efer = 0;
	set64(0x1030, 0x2000 | P | (1ULL << 40));
	c.maxphyaddr = 40;
	EXPECT_PF(&c, 0x80000000, 0, X86_PF_P | X86_PF_RSVD);
	c.maxphyaddr = 0;
	set64(0x1030, 0x2000 | P | (1ULL << 3) | (1ULL << 4) | (1ULL << 9));
	EXPECT_OK(&c, 0x80000000, 0, 0x80000000);	/* PWT, PCD, ignored */
	set64(0x1030, 0x2000 | P);

	/* PAE: bits 62:M are reserved, 62:52 included (ignored in 4-level). */
	set64(0x3008, 0x123456000ULL | P | W | US | (1ULL << 52));
	EXPECT_PF(&c, 0x80201000, 0, X86_PF_P | X86_PF_RSVD);
	set64(0x3008, 0x123456000ULL | P | W | US | (1ULL << 62));
	EXPECT_PF(&c, 0x80201000, 0, X86_PF_P | X86_PF_RSVD);
	/* XD is reserved without NXE ... */
	set64(0x3008, 0x123456000ULL | P | W | US | XD);
	EXPECT_PF(&c, 0x80201000, 0, X86_PF_P | X86_PF_RSVD);
	/* ... and forbids fetches with it. */
	c.efer = X86_EFER_NXE;
	EXPECT_OK(&c, 0x80201000, 0, 0x123456000ULL);
	EXPECT_PF(&c, 0x80201000, GW_FETCH, X86_PF_P | X86_PF_I);
	set64(0x3008, 0x123456000ULL | P | W | US);
	/* 2 MiB PDE: bits 20:13 reserved, bit 12 is PAT. */
	set64(0x2010, 0x200600000ULL | (1ULL << 13) | PS | P | W | US);
	EXPECT_PF(&c, 0x80400000, GW_WRITE, X86_PF_P | X86_PF_W | X86_PF_RSVD);
	set64(0x2010, 0x200600000ULL | PTE_PAT_LARGE | PS | P | W | US);
	EXPECT_OK(&c, 0x80400000, GW_WRITE, 0x200600000ULL);
}

/* ---------------------------------------------------------------------
 * 4-level paging (4.5): PML4 0x1000, PDPT 0x2000, PD 0x3000, PT 0x4000;
 * the higher half through PDPT 0x6000, PD 0x7000, PT 0x8000. */

#define GLA_HIGH	0xFFFF800000000123ULL

static void build_4level(void)
{
	set64(0x1000 + 0 * 8, 0x2000 | P | W | US);
	set64(0x2000 + 0 * 8, 0x3000 | P | W | US);
	set64(0x3000 + 0 * 8, 0x4000 | P | W | US);
	set64(0x4000 + 5 * 8, 0x5000 | P | W | US);		/* user RW */
	set64(0x4000 + 7 * 8, 0xABCDE000 | P | US);		/* user RO */
	set64(0x4000 + 9 * 8, 0x0F00D000 | P | W);		/* sup. RW */
	set64(0x4000 + 10 * 8, 0x0F00E000 | P);			/* sup. RO */
	set64(0x4000 + 11 * 8, 0x0F00F000 | P | W | US | XD);	/* user NX */
	set64(0x3000 + 1 * 8, 0x300000000ULL | PS | P | W | US);	/* 2 MiB */
	set64(0x2000 + 1 * 8, 0x140000000ULL | PS | P | W | US);	/* 1 GiB */
	set64(0x1000 + 256 * 8, 0x6000 | P | W);		/* supervisor */
	set64(0x6000 + 0 * 8, 0x7000 | P | W | US);
	set64(0x7000 + 0 * 8, 0x8000 | P | W | US);
	set64(0x8000 + 0 * 8, 0x987654000ULL | P | W | US);
	set64(0x1000 + 3 * 8, 0x40000000 | P | W | US);	/* outside RAM */
}

static void test_4level(void **state)
{
	struct guest_walk_ctx c = mkctx(CR0_PG, 0x1000, X86_CR4_PAE, EFER_LM);

	build_4level();
	EXPECT_OK(&c, 0x5123, 0, 0x5123);
	EXPECT_OK(&c, 0x7FFF, GW_USER, 0xABCDEFFF);
	EXPECT_OK(&c, 0x9000, GW_WRITE, 0x0F00D000);
	EXPECT_OK(&c, 0x2ABCDE, 0, 0x3000ABCDEULL);		/* 2 MiB */
	EXPECT_OK(&c, 0x3FFFFF, GW_WRITE, 0x3001FFFFFULL);
	EXPECT_OK(&c, 0x76543210, GW_USER, 0x176543210ULL);	/* 1 GiB */
	EXPECT_OK(&c, 0x7FFFFFFF, 0, 0x17FFFFFFFULL);
	EXPECT_OK(&c, GLA_HIGH, 0, 0x987654123ULL);
	/* CR3 bits 11:0 (PCID, or PWT/PCD) are not part of the address. */
	c.cr3 = 0x1000 | 0xABC;
	EXPECT_OK(&c, 0x5123, 0, 0x5123);
	/* Bits 62:52 are ignored in 4-level entries. */
	set64(0x4000 + 5 * 8, 0x5000 | P | W | US | (0x7FFULL << 52));
	EXPECT_OK(&c, 0x5123, 0, 0x5123);
	/* Table outside guest RAM: at the PML4E, or CR3 itself. */
	EXPECT_FAIL(&c, 0x18000000000ULL, 0, GW_BAD_TABLE, 0);
	c.cr3 = 0x80000000;
	EXPECT_FAIL(&c, 0x5123, 0, GW_BAD_TABLE, 0);
}

static void test_4level_not_present(void **state)
{
	struct guest_walk_ctx c = mkctx(CR0_PG, 0x1000, X86_CR4_PAE, EFER_LM);

	build_4level();
	memcpy(snapshot, ram, RAM_SIZE);
	EXPECT_PF(&c, 0x8000000000ULL, 0, 0);			/* PML4E 1 */
	EXPECT_PF(&c, 0x80000000, GW_WRITE, X86_PF_W);		/* PDPTE 2 */
	EXPECT_PF(&c, 0x400000, GW_USER, X86_PF_U);		/* PDE 2 */
	EXPECT_PF(&c, 0x6000, GW_USER | GW_WRITE, X86_PF_U | X86_PF_W); /* PTE 6 */
	EXPECT_PF(&c, 0x6000, GW_FETCH, 0);
	c.efer |= X86_EFER_NXE;
	EXPECT_PF(&c, 0x6000, GW_FETCH, X86_PF_I);
	EXPECT_PF(&c, 0x6000, GW_FETCH | GW_USER, X86_PF_I | X86_PF_U);
	/* A not-present entry's other bits are not looked at. */
	set64(0x4000 + 6 * 8, 0xFFFFFFFFFFFFFFFEULL);
	EXPECT_PF(&c, 0x6000, 0, 0);
	set64(0x4000 + 6 * 8, 0);
	assert_memory_equal(ram, snapshot, RAM_SIZE);
	assert_int_equal(fake.writes, 0);
}

static void test_4level_reserved(void **state)
{
	struct guest_walk_ctx c = mkctx(CR0_PG, 0x1000, X86_CR4_PAE, EFER_LM);
	const uint32_t rsvd = X86_PF_P | X86_PF_RSVD;

	build_4level();
	/* PS in a PML4E. */
	set64(0x1000, 0x2000 | P | W | US | PS);
	EXPECT_PF(&c, 0x5000, 0, rsvd);
	EXPECT_PF(&c, 0x5000, GW_WRITE | GW_USER, rsvd | X86_PF_W | X86_PF_U);
	set64(0x1000, 0x2000 | P | W | US);
	/* XD without NXE, at the PTE and at the PML4E. */
	EXPECT_PF(&c, 0xB000, 0, rsvd);
	set64(0x1000, 0x2000 | P | W | US | XD);
	EXPECT_PF(&c, 0x5000, 0, rsvd);
	set64(0x1000, 0x2000 | P | W | US);
	/* Bits 51:M: bit 45 is reserved with MAXPHYADDR 40 or 45 ... */
	set64(0x3000, 0x4000 | P | W | US | (1ULL << 45));
	c.maxphyaddr = 40;
	EXPECT_PF(&c, 0x5000, 0, rsvd);
	c.maxphyaddr = 45;
	EXPECT_PF(&c, 0x5000, 0, rsvd);
	/* ... and an address bit with 46 or 52: the table is out of RAM. */
	c.maxphyaddr = 46;
	EXPECT_FAIL(&c, 0x5000, 0, GW_BAD_TABLE, 0);
	c.maxphyaddr = 0;
	EXPECT_FAIL(&c, 0x5000, 0, GW_BAD_TABLE, 0);
	c.maxphyaddr = 52;
	EXPECT_FAIL(&c, 0x5000, 0, GW_BAD_TABLE, 0);
	set64(0x3000, 0x4000 | P | W | US | (1ULL << 51));
	c.maxphyaddr = 51;
	EXPECT_PF(&c, 0x5000, 0, rsvd);
	set64(0x3000, 0x4000 | P | W | US);
	EXPECT_OK(&c, 0x5000, 0, 0x5000);
	/* 1 GiB page: bits 29:13 reserved. */
	set64(0x2008, 0x140000000ULL | (1ULL << 29) | PS | P | W | US);
	EXPECT_PF(&c, 0x40000000, 0, rsvd);
	set64(0x2008, 0x140000000ULL | (1ULL << 13) | PS | P | W | US);
	EXPECT_PF(&c, 0x40000000, 0, rsvd);
	set64(0x2008, 0x140000000ULL | PTE_PAT_LARGE | PS | P | W | US);
	EXPECT_OK(&c, 0x40000000, 0, 0x140000000ULL);
	/* 2 MiB page: bits 20:13 reserved. */
	set64(0x3008, 0x300000000ULL | (1ULL << 20) | PS | P | W | US);
	EXPECT_PF(&c, 0x200000, 0, rsvd);
	/* A reserved bit in a PDE that points to a table is none. */
	set64(0x3000, 0x4000 | P | W | US | (1ULL << 20));
	EXPECT_FAIL(&c, 0x5000, 0, GW_BAD_TABLE, 0);
}

static void test_write_protect(void **state)
{
	struct guest_walk_ctx c = mkctx(CR0_PG, 0x1000, X86_CR4_PAE, EFER_LM);

	build_4level();
	/* CPL 0, WP = 0: supervisor writes ignore R/W, on supervisor and
	 * user pages, and the page is marked dirty. */
	EXPECT_OK(&c, 0xA010, GW_WRITE, 0x0F00E010);
	assert_int_equal(get64(0x4050), 0x0F00E000 | P | A | D);
	EXPECT_OK(&c, 0x7010, GW_WRITE, 0xABCDE010);
	memcpy(snapshot, ram, RAM_SIZE);
	/* WP = 1: both fault, error code 0x3. */
	c.cr0 = CR0_PG_WP;
	EXPECT_PF(&c, 0xA010, GW_WRITE, 0x3);
	EXPECT_PF(&c, 0x7010, GW_WRITE, 0x3);
	/* Reads are fine. */
	EXPECT_OK(&c, 0xA010, 0, 0x0F00E010);
	/* User writes to a read-only page fault whatever WP says. */
	c.cr0 = CR0_PG;
	EXPECT_PF(&c, 0x7010, GW_WRITE | GW_USER, 0x7);
	/* R/W = 0 in an upper level only is as good as in the PTE. */
	set64(0x1000, 0x2000 | P | US);
	c.cr0 = CR0_PG_WP;
	EXPECT_PF(&c, 0x5000, GW_WRITE, 0x3);
	EXPECT_PF(&c, 0x5000, GW_WRITE | GW_USER, 0x7);
	EXPECT_OK(&c, 0x5000, GW_USER, 0x5000);
	set64(0x2000, 0x3000 | P | US);
	set64(0x1000, 0x2000 | P | W | US);
	EXPECT_PF(&c, 0x200000, GW_WRITE, 0x3);	/* via PDPTE, 2 MiB page */
}

static void test_user_supervisor(void **state)
{
	struct guest_walk_ctx c = mkctx(CR0_PG_WP, 0x1000, X86_CR4_PAE, EFER_LM);

	build_4level();
	memcpy(snapshot, ram, RAM_SIZE);
	/* User access to a supervisor page: 0x5 read, 0x7 write. */
	EXPECT_PF(&c, 0x9000, GW_USER, 0x5);
	EXPECT_PF(&c, 0x9000, GW_USER | GW_WRITE, 0x7);
	/* U/S = 0 only in the PML4E (the higher half). */
	EXPECT_PF(&c, GLA_HIGH, GW_USER, 0x5);
	EXPECT_OK(&c, GLA_HIGH, 0, 0x987654123ULL);
	snapshot[0x1000 + 256 * 8] |= A;	/* that walk set A ... */
	snapshot[0x6000] |= A;
	snapshot[0x7000] |= A;
	snapshot[0x8000] |= A;
	/* CPL 3 is a user-mode access without GW_USER. */
	c.cpl = 3;
	EXPECT_PF(&c, 0x9000, 0, 0x5);
	EXPECT_PF(&c, 0x9000, GW_WRITE, 0x7);
	/* ... and the failed ones set nothing. */
	assert_memory_equal(ram, snapshot, RAM_SIZE);
	/* User access to a user page is fine. */
	EXPECT_OK(&c, 0x5004, GW_WRITE, 0x5004);
}

static void test_nx(void **state)
{
	struct guest_walk_ctx c = mkctx(CR0_PG, 0x1000, X86_CR4_PAE,
					EFER_LM | X86_EFER_NXE);

	build_4level();
	EXPECT_OK(&c, 0xB000, 0, 0x0F00F000);
	EXPECT_OK(&c, 0xB000, GW_WRITE | GW_USER, 0x0F00F000);
	EXPECT_PF(&c, 0xB000, GW_FETCH, 0x11);
	EXPECT_PF(&c, 0xB000, GW_FETCH | GW_USER, 0x15);
	EXPECT_OK(&c, 0x5000, GW_FETCH, 0x5000);
	/* XD in the PML4E covers everything below it. */
	set64(0x1000, 0x2000 | P | W | US | XD);
	EXPECT_PF(&c, 0x5000, GW_FETCH, 0x11);
	EXPECT_PF(&c, 0x200000, GW_FETCH | GW_USER, 0x15);
	EXPECT_OK(&c, 0x200000, GW_USER, 0x300000000ULL);
}

static void test_smep_smap(void **state)
{
	struct guest_walk_ctx c = mkctx(CR0_PG, 0x1000, X86_CR4_PAE, EFER_LM);

	build_4level();
	/* Without SMEP/SMAP the supervisor may do anything on user pages. */
	EXPECT_OK(&c, 0x5000, GW_FETCH, 0x5000);
	EXPECT_OK(&c, 0x5000, 0, 0x5000);
	memcpy(snapshot, ram, RAM_SIZE);
	/* SMEP: supervisor fetch from a user page; I set by SMEP alone. */
	c.cr4 |= X86_CR4_SMEP;
	EXPECT_PF(&c, 0x5000, GW_FETCH, 0x11);
	EXPECT_OK(&c, 0x5000, 0, 0x5000);		/* data is fine */
	EXPECT_OK(&c, 0x9000, GW_FETCH, 0x0F00D000);	/* supervisor page */
	EXPECT_OK(&c, 0x5000, GW_FETCH | GW_USER, 0x5000);
	/* SMAP: supervisor data access to a user page. */
	c.cr4 = X86_CR4_PAE | X86_CR4_SMAP;
	EXPECT_PF(&c, 0x5000, 0, 0x1);
	EXPECT_PF(&c, 0x5000, GW_WRITE, 0x3);
	EXPECT_PF(&c, 0x40000000, 0, 0x1);		/* 1 GiB user page */
	EXPECT_OK(&c, 0x5000, GW_FETCH, 0x5000);	/* fetches are SMEP's */
	EXPECT_OK(&c, 0x5000, GW_USER, 0x5000);
	EXPECT_OK(&c, 0x9000, GW_WRITE, 0x0F00D000);
	/* The higher half is a supervisor address (PML4E U/S = 0). */
	EXPECT_OK(&c, GLA_HIGH, 0, 0x987654123ULL);
}

static void test_noncanonical(void **state)
{
	struct guest_walk_ctx c = mkctx(CR0_PG, 0x1000, X86_CR4_PAE, EFER_LM);

	build_4level();
	EXPECT_FAIL(&c, 0x0000800000000000ULL, 0, GW_NONCANONICAL, 0);
	EXPECT_FAIL(&c, 0xFFFF7FFFFFFFFFFFULL, GW_WRITE, GW_NONCANONICAL, 0);
	EXPECT_FAIL(&c, 0x8000000000005000ULL, 0, GW_NONCANONICAL, 0);
	EXPECT_FAIL(&c, 0x0001000000005000ULL, 0, GW_NONCANONICAL, 0);
	assert_int_equal(fake.reads, 0);
	/* Just canonical: the top of the lower half is not mapped. */
	EXPECT_PF(&c, 0x00007FFFFFFFFFFFULL, 0, 0);
	EXPECT_OK(&c, GLA_HIGH, 0, 0x987654123ULL);
}

/* ---------------------------------------------------------------------
 * Accessed and dirty flags (4.8). */

static void test_accessed_dirty(void **state)
{
	struct guest_walk_ctx c = mkctx(CR0_PG, 0x1000, X86_CR4_PAE, EFER_LM);

	build_4level();
	/* A read sets A in all four entries, D nowhere. */
	EXPECT_OK(&c, 0x5123, 0, 0x5123);
	assert_int_equal(fake.writes, 4);
	assert_int_equal(get64(0x1000), 0x2000 | P | W | US | A);
	assert_int_equal(get64(0x2000), 0x3000 | P | W | US | A);
	assert_int_equal(get64(0x3000), 0x4000 | P | W | US | A);
	assert_int_equal(get64(0x4028), 0x5000 | P | W | US | A);
	assert_int_equal(get64(0x4038), 0xABCDE000 | P | US);
	/* Again: already set, nothing written. */
	EXPECT_OK(&c, 0x5123, 0, 0x5123);
	assert_int_equal(fake.writes, 4);
	/* A write sets D in the PTE only. */
	EXPECT_OK(&c, 0x5123, GW_WRITE, 0x5123);
	assert_int_equal(fake.writes, 5);
	assert_int_equal(get64(0x3000), 0x4000 | P | W | US | A);
	assert_int_equal(get64(0x4028), 0x5000 | P | W | US | A | D);
	/* A 2 MiB page: D in the PDE, which is the leaf. */
	EXPECT_OK(&c, 0x200000, GW_WRITE, 0x300000000ULL);
	assert_int_equal(get64(0x3008), 0x300000000ULL | PS | P | W | US | A | D);
	/* A 1 GiB page read: A in the PDPTE. */
	EXPECT_OK(&c, 0x40000000, 0, 0x140000000ULL);
	assert_int_equal(get64(0x2008), 0x140000000ULL | PS | P | W | US | A);
	/* Failures set nothing: not present, rights, reserved, canonical. */
	set64(0x4040, 0x8000 | P | W | US | XD);
	memcpy(snapshot, ram, RAM_SIZE);
	EXPECT_PF(&c, 0x6000, GW_WRITE, 0x2);
	EXPECT_PF(&c, 0x7000, GW_WRITE | GW_USER, 0x7);
	EXPECT_PF(&c, GLA_HIGH, GW_USER, 0x5);
	EXPECT_PF(&c, 0x8000, 0, 0x9);
	EXPECT_FAIL(&c, 0x0000800000000000ULL, 0, GW_NONCANONICAL, 0);
	EXPECT_FAIL(&c, 0x18000000000ULL, 0, GW_BAD_TABLE, 0);
	assert_memory_equal(ram, snapshot, RAM_SIZE);
}

static void test_accessed_dirty_no_write_phys(void **state)
{
	struct guest_walk_ctx c = mkctx(CR0_PG, 0x1000, X86_CR4_PAE, EFER_LM);

	build_4level();
	memcpy(snapshot, ram, RAM_SIZE);
	c.write_phys = NULL;
	EXPECT_OK(&c, 0x5123, GW_WRITE, 0x5123);
	assert_memory_equal(ram, snapshot, RAM_SIZE);
	/* write_phys failing: the walk reports it. */
	c.write_phys = wr;
	fake.fail_writes = 1;
	EXPECT_FAIL(&c, 0x5123, GW_WRITE, GW_BAD_TABLE, 0);
	/* Not if nothing needs writing. */
	fake.fail_writes = 0;
	EXPECT_OK(&c, 0x5123, GW_WRITE, 0x5123);
	fake.fail_writes = 1;
	EXPECT_OK(&c, 0x5123, GW_WRITE, 0x5123);
}

static void test_accessed_entry_changed(void **state)
{
	/* The guest replaces the PTE (on another vCPU) after the walk read
	 * it: the walker must not write its stale copy back, nor OR A into
	 * the new entry (it may be a swap entry, P = 0). Reads: 4 for the
	 * walk, then one per entry before setting A. */
	struct guest_walk_ctx c = mkctx(CR0_PG, 0x1000, X86_CR4_PAE, EFER_LM);

	build_4level();
	fake.mutate_after = 4;
	fake.mutate_gpa = 0x4028;
	fake.mutate_val = 0x123456000ULL;		/* not present */
	EXPECT_OK(&c, 0x5123, GW_WRITE, 0x5123);
	assert_int_equal(get64(0x4028), 0x123456000ULL);
	assert_int_equal(get64(0x3000), 0x4000 | P | W | US | A);
	assert_int_equal(fake.writes, 3);
}

/* ---------------------------------------------------------------------
 * 5-level paging: PML5 0x1000, PML4 0x2000, PDPT 0x3000, PD 0x4000,
 * PT 0x5000. */

#define GLA5	((1ULL << 48) | (2ULL << 39) | (3ULL << 30) | (4ULL << 21) | \
		 (5ULL << 12) | 0x678)

static void test_5level(void **state)
{
	struct guest_walk_ctx c = mkctx(CR0_PG, 0x1000,
					X86_CR4_PAE | X86_CR4_LA57, EFER_LM);

	set64(0x1000 + 1 * 8, 0x2000 | P | W | US);
	set64(0x2000 + 2 * 8, 0x3000 | P | W | US);
	set64(0x3000 + 3 * 8, 0x4000 | P | W | US);
	set64(0x4000 + 4 * 8, 0x5000 | P | W | US);
	set64(0x5000 + 5 * 8, 0xABCDE000 | P | W | US);
	EXPECT_OK(&c, GLA5, GW_WRITE, 0xABCDE678);
	assert_int_equal(get64(0x1008), 0x2000 | P | W | US | A);
	assert_int_equal(get64(0x2010), 0x3000 | P | W | US | A);
	assert_int_equal(get64(0x3018), 0x4000 | P | W | US | A);
	assert_int_equal(get64(0x4020), 0x5000 | P | W | US | A);
	assert_int_equal(get64(0x5028), 0xABCDE000 | P | W | US | A | D);
	/* Canonical means bits 63:56 equal bit 56. */
	EXPECT_PF(&c, 0x00FFFFFFFFFFFFFFULL, 0, 0);	/* PML5E 255 */
	EXPECT_FAIL(&c, 0x0100000000000000ULL, 0, GW_NONCANONICAL, 0);
	EXPECT_FAIL(&c, 0xFEFFFFFFFFFFFFFFULL, 0, GW_NONCANONICAL, 0);
	/* PS is reserved in a PML5E. */
	set64(0x1008, 0x2000 | P | W | US | PS);
	EXPECT_PF(&c, GLA5, 0, 0x9);
	set64(0x1008, 0x2000 | P | W | US);
	/* The same address under 4-level paging is not canonical. */
	c.cr4 = X86_CR4_PAE;
	EXPECT_FAIL(&c, GLA5, 0, GW_NONCANONICAL, 0);
}

/* ---------------------------------------------------------------------
 * Arguments and error strings. */

static void test_bad_args(void **state)
{
	struct guest_walk_ctx c = mkctx(CR0_PG, 0x1000, X86_CR4_PAE, EFER_LM);
	uint64_t gpa = 1;
	uint32_t ec = 1;

	build_4level();
	EXPECT_FAIL(NULL, 0x5000, 0, GW_EINVAL, 0);
	EXPECT_FAIL(&c, 0x5000, GW_WRITE | GW_FETCH, GW_EINVAL, 0);
	EXPECT_FAIL(&c, 0x5000, 1u << 3, GW_EINVAL, 0);
	c.cpl = 4;
	EXPECT_FAIL(&c, 0x5000, 0, GW_EINVAL, 0);
	c.cpl = 0;
	c.maxphyaddr = 31;
	EXPECT_FAIL(&c, 0x5000, 0, GW_EINVAL, 0);
	c.maxphyaddr = 53;
	EXPECT_FAIL(&c, 0x5000, 0, GW_EINVAL, 0);
	c.maxphyaddr = 32;
	EXPECT_OK(&c, 0x5000, 0, 0x5000);
	c.maxphyaddr = 0;
	c.read_phys = NULL;
	EXPECT_FAIL(&c, 0x5000, 0, GW_EINVAL, 0);
	c.read_phys = rd;
	/* Long mode without PAE cannot exist. */
	c.cr4 = 0;
	EXPECT_FAIL(&c, 0x5000, 0, GW_EINVAL, 0);
	c.cr4 = X86_CR4_PAE;
	/* NULL outputs are allowed. */
	assert_int_equal(guest_walk(&c, 0x5000, 0, NULL, NULL), GW_OK);
	assert_int_equal(guest_walk(&c, 0x6000, 0, NULL, NULL), GW_PAGE_FAULT);
	assert_int_equal(guest_walk(&c, 0x6000, 0, &gpa, NULL), GW_PAGE_FAULT);
	assert_int_equal(gpa, 0);
	assert_int_equal(guest_walk(&c, 0x6000, GW_WRITE, NULL, &ec),
			 GW_PAGE_FAULT);
	assert_int_equal(ec, 2);
}

static void test_strerror(void **state)
{
	assert_string_equal(guest_walk_strerror(GW_OK), "ok");
	assert_string_equal(guest_walk_strerror(GW_PAGE_FAULT), "page fault");
	assert_string_equal(guest_walk_strerror(GW_BAD_TABLE),
			    "guest paging structure outside guest RAM");
	assert_string_equal(guest_walk_strerror(GW_NONCANONICAL),
			    "non-canonical linear address");
	assert_string_equal(guest_walk_strerror(GW_EINVAL),
			    "invalid guest walk arguments");
	assert_string_equal(guest_walk_strerror(-5), "unknown guest walk error");
	assert_string_equal(guest_walk_strerror(1), "unknown guest walk error");
}

/* The PDPTEs a MOV to CR0/CR3/CR4 would load (4.4.1, Table 4-8). */
static void test_pae_pdpte_valid(void **state)
{
	assert_true(guest_pae_pdpte_valid(0, 36));		/* not present */
	assert_true(guest_pae_pdpte_valid(0xFFFFFFFFFFFFFFFEULL, 36));
	assert_true(guest_pae_pdpte_valid(0x26000 | 1, 36));
	assert_true(guest_pae_pdpte_valid(0x26000 | 1 | 0x18, 36)); /* PWT, PCD */
	assert_true(guest_pae_pdpte_valid(0xFFFFFF000ULL | 1, 36));
	assert_false(guest_pae_pdpte_valid(0x26000 | 3, 36));	/* bit 1 */
	assert_false(guest_pae_pdpte_valid(0x26000 | 5, 36));	/* bit 2 */
	assert_false(guest_pae_pdpte_valid(0x26000 | 1 | 0x20, 36)); /* bit 5 */
	assert_false(guest_pae_pdpte_valid(0x26000 | 1 | 0x100, 36)); /* bit 8 */
	assert_false(guest_pae_pdpte_valid(1ULL << 36 | 1, 36));	/* >= M */
	assert_true(guest_pae_pdpte_valid(1ULL << 36 | 1, 40));
	assert_false(guest_pae_pdpte_valid(1ULL << 63 | 1, 52));	/* XD */
	assert_false(guest_pae_pdpte_valid(0x26000 | 1, 31));	/* bad M */
	assert_false(guest_pae_pdpte_valid(0x26000 | 1, 53));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_no_paging, setup),
		cmocka_unit_test_setup(test_32bit_4k, setup),
		cmocka_unit_test_setup(test_32bit_not_present, setup),
		cmocka_unit_test_setup(test_32bit_4m, setup),
		cmocka_unit_test_setup(test_32bit_ps_without_pse, setup),
		cmocka_unit_test_setup(test_32bit_self_map, setup),
		cmocka_unit_test_setup(test_pae, setup),
		cmocka_unit_test_setup(test_pae_faults, setup),
		cmocka_unit_test_setup(test_pae_pdpte_registers, setup),
		cmocka_unit_test_setup(test_4level, setup),
		cmocka_unit_test_setup(test_4level_not_present, setup),
		cmocka_unit_test_setup(test_4level_reserved, setup),
		cmocka_unit_test_setup(test_write_protect, setup),
		cmocka_unit_test_setup(test_user_supervisor, setup),
		cmocka_unit_test_setup(test_nx, setup),
		cmocka_unit_test_setup(test_smep_smap, setup),
		cmocka_unit_test_setup(test_noncanonical, setup),
		cmocka_unit_test_setup(test_accessed_dirty, setup),
		cmocka_unit_test_setup(test_accessed_dirty_no_write_phys, setup),
		cmocka_unit_test_setup(test_accessed_entry_changed, setup),
		cmocka_unit_test_setup(test_5level, setup),
		cmocka_unit_test_setup(test_bad_args, setup),
		cmocka_unit_test_setup(test_strerror, setup),
		cmocka_unit_test(test_pae_pdpte_valid),
	};

	return cmocka_run_group_tests_name("guest_walk", tests, NULL, NULL);
}
