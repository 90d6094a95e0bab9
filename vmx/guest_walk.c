/*
 * Guest page-table walker (Intel SDM Vol. 3A chapter 4).
 *
 * One loop walks every paging mode from the top level down to the entry
 * that maps the page. Levels are numbered as the SDM's tables are: 1 is the
 * PTE, 2 the PDE, 3 the PDPTE, 4 the PML4E, 5 the PML5E. The modes differ
 * only in
 *   - the levels they have: 32-bit 2, PAE 3, 4-level 4, 5-level 5;
 *   - entry size (4 bytes for 32-bit paging, 8 otherwise) and how many
 *     linear-address bits index each table;
 *   - which bits of an entry are reserved (4.3, 4.4.2, 4.5.4);
 *   - which levels may map a large page.
 *
 * For each entry: not present -> #PF (P=0); a reserved bit set -> #PF
 * (P=1, RSVD=1); else its R/W, U/S and XD flags are folded into the
 * access rights of the whole translation (4.6: a write needs R/W=1 at
 * every level, a user-mode address has U/S=1 at every level, XD at any
 * level forbids fetches). Those rights are checked once the leaf is found.
 * Only a walk that succeeds sets accessed and dirty flags (4.8).
 */
#include <stdbool.h>

#include "vmx/guest_walk.h"
#include "arch/cr.h"
#include "arch/pte.h"
#include "kernel/kstring.h"

enum walk_mode { MODE_32BIT, MODE_PAE, MODE_4LEVEL, MODE_5LEVEL };

#define MAX_LEVELS	5

/* Bits hi..lo set; 0 if lo = hi + 1 (hi <= 63, lo <= 63). */
static uint64_t bits(unsigned hi, unsigned lo)
{
	return (~0ULL >> (63 - hi)) & ~((1ULL << lo) - 1);
}

/* An entry the walk used, remembered so its A/D flags can be set. */
struct used_entry {
	uint64_t qaddr;		/* 8-byte aligned gpa of the qword holding it */
	unsigned shift;		/* 32 for the upper half of a 4-byte entry */
	uint64_t val;		/* the entry as read */
	bool has_a;		/* has an accessed flag (PAE PDPTEs have none) */
};

struct walk {
	const struct guest_walk_ctx *c;
	enum walk_mode mode;
	unsigned m;		/* MAXPHYADDR */
	uint64_t gla;
	struct used_entry e[MAX_LEVELS];
	unsigned n;		/* entries used */
	bool rw;		/* R/W = 1 in every entry */
	bool us;		/* U/S = 1 in every entry: a user-mode address */
	bool xd;		/* XD = 1 in some entry (EFER.NXE = 1) */
};

static unsigned top_level(enum walk_mode mode)
{
	switch (mode) {
	case MODE_32BIT:
		return 2;
	case MODE_PAE:
		return 3;
	case MODE_4LEVEL:
		return 4;
	default:
		return 5;
	}
}

/* The index 'gla' selects in the table at 'level' (Figures 4-2, 4-5,
 * 4-8, 4-11 and their neighbours). */
static unsigned table_index(const struct walk *w, unsigned level)
{
	if (w->mode == MODE_32BIT)
		return (unsigned)(w->gla >> (12 + 10 * (level - 1))) & 0x3FF;
	if (w->mode == MODE_PAE && level == 3)
		return (unsigned)(w->gla >> 30) & 3;	/* 4 PDPTEs */
	return (unsigned)(w->gla >> (12 + 9 * (level - 1))) & 0x1FF;
}

/* Bits M-1:12 of an entry or CR3: the address of a table or 4 KiB page. */
static uint64_t addr_mask(const struct walk *w)
{
	return bits(w->m - 1, 12);
}

/* The physical address of the top-level table, from CR3 (Table 4-3 for
 * 32-bit paging, 4.4.1 for the PAE PDPT, Table 4-12 for 4/5-level). */
static uint64_t root_table(const struct walk *w)
{
	if (w->mode == MODE_32BIT)
		return w->c->cr3 & 0xFFFFF000;
	if (w->mode == MODE_PAE)
		return w->c->cr3 & 0xFFFFFFE0;
	return w->c->cr3 & addr_mask(w);
}

