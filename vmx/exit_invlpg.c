/* INVLPG (exit reason 14). It exits only in the naive intercept-everything
 * build (NAIVE=1, make bench). The guest's translations are tagged with its
 * VPID: drop them (INVVPID single-context, 31.3) and move on. */
#include "vmx/exits.h"
#include "vmx/vmx_ops.h"

void exit_invlpg(struct vcpu *v)
{
	invvpid(INVVPID_SINGLE_CONTEXT, v->vpid);
	vcpu_skip_instruction(v);
}
