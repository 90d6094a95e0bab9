/* Paging-structure entry bits and the page-fault error code, as the guest's
 * page tables use them (Intel SDM Vol. 3A 4.3 "32-Bit Paging", 4.4 "PAE
 * Paging", 4.5 "4-Level Paging and 5-Level Paging", Tables 4-4 .. 4-20;
 * 4.7 "Page-Fault Exceptions", Figure 4-12). PTE_P, PTE_W and PTE_PS come
 * from arch/paging.h. */
#ifndef ARCH_PTE_H
#define ARCH_PTE_H

#include "arch/paging.h"

#define PTE_US		(1ULL << 2)	/* U/S: user-mode accesses allowed */
#define PTE_PWT		(1ULL << 3)	/* page-level write-through */
#define PTE_PCD		(1ULL << 4)	/* page-level cache disable */
#define PTE_A		(1ULL << 5)	/* accessed */
#define PTE_D		(1ULL << 6)	/* dirty (entries that map a page) */
#define PTE_PAT		(1ULL << 7)	/* PAT bit of a 4 KiB PTE */
#define PTE_G		(1ULL << 8)	/* global (entries that map a page) */
#define PTE_PAT_LARGE	(1ULL << 12)	/* PAT bit of a 2/4 MiB or 1 GiB page */
#define PTE_XD		(1ULL << 63)	/* execute-disable (IA32_EFER.NXE = 1) */

/* Page-fault error code (4.7, Figure 4-12). */
#define X86_PF_P	(1u << 0)	/* 0: not present, 1: protection violation */
#define X86_PF_W	(1u << 1)	/* the access was a write */
#define X86_PF_U	(1u << 2)	/* the access was a user-mode access */
#define X86_PF_RSVD	(1u << 3)	/* a reserved bit was set in an entry */
#define X86_PF_I	(1u << 4)	/* the access was an instruction fetch */

#endif
