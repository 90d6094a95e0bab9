/* What CPUID tells the guest (SDM Vol. 2A, CPUID): the host's answer with
 * VMX hidden, the hypervisor-present bit set, a vendor leaf at 0x40000000,
 * and every feature this hypervisor does not virtualize masked. Pure: takes
 * the host's registers and returns the guest's. */
#ifndef VMX_CPUID_POLICY_H
#define VMX_CPUID_POLICY_H

#include <stdbool.h>
#include <stdint.h>
#include "arch/cpuid.h"
#include "arch/cr.h"

/* "hvbaremetal!" in EBX, ECX, EDX of leaf 0x40000000. */
#define HV_CPUID_SIGNATURE "hvbaremetal!"
#define HV_CPUID_MAX_LEAF  0x40000001u

struct cpuid_policy {
	unsigned vcpu_id;	/* initial APIC ID */
	bool rdtscp;		/* "enable RDTSCP" control is on */
	bool invpcid;		/* "enable INVPCID" control is on */
	bool xsaves;		/* "enable XSAVES/XRSTORS" control is on */
	bool guest_osxsave;	/* the guest's CR4.OSXSAVE */
	uint32_t host_max_basic; /* CPUID.0:EAX on the host */
	uint64_t tsc_hz;	/* the TSC frequency, for leaf 0x15; 0 if unknown */
};

/* Leaf 0x15 (TSC/crystal ratio) is what tells the guest its TSC frequency
 * without calibrating against a timer: under an emulator, calibration
 * loops run slowly and fail. When the host does not report the frequency
 * there, the guest's leaf 0x15 says TSC = ECX * EBX / EAX = tsc_hz. */
#define CPUID_LEAF_TSC 0x15u

/* The XCR0 state components a guest may enable (SDM Vol. 1 13.1): those
 * whose state lives only in registers the guest owns between exits (the
 * host uses no extended state and leaves XCR0 to the guest). Not MPX
 * (IA32_BNDCFGS is not switched), not AMX (needs XFD, whose MSRs are not
 * virtualized), no supervisor components (IA32_XSS is 0). */
#define CPUID_POLICY_XCR0_ALLOWED (X86_XCR0_X87 | X86_XCR0_SSE | \
				   X86_XCR0_AVX | X86_XCR0_AVX512 | \
				   X86_XCR0_PKRU)

/* The XCR0 bits the guest's CPUID.(EAX=0DH,ECX=0) EDX:EAX offers, given the
 * host's. */
uint64_t cpuid_policy_guest_xcr0(uint64_t host_xcr0_supported);

/* r holds the host's CPUID(leaf, subleaf) on entry and the guest's on
 * return. */
void cpuid_policy_apply(const struct cpuid_policy *p, uint32_t leaf,
			uint32_t subleaf, struct cpuid_regs *r);

#endif
