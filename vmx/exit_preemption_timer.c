/* VMX-preemption timer expired (exit reason 52). The timer was armed for
 * the guest's next device event (vmx/event_injection.c); the interrupt is
 * delivered before the next VM entry. Nothing else to do here. */
#include "vmx/exits.h"

void exit_preemption_timer(struct vcpu *v)
{
	(void)v;
}
