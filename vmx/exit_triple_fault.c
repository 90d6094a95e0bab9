/* Triple fault (exit reason 2): on a PC this resets the machine. A guest
 * that triple-faults is broken; stop it with its state rather than reboot
 * into the same fault forever. */
#include "kernel/log.h"
#include "vmx/exits.h"

void exit_triple_fault(struct vcpu *v)
{
	log_error("guest triple fault at RIP 0x%llx",
		  (unsigned long long)v->exit.rip);
	vcpu_dump(v);
	vcpu_stop(v, VCPU_STOP_ERROR, EXIT_REASON_TRIPLE_FAULT);
}
