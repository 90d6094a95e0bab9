/* Glue between the port table and the ACPI models; see platform_acpi.h. */
#include "arch/cpu.h"
#include "guest/acpi_pm.h"
#include "guest/acpi_tables.h"
#include "guest/platform.h"
#include "guest/platform_acpi.h"
#include "kernel/log.h"
#include "kernel/muldiv.h"

extern const uint8_t dsdt_aml_start[], dsdt_aml_end[];	/* dsdt_blob.asm */

/* The LAPIC and IOAPIC where every PC has them (the MADT says so). */
#define LAPIC_BASE	0xFEE00000u
#define IOAPIC_BASE	0xFEC00000u

static uint64_t pm_ticks(struct vm *vm)
{
	return mul_div(rdtsc() - vm->tsc_start, ACPI_PM_TIMER_HZ,
		       vm->vmx.tsc_hz);
}

/* The SCI is a level on ISA IRQ 9 (level-triggered, active high in the
 * MADT): sampled after every register access, and wired like every ISA
 * IRQ to both the 8259 and the IOAPIC (GSI 9), so a guest in APIC mode
 * gets it too. */
static void sci_update(struct vm *vm)
{
	irq_router_set_isa_irq(&vm->irq, ACPI_SCI_IRQ, acpi_pm_sci(&vm->acpi_pm));
}

static uint32_t pm_in(void *dev, uint16_t port, unsigned size)
{
	struct vm *vm = dev;
	uint32_t v = acpi_pm_read(&vm->acpi_pm, port - ACPI_PM_BASE, size,
				  pm_ticks(vm));
	sci_update(vm);
	return v;
}

static void pm_out(void *dev, uint16_t port, unsigned size, uint32_t v)
{
	struct vm *vm = dev;

	acpi_pm_write(&vm->acpi_pm, port - ACPI_PM_BASE, size, v, pm_ticks(vm));
	sci_update(vm);
	if (acpi_pm_take_request(&vm->acpi_pm) == ACPI_PM_POWER_OFF)
		vm->vmx.poweroff_requested = true;
}

void platform_acpi_power_button(struct vm *vm)
{
	acpi_pm_power_button(&vm->acpi_pm);
	sci_update(vm);
}

void platform_acpi_init(struct vm *vm)
{
	acpi_pm_init(&vm->acpi_pm);
	if (iobus_register(&vm->vmx.io, ACPI_PM_BASE,
			   ACPI_PM_BASE + ACPI_PM_LEN - 1, "acpi-pm", pm_in, pm_out, vm))
		log_error("platform: the ACPI PM ports overlap another device's");
}

const char *platform_acpi_load(struct vm *vm)
{
	struct acpi_platform p = {
		.ncpus = vm->nvcpus ? vm->nvcpus : 1,
		.lapic_addr = LAPIC_BASE,
		.ioapic_addr = IOAPIC_BASE,
		.ioapic_id = 0,
		.ioapic_gsi_base = 0,
		.pm1a_evt_blk = ACPI_PM1A_EVT_BLK,
		.pm1a_cnt_blk = ACPI_PM1A_CNT_BLK,
		.pm_tmr_blk = ACPI_PM_TMR_BLK,
		.sci_irq = ACPI_SCI_IRQ,
		.reset_port = PCI_RESET_PORT,
		.reset_value = PCI_RESET_VALUE,
		.dsdt = dsdt_aml_start,
		.dsdt_len = (size_t)(dsdt_aml_end - dsdt_aml_start),
	};
	struct acpi_layout l;
	uint8_t *area = vm_gpa_to_hva(vm, ACPI_AREA_GPA, ACPI_AREA_SIZE);
	int err;

	if (!area)
		return "guest RAM does not reach the ACPI table area";
	err = acpi_build(area, ACPI_AREA_SIZE, ACPI_AREA_GPA, &p, &l);
	if (err)
		return acpi_strerror(err);
	vm->acpi_rsdp = l.rsdp;
	if (!vm->acpi_logged) {
		log_info("ACPI: RSDP 0x%llx, XSDT 0x%llx (%u), FADT 0x%llx (%u), MADT 0x%llx (%u, %u CPU), DSDT 0x%llx (%u), FACS 0x%llx (%u)",
			 (unsigned long long)l.rsdp, (unsigned long long)l.xsdt,
			 l.xsdt_len, (unsigned long long)l.fadt, ACPI_FADT_LEN,
			 (unsigned long long)l.madt, l.madt_len, p.ncpus,
			 (unsigned long long)l.dsdt, l.dsdt_len,
			 (unsigned long long)l.facs, ACPI_FACS_LEN);
		vm->acpi_logged = true;
	}
	return NULL;
}
