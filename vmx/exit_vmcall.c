/* VMCALL (exit reason 18): the guest's hypercalls. Which calls exist
 * depends on the guest kind (the handler its loader set in v->hypercall,
 * guest/hypercall.c). A VMCALL that is not a call of this guest kind,
 * from a guest kind with none (Linux), or from CPL > 0 gets #UD: what
 * VMCALL does on a CPU that is not in VMX non-root operation (SDM Vol. 3C
 * 31.3 VMCALL: "#UD if executed outside VMX operation"). KVM answers
 * unknown hypercalls with -ENOSYS in RAX instead; a guest of this
 * hypervisor has no ABI that would give such a value a meaning, so it gets
 * the architectural fault. */
#include <stdint.h>
#include "arch/cr.h"
#include "vmx/exits.h"
#include "vmx/vmcs.h"

void exit_vmcall(struct vcpu *v)
{
	uint64_t nr = v->regs.rax;
	const uint64_t args[3] = { v->regs.rbx, v->regs.rcx, v->regs.rdx };
	unsigned cpl = (vmcs_read(VMCS_GUEST_SS_AR_BYTES) >> 5) & 3;
	struct hypercall_result r = { .known = false };

	if (cpl != 0) {
		vcpu_trace(v, "VMCALL from CPL %u: #UD", cpl);
		vcpu_inject_exception(v, X86_EXC_UD, 0);
		return;
	}
	if (v->hypercall)
		v->hypercall(nr, args, &r);
	if (!r.known) {
		vcpu_trace(v, "VMCALL unknown call %llu: #UD",
			   (unsigned long long)nr);
		vcpu_inject_exception(v, X86_EXC_UD, 0);
		return;
	}
	vcpu_trace(v, "VMCALL %s", r.trace);
	v->regs.rax = r.rax;
	if (r.button) {
		v->platform->press_button(v->platform->ctx, r.button);
		v->events_dirty = true;	/* VMCALL keeps events otherwise */
	}
	if (r.exit_stats) {
		vcpu_log_exit_stats(v, "on the guest's request");
		v->regs.rax = v->exits;
	}
	vcpu_skip_instruction(v);
	if (r.stop)
		vcpu_stop(v, VCPU_STOP_HYPERCALL, r.stop_code);
}
