/* The guest's PC platform: port glue between the VM exit handler
 * (vmx/exit_io.c, through vm->io) and the pure device models. */
#include "arch/cpu.h"
#include "arch/serial.h"
#include "guest/console.h"
#include "guest/platform.h"
#include "guest/platform_acpi.h"
#include "kernel/log.h"
#include "kernel/muldiv.h"

uint64_t platform_pit_now(struct vm *vm)
{
	return mul_div(rdtsc() - vm->tsc_start, PIT_HZ, vm->tsc_hz);
}

static uint64_t unix_now(struct vm *vm)
{
	return vm->unix_time_start + (rdtsc() - vm->tsc_start) / vm->tsc_hz;
}

/* --- 8259A pair ---------------------------------------------------- */
static uint32_t pic_in(void *dev, uint16_t port, unsigned size)
{
	return pic_pair_read(dev, port);
}

static void pic_out(void *dev, uint16_t port, unsigned size, uint32_t v)
{
	pic_pair_write(dev, port, (uint8_t)v);
}

/* --- 8254 PIT and port 0x61 ----------------------------------------- */
static uint32_t pit_in(void *dev, uint16_t port, unsigned size)
{
	struct vm *vm = dev;
	return pit_read(&vm->pit, port, platform_pit_now(vm));
}

static void pit_out(void *dev, uint16_t port, unsigned size, uint32_t v)
{
	struct vm *vm = dev;
	pit_write(&vm->pit, port, (uint8_t)v, platform_pit_now(vm));
}

/* --- CMOS RTC -------------------------------------------------------- */
static uint32_t cmos_in(void *dev, uint16_t port, unsigned size)
{
	struct vm *vm = dev;
	return cmos_read(&vm->cmos, port, unix_now(vm));
}

static void cmos_out(void *dev, uint16_t port, unsigned size, uint32_t v)
{
	struct vm *vm = dev;
	cmos_write(&vm->cmos, port, (uint8_t)v, unix_now(vm));
}

/* --- COM1 ------------------------------------------------------------ */
static void com1_tx(void *ctx, uint8_t byte)
{
	serial_putc((char)byte);	/* the guest's console is ours */
}

/* COM1's interrupt output drives IRQ 4. The PIC latches rising edges, so
 * the line is sampled after every register access, as the UART's
 * interrupt state changes with them. */
static void com1_update_irq(struct vm *vm)
{
	pic_pair_set_irq(&vm->pic, 4, uart16550_irq_line(&vm->com1));
}

static uint32_t com1_in(void *dev, uint16_t port, unsigned size)
{
	struct vm *vm = dev;
	uint8_t v = uart16550_read(&vm->com1, port - COM1_BASE);
	com1_update_irq(vm);
	return v;
}

static void com1_out(void *dev, uint16_t port, unsigned size, uint32_t v)
{
	struct vm *vm = dev;
	uart16550_write(&vm->com1, port - COM1_BASE, (uint8_t)v);
	com1_update_irq(vm);
}

/* --- Reset lines: i8042 command 0xFE, port 0x92 bit 0 ----------------- */
static void i8042_out(void *dev, uint16_t port, unsigned size, uint32_t v)
{
	struct vm *vm = dev;
	/* Only the command port's "pulse reset line" is modelled; there is
	 * no keyboard controller behind it (reads are all ones, so Linux's
	 * i8042 driver finds none). */
	if (port == 0x64 && (v & 0xFF) == 0xFE)
		vm_request_reset(vm, "i8042 command 0xFE (pulse reset line)");
}

static uint32_t port92_in(void *dev, uint16_t port, unsigned size)
{
	return 0x02;	/* A20 enabled, no reset in progress */
}

static void port92_out(void *dev, uint16_t port, unsigned size, uint32_t v)
{
	struct vm *vm = dev;
	if (v & 1)
		vm_request_reset(vm, "port 0x92 bit 0 (fast reset)");
}

