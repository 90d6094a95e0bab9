/* Triple fault (exit reason 2): the CPU shut down, and a PC's chipset
 * answers the shutdown cycle with a reset. The guest is restarted with
 * fresh state (or the machine powers off, with on_reset = poweroff):
 * vmx_vm_request_reset() stops the vCPU after this exit. */
#include "kernel/log.h"
#include "vmx/exits.h"
#include "vmx/vmx_vm.h"

void exit_triple_fault(struct vcpu *v)
{
	log_warn("guest triple fault (shutdown) at RIP 0x%llx",
		 (unsigned long long)v->exit.rip);
	vmx_vm_request_reset(v->vm, "triple fault");
}
