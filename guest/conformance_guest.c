/* Loading the conformance guest (guest/conformance_guest.h). */
#include "guest/conformance_guest.h"
#include "kernel/kstring.h"
#include "vmx/vmcs.h"

extern const char conformance_start[], conformance_end[];

const char *conformance_guest_load(struct vm *vm, struct vcpu *v,
				   const char *cmdline)
{
	size_t size = (size_t)(conformance_end - conformance_start);
	size_t len = strlen(cmdline);
	char *dst = vm_gpa_to_hva(vm, CONFORMANCE_LOAD_GPA, CONFORMANCE_MAX_SIZE);
	char *cmd = vm_gpa_to_hva(vm, CONFORMANCE_CMDLINE_GPA,
				  CONFORMANCE_CMDLINE_MAX);

	if (!dst || !cmd)
		return "conformance guest does not fit in guest RAM";
	if (size > CONFORMANCE_MAX_SIZE)
		return "conformance guest image is larger than 56 KiB";
	if (len >= CONFORMANCE_CMDLINE_MAX)
		return "conformance guest: cmdline longer than 1023 bytes";
	memcpy(dst, conformance_start, size);
	memcpy(cmd, cmdline, len + 1);
	vmcs_guest_real_mode(v, 0, (uint16_t)CONFORMANCE_LOAD_GPA);
	return NULL;
}
