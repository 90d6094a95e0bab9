/* hv-mark N: writes the byte N to the hypervisor's debug marker port
 * (0xE9, guest/platform.h), so the hypervisor logs "guest marker 0xNN" and
 * Bochs stops at a magic breakpoint with its instruction count. Without a
 * hypervisor (CPUID.1:ECX bit 31 clear: bare Bochs, for the benchmark)
 * hv-mark executes the magic breakpoint itself. A static
 * program without libc for the test initramfs (scripts/build-initramfs.sh).
 * Needs root and a kernel with CONFIG_X86_IOPL_IOPERM; exits 1 otherwise. */
#define SYS_exit	60
#define SYS_ioperm	173
#define MARKER_PORT	0xE9

static long syscall3(long nr, long a, long b, long c)
{
	long ret;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return ret;
}

static void __attribute__((noreturn)) leave(int code)
{
	syscall3(SYS_exit, code, 0, 0);
	for (;;)
		;
}

void __attribute__((noreturn, used)) hv_mark_main(long argc, char **argv);
void hv_mark_main(long argc, char **argv)
{
	unsigned v = 0;
	const char *s;

	if (argc != 2)
		leave(2);
	for (s = argv[1]; *s; s++) {
		if (*s < '0' || *s > '9' || v > 25)
			leave(2);
		v = v * 10 + (unsigned)(*s - '0');
	}
	if (v > 255 || syscall3(SYS_ioperm, MARKER_PORT, 1, 1) != 0)
		leave(1);
	unsigned a = 1, b, c = 0, d;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	__asm__ volatile("outb %b0, %w1" : : "a"(v), "Nd"(MARKER_PORT));
	if (!(c & (1u << 31)))
		__asm__ volatile("xchg %%bx, %%bx" ::: "memory");
	leave(0);
}

/* The kernel starts us with argc at (%rsp) and argv right above it. */
__asm__(".globl _start\n"
	"_start:\n"
	"	mov (%rsp), %rdi\n"
	"	lea 8(%rsp), %rsi\n"
	"	and $-16, %rsp\n"
	"	call hv_mark_main\n");
