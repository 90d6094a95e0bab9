/* Power off via UEFI runtime services. The loader never called
 * SetVirtualAddressMap, so the services run at their physical addresses,
 * which the host's identity map covers. */
#include "kernel/log.h"
#include "kernel/panic.h"
#include "kernel/power.h"

#define EFI_RESET_SHUTDOWN 2

/* The start of EFI_RUNTIME_SERVICES (UEFI 2.10, 4.5): ResetSystem is the
 * eleventh function pointer after the 24-byte table header. */
struct efi_runtime_services {
	uint8_t header[24];
	void *fn[10];
	void (__attribute__((ms_abi)) *reset_system)(int type, uint64_t status,
						     uint64_t size, void *data);
};

static struct efi_runtime_services *rt;

void power_init(uint64_t efi_runtime_services)
{
	rt = (struct efi_runtime_services *)(uintptr_t)efi_runtime_services;
}

void machine_power_off(void)
{
	log_info("powering off");
	if (rt && rt->reset_system)
		rt->reset_system(EFI_RESET_SHUTDOWN, 0, 0, 0);
	log_error("UEFI ResetSystem returned: cannot power off");
	panic_halt();
}
