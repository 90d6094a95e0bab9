/* The speculation-control MSRs as the guest sees them (SDM Vol. 4 Table
 * 2-2; Intel's "Speculative Execution Side Channel Mitigations"):
 * IA32_SPEC_CTRL (0x48), IA32_PRED_CMD (0x49), IA32_ARCH_CAPABILITIES
 * (0x10A) and IA32_FLUSH_CMD (0x10B). Which exist, and which bits of them,
 * follows from the guest's CPUID.(EAX=07H,ECX=0):EDX (the policy,
 * vmx/cpuid_policy.c, offers bits 26-29 and 31 where the host has them),
 * as KVM decides it:
 *   IA32_SPEC_CTRL        exists with IBRS (26), STIBP (27) or SSBD (31);
 *                         bit 0 IBRS needs 26, bit 1 STIBP 27, bit 2 SSBD
 *                         31; every other bit is reserved (#GP). Bits
 *                         enumerated by CPUID.(EAX=07H,ECX=2) (PSFD,
 *                         IPRED/RRSBA/BHI_DIS_S) are not: that subleaf
 *                         reads 0.
 *   IA32_PRED_CMD         write-only, exists with 26; bit 0 IBPB; a read
 *                         is #GP.
 *   IA32_FLUSH_CMD        write-only, exists with 28; bit 0 L1D_FLUSH.
 *   IA32_ARCH_CAPABILITIES read-only, exists with 29; the host's value
 *                         with only the bits in SPEC_ARCH_CAP_GUEST.
 * An MSR CPUID does not offer is #GP like any unknown MSR. Pure: the
 * mechanism (the MSR bitmap, the VM-exit/VM-entry MSR areas, the host's
 * WRMSR) is vmx/exit_msr.c's. */
#ifndef VMX_SPEC_CTRL_H
#define VMX_SPEC_CTRL_H

#include <stdint.h>
#include "arch/msr.h"

/* IA32_ARCH_CAPABILITIES bits a guest may see (from the host's value):
 * those that say what the processor is not affected by, or how it
 * behaves, with no MSR or VMX feature behind them:
 *   RDCL_NO 0, IBRS_ALL 1 (only with IBRS offered), RSBA 2, SSB_NO 4,
 *   MDS_NO 5, IF_PSCHANGE_MC_NO 6, TAA_NO 8, SBDR_SSDP_NO 13, FBSDP_NO 14,
 *   PSDP_NO 15, FB_CLEAR 17, RRSBA 19, BHI_NO 20, PBRSB_NO 24, GDS_NO 26,
 *   RFDS_NO 27, RFDS_CLEAR 28.
 * Hidden:
 *   SKIP_L1DFL_VMENTRY 3: it tells a VMM that it need not flush L1D before
 *     VM entry. KVM sets it for its guests when KVM itself flushes L1D on
 *     its entries; this hypervisor never flushes L1D on entry (KVM's
 *     "never" case, where KVM leaves the bit clear), and its guest cannot
 *     use VMX anyway.
 *   TSX_CTRL 7 (IA32_TSX_CTRL), MCU_CONTROL 9 (IA32_MCU_OPT_CTRL),
 *   MISC_PACKAGE_CTLS 10, ENERGY_FILTERING_CTL 11, DOITM 12
 *   (IA32_UARCH_MISC_CTL), FB_CLEAR_CTRL 18 and GDS_CTRL 25
 *   (IA32_MCU_OPT_CTRL), XAPIC_DISABLE_STATUS 21, OVERCLOCKING_STATUS 23:
 *   each says an MSR exists that is not emulated here.
 *   Bits 16, 22 and 29-63 are reserved. */
#define SPEC_ARCH_CAP_GUEST						\
	(ARCH_CAP_RDCL_NO | ARCH_CAP_IBRS_ALL | ARCH_CAP_RSBA |		\
	 ARCH_CAP_SSB_NO | ARCH_CAP_MDS_NO | ARCH_CAP_IF_PSCHANGE_MC_NO |	\
	 ARCH_CAP_TAA_NO | ARCH_CAP_SBDR_SSDP_NO | ARCH_CAP_FBSDP_NO |	\
	 ARCH_CAP_PSDP_NO | ARCH_CAP_FB_CLEAR | ARCH_CAP_RRSBA |		\
	 ARCH_CAP_BHI_NO | ARCH_CAP_PBRSB_NO | ARCH_CAP_GDS_NO |		\
	 ARCH_CAP_RFDS_NO | ARCH_CAP_RFDS_CLEAR)

/* What a guest's RDMSR or WRMSR of one of these MSRs comes to. */
enum spec_msr {
	SPEC_MSR_OTHER,		/* not one of these MSRs */
	SPEC_MSR_ABSENT,	/* CPUID does not offer it: #GP, as unknown */
	SPEC_MSR_REFUSED,	/* a read of a write-only MSR, a write of a
				 * read-only one or of reserved bits: #GP */
	SPEC_MSR_OK,		/* allowed: vmx/exit_msr.c does it */
};

/* The IA32_SPEC_CTRL bits the guest may set. */
uint64_t spec_ctrl_valid_bits(uint32_t leaf7_edx);

/* The guest's IA32_ARCH_CAPABILITIES for the host's value. */
uint64_t spec_guest_arch_capabilities(uint64_t host, uint32_t leaf7_edx);

/* RDMSR and WRMSR of msr by a guest whose CPUID.(EAX=07H,ECX=0):EDX is
 * leaf7_edx. For SPEC_MSR_REFUSED, *why says what was refused. */
enum spec_msr spec_msr_read(uint32_t msr, uint32_t leaf7_edx,
			    const char **why);
enum spec_msr spec_msr_write(uint32_t msr, uint64_t val, uint32_t leaf7_edx,
			     const char **why);

#endif
