/* A vCPU for host unit tests of VM-exit handlers: a struct vcpu wired to
 * its own struct vmx_cpu, struct vmx_vm and struct vcpu_platform_ops, with
 * the model VMCS (tests/unit/vmcs_model.h) as its current VMCS.
 *
 * tests/unit/vcpu_stub.c also stands in for the few vmx/vcpu.c functions
 * a handler calls that need the hardware or the whole run loop; each does
 * what vcpu.c does to struct vcpu, or only counts its calls:
 *   vcpu_stop   sets v->stop and v->stop_code, as vmx/vcpu.c does;
 *   vcpu_dump   counts its calls in vcpu_stub_dumps (prints nothing);
 *   vcpu_skip_instruction  counts its calls in vcpu_stub_skips (RIP and
 *               the interruptibility state are left alone);
 *   vcpu_inject_exception  counts its calls, keeps the last vector and
 *               error code (nothing is queued in the VMCS); weak, so a
 *               test of vmx/exception_inject.c links the real one;
 *   vcpu_trace_log  keeps the last line in vcpu_stub_trace.
 * CR2 is host_test_cr2 under HV_HOST_TEST (arch/cpu.h), 0 after
 * test_vcpu_init.
 *
 * The platform ops answer "nothing": update does nothing, no NMI, no
 * pending vector (-1), no timer event (UINT64_MAX), TPR 0, every MSR
 * "not the platform's" (1), buttons press nothing. A test
 * replaces the ones it needs in t->platform before the call under test.
 * A test links it, with tests/unit/kernel_stub.c and the model VMCS, by
 * naming $(UNIT_VCPU_STUB) in its UNIT_LINK_ variable (Makefile), e.g.
 *   UNIT_LINK_test_exit_foo := vmx/exit_foo.c $(UNIT_VCPU_STUB)
 * and stubs in the test file whatever else the handler calls. */
#ifndef TESTS_UNIT_VCPU_STUB_H
#define TESTS_UNIT_VCPU_STUB_H

#include "vmx/vcpu.h"
#include "vmx/vmx.h"
#include "vmx/vmx_vm.h"

struct test_vcpu {
	struct vcpu v;
	struct vmx_cpu cpu;
	struct vmx_vm vm;
	struct vcpu_platform_ops platform;
};

/* Zeroes *t, wires t->v to t->cpu, t->vm and t->platform (with the
 * "nothing" ops above, ctx = t), and resets the model VMCS and the stub
 * counters. */
void test_vcpu_init(struct test_vcpu *t);

/* What the stand-ins saw since test_vcpu_init. */
extern unsigned vcpu_stub_dumps;
extern unsigned vcpu_stub_skips;
extern unsigned vcpu_stub_exceptions;
extern unsigned vcpu_stub_exception_vector;
extern uint32_t vcpu_stub_exception_error_code;
extern char vcpu_stub_trace[256];
extern uint64_t host_test_cr2;

#endif
