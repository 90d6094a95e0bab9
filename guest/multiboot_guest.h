/* A multiboot v1 kernel as the guest (guest = multiboot): loaded as the
 * Multiboot Specification 0.6.96 says a boot loader loads it
 * (guest/multiboot.h), with the configuration's initrd as its one module
 * and the exit port (guest/exit_port.h) to end it. */
#ifndef GUEST_MULTIBOOT_GUEST_H
#define GUEST_MULTIBOOT_GUEST_H

#include "boot/bootinfo.h"
#include "boot/config.h"
#include "guest/multiboot.h"
#include "guest/vm.h"

/* The command line the kernel gets: its path, a blank, the configured
 * cmdline (as GRUB and QEMU pass it; kvm-unit-tests take the first word
 * as argv[0]). */
#define MULTIBOOT_GUEST_CMDLINE (HV_CONF_PATH_MAX + HV_CONF_CMDLINE_MAX)

struct multiboot_guest {
	const struct hv_file *kernel;
	const struct hv_file *module;	/* size 0 when there is none */
	char cmdline[MULTIBOOT_GUEST_CMDLINE];
	struct multiboot_image mb;
	struct multiboot_plan plan;
};

/* Checks kernel against the specification and plans where everything
 * goes in ram_size bytes of guest RAM, before any VMX work. On error
 * returns a one-line reason that starts with the offending file's name. */
const char *multiboot_guest_prepare(struct multiboot_guest *g,
				    const struct hv_file *kernel,
				    const struct hv_file *module,
				    const struct hv_config *conf,
				    uint64_t ram_size);

/* Copies the segments (zeroing their bss), the information block and the
 * module into the VM's RAM, claims the exit port, and sets the vCPU to the
 * specification's entry state (MB 3.2): 32-bit protected mode, flat
 * segments, paging and interrupts off, EAX 0x2BADB002, EBX the
 * information block. Returns NULL or the reason. */
const char *multiboot_guest_load(const struct multiboot_guest *g,
				 struct vm *vm, struct vcpu *v);

#endif
