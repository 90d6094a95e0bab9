/* Loading Linux; see linux_guest.h. */
#include "guest/boot_params.h"
#include "guest/linux_guest.h"
#include "guest/test_guest.h"
#include "kernel/format.h"
#include "kernel/kstring.h"
#include "vmx/vmcs.h"

static char why[160];

static const char *fail(const char *path, const char *reason)
{
	ksnprintf(why, sizeof(why), "%s: %s", path, reason);
	return why;
}

const char *linux_guest_prepare(struct linux_guest *lg,
				const struct hv_bootinfo *bi,
				const struct hv_config *conf, uint64_t ram_size)
{
	int err;

	lg->kernel = &bi->guest_kernel;
	lg->initrd = &bi->guest_initrd;
	lg->cmdline = conf->cmdline;
	if (!lg->kernel->addr || !lg->kernel->size)
		return fail(conf->kernel, "not loaded");

	err = bzimage_parse((const void *)(uintptr_t)lg->kernel->addr,
			    (size_t)lg->kernel->size, &lg->bz);
	if (err == BZ_E_OLD_PROTOCOL) {
		ksnprintf(why, sizeof(why),
			  "%s: boot protocol %u.%02u is too old (need 2.12 or later)",
			  conf->kernel, lg->bz.version >> 8, lg->bz.version & 0xFF);
		return why;
	}
	if (err)
		return fail(conf->kernel, bzimage_strerror(err));

	err = linux_plan(&lg->bz, ram_size, lg->initrd->size,
			 strlen(conf->cmdline), &lg->plan);
	if (err == BZ_E_INITRD_FIT)
		return fail(conf->initrd, "initrd too large for guest memory");
	if (err == BZ_E_KERNEL_FIT)
		return fail(conf->kernel, "kernel too large for guest memory");
	if (err)
		return fail(conf->kernel, bzimage_strerror(err));
	return NULL;
}

const char *linux_guest_load(const struct linux_guest *lg, struct vm *vm,
			     struct vcpu *v)
{
	const struct linux_plan *p = &lg->plan;
	const uint8_t *img = (const uint8_t *)(uintptr_t)lg->kernel->addr;
	struct e820_entry e820[8];
	unsigned n;
	uint8_t *zp, *dst;
	int err;

	/* The protected-mode kernel follows the setup sectors in the file;
	 * init_size bytes from the load address are the kernel's to use. */
	dst = vm_gpa_to_hva(vm, p->kernel_load, p->kernel_end - p->kernel_load);
	if (!dst)
		return "kernel placement outside guest RAM";
	memcpy(dst, img + lg->bz.setup_size, lg->bz.kernel_size);

	if (p->initrd) {
		dst = vm_gpa_to_hva(vm, p->initrd, p->initrd_size);
		if (!dst)
			return "initrd placement outside guest RAM";
		memcpy(dst, (const void *)(uintptr_t)lg->initrd->addr,
		       p->initrd_size);
	}

	dst = vm_gpa_to_hva(vm, p->cmdline, p->cmdline_bytes);
	if (!dst)
		return "command line placement outside guest RAM";
	memcpy(dst, lg->cmdline, p->cmdline_bytes - 1);
	dst[p->cmdline_bytes - 1] = '\0';

	err = e820_build(vm->vmx.ram_size, e820, 8, &n);
	if (err)
		return boot_params_strerror(err);
	zp = vm_gpa_to_hva(vm, p->zero_page, 4096);
	if (!zp)
		return "zero page outside guest RAM";
	err = boot_params_build(zp, img, (size_t)lg->kernel->size, &lg->bz, p,
				e820, n);
	if (err)
		return boot_params_strerror(err);
	if (vm->acpi_rsdp)
		boot_params_set_acpi_rsdp(zp, vm->acpi_rsdp);

	/* 32-bit entry: flat __BOOT_CS/__BOOT_DS, paging and interrupts
	 * off, ESI the zero page; EBP, EDI and EBX zero. */
	boot_gdt_write(vm);
	vmcs_guest_protected_flat(v, p->entry32, BOOT_GDT_GPA);
	memset(&v->regs, 0, sizeof(v->regs));
	v->regs.rsi = p->zero_page;
	return NULL;
}
