/* The host's segments (SDM Vol. 3A 3.4.5 "Segment Descriptors", 7.2.3 "TSS
 * Descriptor in 64-bit mode", 7.7 "Task Management in 64-bit Mode"). */
#ifndef ARCH_SEGMENT_H
#define ARCH_SEGMENT_H

#include <stdint.h>

#define GDT_KERNEL_CS	0x08
#define GDT_KERNEL_DS	0x10
#define GDT_TSS		0x18	/* 16-byte descriptor: two slots */
#define GDT_ENTRIES	5

/* Segment selector fields (SDM Vol. 3A 3.4.2). */
#define SEL_RPL_MASK	3u
#define SEL_TI		(1u << 2)

/* Interrupt stack table slots used by the IDT (1-based, 7.7). */
#define IST_DOUBLE_FAULT 1
#define IST_NMI		2
#define IST_MACHINE_CHECK 3

struct __attribute__((packed)) tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
};

void gdt_init(void);
uint64_t gdt_base(void);
uint64_t tss_base(void);

#endif
