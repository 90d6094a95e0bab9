/* Tests for vmx/string_io.c: decoding INS/OUTS exits (SDM Vol. 3C 28.2.1
 * Table 28-5, 28.2.5 Table 28-8) and the index/count arithmetic at each
 * address size (SDM Vol. 2B INS/OUTS, Vol. 1 3.4.1.1). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmx/string_io.h"

/* Exit qualification: size code, IN, string, REP, port. */
#define Q(size_code, in, rep, port) \
	((uint64_t)(size_code) | ((in) ? 8u : 0u) | 0x10u | ((rep) ? 0x20u : 0u) | \
	 ((uint64_t)(port) << 16))
/* Instruction information: address size code, segment. */
#define INFO(asize, seg) (((uint32_t)(asize) << 7) | ((uint32_t)(seg) << 15))
#define DF (1ULL << 10)

static void test_decode_outs(void **state)
{
	struct string_io s;

	/* REP OUTSW, 32-bit addresses, FS override, DF set, port 0x3F8. */
	assert_int_equal(string_io_decode(Q(1, 0, 1, 0x3F8), INFO(1, SIO_FS),
					  DF | 2, false, &s), 0);
	assert_int_equal(s.port, 0x3F8);
	assert_int_equal(s.size, 2);
	assert_int_equal(s.addr_bits, 32);
	assert_false(s.in);
	assert_true(s.rep);
	assert_true(s.df);
	assert_false(s.long_mode);
	assert_int_equal(s.seg, SIO_FS);

	/* OUTSD without REP, 64-bit mode and addresses, DS, port 0xFFFF;
	 * bits of the qualification above the port are ignored. */
	assert_int_equal(string_io_decode(Q(3, 0, 0, 0xFFFF) | (1ULL << 40),
					  INFO(2, SIO_DS), 2, true, &s), 0);
	assert_int_equal(s.port, 0xFFFF);
	assert_int_equal(s.size, 4);
	assert_int_equal(s.addr_bits, 64);
	assert_false(s.rep);
	assert_false(s.df);
	assert_int_equal(s.seg, SIO_DS);

	/* OUTSB, 16-bit addresses (real mode), every segment ES..GS. */
	for (unsigned seg = SIO_ES; seg <= SIO_GS; seg++) {
		assert_int_equal(string_io_decode(Q(0, 0, 1, 0x80), INFO(0, seg),
						  0, false, &s), 0);
		assert_int_equal(s.size, 1);
		assert_int_equal(s.addr_bits, 16);
		assert_int_equal(s.seg, seg);
	}
}

static void test_decode_ins_uses_es(void **state)
{
	struct string_io s;

	/* The segment field is undefined for INS: always ES, even 6 or 7. */
	for (unsigned seg = 0; seg < 8; seg++) {
		assert_int_equal(string_io_decode(Q(0, 1, 1, 0x60), INFO(1, seg),
						  0, false, &s), 0);
		assert_true(s.in);
		assert_int_equal(s.seg, SIO_ES);
	}
}

static void test_decode_refuses_undefined(void **state)
{
	struct string_io s;

	/* Element sizes other than 1, 2, 4. */
	for (unsigned code = 0; code < 8; code++) {
		int want = (code == 0 || code == 1 || code == 3) ? 0 : -1;
		assert_int_equal(string_io_decode(Q(code, 0, 0, 1), INFO(1, 3),
						  0, false, &s), want);
	}
	/* Address size codes 3..7; 16-bit in 64-bit mode; 64-bit outside. */
	for (unsigned a = 3; a < 8; a++) {
		assert_int_equal(string_io_decode(Q(0, 0, 0, 1), INFO(a, 3), 0,
						  false, &s), -1);
		assert_int_equal(string_io_decode(Q(0, 0, 0, 1), INFO(a, 3), 0,
						  true, &s), -1);
	}
	assert_int_equal(string_io_decode(Q(0, 0, 0, 1), INFO(0, 3), 0, true, &s), -1);
	assert_int_equal(string_io_decode(Q(0, 0, 0, 1), INFO(2, 3), 0, false, &s), -1);
	assert_int_equal(string_io_decode(Q(0, 0, 0, 1), INFO(1, 3), 0, true, &s), 0);
	/* OUTS from segment 6 or 7. */
	assert_int_equal(string_io_decode(Q(0, 0, 0, 1), INFO(1, 6), 0, false, &s), -1);
	assert_int_equal(string_io_decode(Q(0, 0, 0, 1), INFO(1, 7), 0, false, &s), -1);
	/* Not a string instruction at all. */
	assert_int_equal(string_io_decode(Q(0, 0, 0, 1) & ~0x10ULL, INFO(1, 3),
					  0, false, &s), -1);
	/* A refusal leaves nothing behind. */
	memset(&s, 0xA5, sizeof(s));
	assert_int_equal(string_io_decode(Q(2, 0, 0, 1), INFO(1, 3), 0, false, &s), -1);
	assert_int_equal(s.size, 0);
	assert_int_equal(s.port, 0);
}

