/* Loading the built-in test guest. */
#include "guest/test_guest.h"
#include "kernel/kstring.h"
#include "vmx/vmcs.h"

extern const char testguest_start[], testguest_end[];

void boot_gdt_write(struct vm *vm)
{
	uint64_t *gdt = vm_gpa_to_hva(vm, BOOT_GDT_GPA, 4 * sizeof(uint64_t));
	gdt[0] = 0;
	gdt[1] = 0;
	gdt[2] = 0x00CF9B000000FFFFULL;	/* 0x10: code, 4 GiB, 32-bit */
	gdt[3] = 0x00CF93000000FFFFULL;	/* 0x18: data, 4 GiB */
}

const char *test_guest_load(struct vm *vm, struct vcpu *v)
{
	size_t size = (size_t)(testguest_end - testguest_start);
	void *dst = vm_gpa_to_hva(vm, TEST_GUEST_LOAD_GPA, size);

	if (!dst)
		return "test guest does not fit in guest RAM";
	memcpy(dst, testguest_start, size);
	boot_gdt_write(vm);
	vmcs_guest_protected_flat(v, TEST_GUEST_LOAD_GPA, BOOT_GDT_GPA);
	v->trace = true;
	return NULL;
}
