/* External-interrupt and NMI delivery and the guest's timer; see
 * event_injection.h. The platform (guest/) answers which vector is next
 * and when its next timer event is due, through v->platform; this file
 * only does the VMX side: injection, interrupt-window exiting and the
 * VMX-preemption timer. */
#include "arch/cpu.h"
#include "arch/cr.h"
#include "arch/host_irq.h"
#include "vmx/event_injection.h"
#include "vmx/nmi_injection.h"
#include "vmx/tsc_arith.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"
#include "vmx/vmx_vm.h"

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

/* The vector the guest should take next: one acknowledged earlier whose
 * delivery an exception displaced (v->held_vector, vcpu.c), else the
 * platform's. */
static int next_vector(struct vcpu *v)
{
	const struct vcpu_platform_ops *p = v->platform;

	if (v->held_vector >= 0)
		return v->held_vector;
	return p->pending_vector(p->ctx, v->id);
}

static void inject_pending_interrupt(struct vcpu *v)
{
	const struct vcpu_platform_ops *p = v->platform;
	int vector;

	if (next_vector(v) < 0) {
		set_window_exiting(v, false);
		return;
	}
	/* An event queued already (an exception from an exit handler, the
	 * NMI, a requeued delivery) goes first; one event per entry. So
	 * does a single-step #DB the emulated instruction made pending. */
	if (v->single_step_trap ||
	    (vmcs_read(VMCS_VM_ENTRY_INTR_INFO) & INTR_INFO_VALID) ||
	    !vcpu_interruptible(v)) {
		set_window_exiting(v, true);
		return;
	}
	if (v->held_vector >= 0) {
		vector = v->held_vector;	/* acknowledged already */
		v->held_vector = -1;
	} else {
		vector = p->ack_vector(p->ctx, v->id);
	}
	if (vector < 0) {
		set_window_exiting(v, false);
		return;
	}
	vmcs_write(VMCS_VM_ENTRY_INTR_INFO,
		   INTR_INFO_VALID | INTR_TYPE_EXT_INTR | (uint32_t)vector);
	v->stats.irq_injected++;
	/* More may be pending behind this one. */
	set_window_exiting(v, next_vector(v) >= 0);
}

/* Arms the VMX-preemption timer for the next device event, so a guest
 * that never exits still gets its timer interrupt on time. */
static void arm_timer(struct vcpu *v, uint64_t now)
{
	const struct vcpu_platform_ops *p = v->platform;

	v->event_deadline = 0;	/* without the timer: work it out each entry */
	if (!(v->cpu->ctl.pin & PIN_VMX_PREEMPTION_TIMER))
		return;
	/* The timer counts down at the TSC rate divided by 2^rate
	 * (IA32_VMX_MISC bits 4:0, A.6): vmx/tsc_arith.c. */
	v->event_deadline = p->next_event_tsc(p->ctx, v->id);
	vmcs_write(VMCS_VMX_PREEMPTION_TIMER_VALUE,
		   preemption_timer_value(v->event_deadline, now,
					  v->cpu->caps.misc & 0x1F));
}

/* NMIs the host received (the platform's, arch/isr.asm) and NMIs the
 * guest's platform latched for this vCPU wait in v->nmi_pending: both
 * are taken, so that two at once become one, as on the CPU. */
static void take_nmis(struct vcpu *v)
{
	const struct vcpu_platform_ops *p = v->platform;
	bool host = host_nmi_take();
	bool platform = p->take_nmi(p->ctx, v->id);

	if (host || platform)
		v->nmi_pending = true;
}

void vcpu_prepare_events(struct vcpu *v, uint64_t now)
{
	const struct vcpu_platform_ops *p = v->platform;

	p->update(p->ctx, v->id, now);
	take_nmis(v);
	if (v->nmi_pending || (v->proc_ctl & CPU_NMI_WINDOW_EXITING))
		vcpu_nmi_decide(v);
	inject_pending_interrupt(v);
	arm_timer(v, now);
}

/* Something the run loop must see: the guest or the console stopped the
 * vCPU, or a device asked for a reset or power-off. */
static bool stop_requested(const struct vcpu *v)
{
	return v->stop != VCPU_RUNNING || v->vm->reset_requested ||
	       v->vm->poweroff_requested;
}

bool vcpu_halt_wait(struct vcpu *v, bool interrupts)
{
	const struct vcpu_platform_ops *p = v->platform;
	/* An NMI does not wake a HLT inside the guest's NMI handler: it
	 * stays pending until the handler's IRET. */
	bool nmi_blocked = vmcs_read(VMCS_GUEST_INTERRUPTIBILITY_INFO) &
			   GUEST_INTR_STATE_NMI;

	for (;;) {
		p->update(p->ctx, v->id, rdtsc());
		take_nmis(v);
		if (v->nmi_pending && !nmi_blocked)
			return true;
		if (interrupts && next_vector(v) >= 0)
			return true;
		if (stop_requested(v))
			return true;
		if (!interrupts && !p->nmi_armed(p->ctx, v->id))
			return false;
		uint64_t when = p->next_event_tsc(p->ctx, v->id);
		if (interrupts && when == UINT64_MAX)
			return false;
		/* Halted until the next device event, or a key on the
		 * console (which may be Ctrl-A n or Ctrl-A x). */
		host_wait_until(when);
	}
}
