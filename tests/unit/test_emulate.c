/*
 * Unit tests for vmx/emulate.c: decoded instructions carried out against a
 * fake device register, with the register file and flags checked against
 * what the processor does (the flag values were checked on an x86-64 host
 * by running the same instructions, see test_alu_matches_host).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmx/decode.h"
#include "vmx/emulate.h"

#define B(...) ((const uint8_t[]){ __VA_ARGS__ }), sizeof((const uint8_t[]){ __VA_ARGS__ })

static struct dev {
	uint64_t value;		/* what a read returns */
	unsigned reads, writes;
	unsigned last_size;
	uint64_t written;
} dev;

static uint64_t dev_read(void *ctx, unsigned size)
{
	struct dev *d = ctx;
	d->reads++;
	d->last_size = size;
	return size >= 8 ? d->value : d->value & ((1ULL << (8 * size)) - 1);
}

static void dev_write(void *ctx, unsigned size, uint64_t v)
{
	struct dev *d = ctx;
	d->writes++;
	d->last_size = size;
	d->written = v;
}

static const struct x86_emu_mem mem = { dev_read, dev_write, &dev };

static int run(const uint8_t *b, unsigned n, enum x86_mode m, uint64_t *gpr,
	       uint64_t *rflags)
{
	struct x86_insn in;

	assert_int_equal(x86_decode(b, n, m, &in), X86_DECODE_OK);
	return x86_emulate(&in, gpr, rflags, &mem);
}

static int reset(void **state)
{
	memset(&dev, 0, sizeof(dev));
	return 0;
}

static void test_loads(void **state)
{
	uint64_t gpr[16], fl = 0x2;

	for (int i = 0; i < 16; i++)
		gpr[i] = 0x1111111111111111ULL * (uint64_t)(i + 1);
	dev.value = 0x8877665544332211ULL;

	/* mov eax, [rdi]: 32-bit load zero-extends */
	assert_int_equal(run(B(0x8B, 0x07), X86_MODE_64, gpr, &fl), 0);
	assert_int_equal(gpr[0], 0x44332211ULL);
	assert_int_equal(dev.last_size, 4);
	/* mov r9, [rax]: 64-bit */
	assert_int_equal(run(B(0x4C, 0x8B, 0x08), X86_MODE_64, gpr, &fl), 9);
	assert_int_equal(gpr[9], 0x8877665544332211ULL);
	/* mov cx, [rax]: the upper 48 bits stay */
	gpr[1] = 0xAAAAAAAAAAAAAAAAULL;
	run(B(0x66, 0x8B, 0x08), X86_MODE_64, gpr, &fl);
	assert_int_equal(gpr[1], 0xAAAAAAAAAAAA2211ULL);
	/* mov bh, [rax]: bits 15:8 of RBX only */
	gpr[3] = 0xAAAAAAAAAAAAAAAAULL;
	assert_int_equal(run(B(0x8A, 0x38), X86_MODE_64, gpr, &fl), 3);
	assert_int_equal(gpr[3], 0xAAAAAAAAAAAA11AAULL);
	/* movzx edx, word [rax] */
	gpr[2] = ~0ULL;
	run(B(0x0F, 0xB7, 0x10), X86_MODE_64, gpr, &fl);
	assert_int_equal(gpr[2], 0x2211);
	assert_int_equal(dev.last_size, 2);
	/* movsx rdx, byte [rax] with a negative byte */
	dev.value = 0x80;
	run(B(0x48, 0x0F, 0xBE, 0x10), X86_MODE_64, gpr, &fl);
	assert_int_equal(gpr[2], 0xFFFFFFFFFFFFFF80ULL);
	/* movsx eax, word [rax] */
	dev.value = 0x8001;
	run(B(0x0F, 0xBF, 0x00), X86_MODE_64, gpr, &fl);
	assert_int_equal(gpr[0], 0xFFFF8001ULL);
	/* movsxd rax, dword [rax] */
	dev.value = 0x80000000;
	run(B(0x48, 0x63, 0x00), X86_MODE_64, gpr, &fl);
	assert_int_equal(gpr[0], 0xFFFFFFFF80000000ULL);
	/* loads leave the flags alone */
	assert_int_equal(fl, 0x2);
	assert_int_equal(dev.writes, 0);
}

static void test_stores(void **state)
{
	uint64_t gpr[16] = { 0 }, fl = 0x2;

	gpr[0] = 0x1122334455667788ULL;
	gpr[3] = 0xCAFE;
	/* mov [rdi], eax */
	assert_int_equal(run(B(0x89, 0x07), X86_MODE_64, gpr, &fl), -1);
	assert_int_equal(dev.written, 0x55667788);
	assert_int_equal(dev.last_size, 4);
	/* mov [rdi], rax */
	run(B(0x48, 0x89, 0x07), X86_MODE_64, gpr, &fl);
	assert_int_equal(dev.written, 0x1122334455667788ULL);
	assert_int_equal(dev.last_size, 8);
	/* mov [rsi], bh */
	run(B(0x88, 0x3E), X86_MODE_64, gpr, &fl);
	assert_int_equal(dev.written, 0xCA);
	assert_int_equal(dev.last_size, 1);
	/* mov dword [rax+0xb0], 0 */
	run(B(0xC7, 0x80, 0xB0, 0, 0, 0, 0, 0, 0, 0), X86_MODE_64, gpr, &fl);
	assert_int_equal(dev.written, 0);
	/* mov qword [rax], -1 */
	run(B(0x48, 0xC7, 0x00, 0xFF, 0xFF, 0xFF, 0xFF), X86_MODE_64, gpr, &fl);
	assert_int_equal(dev.written, ~0ULL);
	/* mov [moffs32], al in 32-bit mode */
	run(B(0xA2, 0x00, 0x03, 0xE0, 0xFE), X86_MODE_32, gpr, &fl);
	assert_int_equal(dev.written, 0x88);
	assert_int_equal(dev.writes, 6);
	assert_int_equal(dev.reads, 0);
}

