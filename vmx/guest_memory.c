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

/* The walker's 8-byte accesses to the guest's paging structures. */
static int ram_read8(void *ctx, uint64_t gpa, uint64_t *val)
{
	const uint64_t *p = guest_ram_hva(ctx, gpa, 8);

	if (!p)
		return -1;
	*val = *p;
	return 0;
}

static int ram_write8(void *ctx, uint64_t gpa, uint64_t val)
{
	uint64_t *p = guest_ram_hva(ctx, gpa, 8);

	if (!p)
		return -1;
	*p = val;
	return 0;
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
