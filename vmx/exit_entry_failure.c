/* VM entries that fail. Whatever the cause (a guest that reached a state
 * the hypervisor mis-emulated, or an injection the entry checks refuse),
 * it stops that guest with the reason named and its state dumped; the host
 * carries on to its summary and its on_exit action.
 * - Failures reported as exits (27.8 "VM-Entry Failures During or After
 *   Loading Guest State"): invalid guest state (33), MSR loading (34),
 *   machine check during entry (41). The exit qualification says which
 *   check failed for 33 (28.2.1, Table 28-1; 2 = PDPTE, 3 = NMI injection,
 *   4 = VMCS link).
 * - VMLAUNCH/VMRESUME failing with VMfailValid (31.4 "VM Instruction Error
 *   Numbers"): an invalid control field or host state (checks of 27.2 and
 *   27.3 that the instruction makes before loading the guest).
 * - The DEBUG build's own check of the guest state (vmx/entry_checks.c),
 *   which refuses the entry before the CPU sees it. */
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

void vmentry_instruction_failed(struct vcpu *v, const char *insn)
{
	unsigned err = (unsigned)vmcs_read(VMCS_VM_INSTRUCTION_ERROR);

	log_error("%s failed: VM-instruction error %u: %s", insn, err,
		  vm_instruction_error_name(err));
	vcpu_dump(v);
	vmcs_dump_all();
	vcpu_stop(v, VCPU_STOP_ENTRY_FAILED, err);
}

void vmentry_refused(struct vcpu *v, const char *rule)
{
	log_error("VM entry refused: guest state breaks SDM %s", rule);
	vcpu_dump(v);
	vcpu_stop(v, VCPU_STOP_ENTRY_FAILED, 0);
}
