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

void paging_init(void);

#endif
