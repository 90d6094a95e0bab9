/*
 * EPT construction and walking (Intel SDM Vol. 3C, 29.3).
 *
 * The tables form a 4-level radix tree indexed by guest-physical address
 * bits 47:39, 38:30, 29:21 and 20:12. A non-leaf entry holds the physical
 * address of the next table and grants read, write and execute, so that
 * the leaf alone decides the access rights. A leaf holds the physical
 * address of the page, its access rights and its memory type.
 *
 * Invariant kept by ept_map: every table linked below the PML4 maps at
 * least one page. A failed ept_map unlinks the tables it left empty.
 */
#include "vmx/ept.h"
#include "kernel/kstring.h"

#define TABLE_BYTES	4096u

/* Size of the region one entry at 'level' covers: 4 KiB at level 1. */
static uint64_t level_size(unsigned level)
{
	return 1ull << (12 + 9 * (level - 1));
}

/* The entry index 'gpa' selects in a table at 'level'. */
static unsigned level_index(uint64_t gpa, unsigned level)
{
	return (unsigned)(gpa >> (12 + 9 * (level - 1))) & (EPT_ENTRIES - 1);
}

static bool entry_present(uint64_t ent)
{
	return (ent & EPT_RWX) != 0;
}

/* Does this present entry map a page rather than point to a table? */
static bool entry_is_leaf(uint64_t ent, unsigned level)
{
	if (level == 1)
		return true;
	if (level == 4)
		return false;	/* bit 7 of a PML4E is reserved */
	return (ent & EPT_LARGE_PAGE) != 0;
}

/* The table at host-physical 'phys', or NULL if it cannot be reached. */
static uint64_t *table_at(const struct ept *e, uint64_t phys)
{
	void *v;

	if (phys & (TABLE_BYTES - 1))
		return NULL;
	v = e->ops->phys_to_virt(e->ops->ctx, phys);
	if ((uintptr_t)v & (sizeof(uint64_t) - 1))
		return NULL;	/* entries could not be read as uint64_t */
	return v;
}

/* Allocates and zeroes a table; checks that it is usable as one. */
static int new_table(struct ept *e, uint64_t *phys, uint64_t **virt)
{
	uint64_t p = 0;
	uint64_t *t = e->ops->alloc_table(e->ops->ctx, &p);

	if (t == NULL)
		return EPT_ENOMEM;
	if ((p & (TABLE_BYTES - 1)) || (p >> e->maxphyaddr) != 0 ||
	    table_at(e, p) != t)
		return EPT_EBADTABLE;
	memset(t, 0, TABLE_BYTES);
	e->tables++;
	*phys = p;
	*virt = t;
	return 0;
}

int ept_init(struct ept *e, const struct ept_ops *ops, bool allow_1g)
{
	uint64_t phys;
	uint64_t *virt;
	int r;

	if (e == NULL)
		return EPT_EINVAL;
	memset(e, 0, sizeof(*e));
	if (ops == NULL || ops->alloc_table == NULL || ops->phys_to_virt == NULL)
		return EPT_EINVAL;

	e->ops = ops;
	e->allow_1g = allow_1g;
	e->maxphyaddr = EPT_DEFAULT_MAXPHYADDR;
	r = new_table(e, &phys, &virt);
	if (r < 0) {
		e->ops = NULL;	/* leave it recognisably uninitialised */
		e->tables = 0;
		return r;
	}
	e->pml4_phys = phys;
	return 0;
}

/* Access rights EPT can express without a misconfiguration (29.3.3.1):
 * read-only, read/write, read/execute, read/write/execute. Write without
 * read is a misconfiguration; execute-only needs a processor capability
 * (IA32_VMX_EPT_VPID_CAP bit 0) this code does not assume. */
static bool perms_valid(uint64_t perms)
{
	if (perms & ~EPT_RWX)
		return false;
	return (perms & EPT_READ) != 0;
}

static bool memtype_valid(unsigned mt)
{
	return mt == EPT_MT_UC || mt == EPT_MT_WC || mt == EPT_MT_WT ||
	       mt == EPT_MT_WP || mt == EPT_MT_WB;
}