static void test_has_base(void **state)
{
	struct string_io s;

	for (unsigned seg = SIO_ES; seg <= SIO_GS; seg++) {
		assert_int_equal(string_io_decode(Q(0, 0, 0, 1), INFO(2, seg), 0,
						  true, &s), 0);
		assert_int_equal(string_io_has_base(&s),
				 seg == SIO_FS || seg == SIO_GS);
		assert_int_equal(string_io_decode(Q(0, 0, 0, 1), INFO(1, seg), 0,
						  false, &s), 0);
		assert_true(string_io_has_base(&s));
	}
}

static void test_count(void **state)
{
	struct string_io s;

	string_io_decode(Q(0, 0, 1, 1), INFO(0, 3), 0, false, &s);
	assert_int_equal(string_io_count(&s, 0xFFFF12345ULL), 0x2345);
	assert_int_equal(string_io_count(&s, 0x10000), 0);
	string_io_decode(Q(0, 0, 1, 1), INFO(1, 3), 0, false, &s);
	assert_int_equal(string_io_count(&s, 0xFFFFFFFF00000005ULL), 5);
	string_io_decode(Q(0, 0, 1, 1), INFO(2, 3), 0, true, &s);
	assert_int_equal(string_io_count(&s, 0xFFFFFFFF00000005ULL),
			 0xFFFFFFFF00000005ULL);
	/* Without REP one element, whatever RCX holds. */
	string_io_decode(Q(0, 0, 0, 1), INFO(1, 3), 0, false, &s);
	assert_int_equal(string_io_count(&s, 0), 1);
	assert_int_equal(string_io_count(&s, 77), 1);
}

static void test_linear(void **state)
{
	struct string_io s;

	/* 16-bit: only SI's low 16 bits, plus the base, plus the byte. */
	string_io_decode(Q(1, 0, 0, 1), INFO(0, 3), 0, false, &s);
	assert_int_equal(string_io_linear(&s, 0x10000, 0x12345678, 0), 0x15678);
	assert_int_equal(string_io_linear(&s, 0x10000, 0x12345678, 1), 0x15679);
	assert_int_equal(string_io_linear(&s, 0xF0000, 0xFFFF, 1), 0x100000);
	/* 32-bit outside long mode: the sum wraps at 4 GiB. */
	string_io_decode(Q(3, 0, 0, 1), INFO(1, 3), 0, false, &s);
	assert_int_equal(string_io_linear(&s, 0xFFFF0000, 0x20000, 0), 0x10000);
	assert_int_equal(string_io_linear(&s, 0, 0xFFFFFFFF, 1), 0);
	assert_int_equal(string_io_linear(&s, 0, 0xABCD00001000ULL, 3), 0x1003);
	/* 64-bit mode, 64-bit addresses: no wrap, no truncation. */
	string_io_decode(Q(0, 0, 0, 1), INFO(2, SIO_GS), 0, true, &s);
	assert_int_equal(string_io_linear(&s, 0x100000000ULL,
					  0xFFFF800000001000ULL, 0),
			 0xFFFF800100001000ULL);
	/* 64-bit mode, 32-bit addresses: the index is cut, the sum is not. */
	string_io_decode(Q(0, 0, 0, 1), INFO(1, SIO_FS), 0, true, &s);
	assert_int_equal(string_io_linear(&s, 0x100000000ULL,
					  0xFFFFFFFF12345678ULL, 0),
			 0x112345678ULL);
}

