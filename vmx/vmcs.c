/* VMCS setup: host state, controls, initial guest state. */
#include "arch/cpu.h"
#include "arch/cr.h"
#include "arch/msr.h"
#include "arch/segment.h"
#include "kernel/kstring.h"
#include "kernel/log.h"
#include "kernel/panic.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"
#include "vmx/vmx_names.h"
#include "vmx/vmx_ops.h"
#include "vmx/vmx_vm.h"

extern char vmx_exit_host_rip[];	/* vmx/vmentry.asm */

void vmcs_read_failed(enum vmcs_field f, int st)
{
	const char *name = vmcs_field_name(f);
	panic("VMREAD of %s (0x%04x) failed (%s)", name ? name : "?", f,
	      st == VMX_FAIL_INVALID ? "no current VMCS" : "unsupported field");
}

void vmcs_write_failed(enum vmcs_field f, uint64_t v, int st)
{
	const char *name = vmcs_field_name(f);
	uint64_t err = 0;
	if (st == VMX_FAIL_VALID)
		vmread_raw(VMCS_VM_INSTRUCTION_ERROR, &err);
	panic("VMWRITE of %s (0x%04x) = 0x%llx failed: %s", name ? name : "?",
	      f, (unsigned long long)v,
	      st == VMX_FAIL_INVALID ? "no current VMCS" :
	      vm_instruction_error_name((unsigned)err));
}

static void setup_host_state(void)
{
	struct desc_ptr gdtr, idtr;

	/* 26.2.2 and 26.2.3: host CR0/CR4 must satisfy the VMX fixed bits, as
	 * they do since vmx_enable(); selectors with RPL 0 and TI 0. */
	vmcs_write(VMCS_HOST_CR0, read_cr0());
	vmcs_write(VMCS_HOST_CR3, read_cr3());
	vmcs_write(VMCS_HOST_CR4, read_cr4());
	vmcs_write(VMCS_HOST_CS_SELECTOR, GDT_KERNEL_CS);
	vmcs_write(VMCS_HOST_SS_SELECTOR, GDT_KERNEL_DS);
	vmcs_write(VMCS_HOST_DS_SELECTOR, GDT_KERNEL_DS);
	vmcs_write(VMCS_HOST_ES_SELECTOR, GDT_KERNEL_DS);
	vmcs_write(VMCS_HOST_FS_SELECTOR, GDT_KERNEL_DS);
	vmcs_write(VMCS_HOST_GS_SELECTOR, GDT_KERNEL_DS);
	vmcs_write(VMCS_HOST_TR_SELECTOR, GDT_TSS);
	vmcs_write(VMCS_HOST_FS_BASE, 0);
	vmcs_write(VMCS_HOST_GS_BASE, 0);
	vmcs_write(VMCS_HOST_TR_BASE, tss_base());
	sgdt(&gdtr);
	sidt(&idtr);
	vmcs_write(VMCS_HOST_GDTR_BASE, gdtr.base);
	vmcs_write(VMCS_HOST_IDTR_BASE, idtr.base);
	vmcs_write(VMCS_HOST_IA32_SYSENTER_CS, 0);
	vmcs_write(VMCS_HOST_IA32_SYSENTER_ESP, 0);
	vmcs_write(VMCS_HOST_IA32_SYSENTER_EIP, 0);
	vmcs_write(VMCS_HOST_IA32_EFER, rdmsr(MSR_IA32_EFER));
	vmcs_write(VMCS_HOST_IA32_PAT, rdmsr(MSR_IA32_PAT));
	/* HOST_RSP is written by vmx_enter() just before each entry. */
	vmcs_write(VMCS_HOST_RIP, (uint64_t)(uintptr_t)vmx_exit_host_rip);
}

