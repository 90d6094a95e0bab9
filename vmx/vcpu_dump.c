/* Guest state dumps: the registers, segments and control state from the
 * VMCS, the bytes at RIP and the top of the stack. After a failure they
 * are error lines (vcpu_dump); on Ctrl-A r info lines (vcpu_show). */
#include "arch/cpu.h"
#include "arch/cr.h"
#include "kernel/log.h"
#include "vmx/guest_memory.h"
#include "vmx/guest_walk.h"
#include "vmx/vcpu.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"
#include "vmx/vmx_names.h"

static void dump_seg(enum log_level lvl, const char *name,
		     enum vmcs_field sel)
{
	/* Selector, limit, AR and base encodings sit at fixed distances. */
	unsigned i = (sel - VMCS_GUEST_ES_SELECTOR) / 2;
	klog(lvl, "  %-4s %04llx base %016llx limit %08llx ar %05llx", name,
		  (unsigned long long)vmcs_read(sel),
		  (unsigned long long)vmcs_read(VMCS_GUEST_ES_BASE + 2 * i),
		  (unsigned long long)vmcs_read(VMCS_GUEST_ES_LIMIT + 2 * i),
		  (unsigned long long)vmcs_read(VMCS_GUEST_ES_AR_BYTES + 2 * i));
}

/* The bytes at RIP and the top of the guest's stack, four quadwords a
 * line, as far as they are guest RAM: after an exception in the guest the
 * stack holds the faulting RIP. 64-bit mode only. */
static void dump_code_and_stack(struct vcpu *v, enum log_level lvl)
{
	struct guest_walk_ctx w;
	uint64_t pdptes[4];
	uint64_t rsp = vmcs_read(VMCS_GUEST_RSP), rip = vmcs_read(VMCS_GUEST_RIP);
	uint64_t q[4], gpa;
	const uint8_t *c = NULL;

	/* Read as a debugger reads: supervisor accesses, no accessed or
	 * dirty flag set. */
	guest_memory_walk_ctx(v, &w, pdptes, false);
	w.cpl = 0;
	if (!(w.efer & X86_EFER_LMA) || (rsp & 7))
		return;		/* 64-bit only */
	if (guest_walk(&w, rip, GW_FETCH, &gpa, NULL) == GW_OK &&
	    (gpa & 4095) <= 4096 - 8)
		c = guest_ram_hva(v->vm, gpa, 8);
	if (c)
		klog(lvl, "  code at RIP (guest-physical %llx): %02x %02x %02x %02x %02x %02x %02x %02x; CR2 %016llx",
			  (unsigned long long)gpa, c[0], c[1], c[2], c[3],
			  c[4], c[5], c[6], c[7], (unsigned long long)read_cr2());
	for (unsigned line = 0; line < 4; line++) {
		for (unsigned i = 0; i < 4; i++) {
			uint64_t gla = rsp + (line * 4 + i) * 8;
			const uint64_t *p = NULL;

			if (guest_walk(&w, gla, 0, &gpa, NULL) == GW_OK)
				p = guest_ram_hva(v->vm, gpa, 8);
			if (!p)
				return;
			q[i] = *p;
		}
		klog(lvl, "  stack %016llx: %016llx %016llx %016llx %016llx",
			  (unsigned long long)(rsp + line * 32),
			  (unsigned long long)q[0], (unsigned long long)q[1],
			  (unsigned long long)q[2], (unsigned long long)q[3]);
	}
}

