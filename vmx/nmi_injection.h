/* NMIs for the guest: see nmi_injection.c. */
#ifndef VMX_NMI_INJECTION_H
#define VMX_NMI_INJECTION_H

#include "vmx/vcpu.h"

/* Before each VM entry: takes the NMIs the host received, and injects a
 * pending NMI or asks for an NMI-window exit. Runs before external
 * interrupts are considered: an NMI goes first. */
void vcpu_inject_pending_nmi(struct vcpu *v);

#endif
