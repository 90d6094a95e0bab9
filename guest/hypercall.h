/* The hypercalls each guest kind sees: VMCALL with the call number in RAX
 * and arguments in RBX, RCX, RDX; the result comes back in RAX. Only CPL 0
 * may call. A call the guest kind does not have gets #UD
 * (vmx/exit_vmcall.c), as VMCALL outside VMX non-root does:
 *   test, conformance   HC_PING, HC_TEST_RESULT, HC_EXIT_STATS,
 *                       HC_PRESS_BUTTON
 *                       (guest/testguest.s,
 *                       guest/conformance/)
 *   linux, multiboot    none: every VMCALL is #UD, so such a guest can
 *                       neither pass nor fail a test guest's verdict
 *                       (kvm-unit-tests' hypercall test expects KVM's
 *                       answers and is not run). */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include "boot/config.h"
#include "vmx/vcpu.h"

#define HC_PING		1	/* RBX = value; returns value + 1 */
#define HC_TEST_RESULT	2	/* RBX = 0 pass / else failed check number
				 * (conformance: number of failed cases);
				 * stops the guest */
#define HC_EXIT_STATS	3	/* prints the exit statistics table on the
				 * hypervisor's log; returns the exit count */
#define HC_PRESS_BUTTON	4	/* RBX = 1 the NMI button, 2 the power
				 * button (enum vcpu_button); returns 0, or
				 * all ones for another RBX */

/* The handler for a guest kind, or NULL when it has no hypercalls. */
hypercall_fn hypercall_for_guest(enum hv_guest_kind kind);

#endif
