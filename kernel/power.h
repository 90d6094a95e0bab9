/* Ending the machine: power off through the UEFI runtime service
 * ResetSystem (UEFI 2.10, 8.5.1), which firmware implements for its
 * platform (ACPI S5 on a PC, which also ends Bochs and QEMU). */
#ifndef KERNEL_POWER_H
#define KERNEL_POWER_H

#include <stdint.h>

void power_init(uint64_t efi_runtime_services);
void machine_power_off(void) __attribute__((noreturn));

#endif
