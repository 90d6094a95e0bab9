/* A Linux bzImage as the guest, entered through the 32-bit boot protocol
 * (Linux Documentation/arch/x86/boot.rst, "32-bit BOOT PROTOCOL"). */
#ifndef GUEST_LINUX_GUEST_H
#define GUEST_LINUX_GUEST_H

#include "boot/bootinfo.h"
#include "boot/config.h"
#include "guest/bzimage.h"
#include "guest/vm.h"

struct linux_guest {
	const struct hv_file *kernel;
	const struct hv_file *initrd;	/* size 0 when there is none */
	const char *cmdline;
	struct bzimage_info bz;
	struct linux_plan plan;
};

/* Checks the files against the boot protocol and plans where everything
 * goes in ram_size bytes of guest RAM, before any VMX work. On error
 * returns a one-line reason that starts with the offending file's name. */
const char *linux_guest_prepare(struct linux_guest *lg,
				const struct hv_bootinfo *bi,
				const struct hv_config *conf, uint64_t ram_size);

/* Copies kernel, initrd and command line into the VM's RAM, writes the
 * zero page and the boot GDT, and sets the vCPU to the protocol's entry
 * state. Returns NULL or the reason. */
const char *linux_guest_load(const struct linux_guest *lg, struct vm *vm,
			     struct vcpu *v);

#endif
