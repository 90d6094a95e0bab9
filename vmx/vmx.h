/* Entering VMX operation on this CPU (SDM Vol. 3C 24.6 "Discovering
 * Support for VMX", 24.7 "Enabling and Entering VMX Operation", 24.8
 * "Restrictions on VMX Operation"). */
#ifndef VMX_VMX_H
#define VMX_VMX_H

#include <stdbool.h>
#include <stdint.h>
#include "arch/cpuid.h"
#include "kernel/pmm.h"
#include "vmx/controls.h"

/* XSAVE state components the hypervisor looks at: 0..18 (through AMX). */
#define XSAVE_COMPONENTS 19

/* What one physical CPU offers and how it is set up; host state, shared by
 * every vCPU that runs on this CPU. */
struct vmx_cpu {
	struct vmx_caps caps;
	struct vmx_controls ctl;
	uint32_t revision;	/* VMCS revision identifier */
	unsigned maxphyaddr;
	unsigned linear_bits;	/* 57 with 5-level paging (CPUID.7:ECX.LA57), else 48 */
	uint32_t max_basic_leaf;	/* CPUID.0:EAX */
	/* What the guest's CPUID may offer on this CPU (vmx/cpuid_policy.h):
	 * the CR4 bits it may set, the XCR0 components it may enable and
	 * the XSAVE area size they need. */
	uint64_t guest_cr4;
	uint64_t guest_xcr0;
	uint32_t guest_xsave_size;
	/* The host's CPUID.(EAX=0DH,ECX=i), i < XSAVE_COMPONENTS (i >= 2
	 * read for the components the host supports). */
	struct cpuid_regs xsave_comp[XSAVE_COMPONENTS];
	bool xsaves;		/* the CPU has XSAVES (CPUID.(EAX=0DH,ECX=1).EAX[3]) */
	/* IA32_MISC_ENABLE's fast-strings bit on this CPU (Vol. 4 Table
	 * 2-2), read once: what the guest reads there, and without it the
	 * guest's CPUID hides ERMS and FSRM (vmx/cpuid_policy.h). Bochs
	 * reads the MSR as 0. */
	bool fast_strings;
	uint64_t vmxon_phys;
};

/* NULL when this CPU can run VMX, else the reason it cannot: one line. */
const char *vmx_check_support(void);

/* Reads the capability MSRs, chooses the controls, sets
 * IA32_FEATURE_CONTROL, CR0 and CR4 and executes VMXON. Returns NULL or
 * the reason VMX operation could not be entered. */
const char *vmx_enable(struct vmx_cpu *cpu, struct pmm *pmm);

#endif
