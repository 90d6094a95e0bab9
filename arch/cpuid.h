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
#define CPUID_1_ECX_SSE3	(1u << 0)
#define CPUID_1_ECX_PCLMULQDQ	(1u << 1)
#define CPUID_1_ECX_DTES64	(1u << 2)
#define CPUID_1_ECX_MONITOR	(1u << 3)
#define CPUID_1_ECX_DS_CPL	(1u << 4)
#define CPUID_1_ECX_VMX		(1u << 5)
#define CPUID_1_ECX_SMX		(1u << 6)
#define CPUID_1_ECX_EST		(1u << 7)
#define CPUID_1_ECX_TM2		(1u << 8)
#define CPUID_1_ECX_SSSE3	(1u << 9)
#define CPUID_1_ECX_CNXT_ID	(1u << 10)
#define CPUID_1_ECX_SDBG	(1u << 11)
#define CPUID_1_ECX_FMA		(1u << 12)
#define CPUID_1_ECX_CMPXCHG16B	(1u << 13)
#define CPUID_1_ECX_XTPR	(1u << 14)
#define CPUID_1_ECX_PDCM	(1u << 15)
#define CPUID_1_ECX_PCID	(1u << 17)
#define CPUID_1_ECX_DCA		(1u << 18)
#define CPUID_1_ECX_SSE4_1	(1u << 19)
#define CPUID_1_ECX_SSE4_2	(1u << 20)
#define CPUID_1_ECX_X2APIC	(1u << 21)
#define CPUID_1_ECX_MOVBE	(1u << 22)
#define CPUID_1_ECX_POPCNT	(1u << 23)
#define CPUID_1_ECX_TSC_DEADLINE (1u << 24)
#define CPUID_1_ECX_AESNI	(1u << 25)
#define CPUID_1_ECX_XSAVE	(1u << 26)
#define CPUID_1_ECX_OSXSAVE	(1u << 27)
#define CPUID_1_ECX_AVX		(1u << 28)
#define CPUID_1_ECX_F16C	(1u << 29)
#define CPUID_1_ECX_RDRAND	(1u << 30)
#define CPUID_1_ECX_HYPERVISOR	(1u << 31)
/* Leaf 1, EDX */
#define CPUID_1_EDX_FPU		(1u << 0)
#define CPUID_1_EDX_VME		(1u << 1)
#define CPUID_1_EDX_DE		(1u << 2)
#define CPUID_1_EDX_PSE		(1u << 3)
#define CPUID_1_EDX_TSC		(1u << 4)
#define CPUID_1_EDX_MSR		(1u << 5)
#define CPUID_1_EDX_PAE		(1u << 6)
#define CPUID_1_EDX_MCE		(1u << 7)
#define CPUID_1_EDX_CX8		(1u << 8)
#define CPUID_1_EDX_APIC	(1u << 9)
#define CPUID_1_EDX_SEP		(1u << 11)
#define CPUID_1_EDX_MTRR	(1u << 12)
#define CPUID_1_EDX_PGE		(1u << 13)
#define CPUID_1_EDX_MCA		(1u << 14)
#define CPUID_1_EDX_CMOV	(1u << 15)
#define CPUID_1_EDX_PAT		(1u << 16)
#define CPUID_1_EDX_PSE36	(1u << 17)
#define CPUID_1_EDX_PSN		(1u << 18)
#define CPUID_1_EDX_CLFSH	(1u << 19)
#define CPUID_1_EDX_DS		(1u << 21)
#define CPUID_1_EDX_ACPI	(1u << 22)
#define CPUID_1_EDX_MMX		(1u << 23)
#define CPUID_1_EDX_FXSR	(1u << 24)
#define CPUID_1_EDX_SSE		(1u << 25)
#define CPUID_1_EDX_SSE2	(1u << 26)
#define CPUID_1_EDX_SS		(1u << 27)
#define CPUID_1_EDX_HTT		(1u << 28)
#define CPUID_1_EDX_TM		(1u << 29)
#define CPUID_1_EDX_PBE		(1u << 31)
/* Leaf 7 subleaf 0, EBX */
#define CPUID_7_EBX_FSGSBASE	(1u << 0)
#define CPUID_7_EBX_TSC_ADJUST	(1u << 1)
#define CPUID_7_EBX_SGX		(1u << 2)
#define CPUID_7_EBX_BMI1	(1u << 3)
#define CPUID_7_EBX_HLE		(1u << 4)
#define CPUID_7_EBX_AVX2	(1u << 5)
#define CPUID_7_EBX_FDP_EXCPTN_ONLY (1u << 6)
#define CPUID_7_EBX_SMEP	(1u << 7)
#define CPUID_7_EBX_BMI2	(1u << 8)
#define CPUID_7_EBX_ERMS	(1u << 9)
#define CPUID_7_EBX_INVPCID	(1u << 10)
#define CPUID_7_EBX_RTM		(1u << 11)
#define CPUID_7_EBX_PQM		(1u << 12)
#define CPUID_7_EBX_FPU_CSDS_DEPR (1u << 13)
#define CPUID_7_EBX_MPX		(1u << 14)
#define CPUID_7_EBX_PQE		(1u << 15)
#define CPUID_7_EBX_AVX512F	(1u << 16)
#define CPUID_7_EBX_AVX512DQ	(1u << 17)
#define CPUID_7_EBX_RDSEED	(1u << 18)
#define CPUID_7_EBX_ADX		(1u << 19)
#define CPUID_7_EBX_SMAP	(1u << 20)
#define CPUID_7_EBX_AVX512_IFMA	(1u << 21)
#define CPUID_7_EBX_CLFLUSHOPT	(1u << 23)
#define CPUID_7_EBX_CLWB	(1u << 24)
#define CPUID_7_EBX_INTEL_PT	(1u << 25)
#define CPUID_7_EBX_AVX512PF	(1u << 26)
#define CPUID_7_EBX_AVX512ER	(1u << 27)
#define CPUID_7_EBX_AVX512CD	(1u << 28)
#define CPUID_7_EBX_SHA		(1u << 29)
#define CPUID_7_EBX_AVX512BW	(1u << 30)
#define CPUID_7_EBX_AVX512VL	(1u << 31)
/* Leaf 7 subleaf 0, ECX */
#define CPUID_7_ECX_PREFETCHWT1	(1u << 0)
#define CPUID_7_ECX_AVX512_VBMI	(1u << 1)
#define CPUID_7_ECX_UMIP	(1u << 2)
#define CPUID_7_ECX_PKU		(1u << 3)
#define CPUID_7_ECX_OSPKE	(1u << 4)
#define CPUID_7_ECX_WAITPKG	(1u << 5)
#define CPUID_7_ECX_AVX512_VBMI2 (1u << 6)
#define CPUID_7_ECX_CET_SS	(1u << 7)
#define CPUID_7_ECX_GFNI	(1u << 8)
#define CPUID_7_ECX_VAES	(1u << 9)
#define CPUID_7_ECX_VPCLMULQDQ	(1u << 10)
#define CPUID_7_ECX_AVX512_VNNI	(1u << 11)
#define CPUID_7_ECX_AVX512_BITALG (1u << 12)
#define CPUID_7_ECX_TME		(1u << 13)
#define CPUID_7_ECX_AVX512_VPOPCNTDQ (1u << 14)
#define CPUID_7_ECX_LA57	(1u << 16)
#define CPUID_7_ECX_RDPID	(1u << 22)
#define CPUID_7_ECX_KL		(1u << 23)
#define CPUID_7_ECX_BUS_LOCK_DETECT (1u << 24)
#define CPUID_7_ECX_CLDEMOTE	(1u << 25)
#define CPUID_7_ECX_MOVDIRI	(1u << 27)
#define CPUID_7_ECX_MOVDIR64B	(1u << 28)
#define CPUID_7_ECX_ENQCMD	(1u << 29)
#define CPUID_7_ECX_SGX_LC	(1u << 30)
#define CPUID_7_ECX_PKS		(1u << 31)
/* Leaf 7 subleaf 0, EDX */
#define CPUID_7_EDX_AVX512_4VNNIW (1u << 2)
#define CPUID_7_EDX_AVX512_4FMAPS (1u << 3)
#define CPUID_7_EDX_FSRM	(1u << 4)
#define CPUID_7_EDX_UINTR	(1u << 5)
#define CPUID_7_EDX_AVX512_VP2INTERSECT (1u << 8)
#define CPUID_7_EDX_MD_CLEAR	(1u << 10)
#define CPUID_7_EDX_SERIALIZE	(1u << 14)
#define CPUID_7_EDX_HYBRID	(1u << 15)
#define CPUID_7_EDX_TSXLDTRK	(1u << 16)
#define CPUID_7_EDX_ARCH_LBR	(1u << 19)
#define CPUID_7_EDX_CET_IBT	(1u << 20)
#define CPUID_7_EDX_AMX_BF16	(1u << 22)
#define CPUID_7_EDX_AVX512_FP16	(1u << 23)
#define CPUID_7_EDX_AMX_TILE	(1u << 24)
#define CPUID_7_EDX_AMX_INT8	(1u << 25)
#define CPUID_7_EDX_TSX_FORCE_ABORT (1u << 13)	/* IA32_TSX_FORCE_ABORT */
#define CPUID_7_EDX_IBRS_IBPB	(1u << 26)	/* IA32_SPEC_CTRL.IBRS, IA32_PRED_CMD */
#define CPUID_7_EDX_STIBP	(1u << 27)	/* IA32_SPEC_CTRL.STIBP */
#define CPUID_7_EDX_L1D_FLUSH	(1u << 28)	/* IA32_FLUSH_CMD */
#define CPUID_7_EDX_ARCH_CAPABILITIES (1u << 29) /* IA32_ARCH_CAPABILITIES */
#define CPUID_7_EDX_CORE_CAPABILITIES (1u << 30) /* IA32_CORE_CAPABILITIES */
#define CPUID_7_EDX_SSBD	(1u << 31)	/* IA32_SPEC_CTRL.SSBD */
/* Leaf 0xD subleaf 1, EAX */
#define CPUID_D1_EAX_XSAVEOPT	(1u << 0)
#define CPUID_D1_EAX_XSAVEC	(1u << 1)
#define CPUID_D1_EAX_XGETBV_ECX1 (1u << 2)
#define CPUID_D1_EAX_XSAVES	(1u << 3)
#define CPUID_D1_EAX_XFD	(1u << 4)
/* Leaf 0x80000001, ECX */
#define CPUID_80000001_ECX_LAHF	(1u << 0)
#define CPUID_80000001_ECX_LZCNT (1u << 5)
#define CPUID_80000001_ECX_PREFETCHW (1u << 8)
/* Leaf 0x80000001, EDX */
#define CPUID_80000001_EDX_SYSCALL (1u << 11)
#define CPUID_80000001_EDX_NX	(1u << 20)
#define CPUID_80000001_EDX_PDPE1GB (1u << 26)
#define CPUID_80000001_EDX_RDTSCP (1u << 27)
#define CPUID_80000001_EDX_LM	(1u << 29)
/* Leaf 0x80000007, EDX */
#define CPUID_80000007_EDX_INVARIANT_TSC (1u << 8)
/* Leaf 0x80000008, EBX */
#define CPUID_80000008_EBX_WBNOINVD (1u << 9)

/* "GenuineIntel" in EBX, EDX, ECX */
#define CPUID_VENDOR_INTEL_EBX	0x756e6547
#define CPUID_VENDOR_INTEL_EDX	0x49656e69
#define CPUID_VENDOR_INTEL_ECX	0x6c65746e

#endif
