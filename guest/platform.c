/* The guest's PC platform: port glue between the VM exit handler
 * (vmx/exit_io.c, through vm->vmx.io) and the pure device models. */
#include "arch/cpu.h"
#include "arch/msr.h"
#include "arch/serial.h"
#include "guest/console.h"
#include "guest/platform.h"
#include "guest/platform_acpi.h"
#include "kernel/log.h"
#include "kernel/muldiv.h"

static uint64_t pit_ticks_at(struct vm *vm, uint64_t tsc)
{
	return mul_div(tsc - vm->tsc_start, PIT_HZ, vm->vmx.tsc_hz);
}

uint64_t platform_pit_now(struct vm *vm)
{
	return pit_ticks_at(vm, rdtsc());
}

static uint64_t unix_now(struct vm *vm)
{
	return vm->unix_time_start + (rdtsc() - vm->tsc_start) / vm->vmx.tsc_hz;
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
 * interrupt state changes with them. Only a change reaches the interrupt
 * controllers, and tells the run loop (COM1 reports its own events: most
 * accesses, an LSR poll or a THR write on the console path, change
 * nothing). */
static void com1_update_irq(struct vm *vm)
{
	bool line = uart16550_irq_line(&vm->com1);

	if (line == vm->com1_line)
		return;
	vm->com1_line = line;
	irq_router_set_isa_irq(&vm->irq, 4, line);
	vm->vmx.events_changed = true;
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
 * exact instruction count at a point the guest chooses; the vCPU then
 * logs its exit counts so far (vmx/exit_stats.c). */
static void marker_out(void *dev, uint16_t port, unsigned size, uint32_t v)
{
	struct vm *vm = dev;

	log_info("guest marker 0x%02x", v & 0xFF);
	vm->vmx.marker = (int)(v & 0xFF);  /* the vCPU reports its exits */
	bochs_magic_break();
}

/* --- Local APIC (0xFEE00000) and IOAPIC (0xFEC00000) ------------------ */
/* The APIC page is per CPU: an access reaches the APIC of the vCPU that
 * makes it. With one vCPU that is vCPU 0's. */
static struct lapic *accessing_lapic(struct vm *vm)
{
	return &vm->lapic[0];
}

static uint64_t lapic_mmio_in(void *ctx, uint64_t offset, unsigned size)
{
	struct vm *vm = ctx;
	return lapic_mmio_read(accessing_lapic(vm), (uint32_t)offset, size,
			       rdtsc());
}

static void lapic_mmio_out(void *ctx, uint64_t offset, unsigned size,
			   uint64_t value)
{
	struct vm *vm = ctx;
	struct lapic_effect eff;

	lapic_mmio_write(accessing_lapic(vm), (uint32_t)offset, size, value,
			 rdtsc(), &eff);
	irq_router_lapic_effect(&vm->irq, &eff);
}

static uint64_t ioapic_mmio_in(void *ctx, uint64_t offset, unsigned size)
{
	return ioapic_mmio_read(ctx, (uint32_t)offset, size);
}

static void ioapic_mmio_out(void *ctx, uint64_t offset, unsigned size,
			    uint64_t value)
{
	ioapic_mmio_write(ctx, (uint32_t)offset, size, value);
}

/* --- What the vCPUs ask (struct vcpu_platform_ops) -------------------- */
/* One evaluation: the devices are brought up to now, and the questions
 * that follow answer for that moment (vm->events_now). */
static void vcpu_update(void *ctx, unsigned cpu, uint64_t now)
{
	struct vm *vm = ctx;

	vm->events_now = now;
	platform_update_irqs(vm, now);
}

static bool vcpu_take_nmi(void *ctx, unsigned cpu)
{
	struct vm *vm = ctx;
	return irq_router_take_nmi(&vm->irq, cpu);
}

static bool vcpu_nmi_armed(void *ctx, unsigned cpu)
{
	struct vm *vm = ctx;
	return ioapic_nmi_armed(&vm->ioapic);
}

static int vcpu_pending_vector(void *ctx, unsigned cpu)
{
	struct vm *vm = ctx;
	return irq_router_pending(&vm->irq, cpu, vm->events_now);
}

static int vcpu_ack_vector(void *ctx, unsigned cpu)
{
	struct vm *vm = ctx;
	return irq_router_ack(&vm->irq, cpu, vm->events_now);
}

static uint64_t vcpu_next_event_tsc(void *ctx, unsigned cpu)
{
	struct vm *vm = ctx;
	uint64_t pit = platform_next_event_tsc(vm);
	uint64_t apic = irq_router_next_event(&vm->irq, cpu);
	return pit < apic ? pit : apic;
}

static struct lapic *vcpu_lapic(struct vm *vm, unsigned cpu)
{
	return &vm->lapic[cpu < VM_MAX_VCPUS ? cpu : 0];
}

static uint8_t vcpu_get_tpr(void *ctx, unsigned cpu)
{
	return lapic_tpr(vcpu_lapic(ctx, cpu));
}

static void vcpu_set_tpr(void *ctx, unsigned cpu, uint8_t tpr)
{
	lapic_set_tpr(vcpu_lapic(ctx, cpu), tpr);
}

static int vcpu_rdmsr(void *ctx, unsigned cpu, uint32_t msr, uint64_t *val)
{
	struct lapic *l = vcpu_lapic(ctx, cpu);

	switch (msr) {
	case MSR_IA32_APIC_BASE:
		*val = lapic_read_apic_base(l);
		return 0;
	case MSR_IA32_TSC_DEADLINE:
		*val = lapic_read_tsc_deadline(l);
		return 0;
	}
	return 1;
}

static int vcpu_wrmsr(void *ctx, unsigned cpu, uint32_t msr, uint64_t val)
{
	struct vm *vm = ctx;
	struct lapic *l = vcpu_lapic(vm, cpu);

	switch (msr) {
	case MSR_IA32_APIC_BASE:
		return lapic_write_apic_base(l, val, vm->maxphyaddr);
	case MSR_IA32_TSC_DEADLINE:
		lapic_write_tsc_deadline(l, val, rdtsc());
		return 0;
	}
	return 1;
}

void platform_press_button(struct vm *vm, unsigned button)
{
	switch (button) {
	case VCPU_BUTTON_NMI:
		irq_router_nmi_line(&vm->irq);
		break;
	case VCPU_BUTTON_POWER:
		platform_acpi_power_button(vm);
		break;
	}
	vm->vmx.events_changed = true;
}

static void vcpu_press_button(void *ctx, unsigned button)
{
	platform_press_button(ctx, button);
}

/* The shortest period a periodic APIC timer gets: 100 us. */
#define LAPIC_MIN_PERIOD_US 100

static void apic_init(struct vm *vm)
{
	for (unsigned i = 0; i < VM_MAX_VCPUS; i++)
		lapic_init(&vm->lapic[i], (uint8_t)i, (uint8_t)i,
			   vm->crystal_tsc_num, vm->crystal_tsc_den,
			   vm->vmx.tsc_hz / (1000000 / LAPIC_MIN_PERIOD_US));
	lapic_bios_setup(&vm->lapic[0]);	/* the BSP, as a BIOS leaves it */
	ioapic_init(&vm->ioapic, NULL, NULL);
	irq_router_init(&vm->irq, &vm->pic, &vm->ioapic, vm->lapic,
			VM_MAX_VCPUS);

	vm->vcpu_ops = (struct vcpu_platform_ops){
		.ctx = vm,
		.update = vcpu_update,
		.take_nmi = vcpu_take_nmi,
		.nmi_armed = vcpu_nmi_armed,
		.press_button = vcpu_press_button,
		.pending_vector = vcpu_pending_vector,
		.ack_vector = vcpu_ack_vector,
		.next_event_tsc = vcpu_next_event_tsc,
		.get_tpr = vcpu_get_tpr,
		.set_tpr = vcpu_set_tpr,
		.rdmsr = vcpu_rdmsr,
		.wrmsr = vcpu_wrmsr,
	};
}

void platform_init(struct vm *vm)
{
	struct iobus *io = &vm->vmx.io;
	int err = 0;

	pic_pair_init(&vm->pic);
	pit_init(&vm->pit);
	cmos_init(&vm->cmos, vm->unix_time_start);
	uart16550_init(&vm->com1, com1_tx, vm);
	vm->com1_line = false;	/* as the interrupt controllers start */

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
	if (!err)
		iobus_find(io, COM1_BASE)->reports_events = true;
	err |= iobus_register(io, 0xCF8, 0xCFF, "pci-config", pci_in, pci_out, vm);
	if (err)
		log_error("platform: a device's ports overlap another's");

	apic_init(vm);
	if (mmio_register(&vm->vmx.mmio, LAPIC_DEFAULT_BASE, LAPIC_PAGE_SIZE,
			  "lapic", lapic_mmio_in, lapic_mmio_out, vm) ||
	    mmio_register(&vm->vmx.mmio, IOAPIC_DEFAULT_BASE, IOAPIC_MMIO_SIZE,
			  "ioapic", ioapic_mmio_in, ioapic_mmio_out, &vm->ioapic))
		log_error("platform: the APICs' MMIO ranges overlap another's");
	platform_acpi_init(vm);
}

/* What is typed on the machine's COM1 goes to the guest's COM1, through
 * the console controls (guest/console.c). */
static void poll_console_input(struct vm *vm)
{
	console_poll(vm);
}

void platform_update_irqs(struct vm *vm, uint64_t now)
{
	bool tick = pit_irq0_edge(&vm->pit, pit_ticks_at(vm, now));

	/* The host UART is read only when its interrupt said input came,
	 * or at the guest's timer tick should that interrupt be lost. */
	if (tick || serial_rx_pending())
		poll_console_input(vm);
	if (tick)
		irq_router_pulse_isa_irq(&vm->irq, 0);
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
	return vm->tsc_start + mul_div(edge, vm->vmx.tsc_hz, PIT_HZ) + 1;
}
