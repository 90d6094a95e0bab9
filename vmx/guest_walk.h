/*
 * Guest page-table walker: translates a guest-linear address to a
 * guest-physical one as the guest's processor would, for the hypervisor's
 * own accesses to guest memory (string I/O emulation, the gdb stub,
 * instruction decoding).
 *
 * Intel SDM Vol. 3A chapter 4 "Paging":
 *   4.1.1  the paging modes (Table 4-1): none, 32-bit, PAE, 4-level, 5-level
 *   4.3    32-bit paging, 4 KiB and 4 MiB (CR4.PSE, PSE-36) pages
 *   4.4    PAE paging, 4 KiB and 2 MiB pages
 *   4.5    4-level and 5-level paging, 4 KiB, 2 MiB and 1 GiB pages
 *   4.6    access rights (R/W, U/S, XD, CR0.WP, CR4.SMEP, CR4.SMAP)
 *   4.7    page-fault exceptions and their error code
 *   4.8    accessed and dirty flags
 *
 * What it does not model (approximations a caller should know):
 *   - PAE paging: a real processor loads the four PDPTEs into registers
 *     when CR3 is written (4.4.1). A caller that has them (with EPT the
 *     VMCS guest PDPTE fields hold them after an exit, SDM 28.3.4) passes
 *     them in 'pdptes' and the walk uses them; without, the walker reads
 *     them from memory at CR3 on every walk, so a guest that edits its PDPT
 *     without reloading CR3 sees the old entries there and the new ones
 *     here (and an accessed flag set in a PDE that is also a PDPTE makes
 *     that PDPTE reserved on the next walk). A present PDPTE with a
 *     reserved bit set is a #GP at MOV to CR3 on hardware; here it is a
 *     page fault with RSVD.
 *   - SMAP is applied to every supervisor-mode data access to a user-mode
 *     address: RFLAGS.AC and the explicit/implicit distinction (4.6.1) are
 *     not modelled. Protection keys (CR4.PKE/PKS), shadow stacks, HLAT and
 *     LAM are not modelled: their bits are ignored.
 *   - 1 GiB pages are assumed supported (CPUID.80000001H:EDX[26]), and so
 *     is PSE-36 for 4 MiB pages of 32-bit paging.
 *   - Accessed and dirty flags are set only after a walk succeeded (the
 *     SDM allows a processor to leave them clear on a faulting walk), each
 *     by reading the 8 bytes holding the entry again and writing them back
 *     if the entry is unchanged. This is not atomic: another vCPU's store
 *     between that read and write is lost. A guest that changed the entry
 *     meanwhile gets no flag set in it.
 *   - The TLB: every walk reads the tables afresh.
 */
#ifndef VMX_GUEST_WALK_H
#define VMX_GUEST_WALK_H

#include <stdbool.h>
#include <stdint.h>

struct guest_walk_ctx {
	/*
	 * The guest's control registers and EFER as its processor uses them
	 * for translation: normally the VMCS guest-state fields. If the
	 * hypervisor forces a bit the guest did not set (say CR0.PG without
	 * unrestricted guest), pass the guest's own value (its read shadow).
	 */
	uint64_t cr0, cr3, cr4, efer;
	/* The guest's current privilege level, 0..3. An access is a
	 * user-mode access if cpl is 3 or the access has GW_USER (4.6). For a
	 * supervisor-mode access while the guest runs at CPL 3 (an implicit
	 * access such as a descriptor-table read, or a debugger reading kernel
	 * memory), pass cpl 0 and no GW_USER. */
	unsigned cpl;
	/* Reads/writes 8 bytes of guest-physical memory; return 0, or -1 if
	 * gpa is not guest RAM. The walker only passes 8-byte aligned gpas. */
	int (*read_phys)(void *ctx, uint64_t gpa, uint64_t *val);
	/* May be NULL: then accessed and dirty flags are not set. */
	int (*write_phys)(void *ctx, uint64_t gpa, uint64_t val);
	void *ctx;
	/* The guest's physical-address width, CPUID.80000008H:EAX[7:0]:
	 * entry bits from here up to 51 are reserved (4.1.4). 32..52, or 0
	 * for 52 (so a zero-initialised field is the most permissive). */
	unsigned maxphyaddr;
	/* PAE paging: the four PDPTEs the processor loaded at the last
	 * CR3 write, or NULL to read them from memory at CR3. */
	const uint64_t *pdptes;
};

/* The kind of access, for guest_walk's 'access' argument. A data read is
 * 0. GW_WRITE and GW_FETCH are mutually exclusive. */
#define GW_WRITE	(1u << 0)	/* data write */
#define GW_USER		(1u << 1)	/* user-mode access (also implied by cpl 3) */
#define GW_FETCH	(1u << 2)	/* instruction fetch */

#define GW_MAXPHYADDR_DEFAULT	52

enum guest_walk_result {
	GW_OK = 0,
	GW_PAGE_FAULT = -1,	/* inject #PF: CR2 = gla, *pf_error_code */
	GW_BAD_TABLE = -2,	/* a paging structure outside guest RAM, or
				 * write_phys failed setting an A/D flag */
	GW_NONCANONICAL = -3,	/* 4/5-level paging, gla not canonical: the
				 * caller raises #GP (or #SS for a stack access) */
	GW_EINVAL = -4,		/* NULL ctx or read_phys, cpl > 3, unknown or
				 * contradictory access bits, maxphyaddr out
				 * of range, or EFER.LMA with CR4.PAE = 0 */
};

/*
 * Translates guest-linear address 'gla' for an access of kind 'access'
 * (GW_* flags) with the paging mode c's registers select.
 *
 * Returns GW_OK with the guest-physical address in *gpa, or a negative
 * guest_walk_result. On GW_PAGE_FAULT, *pf_error_code is the error code
 * for the #PF (X86_PF_* in arch/pte.h); it is 0 for every other result.
 * *gpa is 0 unless GW_OK. Either pointer may be NULL.
 *
 * Without paging (CR0.PG = 0) the address is its own translation,
 * truncated to 32 bits (EFER.LMA cannot be 1 without paging). With 32-bit
 * or PAE paging the linear address is 32 bits: bits 63:32 of gla are
 * ignored, as the caller should already have wrapped it.
 */
int guest_walk(const struct guest_walk_ctx *c, uint64_t gla, unsigned access,
	       uint64_t *gpa, uint32_t *pf_error_code);

/* Whether the CPU would load this PAE PDPTE when a MOV to CR0, CR3 or CR4
 * turns on or reloads PAE paging (SDM Vol. 3A 4.4.1): not present, or no
 * reserved bit set (Table 4-8). Otherwise that MOV is #GP(0). False for a
 * maxphyaddr outside 32..52. */
bool guest_pae_pdpte_valid(uint64_t pdpte, unsigned maxphyaddr);

/* A short description of a guest_walk_result ("ok" for GW_OK). */
const char *guest_walk_strerror(int err);

#endif
