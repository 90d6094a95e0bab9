/* What MOV to CR0 and MOV to CR4 refuse with #GP (SDM Vol. 2B "MOV-Move
 * to/from Control Registers", Vol. 3A 2.5 "Control Registers", 9.8.5
 * "Initializing IA-32e Mode"). Pure: vmx/exit_cr.c asks before it lets a
 * write the guest made to a bit the hypervisor owns take effect. */
#ifndef VMX_CR_RULES_H
#define VMX_CR_RULES_H

#include <stdbool.h>
#include <stdint.h>

/* CR0's defined bits (Vol. 3A 2.5): PE MP EM TS ET NE WP AM NW CD PG. */
#define CR0_DEFINED_BITS 0xE005003FULL

/* NULL if MOV to CR0 of val is allowed, given the guest's CR0 before it
 * (old), its EFER and CR4, and whether it runs in 64-bit mode (EFER.LMA
 * and CS.L); else the reason for #GP. */
const char *cr0_write_check(uint64_t val, uint64_t old, uint64_t efer,
			    uint64_t cr4, bool in_64bit_mode);

/* What CR0 holds after an allowed MOV of val: reserved bits 28:19, 17
 * and 15:6 stay clear (setting them is ignored) and ET reads 1 (Vol. 2B
 * "MOV-Move to/from Control Registers"). */
uint64_t cr0_loaded_value(uint64_t val);

/* NULL if MOV to CR4 of val is allowed, given the guest's CR4 before it
 * (old), EFER, CR3 and the CR4 bits the guest may set (allowed:
 * vmx/cpuid_policy.h); else the reason for #GP. */
const char *cr4_write_check(uint64_t val, uint64_t old, uint64_t efer,
			    uint64_t cr3, uint64_t allowed);

#endif
