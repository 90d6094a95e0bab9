/* XSETBV (exit reason 55). XCR0 is not switched on VM entry or exit, and
 * the host never uses extended state, so a valid value goes straight into
 * XCR0. Whether it is valid is decided first, by every rule the SDM gives
 * (vmx/xcr0_check.c), against the XCR0 bits the guest's CPUID offers
 * (vmx/cpuid_policy.c): a value the CPU would refuse gets the guest the
 * CPU's #GP (or #UD), and never reaches the host's XSETBV. */
#include "arch/cpu.h"
#include "arch/cr.h"
#include "vmx/cpuid_policy.h"
#include "vmx/exits.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"
#include "vmx/xcr0_check.h"

void exit_xsetbv(struct vcpu *v)
{
	unsigned vector;
	struct xsetbv_request req = {
		.xcr = (uint32_t)v->regs.rcx,
		.value = (v->regs.rdx & 0xFFFFFFFFULL) << 32 |
			 (v->regs.rax & 0xFFFFFFFFULL),
		.supported = v->cpu->guest_xcr0,
		.cpl = (unsigned)(vmcs_read(VMCS_GUEST_SS_AR_BYTES) >>
				  VMX_AR_DPL_SHIFT) & 3,
		.osxsave = (vmcs_read(VMCS_GUEST_CR4) & X86_CR4_OSXSAVE) != 0,
	};
	const char *why = xsetbv_check(&req, &vector);

	if (why) {
		vcpu_trace(v, "XSETBV xcr%u = 0x%llx: %s (%s)", req.xcr,
			   (unsigned long long)req.value,
			   vector == X86_EXC_UD ? "#UD" : "#GP", why);
		vcpu_inject_exception(v, vector, 0);
		return;
	}
	xsetbv(0, req.value);
	vcpu_trace(v, "XSETBV xcr0 = 0x%llx", (unsigned long long)req.value);
	vcpu_skip_instruction(v);
}