/* --- PCI configuration mechanism #1, no devices; PIIX reset at 0xCF9 -- */
static uint32_t pci_in(void *dev, uint16_t port, unsigned size)
{
	struct vm *vm = dev;
	if (port == 0xCF8 && size == 4)
		return vm->pci_config_address;
	if (port == PCI_RESET_PORT && size == 1)
		return 0;
	/* Config data: every function reads all ones (vendor 0xFFFF). */
	return 0xFFFFFFFFu;
}

static void pci_out(void *dev, uint16_t port, unsigned size, uint32_t v)
{
	struct vm *vm = dev;
	if (port == 0xCF8 && size == 4)
		vm->pci_config_address = v & 0x80FFFFFCu;
	else if (port == PCI_RESET_PORT && size == 1 && (v & 0x04))
		vm_request_reset(vm, "port 0xCF9 bit 2 (reset control register)");
	/* Config-data writes go nowhere. */
}

/* --- Debug marker ----------------------------------------------------- */
/* A byte written here is logged as a marker, and stops Bochs at a magic
 * breakpoint (a no-op elsewhere), so a test or benchmark can read the
 * exact instruction count at a point the guest chooses. */
static void marker_out(void *dev, uint16_t port, unsigned size, uint32_t v)
{
	log_info("guest marker 0x%02x", v & 0xFF);
	bochs_magic_break();
}

void platform_init(struct vm *vm)
{
	struct iobus *io = &vm->io;
	int err = 0;

	pic_pair_init(&vm->pic);
	pit_init(&vm->pit);
	cmos_init(&vm->cmos, vm->unix_time_start);
	uart16550_init(&vm->com1, com1_tx, vm);

	err |= iobus_register(io, 0x20, 0x21, "pic-master", pic_in, pic_out, &vm->pic);
	err |= iobus_register(io, 0xA0, 0xA1, "pic-slave", pic_in, pic_out, &vm->pic);
	err |= iobus_register(io, 0x4D0, 0x4D1, "elcr", pic_in, pic_out, &vm->pic);
	err |= iobus_register(io, 0x40, 0x43, "pit", pit_in, pit_out, vm);
	err |= iobus_register(io, 0x61, 0x61, "port-b", pit_in, pit_out, vm);
	err |= iobus_register(io, 0x64, 0x64, "i8042-reset", NULL, i8042_out, vm);
	err |= iobus_register(io, 0x70, 0x71, "cmos", cmos_in, cmos_out, vm);
	err |= iobus_register(io, 0x92, 0x92, "port-92", port92_in, port92_out, vm);
	err |= iobus_register(io, DEBUG_MARKER_PORT, DEBUG_MARKER_PORT, "marker",
			      NULL, marker_out, vm);
	err |= iobus_register(io, COM1_BASE, COM1_BASE + 7, "com1", com1_in,
			      com1_out, vm);
	err |= iobus_register(io, 0xCF8, 0xCFF, "pci-config", pci_in, pci_out, vm);
	if (err)
		log_error("platform: a device's ports overlap another's");
	platform_acpi_init(vm);
}

/* What is typed on the machine's COM1 goes to the guest's COM1, through
 * the console controls (guest/console.c). */
static void poll_console_input(struct vm *vm)
{
	console_poll(vm);
}

void platform_update_irqs(struct vm *vm)
{
	poll_console_input(vm);
	if (pit_irq0_edge(&vm->pit, platform_pit_now(vm)))
		pic_pair_pulse_irq(&vm->pic, 0);
	com1_update_irq(vm);
}

uint64_t platform_next_event_tsc(struct vm *vm)
{
	uint64_t now = platform_pit_now(vm);
	uint64_t edge = pit_irq0_next_edge(&vm->pit, now);
	if (edge == UINT64_MAX)
		return UINT64_MAX;
	/* One TSC tick late rather than early: the PIT must have reached
	 * the edge by then. */
	return vm->tsc_start + mul_div(edge, vm->tsc_hz, PIT_HZ) + 1;
}
