/*
 * EPT: extended page tables, the second-level translation from
 * guest-physical to host-physical addresses.
 *
 * Intel SDM Vol. 3C:
 *   29.3    "The Extended Page Table Mechanism (EPT)"
 *   29.3.2  "EPT Translation Mechanism" (Tables 29-1 .. 29-6, entry formats)
 *   29.3.3  "EPT-Induced VM Exits" (misconfigurations we must never build)
 *   29.3.7  "EPT and Memory Typing"
 *   25.6.11 "Extended-Page-Table Pointer (EPTP)"
 *
 * The hypervisor runs identity mapped, but the unit tests run on the host,
 * so the paging structures are reached only through struct ept_ops.
 *
 * A 4-level walk translates guest-physical bits 47:0:
 *   level 4: PML4 table, 512 PML4Es, each covers 512 GiB
 *   level 3: PDPT,       512 PDPTEs, each covers 1 GiB (or maps a 1 GiB page)
 *   level 2: PD,         512 PDEs,   each covers 2 MiB (or maps a 2 MiB page)
 *   level 1: PT,         512 PTEs,   each maps a 4 KiB page
 */
#ifndef VMX_EPT_H
#define VMX_EPT_H

#include <stdbool.h>
#include <stdint.h>

/* Access rights, bits 2:0 of every EPT entry (29.3.2). An entry whose
 * bits 2:0 are all 0 is not present. */
#define EPT_READ	(1ull << 0)
#define EPT_WRITE	(1ull << 1)
#define EPT_EXEC	(1ull << 2)
#define EPT_RWX		(EPT_READ | EPT_WRITE | EPT_EXEC)

/* Bits of an entry that maps a page (PTE, or PDE/PDPTE with bit 7 set). */
#define EPT_MEMTYPE_SHIFT	3			/* bits 5:3, 29.3.7 */
#define EPT_MEMTYPE_MASK	(7ull << EPT_MEMTYPE_SHIFT)
#define EPT_IGNORE_PAT		(1ull << 6)		/* 29.3.7 */
#define EPT_LARGE_PAGE		(1ull << 7)		/* PDPTE: 1 GiB, PDE: 2 MiB */
#define EPT_ACCESSED		(1ull << 8)		/* with EPTP A/D enable */
#define EPT_DIRTY		(1ull << 9)		/* leaves only */

/* Physical-address field of an entry, bits 51:12 (bits above MAXPHYADDR
 * must be 0). A 2 MiB leaf uses bits 51:21, a 1 GiB leaf bits 51:30. */
#define EPT_ADDR_MASK		0x000FFFFFFFFFF000ull

/* EPT memory types (29.3.7; the MTRR encodings). 2, 3 and 7 are reserved
 * and cause an EPT misconfiguration. */
#define EPT_MT_UC	0
#define EPT_MT_WC	1
#define EPT_MT_WT	4
#define EPT_MT_WP	5
#define EPT_MT_WB	6

/* EPTP fields (25.6.11). Bits 11:8 are reserved; bits N-1:12 hold the
 * physical address of the PML4 table. */
#define EPTP_MT_WB		6ull		/* bits 2:0: paging-structure memory type */
#define EPTP_PWL_4		(3ull << 3)	/* bits 5:3: page-walk length minus 1 */
#define EPTP_AD_ENABLE		(1ull << 6)	/* bit 6: accessed and dirty flags */

#define EPT_PAGE_4K	0x1000ull
#define EPT_PAGE_2M	0x200000ull
#define EPT_PAGE_1G	0x40000000ull

#define EPT_ENTRIES		512	/* entries per 4 KiB table */
#define EPT_GPA_BITS		48	/* a 4-level walk translates bits 47:0 */
#define EPT_DEFAULT_MAXPHYADDR	46	/* ept_init's host-physical width */