/* Does the present entry at 'level' map a page rather than a table? */
static bool is_leaf(const struct walk *w, unsigned level, uint64_t ent)
{
	if (level == 1)
		return true;
	if (!(ent & PTE_PS))
		return false;
	switch (w->mode) {
	case MODE_32BIT:
		/* 4 MiB pages only with CR4.PSE; else PS is ignored. */
		return (w->c->cr4 & X86_CR4_PSE) != 0;
	case MODE_PAE:
		return level == 2;
	default:
		return level == 2 || level == 3;	/* 2 MiB, 1 GiB */
	}
}

/* A PAE PDPTE's reserved bits: 2:1, 8:5 and 63:M (Table 4-8). */
static uint64_t pae_pdpte_reserved(unsigned m)
{
	return bits(2, 1) | bits(8, 5) | bits(63, m);
}

bool guest_pae_pdpte_valid(uint64_t pdpte, unsigned maxphyaddr)
{
	if (maxphyaddr < 32 || maxphyaddr > 52)
		return false;
	return !(pdpte & 1) || !(pdpte & pae_pdpte_reserved(maxphyaddr));
}

/* The reserved bits of a present entry at 'level' (4.3, Table 4-5 and
 * 4-6; 4.4.2, Tables 4-8 .. 4-11; 4.5.4, Tables 4-14 .. 4-20). */
static uint64_t reserved_bits(const struct walk *w, unsigned level,
			      uint64_t ent)
{
	bool leaf = is_leaf(w, level, ent);
	bool nxe = (w->c->efer & X86_EFER_NXE) != 0;
	uint64_t rsvd = 0;

	if (w->mode == MODE_32BIT) {
		if (level != 2 || !leaf)
			return 0;	/* 32-bit entries have no reserved bits */
		/* 4 MiB page: bit 21; PDE bits 20:13 hold physical
		 * address bits 39:32 (PSE-36), those at or above M are
		 * reserved. */
		rsvd = 1ULL << 21;
		if (w->m < 40)
			rsvd |= bits(20, w->m - 19);
		return rsvd;
	}

	if (w->mode == MODE_PAE && level == 3)
		return pae_pdpte_reserved(w->m);

	/* Bits above MAXPHYADDR: 62:M for PAE paging, 51:M for 4/5-level
	 * (whose bits 62:52 are ignored). bits(51, 52) is 0. */
	if (w->mode == MODE_PAE)
		rsvd = bits(62, w->m);
	else
		rsvd = bits(51, w->m);
	if (!nxe)
		rsvd |= PTE_XD;
	if (level >= 4)
		rsvd |= PTE_PS;			/* PML4E, PML5E */
	else if (leaf && level == 3)
		rsvd |= bits(29, 13);		/* 1 GiB page */
	else if (leaf && level == 2)
		rsvd |= bits(20, 13);		/* 2 MiB page */
	return rsvd;
}

/* The physical address of the table a non-leaf entry points to. */
static uint64_t next_table(const struct walk *w, uint64_t ent)
{
	if (w->mode == MODE_32BIT)
		return ent & 0xFFFFF000;
	return ent & addr_mask(w);
}

/* The physical address 'gla' translates to through the leaf 'ent' at
 * 'level'. */
static uint64_t leaf_address(const struct walk *w, unsigned level,
			     uint64_t ent)
{
	uint64_t size = 1ULL << (12 + 9 * (level - 1));	/* 4K, 2M, 1G */
	uint64_t base;

	if (w->mode == MODE_32BIT) {
		if (level == 1)
			return (ent & 0xFFFFF000) | (w->gla & 0xFFF);
		/* 4 MiB page: bits 31:22, and bits 39:32 from PDE 20:13. */
		base = (ent & 0xFFC00000) | (((ent >> 13) & 0xFF) << 32);
		return base | (w->gla & 0x3FFFFF);
	}
	base = ent & addr_mask(w) & ~(size - 1);
	return base | (w->gla & (size - 1));
}

/* Reads the entry at guest-physical 'addr' ('esize' bytes, aligned) into
 * u. read_phys reads 8 aligned bytes: a 4-byte entry is half of them. */
static int read_entry(const struct walk *w, uint64_t addr, unsigned esize,
		      struct used_entry *u)
{
	uint64_t q;

