/* Guest memory as the vCPU sees it: guest RAM by guest-physical address,
 * and the page-walker context (vmx/guest_walk.h) for the guest's paging
 * mode at this exit, for the exits that read or write guest memory by its
 * linear address (string I/O, MMIO instruction fetch, the guest dump). */
#ifndef VMX_GUEST_MEMORY_H
#define VMX_GUEST_MEMORY_H

#include <stdbool.h>
#include <stdint.h>
#include "vmx/guest_walk.h"

struct vcpu;
struct vmx_vm;

/* Host pointer to guest-physical [gpa, gpa + len), or NULL if any of it is
 * outside guest RAM (the host is identity-mapped). */
void *guest_ram_hva(const struct vmx_vm *vm, uint64_t gpa, uint64_t len);

/* Host pointer to the 4 KiB page holding guest-physical gpa when EPT
 * maps it: guest RAM, or device memory the VM maps straight through (the
 * framebuffer; the host maps it at the same address). NULL for MMIO
 * device registers and absent space, which EPT leaves unmapped. */
void *guest_memory_page(const struct vmx_vm *vm, uint64_t gpa);

/* How the guest's accesses outside what EPT maps resolve, for the
 * hypervisor's own reads of guest memory (page walks, string I/O): */
enum guest_phys_kind {
	GUEST_PHYS_MAPPED,	/* RAM or mapped device memory */
	GUEST_PHYS_DEVICE,	/* an emulated device's registers */
	GUEST_PHYS_ABSENT,	/* nothing: reads all ones, writes dropped */
};
enum guest_phys_kind guest_phys_kind(struct vmx_vm *vm, uint64_t gpa);

/* Fills *w with the guest's paging mode now, from the VMCS: CR0, CR3,
 * CR4, EFER, the CPL (SS.DPL) and the CPU's physical-address width; for
 * PAE paging the PDPTEs the CPU holds (saved in the VMCS on the exit
 * with EPT on, 28.3.4), kept in pdptes. The walks read guest RAM; with
 * set_accessed_dirty they set the accessed and dirty flags as the CPU
 * would, without (a dump, a debugger) they write nothing. */
void guest_memory_walk_ctx(struct vcpu *v, struct guest_walk_ctx *w,
			   uint64_t pdptes[4], bool set_accessed_dirty);

#endif
