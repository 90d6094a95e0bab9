/* The hypercall interface the guest sees: VMCALL with the call number in
 * RAX and arguments in RBX, RCX, RDX; the result comes back in RAX. Only
 * CPL 0 may call; other callers get #UD (as VMCALL outside VMX gives).
 * guest/testguest.s uses the same numbers. */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#define HC_PING		1	/* RBX = value; returns value + 1 */
#define HC_TEST_RESULT	2	/* RBX = 0 pass / else failed check number */
#define HC_EXIT_STATS	3	/* prints the exit statistics table on the
				 * hypervisor's log; returns the exit count */

#define HC_RESULT_UNKNOWN ((uint64_t)-1)	/* unknown call number */

#endif