	u->qaddr = addr & ~7ULL;
	u->shift = (unsigned)(addr & 7) * 8;
	if (w->c->read_phys(w->c->ctx, u->qaddr, &q) != 0)
		return GW_BAD_TABLE;
	u->val = q >> u->shift;
	if (esize == 4)
		u->val &= 0xFFFFFFFF;
	return 0;
}

/* Sets 'flags' (PTE_A, PTE_D) in a used entry if they are clear. The
 * qword is read again first: if the guest has changed the entry since
 * the walk (other than its A and D flags) it is left alone. */
static int set_flags(const struct walk *w, const struct used_entry *u,
		     uint64_t flags)
{
	uint64_t q, cur;

	if ((u->val & flags) == flags)
		return 0;
	if (w->c->read_phys(w->c->ctx, u->qaddr, &q) != 0)
		return GW_BAD_TABLE;
	cur = q >> u->shift;
	if (w->mode == MODE_32BIT)
		cur &= 0xFFFFFFFF;
	if ((cur ^ u->val) & ~(PTE_A | PTE_D))
		return 0;		/* changed under us */
	if ((cur & flags) == flags)
		return 0;
	q |= flags << u->shift;
	if (w->c->write_phys(w->c->ctx, u->qaddr, q) != 0)
		return GW_BAD_TABLE;
	return 0;
}

/* May an access of kind 'access' use the translation w found? (4.6) */
static bool access_allowed(const struct walk *w, unsigned access, bool user)
{
	const struct guest_walk_ctx *c = w->c;
	bool write = (access & GW_WRITE) != 0;
	bool fetch = (access & GW_FETCH) != 0;

	if (fetch && w->xd)
		return false;
	if (user) {
		if (!w->us)
			return false;		/* supervisor-mode address */
		return !(write && !w->rw);
	}
	/* Supervisor-mode access. */
	if (write && !w->rw && (c->cr0 & X86_CR0_WP))
		return false;
	if (w->us) {
		if (fetch && (c->cr4 & X86_CR4_SMEP))
			return false;
		if (!fetch && (c->cr4 & X86_CR4_SMAP))
			return false;		/* RFLAGS.AC not modelled */
	}
	return true;
}

static int fail(int err, uint64_t *gpa, uint32_t *pf_error_code, uint32_t ec)
{
	if (gpa)
		*gpa = 0;
	if (pf_error_code)
		*pf_error_code = err == GW_PAGE_FAULT ? ec : 0;
	return err;
}

