/* Fuzzes vmx/guest_walk.c: the guest's control registers, privilege level,
 * access kind and linear address come from the front of the input, its
 * RAM (guest-physical 0 up, at most 64 KiB) from the rest; the guest's
 * page tables are whatever those bytes say. The walker may only ever set
 * the accessed and dirty flags in an entry it read, a second walk must
 * give the same answer and write nothing, and the results must follow
 * the header's contract. */
#include <string.h>

#include "arch/cr.h"
#include "vmx/guest_walk.h"
#include "tests/fuzz/fuzz.h"

#define RAM_MAX 0x10000

struct ram {
	uint8_t *bytes;
	size_t size;		/* multiple of 8 */
	unsigned writes;
};

static int rd(void *ctx, uint64_t gpa, uint64_t *val)
{
	struct ram *r = ctx;

	FUZZ_CHECK(gpa % 8 == 0);
	if (gpa >= r->size)
		return -1;
	memcpy(val, r->bytes + gpa, 8);
	return 0;
}

/* A/D flags of a 64-bit entry, or of either half holding a 32-bit one. */
#define AD_BITS ((3ULL << 5) | (3ULL << 37))

static int wr(void *ctx, uint64_t gpa, uint64_t val)
{
	struct ram *r = ctx;
	uint64_t old;

	FUZZ_CHECK(gpa % 8 == 0 && gpa < r->size);
	memcpy(&old, r->bytes + gpa, 8);
	FUZZ_CHECK((old & ~val) == 0);		/* nothing cleared */
	FUZZ_CHECK(((val & ~old) & ~AD_BITS) == 0);	/* only A and D set */
	FUZZ_CHECK(val != old);
	memcpy(r->bytes + gpa, &val, 8);
	r->writes++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data;
	size_t n = size;
	struct ram ram = { 0 };
	struct guest_walk_ctx c = { 0 };
	uint64_t gla, gpa = 1, gpa2 = 2;
	uint32_t ec = 1, ec2 = 2;
	unsigned access;
	int r, r2;

	c.cr0 = fuzz_take(&p, &n, 8);
	c.cr3 = fuzz_take(&p, &n, 8);
	c.cr4 = fuzz_take(&p, &n, 8);
	c.efer = fuzz_take(&p, &n, 8);
	c.cpl = (unsigned)fuzz_take(&p, &n, 1) & 7;	/* 4..7 are refused */
	c.maxphyaddr = (unsigned)fuzz_take(&p, &n, 1) & 63;
	access = (unsigned)fuzz_take(&p, &n, 1) & 31;	/* bits 3, 4: below */
	gla = fuzz_take(&p, &n, 8);
	c.read_phys = rd;
	c.write_phys = (access & 8) ? NULL : wr;
	/* Bit 4: PAE paging with the PDPTE registers, loaded from memory at
	 * CR3 before the first walk (as a CR3 write does). */
	bool pdpte_regs = (access & 16) != 0;
	uint64_t pdptes[4] = { 0 };
	access &= 7;
	c.ctx = &ram;

	ram.size = (n < RAM_MAX ? n : RAM_MAX) & ~(size_t)7;
	ram.bytes = malloc(ram.size ? ram.size : 1);
	FUZZ_CHECK(ram.bytes);
	memcpy(ram.bytes, p, ram.size);
	if (pdpte_regs) {
		uint64_t at = c.cr3 & 0xFFFFFFE0;
		for (unsigned i = 0; i < 4; i++)
			if (at + 8 * i + 8 <= ram.size)
				memcpy(&pdptes[i], ram.bytes + at + 8 * i, 8);
		c.pdptes = pdptes;
	}

	r = guest_walk(&c, gla, access, &gpa, &ec);
	switch (r) {
	case GW_OK:
		FUZZ_CHECK(ec == 0);
		if (!(c.cr0 & X86_CR0_PG) && !(c.efer & X86_EFER_LMA))
			FUZZ_CHECK(gpa == (gla & 0xFFFFFFFF));
		if (c.cr0 & X86_CR0_PG) {
			unsigned m = c.maxphyaddr ? c.maxphyaddr : 52;
			FUZZ_CHECK(gpa >> m == 0);
			/* The page offset survives translation. */
			FUZZ_CHECK((gpa & 0xFFF) == (gla & 0xFFF));
		}
		break;
	case GW_PAGE_FAULT:
		FUZZ_CHECK(gpa == 0);
		FUZZ_CHECK((ec & ~0x1FU) == 0);	/* P W U RSVD I */
		FUZZ_CHECK(!!(ec & 2) == !!(access & GW_WRITE));
		break;
	case GW_BAD_TABLE:
	case GW_NONCANONICAL:
	case GW_EINVAL:
		FUZZ_CHECK(gpa == 0 && ec == 0);
		break;
	default:
		FUZZ_CHECK(!"unknown result");
	}
	if (r == GW_EINVAL)
		FUZZ_CHECK(ram.writes == 0);

	/* The same walk again: same result, and every flag is already set.
	 * Not under PAE paging without the PDPTE registers: the walker then
	 * rereads the PDPTEs from memory (guest_walk.h), so an accessed flag
	 * it set in a PDE that is also a PDPTE is a reserved bit on the next
	 * walk (test_pae_pdpte_registers in tests/unit/test_guest_walk.c). */
	unsigned writes = ram.writes;
	int pae = (c.cr0 & X86_CR0_PG) && (c.cr4 & X86_CR4_PAE) &&
		  !(c.efer & X86_EFER_LMA) && !pdpte_regs;
	r2 = guest_walk(&c, gla, access, &gpa2, &ec2);
	if ((r == GW_OK || r == GW_PAGE_FAULT) && !pae) {
		FUZZ_CHECK(r2 == r && gpa2 == gpa && ec2 == ec);
		if (r == GW_OK)
			FUZZ_CHECK(ram.writes == writes);
	}
	free(ram.bytes);
	return 0;
}
