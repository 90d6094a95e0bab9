/* The machine's own 8259A pair, as the host uses it: masked entirely, so
 * no legacy interrupt reaches the host unless a device model asks for it.
 * (Intel 8259A datasheet; PC ports 0x20/0x21 and 0xA0/0xA1.) */
#ifndef ARCH_PIC_H
#define ARCH_PIC_H

#include <stdint.h>

#define HOST_PIC_VECTOR_BASE 0x20	/* IRQ n arrives as vector 0x20 + n */

void host_pic_init(void);		/* remap to 0x20-0x2F, mask all */
void host_pic_eoi(unsigned irq);
void host_lapic_eoi(void);		/* for vectors that came from the local APIC */

#endif