static void setup_controls(struct vcpu *v)
{
	const struct vmx_cpu *cpu = v->cpu;
	const struct vmx_vm *vm = v->vm;
	uint64_t cr0_mask, cr4_mask;

	vmcs_write(VMCS_PIN_BASED_VM_EXEC_CONTROL, cpu->ctl.pin);
#if HV_NAIVE
	/* The naive build for make bench's comparison: intercept what the
	 * default lets the guest do itself. */
	v->proc_ctl = cpu->ctl.proc | ((CPU_RDTSC_EXITING | CPU_INVLPG_EXITING |
					CPU_CR3_LOAD_EXITING | CPU_CR3_STORE_EXITING |
					CPU_PAUSE_EXITING) &
				       vmx_cap_may_be_one(cpu->caps.procbased));
	vmcs_write(VMCS_EXCEPTION_BITMAP, 1u << 18 | 1u << X86_EXC_PF | 1u << X86_EXC_UD);
#else
	v->proc_ctl = cpu->ctl.proc;
	vmcs_write(VMCS_EXCEPTION_BITMAP, 1u << 18);	/* #MC: the host's */
#endif
	vmcs_write(VMCS_CPU_BASED_VM_EXEC_CONTROL, v->proc_ctl);
	vmcs_write(VMCS_SECONDARY_VM_EXEC_CONTROL, cpu->ctl.proc2);
	vmcs_write(VMCS_VM_EXIT_CONTROLS, cpu->ctl.exit);
	vmcs_write(VMCS_VM_ENTRY_CONTROLS, cpu->ctl.entry);
	vmcs_write(VMCS_PAGE_FAULT_ERROR_CODE_MASK, 0);
	vmcs_write(VMCS_PAGE_FAULT_ERROR_CODE_MATCH, 0);
	vmcs_write(VMCS_CR3_TARGET_COUNT, 0);
	vmcs_write(VMCS_VM_EXIT_MSR_STORE_COUNT, 0);
	vmcs_write(VMCS_VM_EXIT_MSR_LOAD_COUNT, 0);
	vmcs_write(VMCS_VM_ENTRY_MSR_LOAD_COUNT, 0);
	vmcs_write(VMCS_VM_ENTRY_INTR_INFO, 0);
	vmcs_write(VMCS_IO_BITMAP_A, vm->io_bitmap_phys);
	vmcs_write(VMCS_IO_BITMAP_B, vm->io_bitmap_phys + PAGE_SIZE);
	vmcs_write(VMCS_MSR_BITMAP, vm->msr_bitmap_phys);
	vmcs_write(VMCS_EPT_POINTER, vm->eptp);
	vmcs_write(VMCS_VIRTUAL_PROCESSOR_ID, v->vpid);
	vmcs_write(VMCS_TSC_OFFSET, 0);
	/* XSAVES/XRSTORS in the guest exit if they touch a component whose
	 * bit is set here and in IA32_XSS (25.6.20). The guest's IA32_XSS is
	 * 0 (vmx/exit_msr.c), and so is the CPU's: all ones makes any
	 * supervisor component that ever appeared there exit rather than
	 * run unvirtualized. */
	if (cpu->ctl.proc2 & CPU2_ENABLE_XSAVES)
		vmcs_write(VMCS_XSS_EXITING_BITMAP, ~0ULL);

	/* The guest owns CR0 and CR4 except the bits VMX fixes (A.7, A.8)
	 * and the CR4 bits of features its CPUID does not offer
	 * (vmx/cpuid_policy.h): those are masked, so the guest reads its own
	 * value from the read shadow and a write that changes them exits
	 * (vmx/exit_cr.c). With unrestricted guest, PE and PG are the
	 * guest's. */
	cr0_mask = (cpu->caps.cr0_fixed0 | ~cpu->caps.cr0_fixed1) &
		   ~(X86_CR0_PE | X86_CR0_PG);
	cr4_mask = cpu->caps.cr4_fixed0 | ~cpu->guest_cr4;
	vmcs_write(VMCS_CR0_GUEST_HOST_MASK, cr0_mask);
	vmcs_write(VMCS_CR4_GUEST_HOST_MASK, cr4_mask);
}

const char *vmcs_setup(struct vcpu *v)
{
	/* A vCPU reset (vcpu_reset) reuses its VMCS page. */
	uint64_t phys = v->vmcs_phys ? v->vmcs_phys
				     : pmm_alloc(v->vm->pmm, 1, PAGE_SIZE);
	if (!phys)
		return "no memory for a VMCS";
	memset((void *)(uintptr_t)phys, 0, PAGE_SIZE);
	/* 25.2: the revision identifier, bit 31 clear (not a shadow VMCS). */
	*(uint32_t *)(uintptr_t)phys = v->cpu->revision;
	v->vmcs_phys = phys;
	if (vmclear(phys) != VMX_OK)
		return "VMCLEAR failed";
	if (vmptrld(phys) != VMX_OK)
		return "VMPTRLD failed";
	setup_host_state();
	setup_controls(v);
	vmcs_write(VMCS_VMCS_LINK_POINTER, ~0ULL);
	return NULL;
}

void vmcs_dump_all(void)
{
	for (size_t i = 0; i < vmcs_field_count(); i++) {
		unsigned f = vmcs_field_at(i);
		uint64_t val;
		if (vmread_raw(f, &val) != VMX_OK)
			continue;	/* not supported by this CPU */
		log_error("  %-32s %016llx", vmcs_field_name(f),
			  (unsigned long long)val);
	}
}
