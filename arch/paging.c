/* Host page tables. They live in the kernel's .bss, not in allocated
 * memory: the firmware's tables sit in boot-services memory that the page
 * allocator hands out, so they must be replaced before the first allocation.
 * PML4 -> one PDPT -> 64 page directories of 2 MiB pages = 64 GiB. */
#include "arch/cpu.h"
#include "arch/paging.h"

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
