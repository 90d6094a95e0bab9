/* An exception in the host: a hypervisor bug. isr.asm's stubs call
 * trap_handler (arch/trap.h) with the frame; it reports the exception and
 * the registers on COM1, with a backtrace, and stops the machine. */
#include "arch/cpu.h"
#include "arch/trap.h"
#include "kernel/log.h"
#include "kernel/panic.h"

void trap_handler(struct trap_frame *f)
{
	log_error("host exception %llu (%s), error code 0x%llx",
		  (unsigned long long)f->vector, exception_name(f->vector),
		  (unsigned long long)f->error_code);
	log_error("RIP %04llx:%016llx RSP %04llx:%016llx RFLAGS %016llx CR2 %016llx",
		  (unsigned long long)f->cs, (unsigned long long)f->rip,
		  (unsigned long long)f->ss, (unsigned long long)f->rsp,
		  (unsigned long long)f->rflags,
		  (unsigned long long)read_cr2());
	log_error("RAX %016llx RBX %016llx RCX %016llx RDX %016llx",
		  (unsigned long long)f->rax, (unsigned long long)f->rbx,
		  (unsigned long long)f->rcx, (unsigned long long)f->rdx);
	log_error("RSI %016llx RDI %016llx RBP %016llx R8  %016llx",
		  (unsigned long long)f->rsi, (unsigned long long)f->rdi,
		  (unsigned long long)f->rbp, (unsigned long long)f->r8);
	log_error("R9  %016llx R10 %016llx R11 %016llx R12 %016llx",
		  (unsigned long long)f->r9, (unsigned long long)f->r10,
		  (unsigned long long)f->r11, (unsigned long long)f->r12);
	log_error("R13 %016llx R14 %016llx R15 %016llx",
		  (unsigned long long)f->r13, (unsigned long long)f->r14,
		  (unsigned long long)f->r15);
	panic_backtrace(f->rbp, f->rip);
	panic_finish();
}
