/* A virtual CPU: everything the hypervisor keeps for one guest CPU. There
 * is no global guest state; what the vCPU uses of its VM (guest RAM, EPT,
 * the port and MMIO tables) is the struct vmx_vm (vmx/vmx_vm.h) the VM
 * hands it, reached through vcpu->vm, and the platform's answers come
 * through vcpu->platform. */
#ifndef VMX_VCPU_H
#define VMX_VCPU_H

#include <stdbool.h>
#include <stdint.h>
#include "vmx/cpuid_policy.h"
#include "vmx/exit_stats.h"
#include "vmx/vmx_defs.h"

struct vmx_cpu;
struct vmx_vm;

/* What a guest kind's hypercall handler decided (guest/hypercall.c). */
struct hypercall_result {
	bool known;		/* false: not a call of this guest kind: #UD */
	uint64_t rax;		/* the result, returned in RAX */
	bool stop;		/* stop the vCPU after it (VCPU_STOP_HYPERCALL) */
	bool exit_stats;	/* log the exit statistics; RAX = exit count */
	unsigned button;	/* press a platform button (VCPU_BUTTON_*) */
	uint64_t stop_code;
	char trace[96];		/* what it did, for the exit trace */
};

/* The machine's buttons: the NMI button (the platform's NMI line, on
 * every local APIC's LINT1) and the ACPI fixed power button. */
enum vcpu_button {
	VCPU_BUTTON_NONE = 0,
	VCPU_BUTTON_NMI = 1,
	VCPU_BUTTON_POWER = 2,
};

/* A guest kind's hypercalls: call number nr (RAX), arguments RBX, RCX,
 * RDX. Pure: it only fills *r; vmx/exit_vmcall.c applies it. */
typedef void (*hypercall_fn)(uint64_t nr, const uint64_t args[3],
			     struct hypercall_result *r);

/* The guest's general-purpose registers while the hypervisor runs. RSP and
 * RIP are in the VMCS. The order is fixed: vmx/vmentry.asm uses offsets. */
struct guest_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t host_rsp;	/* HOST_RSP as last written to this VMCS */
};

/* Why a vCPU stopped running. */
enum vcpu_stop {
	VCPU_RUNNING = 0,
	VCPU_STOP_HALTED,	/* HLT with interrupts off: can never resume */
	VCPU_STOP_HYPERCALL,	/* the guest asked to stop (test guest) */
	VCPU_STOP_RESET,	/* the guest pulled a reset line */
	VCPU_STOP_ERROR,	/* the hypervisor gave up on the guest */
	VCPU_STOP_POWEROFF,	/* power off asked on the console (Ctrl-A x) */
	VCPU_STOP_ENTRY_FAILED,	/* VM entry refused its state: code is the
				 * VM-instruction error, 0 if the entry
				 * checker (DEBUG) refused it first */
	VCPU_STOP_ACPI_OFF,	/* the guest powered off (ACPI S5) */
};

/* What a vCPU asks of the platform it runs on. vmx/ knows nothing of the
 * guest's devices: the VM (guest/platform.c) hands each vCPU these, and
 * vmx/ does only the VMX mechanism (injection, the preemption timer, the
 * exits that reach the local APIC: CR8, IA32_APIC_BASE, TSC deadline). */
