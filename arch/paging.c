/* Host page tables. They live in the kernel's .bss, not in allocated
 * memory: the firmware's tables sit in boot-services memory that the page
 * allocator hands out, so they must be replaced before the first allocation.
 * PML4 -> one PDPT -> 64 page directories of 2 MiB pages = 64 GiB. */
#include <stddef.h>
#include "arch/cpu.h"
#include "arch/msr.h"
#include "arch/paging.h"
#include "arch/pte.h"

#define NPD (HOST_MAP_LIMIT >> 30)

static uint64_t pml4[512] __attribute__((aligned(4096)));
static uint64_t pdpt[512] __attribute__((aligned(4096)));
static uint64_t pd[NPD][512] __attribute__((aligned(4096)));

void paging_init(void)
{
	for (uint64_t g = 0; g < NPD; g++) {
		for (uint64_t i = 0; i < 512; i++)
			pd[g][i] = (g << 30 | i << 21) | PTE_P | PTE_W | PTE_PS;
		pdpt[g] = (uint64_t)(uintptr_t)pd[g] | PTE_P | PTE_W;
	}
	pml4[0] = (uint64_t)(uintptr_t)pdpt | PTE_P | PTE_W;
	write_cr3((uint64_t)(uintptr_t)pml4);
}

/* Tables for write-combining windows above HOST_MAP_LIMIT (a GPU's
 * framebuffer can sit high): enough for two such windows. */
#define WC_POOL 4
static uint64_t wc_pdpt[2][512] __attribute__((aligned(4096)));
static uint64_t wc_pd[WC_POOL][512] __attribute__((aligned(4096)));
static unsigned wc_pdpts_used, wc_pds_used;

/* The page directory entry mapping 2 MiB page 'addr', creating the tables
 * on the way from the pool; NULL when the pool is empty. */
static uint64_t *pde_for(uint64_t addr)
{
	uint64_t *l4 = &pml4[(addr >> 39) & 511], *l3, *t;

	if (addr < HOST_MAP_LIMIT)
		return &pd[addr >> 30][(addr >> 21) & 511];
	if (!(*l4 & PTE_P)) {
		if (wc_pdpts_used == 2)
			return NULL;
		t = wc_pdpt[wc_pdpts_used++];
		*l4 = (uint64_t)(uintptr_t)t | PTE_P | PTE_W;
	}
	l3 = (uint64_t *)(uintptr_t)(*l4 & PTE_ADDR_MASK) + ((addr >> 30) & 511);
	if (!(*l3 & PTE_P)) {
		if (wc_pds_used == WC_POOL)
			return NULL;
		t = wc_pd[wc_pds_used++];
		*l3 = (uint64_t)(uintptr_t)t | PTE_P | PTE_W;
	}
	return (uint64_t *)(uintptr_t)(*l3 & PTE_ADDR_MASK) + ((addr >> 21) & 511);
}

void *paging_map_wc(uint64_t phys, uint64_t size)
{
	uint64_t first = phys & ~(PAGE_2M - 1), end, a;

	if (!size || phys + size < phys || phys + size > PAGING_MAX_PHYS)
		return NULL;
	end = (phys + size + PAGE_2M - 1) & ~(PAGE_2M - 1);
	/* IA32_PAT entry 1 (PWT=1, PCD=0, PAT=0) becomes write-combining;
	 * no mapping used entry 1 before (SDM Vol. 3A 11.12.2, Table 11-10). */
	wrmsr(MSR_IA32_PAT, (rdmsr(MSR_IA32_PAT) & ~(0xFFULL << 8)) |
			    (uint64_t)PAT_TYPE_WC << 8);
	for (a = first; a < end; a += PAGE_2M) {
		uint64_t *e = pde_for(a);
		if (!e)
			return NULL;
		*e = a | PTE_P | PTE_W | PTE_PS | PTE_PWT;
	}
	write_cr3(read_cr3());	/* flush the old translations */
	return (void *)(uintptr_t)phys;
}
