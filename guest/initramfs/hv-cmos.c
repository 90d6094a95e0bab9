/* hv-cmos INDEX [VALUE]: reads (prints in decimal) or writes a byte of the
 * machine's CMOS RAM (index 14..127, ports 0x70/0x71). CMOS RAM is
 * battery-backed on a PC: it survives a reset, so /init uses it to tell a
 * restarted boot from the first (hv.reboot_once). A static program without
 * libc for the test initramfs (scripts/build-initramfs.sh), like hv-mark.
 * Needs root and CONFIG_X86_IOPL_IOPERM; exits 1 without them, 2 on bad
 * arguments. */
#define SYS_write	1
#define SYS_exit	60
#define SYS_ioperm	173
#define CMOS_INDEX	0x70
#define CMOS_DATA	0x71

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

/* A decimal 0..255, or leave(2). */
static unsigned number(const char *s)
{
	unsigned v = 0;

	if (!*s)
		leave(2);
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 25)
			leave(2);
		v = v * 10 + (unsigned)(*s - '0');
	}
	if (v > 255)
		leave(2);
	return v;
}

static void outb(unsigned char v, unsigned short port)
{
	__asm__ volatile("outb %b0, %w1" : : "a"(v), "Nd"(port));
}

static unsigned char inb(unsigned short port)
{
	unsigned char v;
	__asm__ volatile("inb %w1, %b0" : "=a"(v) : "Nd"(port));
	return v;
}

void __attribute__((noreturn, used)) hv_cmos_main(long argc, char **argv);
void hv_cmos_main(long argc, char **argv)
{
	unsigned index, v;
	char buf[5];
	int n = 0;

	if (argc != 2 && argc != 3)
		leave(2);
	index = number(argv[1]);
	if (index < 14 || index > 127)	/* the clock's registers are not RAM */
		leave(2);
	if (syscall3(SYS_ioperm, CMOS_INDEX, 2, 1) != 0)
		leave(1);
	outb((unsigned char)index, CMOS_INDEX);
	if (argc == 3) {
		outb((unsigned char)number(argv[2]), CMOS_DATA);
		leave(0);
	}
	v = inb(CMOS_DATA);
	if (v >= 100)
		buf[n++] = (char)('0' + v / 100);
	if (v >= 10)
		buf[n++] = (char)('0' + v / 10 % 10);
	buf[n++] = (char)('0' + v % 10);
	buf[n++] = '\n';
	syscall3(SYS_write, 1, (long)buf, n);
	leave(0);
}

/* The kernel starts us with argc at (%rsp) and argv right above it. */
__asm__(".globl _start\n"
	"_start:\n"
	"	mov (%rsp), %rdi\n"
	"	lea 8(%rsp), %rsi\n"
	"	and $-16, %rsp\n"
	"	call hv_cmos_main\n");
