/* The guest's ACPI: the tables the hypervisor builds in its memory
 * (guest/acpi_tables.c) and the fixed hardware they describe
 * (guest/acpi_pm.c) on ports ACPI_PM_BASE.., with the SCI on IRQ 9. */
#ifndef GUEST_PLATFORM_ACPI_H
#define GUEST_PLATFORM_ACPI_H

#include "guest/vm.h"

/* Resets the PM registers and claims their ports on vm->vmx.io. */
void platform_acpi_init(struct vm *vm);

/* Builds the ACPI tables in guest RAM at ACPI_AREA_GPA and records the
 * RSDP's address in vm->acpi_rsdp. Call after RAM is cleared, before the
 * guest runs. Returns NULL or the reason. */
const char *platform_acpi_load(struct vm *vm);

/* The ACPI fixed power button is pressed: PWRBTN_STS, and the SCI. */
void platform_acpi_power_button(struct vm *vm);

#endif
