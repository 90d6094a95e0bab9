/* The host IDT: all 256 vectors, each to a stub in isr.asm (exceptions
 * and unexpected vectors are reported and stop the hypervisor, in
 * kernel/host_exception.c; an NMI is counted for the guest). 256 gates because VM exit sets the IDTR limit to
 * 0xFFFF (SDM Vol. 3C 28.5.2): no vector can then reach past the table. */
#include "arch/cpu.h"
#include "arch/segment.h"
#include "arch/trap.h"

struct __attribute__((packed)) idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;	/* P=1, DPL=0, type 0xE: 64-bit interrupt gate */
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
};

extern const uint64_t isr_table[IDT_VECTORS];
extern const uint64_t irq_table[224];	/* external interrupts */
static struct idt_gate idt[IDT_VECTORS] __attribute__((aligned(16)));

/* NMIs taken while the host ran (arch/isr.asm's nmi_entry counts them). */
volatile uint64_t host_nmi_count;

static const char *const names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
	"#OF overflow", "#BR bound range", "#UD invalid opcode",
	"#NM device not available", "#DF double fault",
	"coprocessor segment overrun", "#TS invalid TSS",
	"#NP segment not present", "#SS stack fault",
	"#GP general protection", "#PF page fault", "reserved 15",
	"#MF x87 floating point", "#AC alignment check", "#MC machine check",
	"#XM SIMD floating point", "#VE virtualization exception",
	"#CP control protection", "reserved 22", "reserved 23", "reserved 24",
	"reserved 25", "reserved 26", "reserved 27", "#HV hypervisor injection",
	"#VC VMM communication", "#SX security", "reserved 31",
};

const char *exception_name(unsigned vector)
{
	return vector < 32 ? names[vector] : "unexpected interrupt vector";
}

void idt_init(void)
{
	struct desc_ptr p;

	for (int v = 0; v < IDT_VECTORS; v++) {
		/* 32 and up: external interrupts, while the host
		 * waits (arch/host_irq.c). */
		uint64_t a = v < 32 ? isr_table[v] : irq_table[v - 32];
		idt[v].offset_low = a & 0xFFFF;
		idt[v].selector = GDT_KERNEL_CS;
		idt[v].ist = v == 8 ? IST_DOUBLE_FAULT :
			     v == 2 ? IST_NMI :
			     v == 18 ? IST_MACHINE_CHECK : 0;
		idt[v].type_attr = 0x8E;
		idt[v].offset_mid = (a >> 16) & 0xFFFF;
		idt[v].offset_high = (uint32_t)(a >> 32);
		idt[v].reserved = 0;
	}
	p.limit = sizeof(idt) - 1;
	p.base = (uint64_t)(uintptr_t)idt;
	__asm__ volatile("lidt %0" : : "m"(p));
}
