/* NMIs for the guest: see nmi_injection.c. */
#ifndef VMX_NMI_INJECTION_H
#define VMX_NMI_INJECTION_H

#include "arch/trap.h"
#include "vmx/vcpu.h"
#include "vmx/vmx_defs.h"

/* Injects the pending NMI or arms or disarms the NMI-window exit, as
 * vmx/nmi_policy.c decides from the VMCS. */
void vcpu_nmi_decide(struct vcpu *v);

/* Before a VM entry whose events need no full evaluation
 * (vcpu_prepare_events does the rest): takes the NMIs the host received,
 * and injects a pending NMI or asks for an NMI-window exit. Runs before external
 * interrupts are considered: an NMI goes first. With no NMI waiting and
 * no NMI-window exit armed there is nothing to decide: inline, since it
 * runs before every entry (it once cost about 70 instructions there). */
static inline void vcpu_inject_pending_nmi(struct vcpu *v)
{
	if (host_nmi_take())
		v->nmi_pending = true;
	if (v->nmi_pending || (v->proc_ctl & CPU_NMI_WINDOW_EXITING))
		vcpu_nmi_decide(v);
}

#endif
