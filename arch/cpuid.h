/* CPUID leaves and feature bits (SDM Vol. 2A, CPUID, Tables 3-8 to 3-11). */
#ifndef ARCH_CPUID_H
#define ARCH_CPUID_H

#include <stdint.h>

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

#define CPUID_LEAF_VENDOR	0x00000000
#define CPUID_LEAF_FEATURES	0x00000001
#define CPUID_LEAF_EXT_MAX	0x80000000
#define CPUID_LEAF_EXT_FEATURES	0x80000001
#define CPUID_LEAF_ADDR_SIZES	0x80000008
#define CPUID_LEAF_HV_BASE	0x40000000	/* hypervisor range */

/* Leaf 1, ECX */
#define CPUID_1_ECX_VMX		(1u << 5)
#define CPUID_1_ECX_SMX		(1u << 6)
#define CPUID_1_ECX_XSAVE	(1u << 26)
#define CPUID_1_ECX_OSXSAVE	(1u << 27)
#define CPUID_1_ECX_HYPERVISOR	(1u << 31)
#define CPUID_1_ECX_MONITOR	(1u << 3)
#define CPUID_1_ECX_DS_CPL	(1u << 4)
#define CPUID_1_ECX_EST		(1u << 7)
#define CPUID_1_ECX_TM2		(1u << 8)
#define CPUID_1_ECX_PDCM	(1u << 15)
#define CPUID_1_ECX_DCA		(1u << 18)
#define CPUID_1_ECX_X2APIC	(1u << 21)
#define CPUID_1_ECX_TSC_DEADLINE (1u << 24)
#define CPUID_1_ECX_RDRAND	(1u << 30)
/* Leaf 1, EDX */
#define CPUID_1_EDX_MCE		(1u << 7)
#define CPUID_1_EDX_APIC	(1u << 9)
#define CPUID_1_EDX_MTRR	(1u << 12)
#define CPUID_1_EDX_MCA		(1u << 14)
#define CPUID_1_EDX_DS		(1u << 21)
#define CPUID_1_EDX_ACPI	(1u << 22)
#define CPUID_1_EDX_HTT		(1u << 28)
#define CPUID_1_EDX_TM		(1u << 29)
#define CPUID_1_EDX_PBE		(1u << 31)
/* Leaf 7 subleaf 0, EBX / ECX / EDX */
#define CPUID_7_EBX_TSC_ADJUST	(1u << 1)
#define CPUID_7_EBX_SGX		(1u << 2)
#define CPUID_7_EBX_INVPCID	(1u << 10)
#define CPUID_7_EBX_PQM		(1u << 12)
#define CPUID_7_EBX_PQE		(1u << 15)
#define CPUID_7_EBX_RDSEED	(1u << 18)
#define CPUID_7_EBX_INTEL_PT	(1u << 25)
#define CPUID_7_ECX_WAITPKG	(1u << 5)
#define CPUID_7_ECX_SGX_LC	(1u << 30)
#define CPUID_7_EDX_SPEC_MASK	0xFC000000u	/* IBRS/STIBP/L1D/ARCH_CAP/CORE_CAP/SSBD */
/* Leaf 0xD subleaf 1, EAX */
#define CPUID_D1_EAX_XSAVES	(1u << 3)
/* Leaf 0x80000001, EDX */
#define CPUID_80000001_EDX_RDTSCP (1u << 27)
/* Leaf 0x80000001, EDX */
#define CPUID_80000001_EDX_PDPE1GB (1u << 26)
#define CPUID_80000001_EDX_LM	(1u << 29)

/* "GenuineIntel" in EBX, EDX, ECX */
#define CPUID_VENDOR_INTEL_EBX	0x756e6547
#define CPUID_VENDOR_INTEL_EDX	0x49656e69
#define CPUID_VENDOR_INTEL_ECX	0x6c65746e

#endif
