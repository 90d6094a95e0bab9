/* INVLPG (exit reason 14), and INVPCID (58), which exits with INVLPG
 * exiting when the guest may use it (25.6.2). Both exit only in the naive
 * intercept-everything build (NAIVE=1, make bench). The guest's
 * translations are tagged with its VPID: drop them all (INVVPID
 * single-context, 31.3: more than either asked) and move on. */
#include "vmx/exits.h"
#include "vmx/vmx_ops.h"

void exit_invlpg(struct vcpu *v)
{
	invvpid(INVVPID_SINGLE_CONTEXT, v->vpid);
	vcpu_skip_instruction(v);
}
