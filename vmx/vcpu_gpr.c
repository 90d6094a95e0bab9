/* The guest's general-purpose registers by the number exits give them
 * (vcpu_gpr in vmx/vcpu.h): RSP is in the VMCS, the rest in struct
 * guest_regs. */
#include "vmx/vcpu.h"
#include "vmx/vmcs.h"

/* Register number in exit qualifications and instruction information
 * (Table 28-3: RAX RCX RDX RBX RSP RBP RSI RDI R8..R15) to the slot in
 * struct guest_regs. RSP (4) lives in the VMCS. */
static const unsigned gpr_slot[16] = { 0, 2, 3, 1, 0, 6, 4, 5,
				       7, 8, 9, 10, 11, 12, 13, 14 };

uint64_t vcpu_gpr(struct vcpu *v, unsigned n)
{
	const uint64_t *r = &v->regs.rax;
	if (n == 4)
		return vmcs_read(VMCS_GUEST_RSP);
	return r[gpr_slot[n & 15]];
}

void vcpu_set_gpr(struct vcpu *v, unsigned n, uint64_t value)
{
	uint64_t *r = &v->regs.rax;
	if (n == 4) {
		vmcs_write(VMCS_GUEST_RSP, value);
		return;
	}
	r[gpr_slot[n & 15]] = value;
}
