/* NMIs for the guest. The host has no NMI source of its own: an NMI from
 * the machine (a parity or I/O-check error) belongs to the guest, the
 * machine's OS. One that arrives while the guest runs exits (NMI exiting,
 * vmx/exit_exception.c); one that arrives while the host runs is counted
 * by the host's NMI gate (arch/isr.asm). The guest's own platform latches
 * NMIs too (NMI IPIs, IOAPIC entries in NMI mode, the NMI button on
 * LINT1: guest/irq_router.c), taken when its events are evaluated
 * (vmx/event_injection.c). Each is injected when the guest can take one
 * (vmx/nmi_policy.c), with an NMI-window exit where the CPU has virtual
 * NMIs. Like the CPU, which holds at most one NMI pending, several NMIs
 * that arrive while one waits become one. */
#include "arch/trap.h"
#include "vmx/exits.h"
#include "vmx/nmi_injection.h"
#include "vmx/nmi_policy.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"

/* The primary processor-based controls are cached in v->proc_ctl, which
 * the interrupt window (vmx/event_injection.c) changes too: both write
 * through the cache, so neither undoes the other's bit. */
static void set_nmi_window_exiting(struct vcpu *v, bool on)
{
	uint32_t want = on ? v->proc_ctl | CPU_NMI_WINDOW_EXITING :
			     v->proc_ctl & ~(uint32_t)CPU_NMI_WINDOW_EXITING;

	if (want != v->proc_ctl) {
		v->proc_ctl = want;
		vmcs_write(VMCS_CPU_BASED_VM_EXEC_CONTROL, want);
	}
}

void vcpu_nmi_decide(struct vcpu *v)
{
	bool window = v->cpu->ctl.nmi_window;

	switch (nmi_next_action(v->nmi_pending,
				(uint32_t)vmcs_read(VMCS_VM_ENTRY_INTR_INFO),
				(uint32_t)vmcs_read(VMCS_GUEST_INTERRUPTIBILITY_INFO),
				window)) {
	case NMI_NONE:
	case NMI_WAIT_EXIT:
		if (window)
			set_nmi_window_exiting(v, false);
		break;
	case NMI_WAIT_WINDOW:
		set_nmi_window_exiting(v, true);
		break;
	case NMI_INJECT:
		vmcs_write(VMCS_VM_ENTRY_INTR_INFO,
			   INTR_INFO_VALID | INTR_TYPE_NMI | 2u);
		v->nmi_pending = false;
		v->stats.nmi_injected++;
		vcpu_trace(v, "NMI injected");
		if (window)
			set_nmi_window_exiting(v, false);
		break;
	}
}

void exit_nmi_window(struct vcpu *v)
{
	/* The guest can take the NMI now: the next entry injects it. */
	vcpu_trace(v, "NMI window");
}
