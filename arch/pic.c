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

void host_pic_unmask(unsigned irq)
{
	uint16_t port = irq >= 8 ? PIC2_DATA : PIC1_DATA;

	outb(port, inb(port) & (uint8_t)~(1u << (irq & 7)));
	if (irq >= 8)		/* the slave reaches the CPU through IRQ 2 */
		outb(PIC1_DATA, inb(PIC1_DATA) & (uint8_t)~(1u << 2));
}

bool host_pic_in_service(unsigned irq)
{
	uint16_t port = irq >= 8 ? PIC2_CMD : PIC1_CMD;

	outb(port, 0x0B);	/* OCW3: read the in-service register */
	return (inb(port) >> (irq & 7)) & 1;
}
