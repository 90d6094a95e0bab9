/* The speculation-control MSRs' rules; see spec_ctrl.h. */
#include "arch/cpuid.h"
#include "vmx/spec_ctrl.h"

uint64_t spec_ctrl_valid_bits(uint32_t leaf7_edx)
{
	uint64_t bits = 0;

	if (leaf7_edx & CPUID_7_EDX_IBRS_IBPB)
		bits |= SPEC_CTRL_IBRS;
	if (leaf7_edx & CPUID_7_EDX_STIBP)
		bits |= SPEC_CTRL_STIBP;
	if (leaf7_edx & CPUID_7_EDX_SSBD)
		bits |= SPEC_CTRL_SSBD;
	return bits;
}

uint64_t spec_guest_arch_capabilities(uint64_t host, uint32_t leaf7_edx)
{
	uint64_t v = host & SPEC_ARCH_CAP_GUEST;

	/* Enhanced IBRS is IBRS left on: without IBRS there is nothing to
	 * leave on. */
	if (!(leaf7_edx & CPUID_7_EDX_IBRS_IBPB))
		v &= ~ARCH_CAP_IBRS_ALL;
	return v;
}

/* Whether the guest has msr at all; every MSR here is one of these. */
static int offered(uint32_t msr, uint32_t leaf7_edx)
{
	switch (msr) {
	case MSR_IA32_SPEC_CTRL:
		return spec_ctrl_valid_bits(leaf7_edx) != 0;
	case MSR_IA32_PRED_CMD:
		return (leaf7_edx & CPUID_7_EDX_IBRS_IBPB) != 0;
	case MSR_IA32_FLUSH_CMD:
		return (leaf7_edx & CPUID_7_EDX_L1D_FLUSH) != 0;
	case MSR_IA32_ARCH_CAPABILITIES:
		return (leaf7_edx & CPUID_7_EDX_ARCH_CAPABILITIES) != 0;
	}
	return -1;
}

enum spec_msr spec_msr_read(uint32_t msr, uint32_t leaf7_edx,
			    const char **why)
{
	int has = offered(msr, leaf7_edx);

	if (has < 0)
		return SPEC_MSR_OTHER;
	if (!has)
		return SPEC_MSR_ABSENT;
	if (msr == MSR_IA32_PRED_CMD || msr == MSR_IA32_FLUSH_CMD) {
		*why = "write-only";
		return SPEC_MSR_REFUSED;
	}
	return SPEC_MSR_OK;
}

enum spec_msr spec_msr_write(uint32_t msr, uint64_t val, uint32_t leaf7_edx,
			     const char **why)
{
	int has = offered(msr, leaf7_edx);
	uint64_t valid = 0;

	if (has < 0)
		return SPEC_MSR_OTHER;
	if (!has)
		return SPEC_MSR_ABSENT;
	switch (msr) {
	case MSR_IA32_ARCH_CAPABILITIES:
		*why = "read-only";
		return SPEC_MSR_REFUSED;
	case MSR_IA32_SPEC_CTRL:
		valid = spec_ctrl_valid_bits(leaf7_edx);
		*why = "bits CPUID does not offer (IBRS 0, STIBP 1, SSBD 2)";
		break;
	case MSR_IA32_PRED_CMD:
		valid = PRED_CMD_IBPB;
		*why = "bits other than IBPB (0)";
		break;
	case MSR_IA32_FLUSH_CMD:
		valid = FLUSH_CMD_L1D_FLUSH;
		*why = "bits other than L1D_FLUSH (0)";
		break;
	}
	return (val & ~valid) ? SPEC_MSR_REFUSED : SPEC_MSR_OK;
}
