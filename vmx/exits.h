/* VM-exit handlers, one file per exit kind, each named for the SDM's exit
 * reason (Appendix C): vmx/exit_<name>.c. vmx/exit_dispatch.c calls them
 * through one table indexed by basic exit reason. A handler either resumes
 * the guest (advancing RIP, injecting an event) or stops the vCPU. */
#ifndef VMX_EXITS_H
#define VMX_EXITS_H

#include "vmx/vcpu.h"

typedef void (*exit_handler_fn)(struct vcpu *v);

void exit_exception_nmi(struct vcpu *v);	/* exit_exception.c */
void exit_external_interrupt(struct vcpu *v);	/* exit_external_interrupt.c */
void exit_triple_fault(struct vcpu *v);		/* exit_triple_fault.c */
void exit_interrupt_window(struct vcpu *v);	/* exit_interrupt_window.c */
void exit_cpuid(struct vcpu *v);		/* exit_cpuid.c */
/* The vCPU's CPUID policy and table of static leaves (vcpu_init). */
void vcpu_cpuid_init(struct vcpu *v);		/* exit_cpuid.c */
/* Logs once what the guest's CPUID offers: leaves 1, 7, 0xD, 0x80000001. */
void cpuid_log_guest_view(struct vcpu *v);	/* exit_cpuid.c */
void exit_hlt(struct vcpu *v);			/* exit_hlt.c */
void exit_invd_wbinvd(struct vcpu *v);		/* exit_invd.c */
void exit_vmcall(struct vcpu *v);		/* exit_vmcall.c */
void exit_vmx_instruction(struct vcpu *v);	/* exit_vmx_instruction.c */
void exit_cr_access(struct vcpu *v);		/* exit_cr.c */
void exit_io_instruction(struct vcpu *v);	/* exit_io.c */
void exit_rdmsr(struct vcpu *v);		/* exit_msr.c */
void exit_wrmsr(struct vcpu *v);		/* exit_msr.c */
void exit_entry_failure(struct vcpu *v);	/* exit_entry_failure.c */
/* VMLAUNCH/VMRESUME failed with VMfailValid, or the DEBUG entry checker
 * found a broken rule: both stop the guest (exit_entry_failure.c). */
void vmentry_instruction_failed(struct vcpu *v, const char *insn);
void vmentry_refused(struct vcpu *v, const char *rule);
void exit_monitor_mwait(struct vcpu *v);	/* exit_monitor_mwait.c */
void exit_ept_violation(struct vcpu *v);	/* exit_ept.c */
void exit_ept_misconfig(struct vcpu *v);	/* exit_ept.c */
void exit_xsetbv(struct vcpu *v);		/* exit_xsetbv.c */
void exit_preemption_timer(struct vcpu *v);	/* exit_preemption_timer.c */
void exit_rdrand_rdseed(struct vcpu *v);	/* exit_rdrand.c */
void exit_nmi_window(struct vcpu *v);		/* nmi_injection.c */
void exit_rdpmc(struct vcpu *v);		/* exit_rdpmc.c */
void exit_pause(struct vcpu *v);		/* exit_pause.c (NAIVE=1) */
void exit_rdtsc(struct vcpu *v);		/* exit_rdtsc.c (NAIVE=1) */
void exit_rdtscp(struct vcpu *v);		/* exit_rdtsc.c (NAIVE=1) */
void exit_invlpg(struct vcpu *v);		/* exit_invlpg.c (NAIVE=1) */

/* Handles the current exit of v: counts it and calls its handler. */
void exit_dispatch(struct vcpu *v);

#endif