int guest_walk(const struct guest_walk_ctx *c, uint64_t gla, unsigned access,
	       uint64_t *gpa, uint32_t *pf_error_code)
{
	struct walk w;
	unsigned level, esize;
	uint64_t table, ent = 0;
	uint32_t ec;
	bool user;
	int r;

	if (!c || !c->read_phys || c->cpl > 3 ||
	    (access & ~(GW_WRITE | GW_USER | GW_FETCH)) ||
	    ((access & GW_WRITE) && (access & GW_FETCH)))
		return fail(GW_EINVAL, gpa, pf_error_code, 0);
	if (c->maxphyaddr != 0 && (c->maxphyaddr < 32 || c->maxphyaddr > 52))
		return fail(GW_EINVAL, gpa, pf_error_code, 0);

	/* No paging: linear is physical (4.1.1). */
	if (!(c->cr0 & X86_CR0_PG)) {
		if (gpa)
			*gpa = (c->efer & X86_EFER_LMA) ? gla : gla & 0xFFFFFFFF;
		if (pf_error_code)
			*pf_error_code = 0;
		return GW_OK;
	}

	/* The paging mode (4.1.1, Table 4-1). */
	memset(&w, 0, sizeof(w));
	w.c = c;
	w.m = c->maxphyaddr ? c->maxphyaddr : GW_MAXPHYADDR_DEFAULT;
	if (!(c->cr4 & X86_CR4_PAE)) {
		if (c->efer & X86_EFER_LMA)
			return fail(GW_EINVAL, gpa, pf_error_code, 0);
		w.mode = MODE_32BIT;
	} else if (!(c->efer & X86_EFER_LMA)) {
		w.mode = MODE_PAE;
	} else {
		w.mode = (c->cr4 & X86_CR4_LA57) ? MODE_5LEVEL : MODE_4LEVEL;
	}

	/* 32-bit and PAE paging translate 32-bit linear addresses; 4-level
	 * (5-level) paging wants bits 63:47 (63:56) all equal (3.3.7.1). */
	if (w.mode == MODE_32BIT || w.mode == MODE_PAE) {
		gla &= 0xFFFFFFFF;
	} else {
		unsigned sign_bit = w.mode == MODE_5LEVEL ? 56 : 47;
		uint64_t high = gla >> sign_bit;

		if (high != 0 && high != (~0ULL >> sign_bit))
			return fail(GW_NONCANONICAL, gpa, pf_error_code, 0);
	}
	w.gla = gla;

	/* The error code's W, U and I bits describe the access (4.7). I is
	 * set only if fetches can fault: SMEP, or PAE-based paging with NXE. */
	user = (access & GW_USER) || c->cpl == 3;
	ec = 0;
	if (access & GW_WRITE)
		ec |= X86_PF_W;
	if (user)
		ec |= X86_PF_U;
	if ((access & GW_FETCH) &&
	    ((c->cr4 & X86_CR4_SMEP) ||
	     ((c->cr4 & X86_CR4_PAE) && (c->efer & X86_EFER_NXE))))
		ec |= X86_PF_I;

	esize = w.mode == MODE_32BIT ? 4 : 8;
	table = root_table(&w);
	w.rw = w.us = true;
	for (level = top_level(w.mode); level >= 1; level--) {
		struct used_entry *u = &w.e[w.n];

		if (w.mode == MODE_PAE && level == 3 && c->pdptes) {
			/* The PDPTE registers (4.4.1): no memory read. */
			u->qaddr = 0;
			u->shift = 0;
			u->val = c->pdptes[table_index(&w, level)];
		} else {
			r = read_entry(&w, table + table_index(&w, level) * esize,
				       esize, u);
			if (r)
				return fail(r, gpa, pf_error_code, 0);
		}
		ent = u->val;
		if (!(ent & PTE_P))
			return fail(GW_PAGE_FAULT, gpa, pf_error_code, ec);
		if (ent & reserved_bits(&w, level, ent))
			return fail(GW_PAGE_FAULT, gpa, pf_error_code,
				    ec | X86_PF_P | X86_PF_RSVD);
		w.n++;
		/* A PAE PDPTE has no R/W, U/S, A or XD: its bits 2:1 and 5
		 * are reserved and bit 63 is reserved (Table 4-8). */
		if (w.mode == MODE_PAE && level == 3)
			u->has_a = false;
		else {
			u->has_a = true;
			w.rw = w.rw && (ent & PTE_W);
			w.us = w.us && (ent & PTE_US);
			w.xd = w.xd || (ent & PTE_XD);
		}
		if (is_leaf(&w, level, ent))
			break;
		table = next_table(&w, ent);
	}

	if (!access_allowed(&w, access, user))
		return fail(GW_PAGE_FAULT, gpa, pf_error_code, ec | X86_PF_P);

	/* Accessed in every entry used, dirty in the leaf for a write. */
	if (c->write_phys) {
		for (unsigned i = 0; i < w.n; i++) {
			uint64_t flags = PTE_A;

			if (!w.e[i].has_a)
				continue;
			if (i == w.n - 1 && (access & GW_WRITE))
				flags |= PTE_D;
			r = set_flags(&w, &w.e[i], flags);
			if (r)
				return fail(r, gpa, pf_error_code, 0);
		}
	}

	if (gpa)
		*gpa = leaf_address(&w, level, ent);
	if (pf_error_code)
		*pf_error_code = 0;
	return GW_OK;
}

const char *guest_walk_strerror(int err)
{
	switch (err) {
	case GW_OK:
		return "ok";
	case GW_PAGE_FAULT:
		return "page fault";
	case GW_BAD_TABLE:
		return "guest paging structure outside guest RAM";
	case GW_NONCANONICAL:
		return "non-canonical linear address";
	case GW_EINVAL:
		return "invalid guest walk arguments";
	default:
		return "unknown guest walk error";
	}
}
