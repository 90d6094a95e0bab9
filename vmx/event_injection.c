/* External-interrupt delivery and the guest's timer; see
 * event_injection.h. The platform (guest/) answers which vector is next
 * and when its next timer event is due, through v->platform; this file
 * only does the VMX side: injection, interrupt-window exiting and the
 * VMX-preemption timer. */
#include "arch/cpu.h"
#include "arch/cr.h"
#include "arch/host_irq.h"
#include "vmx/event_injection.h"
#include "vmx/tsc_arith.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"

bool vcpu_interruptible(struct vcpu *v)
{
	uint64_t rflags = vmcs_read(VMCS_GUEST_RFLAGS);
	uint64_t intr = vmcs_read(VMCS_GUEST_INTERRUPTIBILITY_INFO);

	return (rflags & X86_RFLAGS_IF) &&
	       !(intr & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS));
}

static void set_window_exiting(struct vcpu *v, bool on)
{
	uint32_t proc = v->proc_ctl;
	uint32_t want = on ? proc | CPU_INTERRUPT_WINDOW_EXITING :
			     proc & ~(uint32_t)CPU_INTERRUPT_WINDOW_EXITING;
	if (want != proc) {
		vmcs_write(VMCS_CPU_BASED_VM_EXEC_CONTROL, want);
		v->proc_ctl = want;
	}
}

static int pending_vector(struct vcpu *v)
{
	const struct vcpu_platform_ops *p = v->platform;
	return p->pending_vector(p->ctx, v->id);
}

void vcpu_inject_pending_interrupt(struct vcpu *v)
{
	const struct vcpu_platform_ops *p = v->platform;
	int vector;

	if (pending_vector(v) < 0) {
		set_window_exiting(v, false);
		return;
	}
	/* An exception queued by an exit handler goes first; one event per
	 * entry. */
	if ((vmcs_read(VMCS_VM_ENTRY_INTR_INFO) & INTR_INFO_VALID) ||
	    !vcpu_interruptible(v)) {
		set_window_exiting(v, true);
		return;
	}
	vector = p->ack_vector(p->ctx, v->id);
	if (vector < 0) {
		set_window_exiting(v, false);
		return;
	}
	vmcs_write(VMCS_VM_ENTRY_INTR_INFO,
		   INTR_INFO_VALID | INTR_TYPE_EXT_INTR | (uint32_t)vector);
	v->stats.irq_injected++;
	/* More may be pending behind this one. */
	set_window_exiting(v, pending_vector(v) >= 0);
}

static uint64_t next_event_tsc(struct vcpu *v)
{
	const struct vcpu_platform_ops *p = v->platform;
	return p->next_event_tsc(p->ctx, v->id);
}

void vcpu_arm_timer(struct vcpu *v)
{
	v->event_deadline = 0;	/* without the timer: work it out each entry */
	if (!(v->cpu->ctl.pin & PIN_VMX_PREEMPTION_TIMER))
		return;
	/* The timer counts down at the TSC rate divided by 2^rate
	 * (IA32_VMX_MISC bits 4:0, A.6): vmx/tsc_arith.c. */
	v->event_deadline = next_event_tsc(v);
	vmcs_write(VMCS_VMX_PREEMPTION_TIMER_VALUE,
		   preemption_timer_value(v->event_deadline, rdtsc(),
					  v->cpu->caps.misc & 0x1F));
}

bool vcpu_wait_for_interrupt(struct vcpu *v)
{
	for (;;) {
		if (pending_vector(v) >= 0)
			return true;
		uint64_t when = next_event_tsc(v);
		if (when == UINT64_MAX)
			return false;
		/* Halted until the next tick, or a key on the console. */
		host_wait_until(when);
	}
}
