/* The test vCPU and the vmx/vcpu.c stand-ins; see vcpu_stub.h. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tests/unit/vcpu_stub.h"
#include "tests/unit/vmcs_model.h"

unsigned vcpu_stub_dumps;
unsigned vcpu_stub_skips;
unsigned vcpu_stub_exceptions;
unsigned vcpu_stub_exception_vector;
uint32_t vcpu_stub_exception_error_code;
char vcpu_stub_trace[256];
uint64_t host_test_cr2;	/* write_cr2 under HV_HOST_TEST (arch/cpu.h) */

static void no_update(void *ctx, unsigned cpu, uint64_t now)
{
}

static bool no_nmi(void *ctx, unsigned cpu)
{
	return false;
}

static void no_button(void *ctx, unsigned button)
{
}

static int no_vector(void *ctx, unsigned cpu)
{
	return -1;
}

static uint64_t no_event(void *ctx, unsigned cpu)
{
	return UINT64_MAX;
}

static uint8_t tpr_zero(void *ctx, unsigned cpu)
{
	return 0;
}

static void tpr_ignored(void *ctx, unsigned cpu, uint8_t tpr)
{
}

static int msr_not_ours(void *ctx, unsigned cpu, uint32_t msr, uint64_t *val)
{
	return 1;
}

static int wrmsr_not_ours(void *ctx, unsigned cpu, uint32_t msr, uint64_t val)
{
	return 1;
}

void test_vcpu_init(struct test_vcpu *t)
{
	memset(t, 0, sizeof(*t));
	t->platform = (struct vcpu_platform_ops){
		.ctx = t,
		.update = no_update,
		.take_nmi = no_nmi,
		.nmi_armed = no_nmi,
		.press_button = no_button,
		.pending_vector = no_vector,
		.ack_vector = no_vector,
		.next_event_tsc = no_event,
		.get_tpr = tpr_zero,
		.set_tpr = tpr_ignored,
		.rdmsr = msr_not_ours,
		.wrmsr = wrmsr_not_ours,
	};
	t->v.cpu = &t->cpu;
	t->v.vm = &t->vm;
	t->v.platform = &t->platform;
	vmcs_model_reset();
	vcpu_stub_dumps = 0;
	vcpu_stub_skips = 0;
	vcpu_stub_exceptions = 0;
	vcpu_stub_exception_vector = 0;
	vcpu_stub_exception_error_code = 0;
	vcpu_stub_trace[0] = '\0';
	host_test_cr2 = 0;
}

void vcpu_stop(struct vcpu *v, enum vcpu_stop why, uint64_t code)
{
	v->stop = why;
	v->stop_code = code;
}

void vcpu_dump(struct vcpu *v)
{
	vcpu_stub_dumps++;
}

void vcpu_skip_instruction(struct vcpu *v)
{
	vcpu_stub_skips++;
}

/* Weak: a test of the real one (vmx/exception_inject.c) links that. */
__attribute__((weak))
void vcpu_inject_exception(struct vcpu *v, unsigned vector,
			   uint32_t error_code)
{
	vcpu_stub_exceptions++;
	vcpu_stub_exception_vector = vector;
	vcpu_stub_exception_error_code = error_code;
}

void vcpu_trace_log(struct vcpu *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(vcpu_stub_trace, sizeof(vcpu_stub_trace), fmt, ap);
	va_end(ap);
}
