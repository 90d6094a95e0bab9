/* EPT violation (exit reason 48) and EPT misconfiguration (49), 29.3.3.
 * Guest RAM is mapped whole and nothing else is: a violation is the guest
 * touching a guest-physical address with no memory or device behind it
 * (there is no MMIO emulation yet). Report the address, the access and the
 * guest's RIP with its state, and stop the guest. */
#include "guest/vm.h"
#include "kernel/log.h"
#include "vmx/exits.h"
#include "vmx/vmcs.h"

void exit_ept_violation(struct vcpu *v)
{
	uint64_t q = v->exit.qualification;
	uint64_t gpa = vmcs_read(VMCS_GUEST_PHYSICAL_ADDRESS);
	const char *kind = (q & EPTQ_FETCH) ? "instruction fetch" :
			   (q & EPTQ_WRITE) ? "write" : "read";

	log_error("EPT violation: guest %s at guest-physical 0x%llx%s (RIP 0x%llx, qualification 0x%llx)",
		  kind, (unsigned long long)gpa,
		  (q & (EPTQ_READABLE | EPTQ_WRITABLE | EPTQ_EXECUTABLE)) ?
		  "" : ": nothing mapped there",
		  (unsigned long long)v->exit.rip, (unsigned long long)q);
	if (q & EPTQ_LINEAR_VALID)
		log_error("  guest-linear address 0x%llx",
			  (unsigned long long)vmcs_read(VMCS_GUEST_LINEAR_ADDRESS));
	vcpu_dump(v);
	vcpu_stop(v, VCPU_STOP_ERROR, EXIT_REASON_EPT_VIOLATION);
}

void exit_ept_misconfig(struct vcpu *v)
{
	struct ept_walk_result w;
	uint64_t gpa = vmcs_read(VMCS_GUEST_PHYSICAL_ADDRESS);

	log_error("EPT misconfiguration at guest-physical 0x%llx (RIP 0x%llx): a hypervisor bug",
		  (unsigned long long)gpa, (unsigned long long)v->exit.rip);
	if (ept_walk(&v->vm->ept, gpa, &w) == 0)
		log_error("  walk: host-physical 0x%llx page size 0x%llx",
			  (unsigned long long)w.hpa, (unsigned long long)w.page_size);
	vcpu_dump(v);
	vcpu_stop(v, VCPU_STOP_ERROR, EXIT_REASON_EPT_MISCONFIG);
}
