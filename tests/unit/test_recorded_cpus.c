/*
 * The VMCS-facing logic against capability MSRs recorded from several CPUs
 * (tests/unit/vmx_caps_recorded.h: Bochs' Haswell, a Broadwell i7-5600U, a
 * Skylake i7-6700K, Bochs' Skylake-X and Ice Lake): the controls chosen, the CR4 bits and XCR0
 * components the guest may use, the preemption-timer rate, and that the
 * guest state the hypervisor starts a guest in (vmx/vmcs_guest.c, run
 * against the model VMCS of tests/unit/vmcs_model.h) passes the VM-entry
 * checks with each CPU's fixed bits. Expected values were worked out by hand from
 * SDM Vol. 3D A.3-A.8 and are written as numbers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "arch/msr.h"
#include "vmx/controls.h"
#include "vmx/cpuid_policy.h"
#include "vmx/entry_checks.h"
#include "vmx/tsc_arith.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"
#include "tests/unit/vmcs_model.h"
#include "vmx_caps_recorded.h"

struct expected {
	uint32_t pin, proc, proc2, exit, entry;
	uint64_t guest_cr4, guest_xcr0;
	unsigned timer_rate;
};

/*
 * pin: ext-int 0, NMI 3, virtual NMIs 5, preemption timer 6 and the
 * always-1 bits 1, 2, 4 -> 0x7f on all three.
 * proc: TSC offsetting 3, HLT 7, MWAIT 10, RDPMC 11, CR8 load/store 19/20, I/O
 * bitmaps 25, MSR bitmaps 28, MONITOR 29, secondary 31, plus the always-1
 * bits of TRUE_PROCBASED (0x04006172) -> 0xb6186dfa.
 * proc2: EPT 1, RDTSCP 3, VPID 5, UG 7, RDRAND exiting 11, INVPCID 12 on
 * all; RDSEED exiting 16 where allowed (not Bochs' Haswell); XSAVES 20 on
 * the 6700K and Bochs' Skylake-X and Ice Lake.
 * exit 0x7fefff (with save VMX-preemption timer value), entry 0xd1ff on all.
 * guest CR4: CR4_FIXED1 without VMXE 13, SMXE 14 (and CET/PKS bits, absent
 * here; Ice Lake's 0x772fff keeps UMIP 11, PKE 22). XCR0: x87 SSE AVX (the
 * 6700K's MPX bits 3-4 dropped), AVX-512 5-7, PKRU 9.
 */
static const struct expected expected[RECORDED_CPUS] = {
	{ 0x7f, 0xb6186dfa, 0x000018aa, 0x7fefff, 0xd1ff, 0x1707ff, 0x7, 0 },
	{ 0x7f, 0xb6186dfa, 0x000118aa, 0x7fefff, 0xd1ff, 0x3707ff, 0x7, 5 },
	{ 0x7f, 0xb6186dfa, 0x001118aa, 0x7fefff, 0xd1ff, 0x3707ff, 0x7, 7 },
	{ 0x7f, 0xb6186dfa, 0x001118aa, 0x7fefff, 0xd1ff, 0x3707ff, 0xe7, 0 },
	{ 0x7f, 0xb6186dfa, 0x001118aa, 0x7fefff, 0xd1ff, 0x770fff, 0x2e7, 0 },
};

static void test_controls_per_cpu(void **state)
{
	for (unsigned i = 0; i < RECORDED_CPUS; i++) {
		const struct recorded_cpu *cpu = &recorded_cpus[i];
		const struct expected *e = &expected[i];
		struct vmx_controls c;

		memset(&c, 0xEE, sizeof(c));
		if (vmx_choose_controls(&cpu->caps, &c))
			fail_msg("%s: %s", cpu->name, vmx_choose_controls(&cpu->caps, &c));
		assert_int_equal(c.pin, e->pin);
		assert_int_equal(c.proc, e->proc);
		assert_int_equal(c.proc2, e->proc2);
		assert_int_equal(c.exit, e->exit);
		assert_int_equal(c.entry, e->entry);
		assert_true(c.ept_1g && c.ept_wb && c.ept_ad);
		assert_true(c.invept_single && c.invvpid_single && c.nmi_window);
	}
}

