/* The event-injection fields for a hardware exception; see
 * exception_entry.h. */
#include "arch/cr.h"
#include "vmx/exception_entry.h"
#include "vmx/vmx_defs.h"

bool exception_has_error_code(unsigned vector, bool unrestricted,
			      uint64_t guest_cr0)
{
	if (unrestricted && !(guest_cr0 & X86_CR0_PE))
		return false;
	switch (vector) {
	case X86_EXC_DF: case X86_EXC_TS: case X86_EXC_NP: case X86_EXC_SS:
	case X86_EXC_GP: case X86_EXC_PF: case X86_EXC_AC:
		return true;
	}
	return false;
}

uint32_t exception_entry_info(unsigned vector, uint32_t error_code,
			      bool unrestricted, uint64_t guest_cr0,
			      uint32_t *code)
{
	uint32_t info = INTR_INFO_VALID | INTR_TYPE_HW_EXCEPTION |
			(vector & 0x1Fu);

	*code = 0;
	if (exception_has_error_code(vector & 0x1Fu, unrestricted, guest_cr0)) {
		info |= INTR_INFO_DELIVER_CODE;
		*code = error_code & 0xFFFFu;
	}
	return info;
}

/* Table 6-4's classes. #VE (20) counts with #PF, #CP (21) is
 * contributory. */
enum exc_class { BENIGN, CONTRIBUTORY, PAGE_FAULT };

static enum exc_class exception_class(unsigned vector)
{
	switch (vector) {
	case 0: case 10: case 11: case 12: case 13: case 21:
		return CONTRIBUTORY;
	case 14: case 20:
		return PAGE_FAULT;
	}
	return BENIGN;
}

enum exception_pair exception_combine(unsigned first, unsigned second)
{
	enum exc_class a = exception_class(first), b = exception_class(second);

	if (first == 8)
		return b == BENIGN ? EXC_SERIAL : EXC_TRIPLE_FAULT;
	if (a == CONTRIBUTORY && b == CONTRIBUTORY)
		return EXC_DOUBLE_FAULT;
	if (a == PAGE_FAULT && b != BENIGN)
		return EXC_DOUBLE_FAULT;
	return EXC_SERIAL;
}

bool exception_is_fault(unsigned vector)
{
	switch (vector) {
	case 1: case 2: case 3: case 4: case 8: case 18:
		return false;
	}
	return vector < 32;
}
