/* The hypercalls of each guest kind (guest/hypercall.h). Pure: decides
 * what a call does; vmx/exit_vmcall.c applies it to the vCPU. */
#include "guest/hypercall.h"
#include "kernel/format.h"

/* The built-in test guests' calls: ping and the verdict. */
static void test_guest_hypercall(uint64_t nr, const uint64_t args[3],
				 struct hypercall_result *r)
{
	switch (nr) {
	case HC_PING:
		r->known = true;
		r->rax = args[0] + 1;
		ksnprintf(r->trace, sizeof(r->trace), "ping 0x%llx",
			  (unsigned long long)args[0]);
		return;
	case HC_TEST_RESULT:
		r->known = true;
		r->rax = 0;
		r->stop = true;
		r->stop_code = args[0];
		ksnprintf(r->trace, sizeof(r->trace), "test result %llu",
			  (unsigned long long)args[0]);
		return;
	case HC_EXIT_STATS:
		r->known = true;
		r->exit_stats = true;
		ksnprintf(r->trace, sizeof(r->trace), "exit statistics");
		return;
	case HC_PRESS_BUTTON:
		r->known = true;
		if (args[0] == VCPU_BUTTON_NMI || args[0] == VCPU_BUTTON_POWER) {
			r->button = (unsigned)args[0];
			r->rax = 0;
		} else {
			r->rax = ~0ULL;
		}
		ksnprintf(r->trace, sizeof(r->trace), "press button %llu",
			  (unsigned long long)args[0]);
		return;
	}
	r->known = false;
}

hypercall_fn hypercall_for_guest(enum hv_guest_kind kind)
{
	switch (kind) {
	case HV_GUEST_TEST:
	case HV_GUEST_CONFORMANCE:
		return test_guest_hypercall;
	case HV_GUEST_LINUX:
	case HV_GUEST_MULTIBOOT:
		break;
	}
	return NULL;
}
