/* Whether XSETBV may load a value into an XCR (SDM Vol. 2D XSETBV,
 * "Protected Mode Exceptions"; Vol. 1 13.3 "Enabling the XSAVE Feature
 * Set"). Pure: exit_xsetbv.c asks before the host executes XSETBV for the
 * guest, so a value the CPU would refuse never reaches the host's XSETBV
 * (where its #GP would be the hypervisor's). */
#ifndef VMX_XCR0_CHECK_H
#define VMX_XCR0_CHECK_H

#include <stdbool.h>
#include <stdint.h>

struct xsetbv_request {
	uint32_t xcr;		/* ECX */
	uint64_t value;		/* EDX:EAX */
	uint64_t supported;	/* XCR0 bits the guest's CPUID.(EAX=0DH,ECX=0)
				 * EDX:EAX offers */
	unsigned cpl;		/* the guest's CPL (SS.DPL) */
	bool osxsave;		/* the guest's CR4.OSXSAVE */
};

/* NULL if the CPU would execute this XSETBV. Otherwise a static string
 * naming the rule broken, and *vector is the exception the CPU raises:
 * #UD (CR4.OSXSAVE clear) or #GP(0) (everything else). Rules are checked
 * in the SDM's order: CR4.OSXSAVE, CPL, ECX, then the XCR0 rules. */
const char *xsetbv_check(const struct xsetbv_request *r, unsigned *vector);

#endif