static void test_next_index(void **state)
{
	struct string_io s;

	/* 16-bit: SI wraps within 64 KiB, bits 63:16 kept. */
	string_io_decode(Q(1, 0, 0, 1), INFO(0, 3), 0, false, &s);
	assert_int_equal(string_io_next_index(&s, 0xABCDFFFFULL), 0xABCD0001ULL);
	string_io_decode(Q(1, 0, 0, 1), INFO(0, 3), DF, false, &s);
	assert_int_equal(string_io_next_index(&s, 0x12340000ULL), 0x1234FFFEULL);
	/* 32-bit: the write zero-extends. */
	string_io_decode(Q(3, 1, 0, 1), INFO(1, 0), 0, true, &s);
	assert_int_equal(string_io_next_index(&s, 0xFFFFFFFF00000000ULL), 4);
	assert_int_equal(string_io_next_index(&s, 0x1FFFFFFFCULL), 0);
	string_io_decode(Q(0, 1, 0, 1), INFO(1, 0), DF, false, &s);
	assert_int_equal(string_io_next_index(&s, 0), 0xFFFFFFFFULL);
	/* 64-bit. */
	string_io_decode(Q(3, 0, 0, 1), INFO(2, 3), DF, true, &s);
	assert_int_equal(string_io_next_index(&s, 0), 0xFFFFFFFFFFFFFFFCULL);
	string_io_decode(Q(3, 0, 0, 1), INFO(2, 3), 0, true, &s);
	assert_int_equal(string_io_next_index(&s, 0xFFFFFFFFFFFFFFFEULL), 2);
}

static void test_set_count(void **state)
{
	struct string_io s;

	string_io_decode(Q(0, 0, 1, 1), INFO(0, 3), 0, false, &s);
	assert_int_equal(string_io_set_count(&s, 0xDEAD0005ULL, 4), 0xDEAD0004ULL);
	string_io_decode(Q(0, 0, 1, 1), INFO(1, 3), 0, false, &s);
	assert_int_equal(string_io_set_count(&s, 0xDEAD00000005ULL, 4), 4);
	string_io_decode(Q(0, 0, 1, 1), INFO(2, 3), 0, true, &s);
	assert_int_equal(string_io_set_count(&s, 5, 0x100000000ULL),
			 0x100000000ULL);
}

/* Guest memory for string_io_run: 16 bytes at linear 0x10000 (the rest
 * faults), the port's values, and what reached the port. */
struct mem {
	uint8_t ram[16];
	uint64_t bytes[16];		/* linear addresses asked, in order */
	unsigned nbytes;
	uint32_t out[8];
	unsigned nout, nin;
};

static uint8_t *mem_byte(void *ctx, uint64_t gla)
{
	struct mem *m = ctx;

	assert_true(m->nbytes < 16);
	m->bytes[m->nbytes++] = gla;
	if (gla < 0x10000 || gla >= 0x10010)
		return NULL;
	return &m->ram[gla - 0x10000];
}

static uint32_t mem_in(void *ctx, uint16_t port, unsigned size)
{
	struct mem *m = ctx;

	assert_int_equal(port, 0x60);
	return 0xA0 + m->nin++;
}

static void mem_out(void *ctx, uint16_t port, unsigned size, uint32_t val)
{
	struct mem *m = ctx;

	assert_int_equal(port, 0x3F8);
	assert_int_equal(size, 2);
	m->out[m->nout++] = val;
}

/* A whole REP OUTSW in real mode with DF set: the bytes it reads, what it
 * sends, and the registers it leaves. */
