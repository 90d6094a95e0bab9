/* hv-bench: guest-side microbenchmarks for `make bench` (scripts/bench.sh).
 * The same static program runs on bare Bochs and under the hypervisor; it
 * times each operation with RDTSC, which on Bochs counts instructions
 * (the TSC ticks at the emulator's ips), so a figure is "ticks per
 * iteration". Each operation runs in BATCHES batches of ITERS iterations
 * and the smallest batch counts: the guest's own timer interrupts land in
 * some batches, never in the smallest.
 *
 *   hv-bench micro       one line per operation:
 *                        "hv-bench: NAME TICKS.HH ticks/iter"
 *   hv-bench irq         interrupt round trip: "hv-bench: irq-round-trip
 *                        TICKS ticks/irq (N irqs)"
 *   hv-bench shutdown    ends bare Bochs (port 0x8900; ignored under hv)
 *
 * Ports: 0x310 (absent on both sides), COM1 0x3F8/0x3FD, PIT 0x40/0x43;
 * ioperm() must be allowed (root, CONFIG_X86_IOPL_IOPERM). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <termios.h>
#include <ucontext.h>
#include <unistd.h>

#define ABSENT_PORT 0x310
#define COM1 0x3F8
#define BATCHES 40

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static inline void cpuid0(void)
{
	uint32_t a = 0, b, c = 0, d;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
}

static inline uint8_t in8(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %w1, %b0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void out8(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %b0, %w1" : : "a"(v), "Nd"(port));
}

static int msr_fd = -1;

/* One iteration of each operation. */
static void op_loop(void) { __asm__ volatile("" ::: "memory"); }
static void op_cpuid(void) { cpuid0(); }
static void op_in_absent(void) { (void)in8(ABSENT_PORT); }
static void op_out_absent(void) { out8(ABSENT_PORT, 0); }
static void op_uart_lsr(void) { (void)in8(COM1 + 5); }
static void op_pit_read(void)
{
	out8(0x43, 0x00);	/* latch channel 0 */
	(void)in8(0x40);
	(void)in8(0x40);
}
static void op_rdmsr(void)
{
	uint64_t v;
	/* IA32_APIC_BASE: emulated by the hypervisor. */
	if (pread(msr_fd, &v, 8, 0x1B) != 8)
		abort();
}
static void op_vmcall(void)
{
	/* At CPL 3 VMCALL is #UD on bare metal and is injected as #UD by
	 * the hypervisor: the SIGILL handler skips it. */
	__asm__ volatile("vmcall" ::: "memory");
}
static void op_uart_tx(void)
{
	while (!(in8(COM1 + 5) & 0x20))	/* THRE */
		;
	out8(COM1, '.');
}

static void on_sigill(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	(void)sig;
	(void)si;
	uc->uc_mcontext.gregs[REG_RIP] += 3;	/* 0f 01 c1 */
}

static uint64_t measure(void (*op)(void), unsigned iters, unsigned batches)
{
	uint64_t best = UINT64_MAX;

	for (unsigned b = 0; b < batches; b++) {
		uint64_t t0 = rdtsc();
		for (unsigned i = 0; i < iters; i++)
			op();
		uint64_t t = rdtsc() - t0;
		if (t < best)
			best = t;
	}
	return best;
}

static void report(const char *name, uint64_t best, unsigned iters)
{
	uint64_t hund = best * 100 / iters;
	printf("hv-bench: %s %llu.%02llu ticks/iter\n", name,
	       (unsigned long long)(hund / 100),
	       (unsigned long long)(hund % 100));
	fflush(stdout);
}

static void micro(void)
{
	static const struct {
		const char *name;
		void (*op)(void);
		unsigned iters;
	} ops[] = {
		{ "loop", op_loop, 1000 },
		{ "cpuid", op_cpuid, 200 },
		{ "in-absent", op_in_absent, 200 },
		{ "out-absent", op_out_absent, 200 },
		{ "uart-lsr-read", op_uart_lsr, 200 },
		{ "pit-read", op_pit_read, 100 },
		{ "vmcall", op_vmcall, 20 },
	};
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigill;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGILL, &sa, NULL);

	for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		report(ops[i].name, measure(ops[i].op, ops[i].iters, BATCHES),
		       ops[i].iters);

	msr_fd = open("/dev/cpu/0/msr", O_RDONLY);
	if (msr_fd >= 0)
		report("rdmsr", measure(op_rdmsr, 50, BATCHES), 50);
	else
		printf("hv-bench: rdmsr skipped (no /dev/cpu/0/msr)\n");

	/* The UART at 115200 baud: one byte per 86.8 us of emulated time.
	 * Drain the console first, so the kernel is not sending too. */
	fflush(stdout);
	tcdrain(1);
	uint64_t t0 = rdtsc();
	for (unsigned i = 0; i < 64; i++)
		op_uart_tx();
	uint64_t t = rdtsc() - t0;
	while (!(in8(COM1 + 5) & 0x40))	/* TEMT: all sent */
		;
	printf("\n");
	report("uart-tx", t, 64);
}

/* Reads the TSC in a tight loop for `span` ticks; a gap far longer than
 * one loop iteration is an interrupt (the guest's timer) taken and
 * returned from. Reports the mean gap. */
static void irq_round_trip(uint64_t span)
{
	uint64_t start = rdtsc(), last = start, sum = 0, n = 0;

	for (;;) {
		uint64_t now = rdtsc();
		uint64_t gap = now - last;
		if (gap > 400) {
			sum += gap;
			n++;
		}
		last = now;
		if (now - start > span)
			break;
	}
	printf("hv-bench: irq-round-trip %llu ticks/irq (%llu irqs)\n",
	       (unsigned long long)(n ? sum / n : 0), (unsigned long long)n);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	if (ioperm(0, 0x400, 1) != 0) {
		perror("hv-bench: ioperm");
		return 1;
	}
	if (!strcmp(argv[1], "micro")) {
		micro();
	} else if (!strcmp(argv[1], "irq")) {
		irq_round_trip(argc > 2 ? strtoull(argv[2], NULL, 0) : 100000000ULL);
	} else if (!strcmp(argv[1], "shutdown")) {
		static const char cmd[] = "Shutdown";
		if (ioperm(0x8900, 1, 1) != 0)
			return 1;
		for (const char *c = cmd; *c; c++)
			out8(0x8900, (uint8_t)*c);
	} else {
		return 2;
	}
	return 0;
}
