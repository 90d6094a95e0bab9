/* The guest's CPUID; see cpuid_policy.h. */
#include "vmx/cpuid_policy.h"

static uint32_t sig_word(int i)
{
	const char *s = HV_CPUID_SIGNATURE;
	return (uint32_t)(unsigned char)s[i * 4] |
	       (uint32_t)(unsigned char)s[i * 4 + 1] << 8 |
	       (uint32_t)(unsigned char)s[i * 4 + 2] << 16 |
	       (uint32_t)(unsigned char)s[i * 4 + 3] << 24;
}

uint64_t cpuid_policy_guest_xcr0(uint64_t host_xcr0_supported)
{
	return host_xcr0_supported & CPUID_POLICY_XCR0_ALLOWED;
}

void cpuid_policy_apply(const struct cpuid_policy *p, uint32_t leaf,
			uint32_t subleaf, struct cpuid_regs *r)
{
	/* Basic leaves the host lacks but the guest is shown (up to 0x15):
	 * all zero, not the host's "highest leaf" data. */
	if (leaf > p->host_max_basic && leaf <= CPUID_LEAF_TSC && leaf != 0)
		r->eax = r->ebx = r->ecx = r->edx = 0;

	switch (leaf) {
	case 0x0:
		if (p->tsc_hz && r->eax < CPUID_LEAF_TSC)
			r->eax = CPUID_LEAF_TSC;
		break;
	case CPUID_LEAF_TSC:
		if (p->tsc_hz && (r->eax == 0 || r->ebx == 0 || r->ecx == 0)) {
			/* ECX must fit 32 bits: scale by EBX when it would not. */
			uint64_t ratio = p->tsc_hz / 0xFFFFFFFFULL + 1;
			r->eax = 1;
			r->ebx = (uint32_t)ratio;
			r->ecx = (uint32_t)(p->tsc_hz / ratio);
			r->edx = 0;
		}
		break;
	case 0x1:
		/* Hidden: VMX and SMX (no nesting), the local APIC, x2APIC and
		 * TSC deadline (no virtual APIC yet: Linux uses the 8259),
		 * MONITOR/MWAIT (exit to #UD), thermal and power features,
		 * machine checks, MTRRs (no MTRR emulation), debug store,
		 * PDCM, DCA, and RDRAND (seeded from the host clock on Bochs,
		 * so runs would not repeat). */
		r->ecx &= ~(CPUID_1_ECX_VMX | CPUID_1_ECX_SMX |
			    CPUID_1_ECX_MONITOR | CPUID_1_ECX_DS_CPL |
			    CPUID_1_ECX_EST | CPUID_1_ECX_TM2 |
			    CPUID_1_ECX_PDCM | CPUID_1_ECX_DCA |
			    CPUID_1_ECX_X2APIC | CPUID_1_ECX_TSC_DEADLINE |
			    CPUID_1_ECX_RDRAND | CPUID_1_ECX_OSXSAVE);
		if (p->guest_osxsave && (r->ecx & CPUID_1_ECX_XSAVE))
			r->ecx |= CPUID_1_ECX_OSXSAVE;
		r->ecx |= CPUID_1_ECX_HYPERVISOR;
		r->edx &= ~(CPUID_1_EDX_MCE | CPUID_1_EDX_APIC |
			    CPUID_1_EDX_MTRR | CPUID_1_EDX_MCA |
			    CPUID_1_EDX_DS | CPUID_1_EDX_ACPI |
			    CPUID_1_EDX_HTT | CPUID_1_EDX_TM |
			    CPUID_1_EDX_PBE);
		/* EBX: initial APIC ID 31:24, one logical processor 23:16. */
		r->ebx = (r->ebx & 0x0000FFFFu) | (1u << 16) |
			 (uint32_t)p->vcpu_id << 24;
		break;
	case 0x4:
		/* Deterministic cache parameters: one core, not shared. */
		r->eax &= 0x00003FFFu;
		break;
	case 0x5:	/* MONITOR/MWAIT: hidden */
	case 0x6:	/* thermal and power management: hidden */
	case 0xA:	/* architectural performance monitoring: none */
	case 0xB:	/* x2APIC topology: no x2APIC */
	case 0x1F:	/* V2 extended topology: likewise */
		r->eax = r->ebx = r->ecx = r->edx = 0;
		break;
	case 0x7:
		if (subleaf != 0) {
			r->eax = r->ebx = r->ecx = r->edx = 0;
			break;
		}
		r->eax = 0;	/* no further subleaves */
		r->ebx &= ~(CPUID_7_EBX_TSC_ADJUST | CPUID_7_EBX_SGX |
			    CPUID_7_EBX_PQM | CPUID_7_EBX_PQE |
			    CPUID_7_EBX_RDSEED | CPUID_7_EBX_INTEL_PT);
		if (!p->invpcid)
			r->ebx &= ~CPUID_7_EBX_INVPCID;
		r->ecx &= ~(CPUID_7_ECX_WAITPKG | CPUID_7_ECX_SGX_LC);
		/* Speculation-control MSRs are not passed through. */
		r->edx &= ~CPUID_7_EDX_SPEC_MASK;
		break;
	case 0xD:
		if (subleaf == 0) {
			/* Only the components the guest may enable. */
			r->eax &= (uint32_t)CPUID_POLICY_XCR0_ALLOWED;
			r->edx &= (uint32_t)(CPUID_POLICY_XCR0_ALLOWED >> 32);
		}
		if (subleaf == 1 && !p->xsaves)
			r->eax &= ~CPUID_D1_EAX_XSAVES;
		break;
	case CPUID_LEAF_HV_BASE:
		r->eax = HV_CPUID_MAX_LEAF;
		r->ebx = sig_word(0);
		r->ecx = sig_word(1);
		r->edx = sig_word(2);
		break;
	case CPUID_LEAF_HV_BASE + 1:
		/* No paravirtual features yet. */
		r->eax = r->ebx = r->ecx = r->edx = 0;
		break;
	case CPUID_LEAF_EXT_FEATURES:
		if (!p->rdtscp)
			r->edx &= ~CPUID_80000001_EDX_RDTSCP;
		break;
	default:
		break;
	}
}
