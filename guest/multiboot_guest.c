/* Loading a multiboot kernel; see multiboot_guest.h. */
#include "guest/exit_port.h"
#include "guest/multiboot_guest.h"
#include "guest/test_guest.h"
#include "kernel/format.h"
#include "kernel/kstring.h"
#include "vmx/vmcs.h"

static char why[200];

const char *multiboot_guest_prepare(struct multiboot_guest *g,
				    const struct hv_file *kernel,
				    const struct hv_file *module,
				    const struct hv_config *conf,
				    uint64_t ram_size)
{
	int err;

	memset(g, 0, sizeof(*g));
	g->kernel = kernel;
	g->module = module;
	if (!kernel->addr || !kernel->size) {
		ksnprintf(why, sizeof(why), "%s: not loaded", kernel->path);
		return why;
	}
	ksnprintf(g->cmdline, sizeof(g->cmdline), "%s%s%s", kernel->path,
		  conf->cmdline[0] ? " " : "", conf->cmdline);
	err = multiboot_parse((const void *)(uintptr_t)kernel->addr,
			      (size_t)kernel->size, ram_size, &g->mb);
	if (!err)
		err = multiboot_plan(&g->mb, ram_size, module->size,
				     strlen(g->cmdline), &g->plan);
	if (err) {
		ksnprintf(why, sizeof(why), "%s: %s",
			  err == MB_E_INFO_FIT && module->size ? module->path :
			  kernel->path, multiboot_strerror(err));
		return why;
	}
	return NULL;
}

const char *multiboot_guest_load(const struct multiboot_guest *g,
				 struct vm *vm, struct vcpu *v)
{
	const uint8_t *img = (const uint8_t *)(uintptr_t)g->kernel->addr;
	uint8_t *dst;

	/* The GDT first: a kernel loaded over it may do so (MB 3.2: the
	 * OS must set up its own GDT before loading a segment register). */
	boot_gdt_write(vm);
	for (unsigned i = 0; i < g->mb.nseg; i++) {
		const struct multiboot_segment *s = &g->mb.seg[i];

		dst = vm_gpa_to_hva(vm, s->paddr, s->memsz);
		if (!dst)
			return "multiboot segment outside guest RAM";
		memcpy(dst, img + s->offset, s->filesz);
		memset(dst + s->filesz, 0, s->memsz - s->filesz);
	}
	dst = vm_gpa_to_hva(vm, g->plan.info, g->plan.area_size);
	if (!dst)
		return "multiboot information outside guest RAM";
	if (multiboot_info_build(dst, (size_t)g->plan.area_size, &g->plan,
				 vm->vmx.ram_size, g->cmdline,
				 g->module->path))
		return "cannot build the multiboot information";
	if (g->plan.module)
		memcpy(dst + MULTIBOOT_MODULE_OFF,
		       (const void *)(uintptr_t)g->module->addr,
		       g->plan.module_size);
	if (exit_port_register(vm))
		return "the exit port 0xf4 is taken by another device";

	vmcs_guest_protected_flat(v, g->mb.entry, BOOT_GDT_GPA);
	memset(&v->regs, 0, sizeof(v->regs));
	v->regs.rax = MULTIBOOT_BOOTLOADER_MAGIC;
	v->regs.rbx = g->plan.info;
	return NULL;
}
