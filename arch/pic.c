/* Host interrupt controllers; see pic.h. */
#include "arch/cpu.h"
#include "arch/io.h"
#include "arch/msr.h"
#include "arch/pic.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xA0
#define PIC2_DATA 0xA1
#define PIC_EOI 0x20

void host_pic_init(void)
{
	/* ICW1: edge, cascade, ICW4 needed. ICW2: vector base. ICW3: the
	 * slave on IRQ2. ICW4: 8086 mode. Then OCW1: everything masked. */
	outb(PIC1_CMD, 0x11);
	io_delay();
	outb(PIC2_CMD, 0x11);
	io_delay();
	outb(PIC1_DATA, HOST_PIC_VECTOR_BASE);
	io_delay();
	outb(PIC2_DATA, HOST_PIC_VECTOR_BASE + 8);
	io_delay();
	outb(PIC1_DATA, 1 << 2);
	io_delay();
	outb(PIC2_DATA, 2);
	io_delay();
	outb(PIC1_DATA, 0x01);
	io_delay();
	outb(PIC2_DATA, 0x01);
	io_delay();
	outb(PIC1_DATA, 0xFF);
	outb(PIC2_DATA, 0xFF);
}

void host_pic_eoi(unsigned irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
}

void host_lapic_eoi(void)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);
	if (!(base & (1ULL << 11)))
		return;		/* APIC disabled: nothing to acknowledge */
	/* The EOI register at offset 0xB0 of the xAPIC page (identity
	 * mapped below 4 GiB). */
	*(volatile uint32_t *)(uintptr_t)((base & ~0xFFFULL) + 0xB0) = 0;
}