/* Error codes: every function returns 0 or one of these. */
enum {
	EPT_EINVAL = -1,	/* NULL pointer, size 0, uninitialised struct */
	EPT_EALIGN = -2,	/* gpa, hpa or size not 4 KiB aligned */
	EPT_ERANGE = -3,	/* gpa >= 2^48, hpa >= 2^maxphyaddr, or wraps */
	EPT_EPERM = -4,		/* permissions EPT cannot express (29.3.3.1) */
	EPT_EMEMTYPE = -5,	/* reserved memory type (2, 3, 7, or > 7) */
	EPT_EEXIST = -6,	/* part of the range is already mapped */
	EPT_ENOMEM = -7,	/* alloc_table returned NULL */
	EPT_EBADTABLE = -8,	/* a table page is misaligned, too high, or
				 * phys_to_virt cannot reach it */
};

struct ept_ops {
	/* A 4 KiB page for a paging structure; its host-physical address in
	 * *phys. NULL when out of memory. ept zeroes the page itself. */
	void *(*alloc_table)(void *ctx, uint64_t *phys);
	/* Where the hypervisor can read and write host-physical 'phys' (a
	 * table page that alloc_table returned); NULL if it cannot. */
	void *(*phys_to_virt)(void *ctx, uint64_t phys);
	void *ctx;
};

struct ept {
	uint64_t pml4_phys;		/* host-physical address of the PML4 */
	const struct ept_ops *ops;	/* NULL: not initialised */
	bool allow_1g;			/* may ept_map use 1 GiB pages? */
	unsigned tables;		/* paging structures in use, PML4 included */
	/* Host-physical addresses (mapped pages and tables) must be below
	 * 2^maxphyaddr. ept_init sets EPT_DEFAULT_MAXPHYADDR; lower it to
	 * CPUID.80000008H:EAX[7:0] after ept_init. Valid: 32..52. */
	unsigned maxphyaddr;
};

/* What a walk of one guest-physical address found (29.3.2). */
struct ept_walk_result {
	bool present;		/* a leaf maps the address */
	uint64_t hpa;		/* translated address, page offset included */
	uint64_t perms;		/* EPT_READ|EPT_WRITE|EPT_EXEC allowed at every level */
	unsigned memtype;	/* leaf bits 5:3 */
	uint64_t page_size;	/* EPT_PAGE_4K, _2M or _1G; 0 if not present */
	unsigned level;		/* level of the last entry read: 4 = PML4E .. 1 = PTE */
	unsigned nentries;	/* entries read, 1..4 */
	uint64_t entry[4];	/* entry[i]: the entry read at level 4 - i */
};

/* Allocates an empty PML4. 0 or a negative EPT_E* code. */
int ept_init(struct ept *e, const struct ept_ops *ops, bool allow_1g);

/*
 * Maps guest-physical [gpa, gpa + size) to host-physical [hpa, hpa + size)
 * with the given permissions (EPT_READ, optionally with EPT_WRITE and/or
 * EPT_EXEC) and memory type (EPT_MT_*). Uses a 1 GiB page wherever gpa and
 * hpa are both 1 GiB aligned, at least 1 GiB remains and allow_1g is set,
 * else a 2 MiB page under the same conditions, else a 4 KiB page.
 *
 * All or nothing: if any part of the range is already mapped (even by a
 * large page around it) nothing is changed and EPT_EEXIST is returned;
 * if tables run out halfway, what this call mapped is taken out again
 * (tables it emptied are unlinked; their pages are not returned, as
 * ept_ops has no free) and the mappings made before remain as they were.
 */
int ept_map(struct ept *e, uint64_t gpa, uint64_t hpa, uint64_t size,
	    uint64_t perms, unsigned memtype);

/* Walks the tables for 'gpa' as the processor would. Returns 0 whether or
 * not the address is mapped (see r->present), or a negative EPT_E* code. */
int ept_walk(const struct ept *e, uint64_t gpa, struct ept_walk_result *r);

/* The EPTP to write to the VMCS: memory type WB, 4-level walk, A/D flags
 * if 'accessed_dirty', and the PML4 address. 0 if e is NULL. */
uint64_t ept_eptp(const struct ept *e, bool accessed_dirty);

/* A short description of an EPT_E* code ("ok" for 0). */
const char *ept_strerror(int err);

#endif
