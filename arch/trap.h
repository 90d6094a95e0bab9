/* The host's interrupt descriptor table and exception reporting (SDM Vol. 3A
 * 6.10 "Interrupt Descriptor Table", 6.14 "Exception and Interrupt Handling
 * in 64-bit Mode"). The host enables interrupts only to wait for one
 * (arch/host_irq.c); otherwise they reach it as VM exits. Any exception in the host is a hypervisor bug and
 * ends in a full report on COM1. An NMI is not: it is counted and given to
 * the guest (host_nmi_take). */
#ifndef ARCH_TRAP_H
#define ARCH_TRAP_H

#include <stdint.h>

/* Built by arch/isr.asm on the stack; the order is fixed by the pushes. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	/* Pushed by the CPU. */
	uint64_t rip, cs, rflags, rsp, ss;
};

#define IDT_VECTORS 256

void idt_init(void);

/* How many NMIs arrived while the host ran since the last call; resets the
 * count. The run loop hands them to the guest before every entry: a plain
 * read first, the locked exchange only when the NMI gate counted one. */
extern volatile uint64_t host_nmi_count;	/* arch/isr.asm increments it */
static inline uint64_t host_nmi_take(void)
{
	if (!host_nmi_count)
		return 0;
	return __atomic_exchange_n(&host_nmi_count, 0, __ATOMIC_SEQ_CST);
}
/* Called from isr.asm for an exception or an unexpected vector; the
 * kernel's (kernel/host_exception.c): reports it and stops. */
void trap_handler(struct trap_frame *f) __attribute__((noreturn));
const char *exception_name(unsigned vector);

#endif
