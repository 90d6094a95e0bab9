/* The vCPU run loop and the helpers exit handlers share. */
#include <stdarg.h>
#include "arch/cpu.h"
#include "arch/cr.h"
#include "arch/msr.h"
#include "kernel/format.h"
#include "kernel/kstring.h"
#include "kernel/log.h"
#include "kernel/panic.h"
#include "vmx/entry_checks.h"
#include "vmx/event_injection.h"
#include "vmx/exits.h"
#include "vmx/nmi_injection.h"
#include "vmx/vcpu.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"
#include "vmx/vmx_names.h"
#include "vmx/vmx_ops.h"
#include "vmx/vmx_vm.h"

int vmx_enter(struct guest_regs *regs, int launched);	/* vmentry.asm */

const char *vcpu_init(struct vcpu *v, struct vmx_vm *vm, struct vmx_cpu *cpu,
		      unsigned id)
{
	memset(v, 0, sizeof(*v));
	v->vm = vm;
	v->cpu = cpu;
	v->id = id;
	v->vpid = (uint16_t)(id + 1);	/* VPID 0 is the host's */
	v->held_vector = -1;
	vcpu_cpuid_init(v);
	return vmcs_setup(v);
}

const char *vcpu_reset(struct vcpu *v)
{
	/* What the guest sees starts over; what the run counted (exits,
	 * statistics) and the vCPU's identity stay. */
	vmclear(v->vmcs_phys);
	memset(&v->regs, 0, sizeof(v->regs));
	memset(&v->exit, 0, sizeof(v->exit));
	v->launched = false;
	v->nmi_pending = false;
	v->misc_enable_set = false;
	/* XCR0 is the guest's in the hardware (exit_xsetbv.c): back to its
	 * power-on value, x87 only (SDM Vol. 1 13.3). */
	if (v->cpu->guest_xcr0)
		xsetbv(0, 1);
	v->held_vector = -1;
	v->stop = VCPU_RUNNING;
	v->stop_code = 0;
	/* A new VPID: translations cached under the old one (the guest's
	 * global pages among them) must not outlive the reset, and INVVPID
	 * is optional (A.10). After 65535 / VM_MAX_VCPUS resets the VPIDs
	 * start over. */
	unsigned gen = (v->vpid - 1u) / VM_MAX_VCPUS + 1u;
	if (1u + v->id + gen * VM_MAX_VCPUS > 0xFFFFu)
		gen = 0;
	v->vpid = (uint16_t)(1u + v->id + gen * VM_MAX_VCPUS);
	return vmcs_setup(v);
}

void vcpu_stop(struct vcpu *v, enum vcpu_stop why, uint64_t code)
{
	v->stop = why;
	v->stop_code = code;
}

void vcpu_skip_instruction(struct vcpu *v)
{
	uint64_t rip = v->exit.rip + v->exit.instr_len;
	uint64_t intr;

	/* Outside 64-bit mode RIP wraps at 4 GiB (CS.L is AR bit 13); only
	 * an instruction that ends past 4 GiB needs to ask. */
	if (rip > 0xFFFFFFFFULL &&
	    !(vmcs_read(VMCS_GUEST_CS_AR_BYTES) & (1u << 13)))
		rip &= 0xFFFFFFFFULL;
	vmcs_write(VMCS_GUEST_RIP, rip);
	v->exit.rip = rip;
	/* The emulated instruction completed: blocking by STI or MOV SS
	 * ends with it (25.4.2). */
	intr = vmcs_read(VMCS_GUEST_INTERRUPTIBILITY_INFO);
	if (intr & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS))
		vmcs_write(VMCS_GUEST_INTERRUPTIBILITY_INFO,
			   intr & ~(uint64_t)(GUEST_INTR_STATE_STI |
					      GUEST_INTR_STATE_MOV_SS));
	/* Single-stepping (RFLAGS.TF, without DEBUGCTL.BTF): the
	 * instruction completed, so its #DB trap is due, as the CPU would
	 * raise it (Vol. 3B 17.3.1.4): BS in the pending debug exceptions,
	 * delivered after the entry (27.7.3). It goes before any interrupt
	 * (6.9: traps on the previous instruction come first), so none is
	 * injected at that entry (vmx/event_injection.c). */
	if ((vmcs_read(VMCS_GUEST_RFLAGS) & X86_RFLAGS_TF) &&
	    !(vmcs_read(VMCS_GUEST_IA32_DEBUGCTL) & IA32_DEBUGCTL_BTF)) {
		vmcs_write(VMCS_GUEST_PENDING_DBG_EXCEPTIONS,
			   vmcs_read(VMCS_GUEST_PENDING_DBG_EXCEPTIONS) |
			   PENDING_DBG_BS);
		v->single_step_trap = true;
	}
}

