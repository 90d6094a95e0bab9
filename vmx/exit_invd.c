/* INVD (13) and WBINVD (54). Guest memory is ordinary write-back RAM
 * behind EPT: INVD is done as WBINVD (discarding dirty lines would corrupt
 * other guests' and the hypervisor's data), which the guest cannot tell
 * apart. WBINVD exiting is off, so 54 only arrives if a CPU forces it. */
#include "vmx/exits.h"

void exit_invd_wbinvd(struct vcpu *v)
{
	__asm__ volatile("wbinvd" ::: "memory");
	vcpu_trace(v, "%s", (v->exit.reason & 0xFFFF) == 13 ? "INVD" : "WBINVD");
	vcpu_skip_instruction(v);
}