static void test_run_rep_outsw_down(void **state)
{
	struct string_io s;
	struct mem m = { .ram = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66 } };
	const struct string_io_ops ops = { &m, mem_byte, mem_in, mem_out };
	uint64_t rsi = 0x55550004, rcx = 0x77770003;
	uint64_t want[6] = { 0x10004, 0x10005, 0x10002, 0x10003, 0x10000, 0x10001 };

	assert_int_equal(string_io_decode(Q(1, 0, 1, 0x3F8), INFO(0, SIO_DS),
					  DF, false, &s), 0);
	assert_int_equal(string_io_run(&s, 0x10000, &rsi, &rcx, 4096, &ops),
			 STRING_IO_DONE);
	assert_int_equal(m.nbytes, 6);
	assert_memory_equal(m.bytes, want, sizeof(want));
	assert_int_equal(m.nout, 3);
	assert_int_equal(m.out[0], 0x6655);
	assert_int_equal(m.out[1], 0x4433);
	assert_int_equal(m.out[2], 0x2211);
	/* SI wrapped below 0 at 16 bits, bits 31:16 kept; CX 0. */
	assert_int_equal(rsi, 0x5555FFFEULL);
	assert_int_equal(rcx, 0x77770000ULL);
}

/* REP INSB, 32-bit addresses, runs into a fault on its third element:
 * two bytes written, the registers as after the second, the port read
 * twice (never for the element that faulted). */
static void test_run_rep_insb_fault(void **state)
{
	struct string_io s;
	struct mem m = { .nbytes = 0 };
	const struct string_io_ops ops = { &m, mem_byte, mem_in, mem_out };
	uint64_t rdi = 0x1000E, rcx = 0xFFFFFFFF00000005ULL;

	assert_int_equal(string_io_decode(Q(0, 1, 1, 0x60), INFO(1, SIO_DS),
					  0, false, &s), 0);
	assert_int_equal(string_io_run(&s, 0, &rdi, &rcx, 4096, &ops),
			 STRING_IO_FAULT);
	assert_int_equal(m.nin, 2);
	assert_int_equal(m.ram[14], 0xA0);
	assert_int_equal(m.ram[15], 0xA1);
	assert_int_equal(m.nbytes, 3);
	assert_int_equal(m.bytes[2], 0x10010);
	assert_int_equal(rdi, 0x10010);
	/* A 32-bit write of ECX zeroes bits 63:32. */
	assert_int_equal(rcx, 3);
}

/* A batch smaller than the count stops with MORE and the count left; a
 * count of 0 is done without touching anything; without REP, RCX stays. */
static void test_run_batch_and_zero_count(void **state)
{
	struct string_io s;
	struct mem m = { .nbytes = 0 };
	const struct string_io_ops ops = { &m, mem_byte, mem_in, mem_out };
	uint64_t rdi = 0x10000, rcx = 10;

	assert_int_equal(string_io_decode(Q(0, 1, 1, 0x60), INFO(1, SIO_ES),
					  0, false, &s), 0);
	assert_int_equal(string_io_run(&s, 0, &rdi, &rcx, 4, &ops),
			 STRING_IO_MORE);
	assert_int_equal(m.nin, 4);
	assert_int_equal(rdi, 0x10004);
	assert_int_equal(rcx, 6);

	rcx = 0xABCD00000000ULL;	/* ECX = 0 */
	assert_int_equal(string_io_run(&s, 0, &rdi, &rcx, 4, &ops),
			 STRING_IO_DONE);
	assert_int_equal(m.nin, 4);
	assert_int_equal(m.nbytes, 4);
	assert_int_equal(rcx, 0xABCD00000000ULL);

	assert_int_equal(string_io_decode(Q(0, 1, 0, 0x60), INFO(1, SIO_ES),
					  0, false, &s), 0);
	rcx = 10;
	assert_int_equal(string_io_run(&s, 0, &rdi, &rcx, 4, &ops),
			 STRING_IO_DONE);
	assert_int_equal(m.nin, 5);
	assert_int_equal(rdi, 0x10005);
	assert_int_equal(rcx, 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_outs),
		cmocka_unit_test(test_decode_ins_uses_es),
		cmocka_unit_test(test_decode_refuses_undefined),
		cmocka_unit_test(test_has_base),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_linear),
		cmocka_unit_test(test_next_index),
		cmocka_unit_test(test_set_count),
		cmocka_unit_test(test_run_rep_outsw_down),
		cmocka_unit_test(test_run_rep_insb_fault),
		cmocka_unit_test(test_run_batch_and_zero_count),
	};

	return cmocka_run_group_tests_name("string_io", tests, NULL, NULL);
}
