/* Control-register, EFER and RFLAGS bits (SDM Vol. 3A 2.5 "Control
 * Registers", 2.2.1 "Extended Feature Enable Register", 2.3 and Vol. 1 3.4.3
 * "EFLAGS Register"). */
#ifndef ARCH_CR_H
#define ARCH_CR_H

#define X86_CR0_PE	(1ULL << 0)	/* protection enable */
#define X86_CR0_MP	(1ULL << 1)
#define X86_CR0_EM	(1ULL << 2)
#define X86_CR0_TS	(1ULL << 3)
#define X86_CR0_ET	(1ULL << 4)
#define X86_CR0_NE	(1ULL << 5)	/* numeric error */
#define X86_CR0_WP	(1ULL << 16)
#define X86_CR0_AM	(1ULL << 18)
#define X86_CR0_NW	(1ULL << 29)
#define X86_CR0_CD	(1ULL << 30)
#define X86_CR0_PG	(1ULL << 31)

#define X86_CR4_VME		(1ULL << 0)
#define X86_CR4_PVI		(1ULL << 1)
#define X86_CR4_TSD		(1ULL << 2)
#define X86_CR4_DE		(1ULL << 3)
#define X86_CR4_PSE		(1ULL << 4)
#define X86_CR4_PAE		(1ULL << 5)
#define X86_CR4_MCE		(1ULL << 6)
#define X86_CR4_PGE		(1ULL << 7)
#define X86_CR4_PCE		(1ULL << 8)
#define X86_CR4_OSFXSR		(1ULL << 9)
#define X86_CR4_OSXMMEXCPT	(1ULL << 10)
#define X86_CR4_UMIP		(1ULL << 11)
#define X86_CR4_LA57		(1ULL << 12)
#define X86_CR4_VMXE		(1ULL << 13)
#define X86_CR4_SMXE		(1ULL << 14)
#define X86_CR4_FSGSBASE	(1ULL << 16)
#define X86_CR4_PCIDE		(1ULL << 17)
#define X86_CR4_OSXSAVE		(1ULL << 18)
#define X86_CR4_SMEP		(1ULL << 20)
#define X86_CR4_SMAP		(1ULL << 21)
#define X86_CR4_PKE		(1ULL << 22)
#define X86_CR4_CET		(1ULL << 23)

#define X86_EFER_SCE	(1ULL << 0)
#define X86_EFER_LME	(1ULL << 8)
#define X86_EFER_LMA	(1ULL << 10)
#define X86_EFER_NXE	(1ULL << 11)

#define X86_RFLAGS_CF	(1ULL << 0)
#define X86_RFLAGS_FIXED (1ULL << 1)	/* reserved, always 1 */
#define X86_RFLAGS_ZF	(1ULL << 6)
#define X86_RFLAGS_TF	(1ULL << 8)
#define X86_RFLAGS_IF	(1ULL << 9)
#define X86_RFLAGS_DF	(1ULL << 10)
#define X86_RFLAGS_IOPL	(3ULL << 12)
#define X86_RFLAGS_NT	(1ULL << 14)
#define X86_RFLAGS_RF	(1ULL << 16)
#define X86_RFLAGS_VM	(1ULL << 17)
/* Bits 63:22, 15, 5 and 3 are reserved and must be 0. */
#define X86_RFLAGS_RESERVED 0xFFFFFFFFFFC08028ULL

/* IA32_DEBUGCTL (SDM Vol. 3B 18.4.1). */
#define X86_DEBUGCTL_BTF (1ULL << 1)

/* XCR0 (SDM Vol. 1 13.1 "XSAVE-Supported Features and State-Component
 * Bitmaps", 13.3 "Enabling the XSAVE Feature Set"). */
#define X86_XCR0_X87		(1ULL << 0)
#define X86_XCR0_SSE		(1ULL << 1)
#define X86_XCR0_AVX		(1ULL << 2)	/* YMM_Hi128 */
#define X86_XCR0_BNDREG		(1ULL << 3)	/* MPX */
#define X86_XCR0_BNDCSR		(1ULL << 4)	/* MPX */
#define X86_XCR0_OPMASK		(1ULL << 5)	/* AVX-512 */
#define X86_XCR0_ZMM_HI256	(1ULL << 6)	/* AVX-512 */
#define X86_XCR0_HI16_ZMM	(1ULL << 7)	/* AVX-512 */
#define X86_XCR0_PKRU		(1ULL << 9)
#define X86_XCR0_XTILECFG	(1ULL << 17)	/* AMX */
#define X86_XCR0_XTILEDATA	(1ULL << 18)	/* AMX */
#define X86_XCR0_MPX		(X86_XCR0_BNDREG | X86_XCR0_BNDCSR)
#define X86_XCR0_AVX512		(X86_XCR0_OPMASK | X86_XCR0_ZMM_HI256 | \
				 X86_XCR0_HI16_ZMM)
#define X86_XCR0_AMX		(X86_XCR0_XTILECFG | X86_XCR0_XTILEDATA)

/* Exception vectors (SDM Vol. 3A 6.3.1, Table 6-1). */
#define X86_EXC_DE	0
#define X86_EXC_DB	1
#define X86_EXC_NMI	2
#define X86_EXC_BP	3
#define X86_EXC_UD	6
#define X86_EXC_DF	8
#define X86_EXC_TS	10
#define X86_EXC_NP	11
#define X86_EXC_SS	12
#define X86_EXC_GP	13
#define X86_EXC_PF	14
#define X86_EXC_AC	17
#define X86_EXC_MC	18

#endif
