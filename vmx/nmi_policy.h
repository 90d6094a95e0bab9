/* When an NMI meant for the guest can be injected (SDM Vol. 3C 26.6.1.2
 * and the entry checks on it in 27.3.1.5; 25.6.2 NMI-window exiting). Pure:
 * vmx/nmi_injection.c asks before every VM entry. */
#ifndef VMX_NMI_POLICY_H
#define VMX_NMI_POLICY_H

#include <stdbool.h>
#include <stdint.h>

enum nmi_action {
	NMI_NONE,		/* nothing pending */
	NMI_INJECT,		/* inject it at this entry */
	NMI_WAIT_WINDOW,	/* blocked: ask for an NMI-window exit */
	NMI_WAIT_EXIT,		/* blocked, no NMI window: retry at the next exit */
};

/* pending: an NMI waits for the guest. entry_intr_info: the VM-entry
 * interruption-information field as it stands (another event queued for
 * this entry goes first). interruptibility: the guest's (blocking by STI,
 * MOV SS, NMI: an NMI is not injected under any of them; with STI
 * blocking some processors fail the entry, 27.3.1.5). nmi_window: the
 * "virtual NMIs" and "NMI-window exiting" controls are available. */
enum nmi_action nmi_next_action(bool pending, uint32_t entry_intr_info,
				uint32_t interruptibility, bool nmi_window);

#endif