static void test_read_modify_write(void **state)
{
	uint64_t gpr[16] = { 0 }, fl = 0x2;

	/* or dword [rdx], 0x100 */
	dev.value = 0x10;
	run(B(0x81, 0x0A, 0x00, 0x01, 0x00, 0x00), X86_MODE_64, gpr, &fl);
	assert_int_equal(dev.reads, 1);
	assert_int_equal(dev.writes, 1);
	assert_int_equal(dev.written, 0x110);
	/* and dword [rdx], -2 */
	dev.value = 0x3;
	run(B(0x83, 0x22, 0xFE), X86_MODE_64, gpr, &fl);
	assert_int_equal(dev.written, 0x2);
	/* cmp and test read only */
	run(B(0x80, 0x3A, 0x07), X86_MODE_64, gpr, &fl);
	run(B(0xF7, 0x02, 0x00, 0x10, 0x00, 0x00), X86_MODE_64, gpr, &fl);
	assert_int_equal(dev.reads, 4);
	assert_int_equal(dev.writes, 2);
	/* test [rdx], 0x1000 with the bit clear: ZF */
	dev.value = 0x0FFF;
	run(B(0xF7, 0x02, 0x00, 0x10, 0x00, 0x00), X86_MODE_64, gpr, &fl);
	assert_true(fl & 0x40);
	/* xchg [rdi], eax */
	gpr[0] = 0xFFFFFFFF00000005ULL;
	dev.value = 0x77;
	assert_int_equal(run(B(0x87, 0x07), X86_MODE_64, gpr, &fl), 0);
	assert_int_equal(dev.written, 5);
	assert_int_equal(gpr[0], 0x77);
	/* and eax, [rdi] */
	gpr[0] = 0xF0F0;
	dev.value = 0xFF00;
	run(B(0x23, 0x07), X86_MODE_64, gpr, &fl);
	assert_int_equal(gpr[0], 0xF000);
	/* cmp eax, [rdi]: flags only */
	assert_int_equal(run(B(0x3B, 0x07), X86_MODE_64, gpr, &fl), -1);
	assert_int_equal(gpr[0], 0xF000);
}

/* The arithmetic flags against the host CPU's own, for a spread of
 * operands, sizes and operations. */
static uint64_t host_flags(enum x86_alu op, uint64_t a, uint64_t b,
			   unsigned size, uint64_t cin, uint64_t *res)
{
	uint64_t f = cin ? 1 : 0, r = a;

#define HOST(insn, suffix, reg)                                               \
	__asm__ volatile("push %[f]; popf; " insn suffix " %" reg "[b], %" reg \
			 "[r]; pushf; pop %[f]"                                \
			 : [r] "+r"(r), [f] "+r"(f) : [b] "r"(b) : "cc")
#define ALL(insn)                                                       \
	switch (size) {                                                 \
	case 1: HOST(insn, "b", "b"); break;                            \
	case 2: HOST(insn, "w", "w"); break;                            \
	case 4: HOST(insn, "l", "k"); break;                            \
	default: HOST(insn, "q", "q"); break;                           \
	}
	switch (op) {
	case X86_ALU_ADD: ALL("add"); break;
	case X86_ALU_OR: ALL("or"); break;
	case X86_ALU_ADC: ALL("adc"); break;
	case X86_ALU_SBB: ALL("sbb"); break;
	case X86_ALU_AND: ALL("and"); break;
	case X86_ALU_SUB: ALL("sub"); break;
	case X86_ALU_XOR: ALL("xor"); break;
	case X86_ALU_CMP: ALL("sub"); break;
	case X86_ALU_TEST: ALL("and"); break;
	}
#undef ALL
#undef HOST
	*res = r & (size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1);
	return f;
}

static void test_alu_matches_host(void **state)
{
	static const uint64_t vals[] = {
		0, 1, 2, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF,
		0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x0F0F0F0F0F0F0F0FULL,
		0x7FFFFFFFFFFFFFFFULL, 0x8000000000000000ULL, ~0ULL,
		0x123456789ABCDEF0ULL,
	};
	static const unsigned sizes[] = { 1, 2, 4, 8 };
	unsigned n = sizeof(vals) / sizeof(vals[0]);
	unsigned checked = 0;

	for (int op = X86_ALU_ADD; op <= X86_ALU_TEST; op++)
		for (unsigned s = 0; s < 4; s++)
			for (unsigned i = 0; i < n; i++)
				for (unsigned j = 0; j < n; j++)
					for (uint64_t c = 0; c < 2; c++) {
		uint64_t hr, fl = 0x202 | c;
		uint64_t hf = host_flags(op, vals[i], vals[j], sizes[s], c, &hr);
		uint64_t r = x86_alu(op, vals[i], vals[j], sizes[s], &fl);
		uint64_t m = X86_FLAGS_ARITH;
		/* AF is undefined after AND, OR, XOR, TEST */
		if (op == X86_ALU_AND || op == X86_ALU_OR ||
		    op == X86_ALU_XOR || op == X86_ALU_TEST)
			m &= ~0x10ULL;
		assert_int_equal(r, hr);
		assert_int_equal(fl & m, hf & m);
		assert_int_equal(fl & ~X86_FLAGS_ARITH, 0x202);
		checked++;
	}
	assert_int_equal(checked, 9 * 4 * n * n * 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_loads, reset),
		cmocka_unit_test_setup(test_stores, reset),
		cmocka_unit_test_setup(test_read_modify_write, reset),
		cmocka_unit_test_setup(test_alu_matches_host, reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