/* The next slot boundary at 'level' after 'a', clipped to 'end'. */
static uint64_t slot_end(uint64_t a, unsigned level, uint64_t end)
{
	uint64_t sz = level_size(level);
	uint64_t next = (a & ~(sz - 1)) + sz;

	return next < end ? next : end;
}

/* 0 if nothing in [start, end) is mapped under the table at 'phys'. */
static int check_free(const struct ept *e, uint64_t phys, unsigned level,
		      uint64_t start, uint64_t end)
{
	const uint64_t *t = table_at(e, phys);
	uint64_t a, next;
	int r;

	if (t == NULL)
		return EPT_EBADTABLE;
	for (a = start; a < end; a = next) {
		uint64_t ent = t[level_index(a, level)];

		next = slot_end(a, level, end);
		if (!entry_present(ent))
			continue;
		if (entry_is_leaf(ent, level))
			return EPT_EEXIST;
		r = check_free(e, ent & EPT_ADDR_MASK, level - 1, a, next);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Installs one leaf of 'size' bytes, creating the tables above it. */
static int set_leaf(struct ept *e, uint64_t gpa, uint64_t leaf,
		    uint64_t size)
{
	unsigned leaf_level = size == EPT_PAGE_1G ? 3 :
			      size == EPT_PAGE_2M ? 2 : 1;
	uint64_t *t = table_at(e, e->pml4_phys);
	uint64_t *ent;
	unsigned level;
	int r;

	if (t == NULL)
		return EPT_EBADTABLE;
	for (level = 4; level > leaf_level; level--) {
		ent = &t[level_index(gpa, level)];
		if (!entry_present(*ent)) {
			uint64_t phys;

			r = new_table(e, &phys, &t);
			if (r < 0)
				return r;
			/* The table is zeroed before it is linked. */
			*ent = phys | EPT_RWX;
			continue;
		}
		if (entry_is_leaf(*ent, level))
			return EPT_EEXIST;	/* check_free rules this out */
		t = table_at(e, *ent & EPT_ADDR_MASK);
		if (t == NULL)
			return EPT_EBADTABLE;
	}
	ent = &t[level_index(gpa, leaf_level)];
	if (entry_present(*ent))
		return EPT_EEXIST;		/* check_free rules this out */
	*ent = leaf | (leaf_level > 1 ? EPT_LARGE_PAGE : 0);
	return 0;
}

static bool table_empty(const uint64_t *t)
{
	unsigned i;

	for (i = 0; i < EPT_ENTRIES; i++)
		if (t[i] != 0)
			return false;
	return true;
}

/*
 * Takes back a failed ept_map: clears every leaf in [start, end) and
 * unlinks the tables that become empty. check_free proved nothing was
 * mapped in the range before, so every leaf found there is ours, and by
 * the invariant every empty table is one we created.
 */
static void undo(struct ept *e, uint64_t *t, unsigned level,
		 uint64_t start, uint64_t end)
{
	uint64_t a, next;

	for (a = start; a < end; a = next) {
		uint64_t *ent = &t[level_index(a, level)];
		uint64_t *child;

		next = slot_end(a, level, end);
		if (!entry_present(*ent))
			continue;
		if (entry_is_leaf(*ent, level)) {
			*ent = 0;
			continue;
		}
		child = table_at(e, *ent & EPT_ADDR_MASK);
		if (child == NULL)
			continue;
		undo(e, child, level - 1, a, next);
		if (table_empty(child)) {
			*ent = 0;
			e->tables--;	/* the page itself is lost */
		}
	}
}

/* The largest page that fits at (gpa, hpa) with 'left' bytes to go. */
static uint64_t pick_size(const struct ept *e, uint64_t gpa, uint64_t hpa,
			  uint64_t left)
{
	uint64_t both = gpa | hpa;

	if (e->allow_1g && (both & (EPT_PAGE_1G - 1)) == 0 &&
	    left >= EPT_PAGE_1G)
		return EPT_PAGE_1G;
	if ((both & (EPT_PAGE_2M - 1)) == 0 && left >= EPT_PAGE_2M)
		return EPT_PAGE_2M;
	return EPT_PAGE_4K;
}

int ept_map(struct ept *e, uint64_t gpa, uint64_t hpa, uint64_t size,
	    uint64_t perms, unsigned memtype)
{
	uint64_t gpa_limit = 1ull << EPT_GPA_BITS;
	uint64_t hpa_limit, done, page = 0;
	uint64_t bits = perms | ((uint64_t)memtype << EPT_MEMTYPE_SHIFT);
	int r;

	if (e == NULL || e->ops == NULL || size == 0)
		return EPT_EINVAL;
	if (e->maxphyaddr < 32 || e->maxphyaddr > 52)
		return EPT_EINVAL;
	if ((gpa | hpa | size) & (EPT_PAGE_4K - 1))
		return EPT_EALIGN;
	/* Written so that nothing can wrap: size <= limit - start. */
	hpa_limit = 1ull << e->maxphyaddr;
	if (gpa >= gpa_limit || size > gpa_limit - gpa)
		return EPT_ERANGE;
	if (hpa >= hpa_limit || size > hpa_limit - hpa)
		return EPT_ERANGE;
	if (!perms_valid(perms))
		return EPT_EPERM;
	if (!memtype_valid(memtype))
		return EPT_EMEMTYPE;

	r = check_free(e, e->pml4_phys, 4, gpa, gpa + size);
	if (r < 0)
		return r;

	for (done = 0; done < size; done += page) {
		page = pick_size(e, gpa + done, hpa + done, size - done);
		r = set_leaf(e, gpa + done, (hpa + done) | bits, page);
		if (r < 0) {
			uint64_t *pml4 = table_at(e, e->pml4_phys);

			/* Also covers tables made for the failing page. */
			if (pml4 != NULL)
				undo(e, pml4, 4, gpa, gpa + done + page);
			return r;
		}
	}
	return 0;
}

int ept_walk(const struct ept *e, uint64_t gpa, struct ept_walk_result *r)
{
	const uint64_t *t;
	uint64_t perms = EPT_RWX;
	unsigned level;

	if (r == NULL)
		return EPT_EINVAL;
	memset(r, 0, sizeof(*r));
	if (e == NULL || e->ops == NULL)
		return EPT_EINVAL;
	if (gpa >> EPT_GPA_BITS)
		return EPT_ERANGE;

	t = table_at(e, e->pml4_phys);
	for (level = 4; level >= 1; level--) {
		uint64_t ent;

		if (t == NULL)
			return EPT_EBADTABLE;
		ent = t[level_index(gpa, level)];
		r->entry[4 - level] = ent;
		r->nentries++;
		r->level = level;
		if (!entry_present(ent))
			return 0;
		perms &= ent;
		if (entry_is_leaf(ent, level)) {
			uint64_t sz = level_size(level);

			r->present = true;
			r->page_size = sz;
			r->hpa = (ent & EPT_ADDR_MASK & ~(sz - 1)) |
				 (gpa & (sz - 1));
			r->perms = perms;
			r->memtype = (unsigned)((ent & EPT_MEMTYPE_MASK) >>
						EPT_MEMTYPE_SHIFT);
			return 0;
		}
		t = table_at(e, ent & EPT_ADDR_MASK);
	}
	return 0;	/* not reached: a present PTE is always a leaf */
}

uint64_t ept_eptp(const struct ept *e, bool accessed_dirty)
{
	if (e == NULL)
		return 0;
	return (e->pml4_phys & EPT_ADDR_MASK) | EPTP_PWL_4 | EPTP_MT_WB |
	       (accessed_dirty ? EPTP_AD_ENABLE : 0);
}

const char *ept_strerror(int err)
{
	switch (err) {
	case 0:
		return "ok";
	case EPT_EINVAL:
		return "invalid argument or uninitialised EPT";
	case EPT_EALIGN:
		return "address or size not 4 KiB aligned";
	case EPT_ERANGE:
		return "address out of range or range wraps";
	case EPT_EPERM:
		return "permissions not expressible in EPT";
	case EPT_EMEMTYPE:
		return "reserved EPT memory type";
	case EPT_EEXIST:
		return "range overlaps an existing mapping";
	case EPT_ENOMEM:
		return "out of memory for EPT tables";
	case EPT_EBADTABLE:
		return "unusable EPT table page";
	default:
		return "unknown EPT error";
	}
}