static void test_guest_limits_per_cpu(void **state)
{
	for (unsigned i = 0; i < RECORDED_CPUS; i++) {
		const struct recorded_cpu *cpu = &recorded_cpus[i];

		assert_int_equal(cpuid_policy_guest_cr4(cpu->caps.cr4_fixed1),
				 expected[i].guest_cr4);
		assert_int_equal(cpuid_policy_guest_xcr0(cpu->xcr0_supported),
				 expected[i].guest_xcr0);
		/* Never VMXE, whatever the CPU allows. */
		assert_int_equal(cpuid_policy_guest_cr4(cpu->caps.cr4_fixed1) & 0x2000, 0);
	}
}

static void test_preemption_timer_rate_per_cpu(void **state)
{
	/* A 1 ms deadline on a 2 GHz TSC: 2,000,000 ticks >> rate. */
	static const uint32_t want[RECORDED_CPUS] = { 2000000, 62500, 15625,
							 2000000, 2000000 };

	for (unsigned i = 0; i < RECORDED_CPUS; i++) {
		unsigned rate = recorded_cpus[i].caps.misc & 0x1F;
		assert_int_equal(rate, expected[i].timer_rate);
		assert_int_equal(preemption_timer_value(5000000 + 2000000, 5000000, rate),
				 want[i]);
	}
}

