/* VMCALL (exit reason 18): the guest's hypercalls (guest/hypercall.h). */
#include <stdint.h>
#include "arch/cr.h"
#include "guest/hypercall.h"
#include "kernel/log.h"
#include "vmx/exits.h"
#include "vmx/vmcs.h"

void exit_vmcall(struct vcpu *v)
{
	uint64_t nr = v->regs.rax, arg = v->regs.rbx;
	unsigned cpl = (vmcs_read(VMCS_GUEST_SS_AR_BYTES) >> 5) & 3;

	if (cpl != 0) {
		vcpu_trace(v, "VMCALL from CPL %u: #UD", cpl);
		vcpu_inject_exception(v, X86_EXC_UD, 0);
		return;
	}
	switch (nr) {
	case HC_PING:
		vcpu_trace(v, "VMCALL ping 0x%llx", (unsigned long long)arg);
		v->regs.rax = arg + 1;
		break;
	case HC_TEST_RESULT:
		vcpu_trace(v, "VMCALL test result %llu", (unsigned long long)arg);
		v->regs.rax = 0;
		vcpu_skip_instruction(v);
		vcpu_stop(v, VCPU_STOP_HYPERCALL, arg);
		return;
	case HC_EXIT_STATS:
		vcpu_trace(v, "VMCALL exit statistics");
		vcpu_log_exit_stats(v, "on the guest's request");
		v->regs.rax = v->exits;
		break;
	default:
		vcpu_trace(v, "VMCALL unknown call %llu", (unsigned long long)nr);
		v->regs.rax = HC_RESULT_UNKNOWN;
		break;
	}
	vcpu_skip_instruction(v);
}
