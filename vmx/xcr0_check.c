/* XSETBV's rules; see xcr0_check.h. */
#include <stddef.h>
#include "arch/cr.h"
#include "vmx/xcr0_check.h"

const char *xsetbv_check(const struct xsetbv_request *r, unsigned *vector)
{
	uint64_t v = r->value;
	uint64_t avx512 = v & X86_XCR0_AVX512;

	*vector = X86_EXC_GP;
	if (!r->osxsave) {
		*vector = X86_EXC_UD;
		return "CR4.OSXSAVE is 0";
	}
	if (r->cpl != 0)
		return "CPL is not 0";
	if (r->xcr != 0)
		return "ECX names an XCR other than XCR0";
	if (v & ~r->supported)
		return "a bit CPUID.(EAX=0DH,ECX=0) does not offer";
	if (!(v & X86_XCR0_X87))
		return "bit 0 (x87) is 0";
	if ((v & X86_XCR0_AVX) && !(v & X86_XCR0_SSE))
		return "AVX (bit 2) without SSE (bit 1)";
	if ((v & X86_XCR0_MPX) && (v & X86_XCR0_MPX) != X86_XCR0_MPX)
		return "MPX bits 3 and 4 differ";
	if (avx512 && avx512 != X86_XCR0_AVX512)
		return "AVX-512 bits 5, 6 and 7 are not all equal";
	if (avx512 && !(v & X86_XCR0_AVX))
		return "AVX-512 (bits 7:5) without AVX (bit 2)";
	if ((v & X86_XCR0_AMX) && (v & X86_XCR0_AMX) != X86_XCR0_AMX)
		return "AMX bits 17 and 18 differ";
	return NULL;
}
