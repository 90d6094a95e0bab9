/* A vCPU for host unit tests of VM-exit handlers: a struct vcpu wired to
 * its own struct vmx_cpu, struct vmx_vm and struct vcpu_platform_ops, with
 * the model VMCS (tests/unit/vmcs_model.h) as its current VMCS.
 *
 * tests/unit/vcpu_stub.c also stands in for the few vmx/vcpu.c functions
 * a handler calls that need the hardware or the whole run loop; each does
 * what vcpu.c does to struct vcpu, or only counts its calls:
 *   vcpu_stop   sets v->stop and v->stop_code, as vmx/vcpu.c does;
 *   vcpu_dump   counts its calls in vcpu_stub_dumps (prints nothing).
 *
 * The platform ops answer "nothing": no pending vector (-1), no timer
 * event (UINT64_MAX), TPR 0, every MSR "not the platform's" (1). A test
 * replaces the ones it needs in t->platform before the call under test.
 * A test links it by naming tests/unit/vcpu_stub.c (and
 * tests/unit/kernel_stub.c, tests/unit/vmcs_model.c) in its UNIT_LINK_
 * variable (Makefile). */
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

extern unsigned vcpu_stub_dumps;	/* vcpu_dump calls since test_vcpu_init */

#endif
