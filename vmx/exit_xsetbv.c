/* XSETBV (exit reason 55). XCR0 is not switched on VM entry or exit, and
 * the host never uses extended state, so a valid value goes straight into
 * XCR0. Invalid values get #GP as the SDM's XSETBV describes: XCR other
 * than 0, bits the CPU does not support (CPUID.(EAX=0DH,ECX=0)), x87 clear,
 * AVX without SSE. */
#include "arch/cpu.h"
#include "arch/cr.h"
#include "vmx/exits.h"

void exit_xsetbv(struct vcpu *v)
{
	uint32_t xcr = (uint32_t)v->regs.rcx;
	uint64_t val = (v->regs.rdx & 0xFFFFFFFFULL) << 32 |
		       (v->regs.rax & 0xFFFFFFFFULL);
	struct cpuid_regs r;

	cpuid(0xD, 0, &r);
	uint64_t supported = (uint64_t)r.edx << 32 | r.eax;
	if (xcr != 0 || (val & ~supported) || !(val & X86_XCR0_X87) ||
	    ((val & X86_XCR0_AVX) && !(val & X86_XCR0_SSE))) {
		vcpu_trace(v, "XSETBV xcr%u = 0x%llx: #GP", xcr,
			   (unsigned long long)val);
		vcpu_inject_exception(v, X86_EXC_GP, 0);
		return;
	}
	xsetbv(0, val);
	vcpu_trace(v, "XSETBV xcr0 = 0x%llx", (unsigned long long)val);
	vcpu_skip_instruction(v);
}
