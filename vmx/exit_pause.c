/* PAUSE (exit reason 40). Only the naive intercept-everything build
 * (NAIVE=1, make bench) sets "PAUSE exiting": the default lets the guest
 * spin on its own. A PAUSE is a hint; done by exiting, it is done. */
#include "vmx/exits.h"

void exit_pause(struct vcpu *v)
{
	vcpu_skip_instruction(v);
}
