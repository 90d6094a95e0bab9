/* Triple fault (exit reason 2): on a PC the chipset answers the CPU's
 * shutdown cycle with a reset. A guest that triple-faults is broken; stop
 * it with its state, named, rather than restart it into the same fault
 * forever. The host carries on to its summary and on_exit action. */
#include "kernel/log.h"
#include "vmx/exits.h"

void exit_triple_fault(struct vcpu *v)
{
	log_error("guest triple fault (shutdown) at RIP 0x%llx: stopping the guest",
		  (unsigned long long)v->exit.rip);
	vcpu_dump(v);
	vcpu_stop(v, VCPU_STOP_ERROR, EXIT_REASON_TRIPLE_FAULT);
}
