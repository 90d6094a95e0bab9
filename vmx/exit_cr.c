/* Control-register access (exit reason 28; qualification in 28.2.1, Table
 * 28-3). CR0 and CR4 exit only when the guest writes a bit the host owns
 * (the guest/host masks set in vmx/vmcs.c: the bits VMX fixes); CR3 exits
 * only in the naive build (NAIVE=1; with EPT it is the guest's); CR8 exits and reads or writes the local APIC's TPR through
 * the platform (no TPR shadow: Bochs' APIC virtualization is not used).
 *
 * A write is checked as MOV to CR would check it (vmx/cr_rules.c): a
 * reserved or unsupported bit, PG without PE, NW without CD, long-mode
 * paging without PAE, and the like get #GP.
 * Otherwise the guest sees its value in the read shadow, the CPU gets it
 * with the fixed bits forced, and EFER.LMA and the "IA-32e mode guest"
 * entry control follow CR0.PG as the CPU would set them. */
#include "arch/cr.h"
#include "vmx/cr_rules.h"
#include "vmx/exits.h"
#include "vmx/guest_memory.h"
#include "vmx/guest_walk.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"
#include "vmx/vmx_ops.h"

/* Bits whose change invalidates the guest's cached translations (SDM
 * Vol. 3A 4.10.4.1 "Operations that Invalidate TLBs and Paging-Structure
 * Caches"). */
#define CR0_TRANSLATION_BITS (X86_CR0_PE | X86_CR0_PG | X86_CR0_WP)
#define CR4_TRANSLATION_BITS (X86_CR4_PSE | X86_CR4_PAE | X86_CR4_PGE | \
			      X86_CR4_PCIDE | X86_CR4_SMEP | X86_CR4_SMAP | \
			      X86_CR4_PKE | X86_CR4_LA57)

static void inject_gp(struct vcpu *v, const char *why, unsigned cr, uint64_t val)
{
	vcpu_trace(v, "MOV to CR%u 0x%llx: #GP (%s)", cr,
		   (unsigned long long)val, why);
	vcpu_inject_exception(v, X86_EXC_GP, 0);
}

/* In PAE paging outside long mode the CPU takes the four PDPTEs from the
 * VMCS at VM entry (27.3.2.4), so load them from the guest's CR3, as the
 * MOV would (4.4.1): one with a reserved bit set makes it #GP(0) (and
 * would make the VM entry fail). Returns NULL or why not. */
static const char *load_pdptes(struct vcpu *v, uint64_t cr3)
{
	const uint64_t *pdpte = guest_ram_hva(v->vm, cr3 & 0xFFFFFFE0ULL, 32);
	if (!pdpte)
		return "PDPT outside guest memory";
	for (unsigned i = 0; i < 4; i++)
		if (!guest_pae_pdpte_valid(pdpte[i], v->cpu->maxphyaddr))
			return "reserved bit in a PDPTE";
	vmcs_write(VMCS_GUEST_PDPTE0, pdpte[0]);
	vmcs_write(VMCS_GUEST_PDPTE1, pdpte[1]);
	vmcs_write(VMCS_GUEST_PDPTE2, pdpte[2]);
	vmcs_write(VMCS_GUEST_PDPTE3, pdpte[3]);
	return NULL;
}

/* 64-bit mode: EFER.LMA and CS.L. */
static bool in_64bit_mode(uint64_t efer)
{
	return (efer & X86_EFER_LMA) &&
	       (vmcs_read(VMCS_GUEST_CS_AR_BYTES) & VMX_AR_L);
}

static void mov_to_cr0(struct vcpu *v, uint64_t val)
{
	const struct vmx_cpu *cpu = v->cpu;
	uint64_t efer = vmcs_read(VMCS_GUEST_IA32_EFER);
	uint64_t cr4 = vmcs_read(VMCS_GUEST_CR4);
	uint32_t entry = (uint32_t)vmcs_read(VMCS_VM_ENTRY_CONTROLS);
	uint64_t old = vmcs_read(VMCS_GUEST_CR0);

	const char *why = cr0_write_check(val, old, efer, cr4,
					  in_64bit_mode(efer));
	if (why) {
		inject_gp(v, why, 0, val);
		return;
	}
	val = cr0_loaded_value(val);

	if ((val & X86_CR0_PG) && (efer & X86_EFER_LME)) {
		efer |= X86_EFER_LMA;
		entry |= ENTRY_IA32E_MODE_GUEST;
	} else {
		efer &= ~X86_EFER_LMA;
		entry &= ~ENTRY_IA32E_MODE_GUEST;
	}
	if ((val & X86_CR0_PG) && (cr4 & X86_CR4_PAE) && !(efer & X86_EFER_LMA)) {
		why = load_pdptes(v, vmcs_read(VMCS_GUEST_CR3));
		if (why) {
			inject_gp(v, why, 0, val);
			return;
		}
	}

	vmcs_write(VMCS_CR0_READ_SHADOW, val);
	vmcs_write(VMCS_GUEST_CR0,
		   vmx_fix_cr(val, cpu->caps.cr0_fixed0 & ~(X86_CR0_PE | X86_CR0_PG),
			      cpu->caps.cr0_fixed1));
	vmcs_write(VMCS_GUEST_IA32_EFER, efer);
	vmcs_write(VMCS_VM_ENTRY_CONTROLS, entry);
	/* The CPU would flush the guest's TLB for this write; the VMCS
	 * write does not (28.3.3.3). */
	if ((old ^ val) & CR0_TRANSLATION_BITS)
		vcpu_flush_guest_tlb(v);
	vcpu_trace(v, "MOV to CR0 0x%llx", (unsigned long long)val);
	vcpu_skip_instruction(v);
}

