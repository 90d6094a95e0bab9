/* The host GDT and TSS. Flat 64-bit code and data segments, and a TSS whose
 * only job is the interrupt stack table: double faults, NMIs and machine
 * checks run on stacks of their own, so a kernel stack overflow still gets
 * reported. The VMCS host-state area points at these (vmx/vmcs.c). */
#include "arch/cpu.h"
#include "arch/segment.h"

#define IST_STACK_SIZE 8192

static uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(16)));
static struct tss64 tss __attribute__((aligned(16)));
static uint8_t ist_stacks[3][IST_STACK_SIZE] __attribute__((aligned(16)));

uint64_t gdt_base(void)
{
	return (uint64_t)(uintptr_t)gdt;
}

uint64_t tss_base(void)
{
	return (uint64_t)(uintptr_t)&tss;
}

void gdt_init(void)
{
	uint64_t base = (uint64_t)(uintptr_t)&tss;
	uint64_t limit = sizeof(tss) - 1;
	struct desc_ptr p;

	gdt[0] = 0;
	/* L=1, P=1, DPL=0, S=1, type execute/read. */
	gdt[GDT_KERNEL_CS / 8] = 0x00AF9A000000FFFFULL;
	/* G=1, D/B=1, P=1, DPL=0, S=1, type read/write. */
	gdt[GDT_KERNEL_DS / 8] = 0x00CF92000000FFFFULL;
	/* Available 64-bit TSS (type 9), present. */
	gdt[GDT_TSS / 8] = (limit & 0xFFFF) | (base & 0xFFFFFF) << 16 |
			   0x89ULL << 40 | ((limit >> 16) & 0xF) << 48 |
			   ((base >> 24) & 0xFF) << 56;
	gdt[GDT_TSS / 8 + 1] = base >> 32;

	tss = (struct tss64){ 0 };
	for (int i = 0; i < 3; i++)
		tss.ist[i] = (uint64_t)(uintptr_t)&ist_stacks[i][IST_STACK_SIZE];
	tss.iomap_base = sizeof(tss);	/* no I/O permission bitmap */

	p.limit = sizeof(gdt) - 1;
	p.base = (uint64_t)(uintptr_t)gdt;
	/* Load the GDT, reload CS with a far return, then the data segments
	 * and the task register. */
	__asm__ volatile(
		"lgdt %0\n\t"
		"pushq %1\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"movw %w2, %%ax\n\t"
		"movw %%ax, %%ds\n\t"
		"movw %%ax, %%es\n\t"
		"movw %%ax, %%ss\n\t"
		"movw %%ax, %%fs\n\t"
		"movw %%ax, %%gs\n\t"
		"movw %w3, %%ax\n\t"
		"ltr %%ax\n\t"
		:
		: "m"(p), "i"(GDT_KERNEL_CS), "i"(GDT_KERNEL_DS), "i"(GDT_TSS)
		: "rax", "memory");
}
