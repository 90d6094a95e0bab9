/* panic(): the one place the hypervisor stops on an error. */
#include <stdarg.h>
#include "arch/cpu.h"
#include "arch/msr.h"
#include "kernel/format.h"
#include "kernel/log.h"
#include "kernel/panic.h"
#include "kernel/screen.h"

extern char __kernel_start[], __kernel_end[];

static void (*guest_dumper)(void *ctx);
static void *guest_dumper_ctx;
static int panicking;

void panic_set_guest_dumper(void (*dump)(void *ctx), void *ctx)
{
	guest_dumper = dump;
	guest_dumper_ctx = ctx;
}

void panic_halt(void)
{
	log_error("halted");
	for (;;) {
		cli();
		hlt();
	}
}

/* Walks the frame-pointer chain (the kernel is built with frame pointers).
 * Every frame must lie in the kernel image or its stacks, which are inside
 * the image's .bss: anything else ends the walk. */
void panic_backtrace(uint64_t rbp, uint64_t rip)
{
	uint64_t lo = (uint64_t)(uintptr_t)__kernel_start;
	uint64_t hi = (uint64_t)(uintptr_t)__kernel_end;

	log_error("backtrace (addr2line -e build/kernel.elf ADDR):");
	log_error("  #0 %016llx", (unsigned long long)rip);
	for (int i = 1; i < 32; i++) {
		if (rbp < lo || rbp + 16 > hi || (rbp & 7))
			break;
		uint64_t *frame = (uint64_t *)(uintptr_t)rbp;
		uint64_t ret = frame[1];
		if (ret < lo || ret >= hi)
			break;
		log_error("  #%d %016llx", i, (unsigned long long)ret);
		if (frame[0] <= rbp)
			break;	/* frames must go up the stack */
		rbp = frame[0];
	}
}

void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	cli();
	if (!panicking)
		screen_take_back();	/* show it on the screen too */
	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_error("PANIC: %s", msg);
	if (panicking++)	/* a panic while panicking: stop at once */
		panic_halt();

	log_error("host: CR0 %016llx CR3 %016llx CR4 %016llx EFER %016llx",
		  (unsigned long long)read_cr0(), (unsigned long long)read_cr3(),
		  (unsigned long long)read_cr4(),
		  (unsigned long long)rdmsr(MSR_IA32_EFER));
	panic_backtrace((uint64_t)(uintptr_t)__builtin_frame_address(0),
			(uint64_t)(uintptr_t)&panic);
	panic_finish();
}

void panic_finish(void)
{
	void (*dump)(void *) = guest_dumper;

	guest_dumper = NULL;	/* a fault while dumping must not loop */
	if (dump)
		dump(guest_dumper_ctx);
	panic_halt();
}
