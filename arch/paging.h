/* The host's page tables (SDM Vol. 3A 4.5 "4-Level Paging"): an identity
 * map of the first HOST_MAP_LIMIT bytes with 2 MiB pages, write-back by PAT
 * entry 0 (MTRRs still make MMIO uncacheable). */
#ifndef ARCH_PAGING_H
#define ARCH_PAGING_H

#include <stdint.h>

#define HOST_MAP_LIMIT (64ULL << 30)	/* 64 GiB */

#define PTE_P	(1ULL << 0)
#define PTE_W	(1ULL << 1)
#define PTE_PS	(1ULL << 7)	/* large page in a PDPTE or PDE */

#define PTE_ADDR_MASK	0x000FFFFFFFFFF000ULL

#define PAGE_2M	(2ULL << 20)
/* paging_map_wc maps addresses below 2^46 (4-level paging, and at most
 * the physical-address width of the CPUs we run on). */
#define PAGING_MAX_PHYS	(1ULL << 46)
/* IA32_PAT memory type encodings (SDM Vol. 3A 11.12.2, Table 11-10). */
#define PAT_TYPE_WC	0x01

void paging_init(void);

/* Maps [phys, phys + size) write-combining, identity (a framebuffer),
 * in 2 MiB pages, so the 2 MiB pages around it are write-combining too.
 * Returns the address to use, or NULL if it cannot be mapped. */
void *paging_map_wc(uint64_t phys, uint64_t size);

#endif
