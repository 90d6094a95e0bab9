/* The initial guest states of vmx/vmcs.h (vmcs_guest_protected_flat,
 * vmcs_guest_real_mode): VMWRITEs of values worked out from the CPU's
 * fixed bits only, no other hardware, so host unit tests run them against
 * the model VMCS (tests/unit/vmcs_model.h). */
#include "arch/cr.h"
#include "vmx/controls.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"
#include "vmx/vmx_defs.h"

void vmcs_guest_protected_flat(struct vcpu *v, uint64_t rip, uint64_t gdt_gpa)
{
	const struct vmx_cpu *cpu = v->cpu;
	/* Access rights (25.4.1): G=1 D=1 P=1 S=1 DPL=0; code type 0xB
	 * (execute/read, accessed), data type 0x3 (read/write, accessed). */
	const uint32_t ar_code = 0xC09B, ar_data = 0xC093;
	/* What the guest believes: protected mode, no paging, NE and ET. */
	uint64_t cr0 = X86_CR0_PE | X86_CR0_ET | X86_CR0_NE;

	vmcs_write(VMCS_GUEST_CR0, vmx_fix_cr(cr0, cpu->caps.cr0_fixed0 &
					     ~(X86_CR0_PE | X86_CR0_PG),
					     cpu->caps.cr0_fixed1));
	vmcs_write(VMCS_CR0_READ_SHADOW, cr0);
	vmcs_write(VMCS_GUEST_CR3, 0);
	vmcs_write(VMCS_GUEST_CR4, vmx_fix_cr(0, cpu->caps.cr4_fixed0,
					     cpu->caps.cr4_fixed1));
	vmcs_write(VMCS_CR4_READ_SHADOW, 0);
	vmcs_write(VMCS_GUEST_DR7, 0x400);
	vmcs_write(VMCS_GUEST_RSP, 0);
	vmcs_write(VMCS_GUEST_RIP, rip);
	vmcs_write(VMCS_GUEST_RFLAGS, X86_RFLAGS_FIXED);

	vmcs_write(VMCS_GUEST_CS_SELECTOR, 0x10);
	vmcs_write(VMCS_GUEST_CS_BASE, 0);
	vmcs_write(VMCS_GUEST_CS_LIMIT, 0xFFFFFFFF);
	vmcs_write(VMCS_GUEST_CS_AR_BYTES, ar_code);
#define DATA_SEG(S)                                           \
	vmcs_write(VMCS_GUEST_##S##_SELECTOR, 0x18);          \
	vmcs_write(VMCS_GUEST_##S##_BASE, 0);                 \
	vmcs_write(VMCS_GUEST_##S##_LIMIT, 0xFFFFFFFF);       \
	vmcs_write(VMCS_GUEST_##S##_AR_BYTES, ar_data)
	DATA_SEG(DS);
	DATA_SEG(ES);
	DATA_SEG(SS);
	DATA_SEG(FS);
	DATA_SEG(GS);
#undef DATA_SEG
	/* No LDT; a TR that satisfies 27.3.1.2 (busy 32-bit TSS). */
	vmcs_write(VMCS_GUEST_LDTR_SELECTOR, 0);
	vmcs_write(VMCS_GUEST_LDTR_BASE, 0);
	vmcs_write(VMCS_GUEST_LDTR_LIMIT, 0);
	vmcs_write(VMCS_GUEST_LDTR_AR_BYTES, VMX_AR_UNUSABLE);
	vmcs_write(VMCS_GUEST_TR_SELECTOR, 0);
	vmcs_write(VMCS_GUEST_TR_BASE, 0);
	vmcs_write(VMCS_GUEST_TR_LIMIT, 0xFF);
	vmcs_write(VMCS_GUEST_TR_AR_BYTES, 0x8B);
	vmcs_write(VMCS_GUEST_GDTR_BASE, gdt_gpa);
	vmcs_write(VMCS_GUEST_GDTR_LIMIT, 0x1F);
	vmcs_write(VMCS_GUEST_IDTR_BASE, 0);
	vmcs_write(VMCS_GUEST_IDTR_LIMIT, 0);

	vmcs_write(VMCS_GUEST_IA32_EFER, 0);
	vmcs_write(VMCS_GUEST_IA32_PAT, 0x0007040600070406ULL);	/* reset value */
	vmcs_write(VMCS_GUEST_IA32_DEBUGCTL, 0);
	vmcs_write(VMCS_GUEST_SYSENTER_CS, 0);
	vmcs_write(VMCS_GUEST_SYSENTER_ESP, 0);
	vmcs_write(VMCS_GUEST_SYSENTER_EIP, 0);
	vmcs_write(VMCS_GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_ACTIVE);
	vmcs_write(VMCS_GUEST_INTERRUPTIBILITY_INFO, 0);
	vmcs_write(VMCS_GUEST_PENDING_DBG_EXCEPTIONS, 0);
}

void vmcs_guest_real_mode(struct vcpu *v, uint16_t cs, uint16_t ip)
{
	const struct vmx_cpu *cpu = v->cpu;
	/* Real mode with unrestricted guest (25.4.1, 27.3.1.2): segments of
	 * limit 0xFFFF and base selector * 16, access rights P=1 S=1 DPL=0,
	 * code type 0xB, data type 0x3; CR0.PE and PG clear. */
	const uint32_t ar_code = 0x9B, ar_data = 0x93;
	uint64_t cr0 = X86_CR0_ET;

	vmcs_write(VMCS_GUEST_CR0, vmx_fix_cr(cr0, cpu->caps.cr0_fixed0 &
					     ~(X86_CR0_PE | X86_CR0_PG),
					     cpu->caps.cr0_fixed1));
	vmcs_write(VMCS_CR0_READ_SHADOW, cr0);
	vmcs_write(VMCS_GUEST_CR3, 0);
	vmcs_write(VMCS_GUEST_CR4, vmx_fix_cr(0, cpu->caps.cr4_fixed0,
					     cpu->caps.cr4_fixed1));
	vmcs_write(VMCS_CR4_READ_SHADOW, 0);
	vmcs_write(VMCS_GUEST_DR7, 0x400);
	vmcs_write(VMCS_GUEST_RSP, 0);
	vmcs_write(VMCS_GUEST_RIP, ip);
	vmcs_write(VMCS_GUEST_RFLAGS, X86_RFLAGS_FIXED);

	vmcs_write(VMCS_GUEST_CS_SELECTOR, cs);
	vmcs_write(VMCS_GUEST_CS_BASE, (uint64_t)cs << 4);
	vmcs_write(VMCS_GUEST_CS_LIMIT, 0xFFFF);
	vmcs_write(VMCS_GUEST_CS_AR_BYTES, ar_code);
#define DATA_SEG(S)                                           \
	vmcs_write(VMCS_GUEST_##S##_SELECTOR, 0);             \
	vmcs_write(VMCS_GUEST_##S##_BASE, 0);                 \
	vmcs_write(VMCS_GUEST_##S##_LIMIT, 0xFFFF);           \
	vmcs_write(VMCS_GUEST_##S##_AR_BYTES, ar_data)
	DATA_SEG(DS);
	DATA_SEG(ES);
	DATA_SEG(SS);
	DATA_SEG(FS);
	DATA_SEG(GS);
#undef DATA_SEG
	vmcs_write(VMCS_GUEST_LDTR_SELECTOR, 0);
	vmcs_write(VMCS_GUEST_LDTR_BASE, 0);
	vmcs_write(VMCS_GUEST_LDTR_LIMIT, 0);
	vmcs_write(VMCS_GUEST_LDTR_AR_BYTES, VMX_AR_UNUSABLE);
	vmcs_write(VMCS_GUEST_TR_SELECTOR, 0);
	vmcs_write(VMCS_GUEST_TR_BASE, 0);
	vmcs_write(VMCS_GUEST_TR_LIMIT, 0xFF);
	vmcs_write(VMCS_GUEST_TR_AR_BYTES, 0x8B);
	vmcs_write(VMCS_GUEST_GDTR_BASE, 0);
	vmcs_write(VMCS_GUEST_GDTR_LIMIT, 0);
	vmcs_write(VMCS_GUEST_IDTR_BASE, 0);
	vmcs_write(VMCS_GUEST_IDTR_LIMIT, 0x3FF);	/* the real-mode IVT */

	vmcs_write(VMCS_GUEST_IA32_EFER, 0);
	vmcs_write(VMCS_GUEST_IA32_PAT, 0x0007040600070406ULL);	/* reset value */
	vmcs_write(VMCS_GUEST_IA32_DEBUGCTL, 0);
	vmcs_write(VMCS_GUEST_SYSENTER_CS, 0);
	vmcs_write(VMCS_GUEST_SYSENTER_ESP, 0);
	vmcs_write(VMCS_GUEST_SYSENTER_EIP, 0);
	vmcs_write(VMCS_GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_ACTIVE);
	vmcs_write(VMCS_GUEST_INTERRUPTIBILITY_INFO, 0);
	vmcs_write(VMCS_GUEST_PENDING_DBG_EXCEPTIONS, 0);
}
