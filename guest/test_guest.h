/* The built-in test guest (guest/testguest.s): loads it into a VM and sets
 * its vCPU up to run it with every exit traced. */
#ifndef GUEST_TEST_GUEST_H
#define GUEST_TEST_GUEST_H

#include "guest/vm.h"

#define TEST_GUEST_LOAD_GPA 0x100000ULL
#define BOOT_GDT_GPA        0x5000ULL	/* GDT with __BOOT_CS/__BOOT_DS */

const char *test_guest_load(struct vm *vm, struct vcpu *v);

/* Writes the boot GDT (null, null, flat code 0x10, flat data 0x18) at
 * BOOT_GDT_GPA: the descriptors the 32-bit boot protocol promises. */
void boot_gdt_write(struct vm *vm);

#endif
