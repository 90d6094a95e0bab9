/* VM-entry failures reported as exits (27.8 "VM-Entry Failures During or
 * After Loading Guest State"): invalid guest state (33), MSR loading (34),
 * machine check during entry (41). The exit qualification says which check
 * failed for 33 (28.2.1, Table 28-1; 2 = PDPTE, 3 = NMI injection, 4 = VMCS link). */
#include "kernel/log.h"
#include "vmx/exits.h"
#include "vmx/vmcs.h"
#include "vmx/vmx_names.h"

void exit_entry_failure(struct vcpu *v)
{
	unsigned basic = v->exit.reason & VMX_EXIT_REASON_BASIC_MASK;

	log_error("VM entry failed: %s (exit reason 0x%x, qualification %llu)",
		  exit_reason_name(basic), v->exit.reason,
		  (unsigned long long)v->exit.qualification);
	vcpu_dump(v);
	vmcs_dump_all();
	vcpu_stop(v, VCPU_STOP_ERROR, basic);
}
