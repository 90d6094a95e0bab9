/* The physical page allocator: a sorted list of free ranges built from the
 * UEFI memory map (boot/bootinfo.h). Allocations are contiguous and aligned;
 * freed ranges merge back. Pure logic, unit-tested on the host. Addresses
 * are physical, which the identity-mapped kernel uses directly. */
#ifndef KERNEL_PMM_H
#define KERNEL_PMM_H

#include <stdint.h>
#include "boot/bootinfo.h"

#define PAGE_SIZE	4096ULL
#define PMM_MAX_RANGES	256

struct pmm_range {
	uint64_t base;		/* page aligned */
	uint64_t end;		/* exclusive, page aligned */
};

struct pmm {
	struct pmm_range r[PMM_MAX_RANGES];
	unsigned n;
	uint64_t free_pages;
	unsigned dropped;	/* ranges lost because the table was full */
};

void pmm_init(struct pmm *p);

/* Adds [base, base + pages * 4 KiB) as free; overlapping or adjacent
 * ranges merge. */
void pmm_add(struct pmm *p, uint64_t base, uint64_t pages);

/* Builds the free list from the loader's memory map: HV_MEM_FREE ranges at
 * or above min_addr and below max_addr, with partial pages trimmed. */
void pmm_add_memmap(struct pmm *p, const struct hv_mem_range *map,
		    unsigned n, uint64_t min_addr, uint64_t max_addr);

/* Allocates pages contiguous pages aligned to align bytes (a power of two
 * >= 4 KiB), from the lowest suitable address. Returns 0 when nothing fits
 * (page 0 is never handed out). */
uint64_t pmm_alloc(struct pmm *p, uint64_t pages, uint64_t align);

void pmm_free(struct pmm *p, uint64_t base, uint64_t pages);

#endif