struct vcpu_platform_ops {
	void *ctx;
	/* Brings the devices up to host TSC now: samples their lines, runs
	 * their timers, reads the console. Once per evaluation of vCPU
	 * cpu's events; the questions below then answer for that moment. */
	void (*update)(void *ctx, unsigned cpu, uint64_t now);
	/* True once per NMI the platform latched for vCPU cpu (an NMI IPI,
	 * an IOAPIC entry in NMI mode, the NMI line on LINT1). */
	bool (*take_nmi)(void *ctx, unsigned cpu);
	/* True if a device is set up to send vCPU cpu an NMI later (an
	 * unmasked IOAPIC entry in NMI mode): a HLT with interrupts off
	 * waits for it instead of ending the guest. */
	bool (*nmi_armed)(void *ctx, unsigned cpu);
	/* The vector vCPU cpu should take now, or -1. Changes nothing. */
	int (*pending_vector)(void *ctx, unsigned cpu);
	/* The vCPU takes that interrupt now (the INTA cycle): returns the
	 * vector to inject, or -1 if none. */
	int (*ack_vector)(void *ctx, unsigned cpu);
	/* Host TSC at which the next timer event for vCPU cpu is due, or
	 * UINT64_MAX. */
	uint64_t (*next_event_tsc)(void *ctx, unsigned cpu);
	/* Presses one of the machine's buttons (enum vcpu_button). */
	void (*press_button)(void *ctx, unsigned button);
	/* The local APIC's TPR (CR8 is its bits 7:4, SDM Vol. 3A 11.8.6). */
	uint8_t (*get_tpr)(void *ctx, unsigned cpu);
	void (*set_tpr)(void *ctx, unsigned cpu, uint8_t tpr);
	/* MSRs the platform owns (IA32_APIC_BASE, IA32_TSC_DEADLINE with
	 * times in host TSC): 0 done, -1 #GP, 1 not the platform's. */
	int (*rdmsr)(void *ctx, unsigned cpu, uint32_t msr, uint64_t *val);
	int (*wrmsr)(void *ctx, unsigned cpu, uint32_t msr, uint64_t val);
};

/* What the guest did that the hypervisor refused or answered for it. */
struct vcpu_stats {
	uint64_t io_absent;	/* IN/OUT to a port no device claims */
	uint64_t msr_unknown;	/* RDMSR/WRMSR of an MSR we do not know */
	uint64_t msr_refused;	/* WRMSR of an emulated MSR the CPU would refuse */
	uint64_t gp_injected;
	uint64_t ud_injected;
	uint64_t irq_injected;
	uint64_t nmi_injected;	/* platform NMIs given to the guest */
	uint64_t mmio_unemulated; /* MMIO instructions refused with #UD */
};

struct vcpu {
	struct guest_regs regs;
	unsigned id;
	struct vmx_vm *vm;
	struct vmx_cpu *cpu;
	uint64_t vmcs_phys;
	uint16_t vpid;
	bool launched;

	/* The current VM exit, read once by the dispatcher. */
	struct {
		uint32_t reason;	/* full exit-reason field */
		uint64_t qualification;
		uint32_t instr_len;
		uint64_t rip;
	} exit;

	uint64_t exit_count[VMX_EXIT_REASON_MAX];
	struct exit_time exit_time;	/* cycles per reason (exit_stats.h) */
	uint64_t exits;
	struct vcpu_stats stats;

	/* What an exit needs not ask the VMCS again. */
	uint32_t proc_ctl;	/* primary processor-based controls */
	/* Interrupt delivery is worked out again (vcpu_run) only when an
	 * exit may have changed it (a device access, an interrupt window,
	 * HLT, ...: events_dirty) or the next device event is due
	 * (event_deadline, host TSC). Handlers that touch a device or the
	 * guest's interruptibility set events_dirty. */
	bool events_dirty;
	uint64_t event_deadline;

	/* The guest's CPUID policy and the answers for its static leaves,
	 * filled when the vCPU is made (vcpu_cpuid_init); for the dynamic
	 * leaves the guest's CR4.OSXSAVE, CR4.PKE and XCR0 are read again
	 * at each exit. */
	struct cpuid_policy cpuid;
	struct cpuid_table cpuid_table;

	uint64_t xss;		/* the guest's IA32_XSS (emulated; always 0) */
	/* IA32_MISC_ENABLE as the guest last wrote it (misc_enable_set),
	 * else its power-on value (vmx/exit_msr.c). */
	uint64_t misc_enable;
	bool misc_enable_set;
	bool nmi_pending;	/* an NMI waits for the guest */
	/* vcpu_skip_instruction made a single-step #DB pending for the
	 * next entry; cleared after it. */
	bool single_step_trap;
	/* An external interrupt the platform gave (acknowledged) whose
	 * delivery an exception displaced: injected before any other, so
	 * its in-service bit does not stay set for good; -1 if none. */
	int held_vector;
	const struct vcpu_platform_ops *platform;	/* set by the VM */
	bool trace;		/* log every exit (the test guest) */
	bool trace_exits;	/* hv.conf "trace = exits": one line per exit */
	hypercall_fn hypercall;	/* NULL: no hypercalls, VMCALL is #UD */
	enum vcpu_stop stop;
	uint64_t stop_code;	/* hypercall status, or exit reason */
	uint64_t launch_tsc;
};

