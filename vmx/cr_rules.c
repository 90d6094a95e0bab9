/* MOV to CR0/CR4's #GP rules; see cr_rules.h. */
#include <stdbool.h>
#include <stddef.h>
#include "arch/cr.h"
#include "vmx/cr_rules.h"

const char *cr0_write_check(uint64_t val, uint64_t old, uint64_t efer,
			    uint64_t cr4, bool in_64bit_mode)
{
	if (val >> 32)
		return "reserved bits 63:32";
	/* Leaving paging is done from compatibility mode with PCIDE off
	 * (Vol. 3A 4.10.1, 9.8.5.4). */
	if (!(val & X86_CR0_PG) && in_64bit_mode)
		return "clearing PG in 64-bit mode";
	if (!(val & X86_CR0_PG) && (cr4 & X86_CR4_PCIDE))
		return "clearing PG with CR4.PCIDE set";
	if (!(val & X86_CR0_WP) && (cr4 & X86_CR4_CET))
		return "clearing WP with CR4.CET set";
	if ((val & X86_CR0_PG) && !(val & X86_CR0_PE))
		return "PG without PE";
	if ((val & X86_CR0_NW) && !(val & X86_CR0_CD))
		return "NW without CD";
	if ((val & X86_CR0_PG) && !(old & X86_CR0_PG) &&
	    (efer & X86_EFER_LME) && !(cr4 & X86_CR4_PAE))
		return "long mode without PAE";
	return NULL;
}

const char *cr4_write_check(uint64_t val, uint64_t old, uint64_t efer,
			    uint64_t cr3, uint64_t allowed)
{
	if (val & ~allowed)
		return "unsupported bit";
	if ((efer & X86_EFER_LMA) && !(val & X86_CR4_PAE))
		return "clearing PAE in long mode";
	if ((efer & X86_EFER_LMA) && ((val ^ old) & X86_CR4_LA57))
		return "changing LA57 in long mode";
	if ((val & X86_CR4_PCIDE) && !(efer & X86_EFER_LMA))
		return "PCIDE outside long mode";
	if ((val & X86_CR4_PCIDE) && !(old & X86_CR4_PCIDE) && (cr3 & 0xFFF))
		return "setting PCIDE with CR3 bits 11:0 not 0";
	return NULL;
}

uint64_t cr0_loaded_value(uint64_t val)
{
	return (val & CR0_DEFINED_BITS) | X86_CR0_ET;
}