static void mov_to_cr4(struct vcpu *v, uint64_t val)
{
	const struct vmx_cpu *cpu = v->cpu;
	uint64_t efer = vmcs_read(VMCS_GUEST_IA32_EFER);
	uint64_t cr0 = vmcs_read(VMCS_GUEST_CR0);

	/* Only the bits of features the guest's CPUID offers and the CPU
	 * allows in VMX operation (VMXE is the hypervisor's: CPUID hides
	 * VMX): vmx/cpuid_policy.h. */
	uint64_t mask = vmcs_read(VMCS_CR4_GUEST_HOST_MASK);
	uint64_t old = (vmcs_read(VMCS_CR4_READ_SHADOW) & mask) |
		       (vmcs_read(VMCS_GUEST_CR4) & ~mask);
	const char *why = cr4_write_check(val, old, efer,
					  vmcs_read(VMCS_GUEST_CR3),
					  cpu->guest_cr4);
	if (why) {
		inject_gp(v, why, 4, val);
		return;
	}
	if ((cr0 & X86_CR0_PG) && (val & X86_CR4_PAE) && !(efer & X86_EFER_LMA)) {
		why = load_pdptes(v, vmcs_read(VMCS_GUEST_CR3));
		if (why) {
			inject_gp(v, why, 4, val);
			return;
		}
	}

	vmcs_write(VMCS_CR4_READ_SHADOW, val);
	vmcs_write(VMCS_GUEST_CR4, vmx_fix_cr(val, cpu->caps.cr4_fixed0,
					     cpu->caps.cr4_fixed1));
	if ((old ^ val) & CR4_TRANSLATION_BITS)
		vcpu_flush_guest_tlb(v);
	vcpu_trace(v, "MOV to CR4 0x%llx", (unsigned long long)val);
	vcpu_skip_instruction(v);
}

/* CR3 exits only in the naive intercept-everything build (NAIVE=1). With
 * CR4.PCIDE, bit 63 of the source asks not to flush and is not loaded. */
static void mov_to_cr3(struct vcpu *v, uint64_t val)
{
	uint64_t cr0 = vmcs_read(VMCS_GUEST_CR0);
	uint64_t cr4 = vmcs_read(VMCS_GUEST_CR4);
	uint64_t efer = vmcs_read(VMCS_GUEST_IA32_EFER);

	if (cr4 & X86_CR4_PCIDE)
		val &= ~(1ULL << 63);
	if ((cr0 & X86_CR0_PG) && (cr4 & X86_CR4_PAE) && !(efer & X86_EFER_LMA) &&
	    load_pdptes(v, val)) {
		inject_gp(v, "PDPTEs outside guest RAM", 3, val);
		return;
	}
	vmcs_write(VMCS_GUEST_CR3, val);
	invvpid(INVVPID_SINGLE_CONTEXT, v->vpid);
	vcpu_skip_instruction(v);
}

void exit_cr_access(struct vcpu *v)
{
	uint64_t q = v->exit.qualification;
	unsigned cr = q & CRQ_CR_MASK;
	unsigned access = (q >> CRQ_ACCESS_SHIFT) & CRQ_ACCESS_MASK;
	unsigned gpr = (q >> CRQ_GPR_SHIFT) & CRQ_GPR_MASK;
	uint64_t shadow, val;

	switch (access) {
	case 0:		/* MOV to CR */
		val = vcpu_gpr(v, gpr);
		/* Outside 64-bit mode the operand is 32 bits (Vol. 2B
		 * "MOV-Move to/from Control Registers"). */
		if (cr != 8 && !in_64bit_mode(vmcs_read(VMCS_GUEST_IA32_EFER)))
			val = (uint32_t)val;
		if (cr == 0) {
			mov_to_cr0(v, val);
			return;
		}
		if (cr == 4) {
			mov_to_cr4(v, val);
			return;
		}
		if (cr == 3) {
			mov_to_cr3(v, val);
			return;
		}
		if (cr == 8) {
			if (val & ~0xFULL) {
				inject_gp(v, "reserved bits", 8, val);
				return;
			}
			/* CR8 is TPR bits 7:4; a write clears bits 3:0
			 * (SDM Vol. 3A 11.8.6.1). */
			v->platform->set_tpr(v->platform->ctx, v->id,
					     (uint8_t)(val << 4));
			vcpu_skip_instruction(v);
			return;
		}
		break;
	case 1:		/* MOV from CR (CR3 in the naive build, CR8) */
		if (cr == 3) {
			vcpu_set_gpr(v, gpr, vmcs_read(VMCS_GUEST_CR3));
			vcpu_skip_instruction(v);
			return;
		}
		if (cr == 8) {
			vcpu_set_gpr(v, gpr, v->platform->get_tpr(
						       v->platform->ctx, v->id) >> 4);
			vcpu_skip_instruction(v);
			return;
		}
		break;
	case 2:		/* CLTS: clears CR0.TS, which the guest owns */
		shadow = vmcs_read(VMCS_CR0_READ_SHADOW);
		mov_to_cr0(v, shadow & ~X86_CR0_TS);
		return;
	case 3:		/* LMSW: loads CR0 bits 3:0, cannot clear PE */
		shadow = vmcs_read(VMCS_CR0_READ_SHADOW);
		mov_to_cr0(v, (shadow & ~0xEULL) |
				  ((q >> CRQ_LMSW_DATA_SHIFT) & 0xF));
		return;
	}
	vcpu_trace(v, "CR%u access type %u not expected", cr, access);
	vcpu_dump(v);
	vcpu_stop(v, VCPU_STOP_ERROR, EXIT_REASON_CR_ACCESS);
}
