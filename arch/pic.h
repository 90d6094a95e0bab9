/* The machine's own 8259A pair, as the host uses it: masked except for
 * the lines the host itself listens to (COM1's IRQ 4, arch/host_irq.c).
 * (Intel 8259A datasheet; PC ports 0x20/0x21 and 0xA0/0xA1.) */
#ifndef ARCH_PIC_H
#define ARCH_PIC_H

#include <stdbool.h>
#include <stdint.h>

#define HOST_PIC_VECTOR_BASE 0x20	/* IRQ n arrives as vector 0x20 + n */

void host_pic_init(void);		/* remap to 0x20-0x2F, mask all */
void host_pic_eoi(unsigned irq);
void host_pic_unmask(unsigned irq);
/* True if irq is in service: false for a spurious IRQ 7 or 15. */
bool host_pic_in_service(unsigned irq);

#endif
