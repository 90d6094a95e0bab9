/* Guest RAM and the guest's paging as the vCPU sees them; see
 * guest_memory.h. */
#include "arch/cr.h"
#include "vmx/guest_memory.h"
#include "vmx/vcpu.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"
#include "vmx/vmx_vm.h"

void *guest_ram_hva(const struct vmx_vm *vm, uint64_t gpa, uint64_t len)
{
	if (gpa >= vm->ram_size || len > vm->ram_size - gpa)
		return NULL;
	return (void *)(uintptr_t)(vm->ram_hpa + gpa);
}

void *guest_memory_page(const struct vmx_vm *vm, uint64_t gpa)
{
	struct ept_walk_result w;

	gpa &= ~0xFFFULL;
	if (gpa < vm->ram_size)
		return (void *)(uintptr_t)(vm->ram_hpa + gpa);
	if (ept_walk(&vm->ept, gpa, &w) != 0 || !w.present ||
	    (w.perms & (EPT_READ | EPT_WRITE)) != (EPT_READ | EPT_WRITE))
		return NULL;
	return (void *)(uintptr_t)(w.hpa & ~0xFFFULL);
}

enum guest_phys_kind guest_phys_kind(struct vmx_vm *vm, uint64_t gpa)
{
	if (guest_memory_page(vm, gpa))
		return GUEST_PHYS_MAPPED;
	if (mmio_find(&vm->mmio, gpa, 1))
		return GUEST_PHYS_DEVICE;
	return GUEST_PHYS_ABSENT;
}

/* The walker's 8-byte accesses to the guest's paging structures. A
 * paging structure in absent space reads all ones, as the CPU's walk
 * would find it (so the walk faults on reserved bits), and the accessed
 * and dirty flags written there go nowhere; one in device registers is
 * not emulated (GW_BAD_TABLE). */
static int ram_read8(void *ctx, uint64_t gpa, uint64_t *val)
{
	uint8_t *page = guest_memory_page(ctx, gpa);

	if (page) {
		*val = *(const uint64_t *)(page + (gpa & 0xFF8));
		return 0;
	}
	if (guest_phys_kind(ctx, gpa) != GUEST_PHYS_ABSENT)
		return -1;
	*val = ~0ULL;
	return 0;
}

static int ram_write8(void *ctx, uint64_t gpa, uint64_t val)
{
	uint8_t *page = guest_memory_page(ctx, gpa);

	if (page) {
		*(uint64_t *)(page + (gpa & 0xFF8)) = val;
		return 0;
	}
	return guest_phys_kind(ctx, gpa) == GUEST_PHYS_ABSENT ? 0 : -1;
}

void guest_memory_walk_ctx(struct vcpu *v, struct guest_walk_ctx *w,
			   uint64_t pdptes[4], bool set_accessed_dirty)
{
	*w = (struct guest_walk_ctx){
		.cr0 = vmcs_read(VMCS_GUEST_CR0),
		.cr3 = vmcs_read(VMCS_GUEST_CR3),
		.cr4 = vmcs_read(VMCS_GUEST_CR4),
		.efer = vmcs_read(VMCS_GUEST_IA32_EFER),
		.cpl = (vmcs_read(VMCS_GUEST_SS_AR_BYTES) >> 5) & 3,
		.read_phys = ram_read8,
		.write_phys = set_accessed_dirty ? ram_write8 : NULL,
		.ctx = v->vm,
		.maxphyaddr = v->cpu->maxphyaddr,
	};
	/* PAE paging: the PDPTEs the CPU holds, which it saved in the VMCS
	 * on this exit since EPT is on (SDM 28.3.4). */
	if ((w->cr0 & X86_CR0_PG) && (w->cr4 & X86_CR4_PAE) &&
	    !(w->efer & X86_EFER_LMA)) {
		pdptes[0] = vmcs_read(VMCS_GUEST_PDPTE0);
		pdptes[1] = vmcs_read(VMCS_GUEST_PDPTE1);
		pdptes[2] = vmcs_read(VMCS_GUEST_PDPTE2);
		pdptes[3] = vmcs_read(VMCS_GUEST_PDPTE3);
		w->pdptes = pdptes;
	}
}
