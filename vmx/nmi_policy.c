/* When to inject an NMI; see nmi_policy.h. */
#include "vmx/nmi_policy.h"
#include "vmx/vmx_defs.h"

enum nmi_action nmi_next_action(bool pending, uint32_t entry_intr_info,
				uint32_t interruptibility, bool nmi_window)
{
	const uint32_t blocking = GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS |
				  GUEST_INTR_STATE_NMI;

	if (!pending)
		return NMI_NONE;
	if ((entry_intr_info & INTR_INFO_VALID) || (interruptibility & blocking))
		return nmi_window ? NMI_WAIT_WINDOW : NMI_WAIT_EXIT;
	return NMI_INJECT;
}