static void dump(struct vcpu *v, enum log_level lvl)
{
	const struct guest_regs *r = &v->regs;

	klog(lvl, "guest state of vCPU %u after %llu exits:", v->id,
		  (unsigned long long)v->exits);
	klog(lvl, "  RIP %016llx RSP %016llx RFLAGS %016llx",
		  (unsigned long long)vmcs_read(VMCS_GUEST_RIP),
		  (unsigned long long)vmcs_read(VMCS_GUEST_RSP),
		  (unsigned long long)vmcs_read(VMCS_GUEST_RFLAGS));
	klog(lvl, "  RAX %016llx RBX %016llx RCX %016llx RDX %016llx",
		  (unsigned long long)r->rax, (unsigned long long)r->rbx,
		  (unsigned long long)r->rcx, (unsigned long long)r->rdx);
	klog(lvl, "  RSI %016llx RDI %016llx RBP %016llx R8  %016llx",
		  (unsigned long long)r->rsi, (unsigned long long)r->rdi,
		  (unsigned long long)r->rbp, (unsigned long long)r->r8);
	klog(lvl, "  R9  %016llx R10 %016llx R11 %016llx R12 %016llx",
		  (unsigned long long)r->r9, (unsigned long long)r->r10,
		  (unsigned long long)r->r11, (unsigned long long)r->r12);
	klog(lvl, "  R13 %016llx R14 %016llx R15 %016llx",
		  (unsigned long long)r->r13, (unsigned long long)r->r14,
		  (unsigned long long)r->r15);
	klog(lvl, "  CR0 %016llx (shadow %016llx) CR3 %016llx CR4 %016llx (shadow %016llx)",
		  (unsigned long long)vmcs_read(VMCS_GUEST_CR0),
		  (unsigned long long)vmcs_read(VMCS_CR0_READ_SHADOW),
		  (unsigned long long)vmcs_read(VMCS_GUEST_CR3),
		  (unsigned long long)vmcs_read(VMCS_GUEST_CR4),
		  (unsigned long long)vmcs_read(VMCS_CR4_READ_SHADOW));
	klog(lvl, "  EFER %016llx entry controls %08llx interruptibility %llx activity %llx",
		  (unsigned long long)vmcs_read(VMCS_GUEST_IA32_EFER),
		  (unsigned long long)vmcs_read(VMCS_VM_ENTRY_CONTROLS),
		  (unsigned long long)vmcs_read(VMCS_GUEST_INTERRUPTIBILITY_INFO),
		  (unsigned long long)vmcs_read(VMCS_GUEST_ACTIVITY_STATE));
	dump_seg(lvl, "CS", VMCS_GUEST_CS_SELECTOR);
	dump_seg(lvl, "SS", VMCS_GUEST_SS_SELECTOR);
	dump_seg(lvl, "DS", VMCS_GUEST_DS_SELECTOR);
	dump_seg(lvl, "ES", VMCS_GUEST_ES_SELECTOR);
	dump_seg(lvl, "FS", VMCS_GUEST_FS_SELECTOR);
	dump_seg(lvl, "GS", VMCS_GUEST_GS_SELECTOR);
	dump_seg(lvl, "TR", VMCS_GUEST_TR_SELECTOR);
	dump_seg(lvl, "LDTR", VMCS_GUEST_LDTR_SELECTOR);
	klog(lvl, "  GDTR %016llx/%llx IDTR %016llx/%llx",
		  (unsigned long long)vmcs_read(VMCS_GUEST_GDTR_BASE),
		  (unsigned long long)vmcs_read(VMCS_GUEST_GDTR_LIMIT),
		  (unsigned long long)vmcs_read(VMCS_GUEST_IDTR_BASE),
		  (unsigned long long)vmcs_read(VMCS_GUEST_IDTR_LIMIT));
	klog(lvl, "  exit reason %u (%s) qualification %016llx",
		  v->exit.reason & VMX_EXIT_REASON_BASIC_MASK,
		  exit_reason_name(v->exit.reason & VMX_EXIT_REASON_BASIC_MASK),
		  (unsigned long long)v->exit.qualification);
	dump_code_and_stack(v, lvl);
}

void vcpu_dump(struct vcpu *v)
{
	dump(v, LOG_ERROR);
}

void vcpu_show(struct vcpu *v)
{
	dump(v, LOG_INFO);
}