/* The guest state as the model VMCS holds it (tests/unit/vmcs_model.h). */
static struct vmentry_seg seg_from_vmcs(enum vmcs_field selector,
					enum vmcs_field base,
					enum vmcs_field limit,
					enum vmcs_field ar)
{
	return (struct vmentry_seg){
		(uint16_t)vmcs_model_get(selector), vmcs_model_get(base),
		(uint32_t)vmcs_model_get(limit), (uint32_t)vmcs_model_get(ar)
	};
}
#define SEG_FROM_VMCS(S)                                                    \
	seg_from_vmcs(VMCS_GUEST_##S##_SELECTOR, VMCS_GUEST_##S##_BASE,     \
		      VMCS_GUEST_##S##_LIMIT, VMCS_GUEST_##S##_AR_BYTES)

static void guest_from_vmcs(struct vmentry_guest *g)
{
	memset(g, 0, sizeof(*g));
	g->cr0 = vmcs_model_get(VMCS_GUEST_CR0);
	g->cr3 = vmcs_model_get(VMCS_GUEST_CR3);
	g->cr4 = vmcs_model_get(VMCS_GUEST_CR4);
	g->dr7 = vmcs_model_get(VMCS_GUEST_DR7);
	g->rsp = vmcs_model_get(VMCS_GUEST_RSP);
	g->rip = vmcs_model_get(VMCS_GUEST_RIP);
	g->rflags = vmcs_model_get(VMCS_GUEST_RFLAGS);
	g->efer = vmcs_model_get(VMCS_GUEST_IA32_EFER);
	g->debugctl = vmcs_model_get(VMCS_GUEST_IA32_DEBUGCTL);
	g->pat = vmcs_model_get(VMCS_GUEST_IA32_PAT);
	g->es = SEG_FROM_VMCS(ES);
	g->cs = SEG_FROM_VMCS(CS);
	g->ss = SEG_FROM_VMCS(SS);
	g->ds = SEG_FROM_VMCS(DS);
	g->fs = SEG_FROM_VMCS(FS);
	g->gs = SEG_FROM_VMCS(GS);
	g->ldtr = SEG_FROM_VMCS(LDTR);
	g->tr = SEG_FROM_VMCS(TR);
	g->gdtr_base = vmcs_model_get(VMCS_GUEST_GDTR_BASE);
	g->gdtr_limit = (uint32_t)vmcs_model_get(VMCS_GUEST_GDTR_LIMIT);
	g->idtr_base = vmcs_model_get(VMCS_GUEST_IDTR_BASE);
	g->idtr_limit = (uint32_t)vmcs_model_get(VMCS_GUEST_IDTR_LIMIT);
	g->activity_state = (uint32_t)vmcs_model_get(VMCS_GUEST_ACTIVITY_STATE);
	g->interruptibility =
		(uint32_t)vmcs_model_get(VMCS_GUEST_INTERRUPTIBILITY_INFO);
	g->pending_dbg = vmcs_model_get(VMCS_GUEST_PENDING_DBG_EXCEPTIONS);
	g->vmcs_link_ptr = vmcs_model_get(VMCS_VMCS_LINK_POINTER);
}

static void entry_controls(const struct vmx_caps *caps,
			   const struct vmx_controls *ctl,
			   struct vmentry_controls *c)
{
	memset(c, 0, sizeof(*c));
	c->pin = ctl->pin;
	c->proc = ctl->proc;
	c->proc2 = ctl->proc2;
	c->entry = ctl->entry;
	c->exit = ctl->exit;
	c->cr0_fixed0 = caps->cr0_fixed0;
	c->cr0_fixed1 = caps->cr0_fixed1;
	c->cr4_fixed0 = caps->cr4_fixed0;
	c->cr4_fixed1 = caps->cr4_fixed1;
	c->maxphyaddr = 39;
}

/* Runs the real vmcs_guest_protected_flat() (vmx/vmcs_guest.c) for the
 * recorded CPU against the model VMCS, with the link pointer vmcs_setup()
 * writes, and reads back the guest state it wrote. */
static void initial_state(const struct recorded_cpu *rc, struct vmx_cpu *cpu,
			  struct vmentry_guest *g, struct vmentry_controls *c)
{
	struct vcpu v;

	memset(cpu, 0, sizeof(*cpu));
	memset(&v, 0, sizeof(v));
	cpu->caps = rc->caps;
	assert_null(vmx_choose_controls(&cpu->caps, &cpu->ctl));
	v.cpu = cpu;
	vmcs_model_reset();
	vmcs_model_set(VMCS_VMCS_LINK_POINTER, ~0ULL);
	vmcs_guest_protected_flat(&v, 0x100000, 0x1000);
	guest_from_vmcs(g);
	entry_controls(&cpu->caps, &cpu->ctl, c);
}

static void test_initial_state_enters_per_cpu(void **state)
{
	for (unsigned i = 0; i < RECORDED_CPUS; i++) {
		const struct recorded_cpu *rc = &recorded_cpus[i];
		struct vmx_cpu cpu;
		struct vmentry_guest g;
		struct vmentry_controls c;
		const char *why;

		initial_state(rc, &cpu, &g, &c);
		why = vmentry_check_guest(&g, &c);
		if (why)
			fail_msg("%s: %s", rc->name, why);
		/* 32-bit flat protected mode, paging off (SDM values, by
		 * hand): CR0 PE ET NE with nothing else forced, CR4 VMXE
		 * only, CS 0x10 and data 0x18 flat 4 GiB, a busy 32-bit TSS,
		 * no LDT, the GDT at 0x1000, PAT at its reset value. */
		assert_int_equal(g.cr0, 0x31);
		assert_int_equal(vmcs_model_get(VMCS_CR0_READ_SHADOW), 0x31);
		assert_int_equal(g.cr4, 0x2000);
		assert_int_equal(vmcs_model_get(VMCS_CR4_READ_SHADOW), 0);
		assert_int_equal(g.rip, 0x100000);
		assert_int_equal(g.rflags, 0x2);
		assert_int_equal(g.dr7, 0x400);
		assert_int_equal(g.cs.selector, 0x10);
		assert_int_equal(g.cs.limit, 0xFFFFFFFF);
		assert_int_equal(g.cs.ar, 0xC09B);
		assert_int_equal(g.ss.selector, 0x18);
		assert_int_equal(g.ds.ar, 0xC093);
		assert_int_equal(g.gs.limit, 0xFFFFFFFF);
		assert_int_equal(g.ldtr.ar, VMX_AR_UNUSABLE);
		assert_int_equal(g.tr.limit, 0xFF);
		assert_int_equal(g.tr.ar, 0x8B);
		assert_int_equal(g.gdtr_base, 0x1000);
		assert_int_equal(g.gdtr_limit, 0x1F);
		assert_int_equal(g.pat, 0x0007040600070406ULL);

		/* The same guest in long mode with every CR4 bit it may own
		 * that Linux sets (PAE PGE OSFXSR OSXMMEXCPT OSXSAVE FSGSBASE
		 * PCIDE SMEP, SMAP where offered). */
		uint64_t cr4 = (0x606a0ULL | 0x10000 | 0x100000 | 0x200000) &
			       expected[i].guest_cr4;
		g.cr0 = 0x80050033;
		g.cr3 = 0x1000;
		g.cr4 = cr4 | 0x2000;
		g.efer = 0xd01;
		g.cs.ar = 0xA09B;
		c.entry |= ENTRY_IA32E_MODE_GUEST;
		g.tr.ar = 0x8B;
		why = vmentry_check_guest(&g, &c);
		if (why)
			fail_msg("%s, long mode: %s", rc->name, why);
	}
}

/* vmcs_guest_real_mode() (vmx/vmcs_guest.c), as the conformance guest
 * starts: real mode under unrestricted guest at 0000:7c00 enters on
 * every recorded CPU. */
static void test_real_mode_state_enters_per_cpu(void **state)
{
	for (unsigned i = 0; i < RECORDED_CPUS; i++) {
		const struct recorded_cpu *rc = &recorded_cpus[i];
		struct vmx_cpu cpu;
		struct vcpu v;
		struct vmentry_guest g;
		struct vmentry_controls c;
		const char *why;

		memset(&cpu, 0, sizeof(cpu));
		memset(&v, 0, sizeof(v));
		cpu.caps = rc->caps;
		assert_null(vmx_choose_controls(&cpu.caps, &cpu.ctl));
		v.cpu = &cpu;
		vmcs_model_reset();
		vmcs_model_set(VMCS_VMCS_LINK_POINTER, ~0ULL);
		vmcs_guest_real_mode(&v, 0, 0x7c00);
		guest_from_vmcs(&g);
		entry_controls(&cpu.caps, &cpu.ctl, &c);
		why = vmentry_check_guest(&g, &c);
		if (why)
			fail_msg("%s: %s", rc->name, why);
		/* ET, and NE forced by every CPU's CR0_FIXED0; PE and PG
		 * clear (exempt with unrestricted guest). */
		assert_int_equal(g.cr0, 0x30);
		assert_int_equal(vmcs_model_get(VMCS_CR0_READ_SHADOW), 0x10);
		assert_int_equal(g.rip, 0x7c00);
		assert_int_equal(g.cs.base, 0);
		assert_int_equal(g.cs.limit, 0xFFFF);
		assert_int_equal(g.cs.ar, 0x9B);
		assert_int_equal(g.ds.ar, 0x93);
		assert_int_equal(g.idtr_limit, 0x3FF);
	}
}

static void test_kvm_l1_basic(void **state)
{
	/* Revision 31:0 (bit 31 clear), region size 44:32, memory type
	 * 53:50 = 6 (WB), INS/OUTS info 54, TRUE controls 55, no error-code
	 * check 56. */
	assert_int_equal(KVM_L1_VMX_BASIC & VMX_BASIC_REVISION_MASK, 0x11e57ed0);
	assert_int_equal((KVM_L1_VMX_BASIC >> 32) & 0x1FFF, 0x1000);
	assert_int_equal((KVM_L1_VMX_BASIC >> 50) & 0xF, 6);
	assert_true(KVM_L1_VMX_BASIC & VMX_BASIC_TRUE_CTLS);
	/* The real CPUs' revisions: 0x12 Broadwell, 0x4 Skylake. */
	assert_int_equal(recorded_cpus[1].caps.basic & VMX_BASIC_REVISION_MASK, 0x12);
	assert_int_equal(recorded_cpus[2].caps.basic & VMX_BASIC_REVISION_MASK, 0x4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_controls_per_cpu),
		cmocka_unit_test(test_guest_limits_per_cpu),
		cmocka_unit_test(test_preemption_timer_rate_per_cpu),
		cmocka_unit_test(test_initial_state_enters_per_cpu),
		cmocka_unit_test(test_real_mode_state_enters_per_cpu),
		cmocka_unit_test(test_kvm_l1_basic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