void vcpu_flush_ept(struct vcpu *v)
{
	if (invept_eptp(v->vm->eptp, v->cpu->ctl.invept_single) != VMX_OK)
		panic("INVEPT (%s) of EPTP 0x%llx failed",
		      v->cpu->ctl.invept_single ? "single-context" : "all-context",
		      (unsigned long long)v->vm->eptp);
}

void vcpu_flush_guest_tlb(struct vcpu *v)
{
	if (invvpid_vpid(v->vpid, v->cpu->ctl.invvpid_single) != VMX_OK)
		panic("INVVPID (%s) of VPID %u failed",
		      v->cpu->ctl.invvpid_single ? "single-context" : "all-context",
		      v->vpid);
}

void vcpu_trace_log(struct vcpu *v, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	log_info("exit: %s", line);
}

static void panic_dump_guest(void *ctx)
{
	vcpu_dump(ctx);
}

#if HV_DEBUG
/* Debug builds check the guest state against the SDM's VM-entry rules
 * before every entry (vmx/entry_checks.c) and name the first one broken. */
static bool check_guest_state(struct vcpu *v)
{
	struct vmentry_guest g;
	struct vmentry_controls c;
	const struct vmx_cpu *cpu = v->cpu;

#define SEG(s, S)                                                        \
	g.s.selector = (uint16_t)vmcs_read(VMCS_GUEST_##S##_SELECTOR);   \
	g.s.base = vmcs_read(VMCS_GUEST_##S##_BASE);                     \
	g.s.limit = (uint32_t)vmcs_read(VMCS_GUEST_##S##_LIMIT);         \
	g.s.ar = (uint32_t)vmcs_read(VMCS_GUEST_##S##_AR_BYTES)
	SEG(es, ES); SEG(cs, CS); SEG(ss, SS); SEG(ds, DS);
	SEG(fs, FS); SEG(gs, GS); SEG(ldtr, LDTR); SEG(tr, TR);
#undef SEG
	g.cr0 = vmcs_read(VMCS_GUEST_CR0);
	g.cr3 = vmcs_read(VMCS_GUEST_CR3);
	g.cr4 = vmcs_read(VMCS_GUEST_CR4);
	g.dr7 = vmcs_read(VMCS_GUEST_DR7);
	g.rsp = vmcs_read(VMCS_GUEST_RSP);
	g.rip = vmcs_read(VMCS_GUEST_RIP);
	g.rflags = vmcs_read(VMCS_GUEST_RFLAGS);
	g.efer = vmcs_read(VMCS_GUEST_IA32_EFER);
	g.debugctl = vmcs_read(VMCS_GUEST_IA32_DEBUGCTL);
	g.pat = vmcs_read(VMCS_GUEST_IA32_PAT);
	g.gdtr_base = vmcs_read(VMCS_GUEST_GDTR_BASE);
	g.idtr_base = vmcs_read(VMCS_GUEST_IDTR_BASE);
	g.gdtr_limit = (uint32_t)vmcs_read(VMCS_GUEST_GDTR_LIMIT);
	g.idtr_limit = (uint32_t)vmcs_read(VMCS_GUEST_IDTR_LIMIT);
	g.activity_state = (uint32_t)vmcs_read(VMCS_GUEST_ACTIVITY_STATE);
	g.interruptibility = (uint32_t)vmcs_read(VMCS_GUEST_INTERRUPTIBILITY_INFO);
	g.pending_dbg = vmcs_read(VMCS_GUEST_PENDING_DBG_EXCEPTIONS);
	g.vmcs_link_ptr = vmcs_read(VMCS_VMCS_LINK_POINTER);

	c.pin = (uint32_t)vmcs_read(VMCS_PIN_BASED_VM_EXEC_CONTROL);
	c.proc = (uint32_t)vmcs_read(VMCS_CPU_BASED_VM_EXEC_CONTROL);
	c.proc2 = (uint32_t)vmcs_read(VMCS_SECONDARY_VM_EXEC_CONTROL);
	c.entry = (uint32_t)vmcs_read(VMCS_VM_ENTRY_CONTROLS);
	c.exit = (uint32_t)vmcs_read(VMCS_VM_EXIT_CONTROLS);
	c.cr0_fixed0 = cpu->caps.cr0_fixed0;
	c.cr0_fixed1 = cpu->caps.cr0_fixed1;
	c.cr4_fixed0 = cpu->caps.cr4_fixed0;
	c.cr4_fixed1 = cpu->caps.cr4_fixed1;
	c.entry_intr_info = (uint32_t)vmcs_read(VMCS_VM_ENTRY_INTR_INFO);
	c.maxphyaddr = cpu->maxphyaddr;
	c.linear_bits = cpu->linear_bits;

	const char *rule = vmentry_check_guest(&g, &c);
	if (rule)
		vmentry_refused(v, rule);
	return rule == NULL;
}
#endif

/* The VMX-preemption timer counts down at the TSC rate divided by 2^rate
 * (IA32_VMX_MISC bits 4:0, A.6). Without "save VMX-preemption timer value"
 * every entry starts it from the field, so it is written before each;
 * with it, the timer goes on from where the exit stopped it and counts
 * only guest time, and the deadline check before each entry catches the
 * host's time in between. */
static void rearm_timer(struct vcpu *v, uint64_t now)
{
	uint64_t ticks = (v->event_deadline - now) >> (v->cpu->caps.misc & 0x1F);

	if (ticks > 0xFFFFFFFFULL)
		ticks = 0xFFFFFFFFULL;
	vmcs_write(VMCS_VMX_PREEMPTION_TIMER_VALUE, ticks);
}

/* Before an entry: the interrupt to inject and the timer. The full work
 * (device lines into the PIC, the next device event) only when an exit
 * may have changed it or the next event is due; otherwise only the timer
 * is set from the deadline worked out then. */
static void prepare_events(struct vcpu *v)
{
	uint64_t now = rdtsc();

	if (v->events_dirty || now >= v->event_deadline) {
		vcpu_prepare_events(v, now);
		v->events_dirty = false;
		v->vm->events_changed = false;	/* all looked at just now */
		return;
	}
	vcpu_inject_pending_nmi(v);
	if (v->event_deadline != UINT64_MAX &&
	    !(v->cpu->ctl.exit & EXIT_SAVE_PREEMPTION_TIMER))
		rearm_timer(v, now);
}

enum vcpu_stop vcpu_run(struct vcpu *v)
{
	panic_set_guest_dumper(panic_dump_guest, v);
	v->launch_tsc = rdtsc();
	v->events_dirty = true;
	while (v->stop == VCPU_RUNNING) {
		prepare_events(v);
#if HV_DEBUG
		if (!check_guest_state(v))
			break;
#endif
		if (!v->launched) {
			/* Nothing cached for this EPTP or VPID may predate
			 * the guest (28.3.3.1, 28.3.3.3). */
			vcpu_flush_ept(v);
			vcpu_flush_guest_tlb(v);
			cpuid_log_guest_view(v);
			log_info("VMLAUNCH (guest RIP 0x%llx)",
				 (unsigned long long)vmcs_read(VMCS_GUEST_RIP));
			/* Bochs stops here with magic_break enabled, so the
			 * test harness can read the instruction count. */
			bochs_magic_break();
		}
		int st = vmx_enter(&v->regs, v->launched);
		if (st != VMX_OK) {
			const char *insn = v->launched ? "VMRESUME" : "VMLAUNCH";
			if (st == VMX_FAIL_INVALID)
				panic("%s failed: VMfailInvalid (no current VMCS)", insn);
			vmentry_instruction_failed(v, insn);
			break;
		}
		v->launched = true;
		v->single_step_trap = false;	/* delivered by that entry */
		uint64_t t0 = rdtsc();
		exit_dispatch(v);
		exit_time_add(&v->exit_time, v->exit.reason, rdtsc() - t0);
		/* Markers and reset lines are device writes, which mark the
		 * exit as one that changed things. */
		if (!v->events_dirty)
			continue;
		if (v->vm->marker >= 0) {
			vcpu_log_exit_counts(v, v->vm->marker);
			v->vm->marker = -1;
		}
		if (v->vm->reset_requested && v->stop == VCPU_RUNNING) {
			vcpu_trace(v, "reset requested");
			vcpu_stop(v, VCPU_STOP_RESET, 0);
		}
		if (v->vm->poweroff_requested && v->stop == VCPU_RUNNING) {
			vcpu_trace(v, "power off requested");
			vcpu_stop(v, VCPU_STOP_ACPI_OFF, 0);
		}
	}
	panic_set_guest_dumper(NULL, NULL);
	return v->stop;
}