/* Sets up vCPU number id of vm on this CPU, with its own VMCS (made
 * current). Returns NULL or the reason. */
const char *vcpu_init(struct vcpu *v, struct vmx_vm *vm, struct vmx_cpu *cpu,
		      unsigned id);

/* Puts the vCPU back to its power-on state for a restart of the guest:
 * a fresh VMCS in the same page, registers cleared; the exit counts and
 * statistics are kept (they are the run's). Returns NULL or the reason. */
const char *vcpu_reset(struct vcpu *v);

/* Stops the vCPU's run loop after this exit. */
void vcpu_stop(struct vcpu *v, enum vcpu_stop why, uint64_t code);

/* Moves the guest's RIP past the instruction that caused this exit. */
void vcpu_skip_instruction(struct vcpu *v);

/* Queues an exception for injection at the next VM entry (26.6 "Event
 * Injection"). Hardware exceptions only; the error code is delivered where
 * the vector has one and the guest is in protected mode (in real mode none
 * is: vmx/exception_entry.c). If the exit interrupted the delivery of
 * another event (requeued by the dispatcher), the two combine as the CPU
 * would (Table 6-5): a double fault, a triple fault (the guest's reset),
 * or the new exception first, with a displaced external interrupt or NMI
 * kept for later. */
void vcpu_inject_exception(struct vcpu *v, unsigned vector, uint32_t error_code);

/* INVEPT for the VM's EPTP: after its EPT paging structures change
 * (28.3.3.1). Stops the hypervisor if the CPU refuses. */
void vcpu_flush_ept(struct vcpu *v);

/* INVVPID for the vCPU's VPID: after the hypervisor changes what the
 * guest's translations depend on, as an emulated MOV to CR0/CR4 does
 * (28.3.3.3). Stops the hypervisor if the CPU refuses. */
void vcpu_flush_guest_tlb(struct vcpu *v);

/* Guest register by the number used in exit qualifications (0 = RAX,
 * 4 = RSP (from the VMCS), ... 15 = R15). */
uint64_t vcpu_gpr(struct vcpu *v, unsigned n);
void vcpu_set_gpr(struct vcpu *v, unsigned n, uint64_t value);

/* Prints "hv: exit: ..." when the vCPU traces its exits. A macro: an
 * exit that is not traced pays one test, not a varargs call. */
#define vcpu_trace(v, ...)                                        \
	do {                                                      \
		if (__builtin_expect((v)->trace, 0))              \
			vcpu_trace_log((v), __VA_ARGS__);          \
	} while (0)
void vcpu_trace_log(struct vcpu *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prints the guest's registers, segments and control state from the VMCS,
 * the bytes at RIP and the top of the stack: vcpu_dump as error lines
 * (after a failure), vcpu_show as info lines (Ctrl-A r, the guest runs
 * on). */
void vcpu_dump(struct vcpu *v);
void vcpu_show(struct vcpu *v);

/* Prints the exit statistics table (vmx/exit_stats_log.c); when says
 * why, e.g. "at the end of the run". */
void vcpu_log_exit_stats(const struct vcpu *v, const char *when);
/* Logs "exits at marker 0xNN: TOTAL (reason n, ...); host halted T
 * ticks": the exits so far by reason, and the TSC ticks the host spent
 * halted waiting for the guest's events (vmx/exit_markers.c). */
void vcpu_log_exit_counts(const struct vcpu *v, int marker);

/* Runs the guest until it stops; returns why. */
enum vcpu_stop vcpu_run(struct vcpu *v);

#endif
