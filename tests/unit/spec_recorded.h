/*
 * CPUID leaf 7 and speculation-control MSRs recorded on real CPUs, for the
 * speculation-control tests (tests/unit/test_spec_ctrl.c).
 *
 * Sources: AIDA64 "CPUID dump" reports in the InstLatx64 repository
 * (github.com/InstLatx64/InstLatx64), which list CPUID for every logical
 * CPU and then the MSRs the CPU enumerates:
 * - Intel Core i7-6700K (Skylake-S client, CPUID 0x506E3, microcode 0xD6,
 *   MSR 0x8B), GenuineIntel/GenuineIntel00506E3_SkyLake_01_CPUID.txt
 *   (AIDA64 Engineer v8.25, commit c58e422): CPUID.(7,0) = 00000000
 *   029C6FBF 00000000 9C002400 (EDX: MD_CLEAR 10, TSX_FORCE_ABORT 13,
 *   IBRS/IBPB 26, STIBP 27, L1D_FLUSH 28, SSBD 31; no ARCH_CAPABILITIES
 *   29, and the report lists no MSR 0x10A); IA32_SPEC_CTRL reads 0.
 * - Intel Core i7-1065G7 (Ice Lake-U client, CPUID 0x706E5, microcode
 *   0x2E), GenuineIntel/GenuineIntel00706E5_IceLakeY_CPUID.txt (AIDA64
 *   Engineer v6.00, commit ddff8a9): CPUID.(7,0) = 00000000 F2BF27EF
 *   40405F4E BC000410 (EDX: FSRM 4, MD_CLEAR 10, 26-29, 31);
 *   IA32_ARCH_CAPABILITIES = 0x2B (RDCL_NO 0, IBRS_ALL 1,
 *   SKIP_L1DFL_VMENTRY 3, MDS_NO 5); IA32_SPEC_CTRL reads 1 (Windows runs
 *   with IBRS set, enhanced IBRS).
 */
#ifndef TESTS_UNIT_SPEC_RECORDED_H
#define TESTS_UNIT_SPEC_RECORDED_H

#include <stdint.h>

struct spec_recorded_cpu {
	const char *name;
	uint32_t leaf7[4];		/* CPUID.(EAX=07H,ECX=0) EAX..EDX */
	uint64_t arch_capabilities;	/* 0: the CPU has no such MSR */
};

static const struct spec_recorded_cpu spec_skylake_6700k = {
	"Intel Core i7-6700K (Skylake)",
	{ 0x00000000, 0x029C6FBF, 0x00000000, 0x9C002400 }, 0,
};

static const struct spec_recorded_cpu spec_icelake_1065g7 = {
	"Intel Core i7-1065G7 (Ice Lake)",
	{ 0x00000000, 0xF2BF27EF, 0x40405F4E, 0xBC000410 }, 0x2B,
};

#endif
