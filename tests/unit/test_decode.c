/*
 * Unit tests for the memory-operand decoder (vmx/decode.c). The byte
 * strings are what an assembler emits for the instruction in the comment
 * (checked with nasm/objdump), most of them taken from Linux's APIC, IOAPIC
 * and HPET accessors.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmx/decode.h"

#define B(...) ((const uint8_t[]){ __VA_ARGS__ }), sizeof((const uint8_t[]){ __VA_ARGS__ })

static struct x86_insn dec(const uint8_t *b, unsigned n, enum x86_mode m)
{
	struct x86_insn in;

	memset(&in, 0xA5, sizeof(in));
	assert_int_equal(x86_decode(b, n, m, &in), X86_DECODE_OK);
	assert_int_equal(in.len, n);	/* every test string is one insn */
	return in;
}

static void test_mov_load_store_widths(void **state)
{
	struct x86_insn in;

	/* mov eax, [rdi+0x300] */
	in = dec(B(0x8B, 0x87, 0x00, 0x03, 0x00, 0x00), X86_MODE_64);
	assert_int_equal(in.op, X86_OP_MOV_LOAD);
	assert_int_equal(in.opsize, 4);
	assert_int_equal(in.memsize, 4);
	assert_int_equal(in.reg, 0);
	assert_false(in.has_imm);
	/* mov [rip+0x1234], ecx */
	in = dec(B(0x89, 0x0D, 0x34, 0x12, 0x00, 0x00), X86_MODE_64);
	assert_int_equal(in.op, X86_OP_MOV_STORE);
	assert_int_equal(in.reg, 1);
	/* mov r9, [rax] (REX.WR) */
	in = dec(B(0x4C, 0x8B, 0x08), X86_MODE_64);
	assert_int_equal(in.op, X86_OP_MOV_LOAD);
	assert_int_equal(in.opsize, 8);
	assert_int_equal(in.reg, 9);
	assert_int_equal(in.rex, 0x4C);
	/* mov [rbx], r10w */
	in = dec(B(0x66, 0x44, 0x89, 0x13), X86_MODE_64);
	assert_int_equal(in.op, X86_OP_MOV_STORE);
	assert_int_equal(in.opsize, 2);
	assert_int_equal(in.memsize, 2);
	assert_int_equal(in.reg, 10);
	/* mov [rsi], bh: high byte without REX */
	in = dec(B(0x88, 0x3E), X86_MODE_64);
	assert_int_equal(in.opsize, 1);
	assert_true(in.reg_high8);
	assert_int_equal(in.reg, 3);
	/* mov [rsi], dil: with REX, reg 7 is DIL */
	in = dec(B(0x40, 0x88, 0x3E), X86_MODE_64);
	assert_false(in.reg_high8);
	assert_int_equal(in.reg, 7);
	/* mov al, [ecx] in 32-bit mode */
	in = dec(B(0x8A, 0x01), X86_MODE_32);
	assert_int_equal(in.op, X86_OP_MOV_LOAD);
	assert_int_equal(in.opsize, 1);
	assert_int_equal(in.addrsize, 4);
}

static void test_addressing_lengths(void **state)
{
	struct x86_insn in;

	/* mov eax, [rsp+8]: SIB, disp8, SS default */
	in = dec(B(0x8B, 0x44, 0x24, 0x08), X86_MODE_64);
	assert_int_equal(in.seg, X86_SEG_SS);
	/* mov eax, [disp32] through a SIB with no base or index: 8B 04 25 */
	in = dec(B(0x8B, 0x04, 0x25, 0xF0, 0x00, 0xE0, 0xFE), X86_MODE_64);
	assert_int_equal(in.seg, X86_SEG_DS);
	/* mov eax, [rbp+rcx*4+0x10000]: SIB, disp32 */
	dec(B(0x8B, 0x84, 0x8D, 0x00, 0x00, 0x01, 0x00), X86_MODE_64);
	/* mov eax, [rbp+0]: mod 1 rm 5, SS */
	in = dec(B(0x8B, 0x45, 0x00), X86_MODE_64);
	assert_int_equal(in.seg, X86_SEG_SS);
	/* mov eax, [0xFEC00000] in 32-bit mode: mod 0 rm 5 disp32 */
	in = dec(B(0x8B, 0x05, 0x00, 0x00, 0xC0, 0xFE), X86_MODE_32);
	assert_int_equal(in.op, X86_OP_MOV_LOAD);
	/* 16-bit: mov ax, [bp+si+0x1234] (mod 2 rm 2: disp16, SS) */
	in = dec(B(0x8B, 0x82, 0x34, 0x12), X86_MODE_16);
	assert_int_equal(in.opsize, 2);
	assert_int_equal(in.addrsize, 2);
	assert_int_equal(in.seg, X86_SEG_SS);
	/* 16-bit: mov [bx+si+8], al (mod 1: disp8, DS) */
	in = dec(B(0x88, 0x40, 0x08), X86_MODE_16);
	assert_int_equal(in.seg, X86_SEG_DS);
	/* 16-bit: mov ax, [0x1234] (mod 0 rm 6: disp16 only, DS) */
	in = dec(B(0x8B, 0x06, 0x34, 0x12), X86_MODE_16);
	assert_int_equal(in.seg, X86_SEG_DS);
	/* 16-bit with 66 67: mov eax, [ebx+4] */
	in = dec(B(0x66, 0x67, 0x8B, 0x43, 0x04), X86_MODE_16);
	assert_int_equal(in.opsize, 4);
	assert_int_equal(in.addrsize, 4);
	/* 32-bit with 67: 16-bit addressing, mov eax, [bx] */
	in = dec(B(0x67, 0x8B, 0x07), X86_MODE_32);
	assert_int_equal(in.addrsize, 2);
	/* 64-bit with 67: 32-bit addressing */
	in = dec(B(0x67, 0x8B, 0x00), X86_MODE_64);
	assert_int_equal(in.addrsize, 4);
}

static void test_moffs(void **state)
{
	struct x86_insn in;

	/* mov eax, [moffs64] */
	in = dec(B(0xA1, 0x00, 0x03, 0xE0, 0xFE, 0, 0, 0, 0), X86_MODE_64);
	assert_int_equal(in.op, X86_OP_MOV_LOAD);
	assert_int_equal(in.reg, 0);
	assert_int_equal(in.opsize, 4);
	/* mov [moffs32], al in 32-bit mode */
	in = dec(B(0xA2, 0x00, 0x03, 0xE0, 0xFE), X86_MODE_32);
	assert_int_equal(in.op, X86_OP_MOV_STORE);
	assert_int_equal(in.opsize, 1);
	/* mov [moffs32], rax with 67 in 64-bit mode: REX.W A3 + 4 bytes */
	in = dec(B(0x67, 0x48, 0xA3, 0x00, 0x03, 0xE0, 0xFE), X86_MODE_64);
	assert_int_equal(in.opsize, 8);
	assert_int_equal(in.addrsize, 4);
}

static void test_immediates(void **state)
{
	struct x86_insn in;

	/* mov dword [rax+0xb0], 0 (an APIC EOI) */
	in = dec(B(0xC7, 0x80, 0xB0, 0x00, 0x00, 0x00, 0, 0, 0, 0), X86_MODE_64);
	assert_int_equal(in.op, X86_OP_MOV_STORE_IMM);
	assert_int_equal(in.memsize, 4);
	assert_true(in.has_imm);
	assert_int_equal(in.imm, 0);
	/* mov qword [rax], -1: imm32 sign-extended */
	in = dec(B(0x48, 0xC7, 0x00, 0xFF, 0xFF, 0xFF, 0xFF), X86_MODE_64);
	assert_int_equal(in.memsize, 8);
	assert_int_equal(in.imm, 0xFFFFFFFFFFFFFFFFULL);
	/* mov word [rax], 0x1234 */
	in = dec(B(0x66, 0xC7, 0x00, 0x34, 0x12), X86_MODE_64);
	assert_int_equal(in.memsize, 2);
	assert_int_equal(in.imm, 0x1234);
	/* mov byte [rax+1], 0x80 */
	in = dec(B(0xC6, 0x40, 0x01, 0x80), X86_MODE_64);
	assert_int_equal(in.memsize, 1);
	assert_int_equal(in.imm, 0x80);
	/* or dword [rdx], 0x100: 81 /1 imm32 */
	in = dec(B(0x81, 0x0A, 0x00, 0x01, 0x00, 0x00), X86_MODE_64);
	assert_int_equal(in.op, X86_OP_ALU_STORE);
	assert_int_equal(in.alu, X86_ALU_OR);
	assert_int_equal(in.imm, 0x100);
	/* and dword [rdx], -2: 83 /4 imm8 sign-extended to 32 bits */
	in = dec(B(0x83, 0x22, 0xFE), X86_MODE_64);
	assert_int_equal(in.alu, X86_ALU_AND);
	assert_int_equal(in.imm, 0xFFFFFFFEULL);
	/* cmp byte [rdx], 7: 80 /7 */
	in = dec(B(0x80, 0x3A, 0x07), X86_MODE_64);
	assert_int_equal(in.alu, X86_ALU_CMP);
	assert_int_equal(in.memsize, 1);
	/* test dword [rdx], 0x1000: F7 /0 */
	in = dec(B(0xF7, 0x02, 0x00, 0x10, 0x00, 0x00), X86_MODE_64);
	assert_int_equal(in.alu, X86_ALU_TEST);
	assert_int_equal(in.imm, 0x1000);
	/* test byte [rdx], 1: F6 /0 */
	in = dec(B(0xF6, 0x02, 0x01), X86_MODE_64);
	assert_int_equal(in.alu, X86_ALU_TEST);
	assert_int_equal(in.memsize, 1);
	/* or word [bx], 0x8000 in 16-bit mode: 81 /1 imm16 */
	in = dec(B(0x81, 0x0F, 0x00, 0x80), X86_MODE_16);
	assert_int_equal(in.imm, 0x8000);
}

static void test_movzx_movsx_xchg_alu(void **state)
{
	struct x86_insn in;

	/* movzx eax, byte [rdi] */
	in = dec(B(0x0F, 0xB6, 0x07), X86_MODE_64);
	assert_int_equal(in.op, X86_OP_MOVZX);
	assert_int_equal(in.memsize, 1);
	assert_int_equal(in.opsize, 4);
	/* movzx r8, word [rdi] */
	in = dec(B(0x4C, 0x0F, 0xB7, 0x07), X86_MODE_64);
	assert_int_equal(in.memsize, 2);
	assert_int_equal(in.opsize, 8);
	assert_int_equal(in.reg, 8);
	/* movsx ax, byte [rdi] */
	in = dec(B(0x66, 0x0F, 0xBE, 0x07), X86_MODE_64);
	assert_int_equal(in.op, X86_OP_MOVSX);
	assert_int_equal(in.opsize, 2);
	/* movsxd rax, dword [rdi] */
	in = dec(B(0x48, 0x63, 0x07), X86_MODE_64);
	assert_int_equal(in.op, X86_OP_MOVSX);
	assert_int_equal(in.memsize, 4);
	assert_int_equal(in.opsize, 8);
	/* xchg [rdi], eax (Linux's native_apic_mem_write on 11AP) */
	in = dec(B(0x87, 0x07), X86_MODE_64);
	assert_int_equal(in.op, X86_OP_XCHG);
	/* lock or [rdi], esi */
	in = dec(B(0xF0, 0x09, 0x37), X86_MODE_64);
	assert_int_equal(in.op, X86_OP_ALU_STORE);
	assert_int_equal(in.alu, X86_ALU_OR);
	assert_true(in.lock);
	assert_int_equal(in.reg, 6);
	/* and eax, [rdi] (reg <- reg alu mem) */
	in = dec(B(0x23, 0x07), X86_MODE_64);
	assert_int_equal(in.op, X86_OP_ALU_LOAD);
	assert_int_equal(in.alu, X86_ALU_AND);
	/* cmp [rdi], cl */
	in = dec(B(0x38, 0x0F), X86_MODE_64);
	assert_int_equal(in.alu, X86_ALU_CMP);
	assert_int_equal(in.opsize, 1);
	/* test [rdi], edx */
	in = dec(B(0x85, 0x17), X86_MODE_64);
	assert_int_equal(in.alu, X86_ALU_TEST);
	/* sub r15, [r8] */
	in = dec(B(0x4D, 0x2B, 0x38), X86_MODE_64);
	assert_int_equal(in.alu, X86_ALU_SUB);
	assert_int_equal(in.reg, 15);
}

static void test_prefixes(void **state)
{
	struct x86_insn in;

	/* mov eax, fs:[rax]: FS kept in 64-bit mode */
	in = dec(B(0x64, 0x8B, 0x00), X86_MODE_64);
	assert_int_equal(in.seg, X86_SEG_FS);
	/* mov eax, es:[rax]: ignored in 64-bit mode */
	in = dec(B(0x26, 0x8B, 0x00), X86_MODE_64);
	assert_int_equal(in.seg, X86_SEG_DS);
	/* mov eax, es:[eax] in 32-bit mode */
	in = dec(B(0x26, 0x8B, 0x00), X86_MODE_32);
	assert_int_equal(in.seg, X86_SEG_ES);
	/* REX then a legacy prefix: the REX is ignored (mov eax, [rax]) */
	in = dec(B(0x48, 0x66, 0x8B, 0x00), X86_MODE_64);
	assert_int_equal(in.rex, 0);
	assert_int_equal(in.opsize, 2);
	/* 0x48 in 32-bit mode is DEC EAX: not a prefix, unsupported */
	struct x86_insn x;
	assert_int_equal(x86_decode(B(0x48, 0x8B, 0x00), X86_MODE_32, &x),
			 X86_DECODE_UNSUPPORTED);
}

static void test_errors(void **state)
{
	struct x86_insn in;
	static const uint8_t fifteen_pfx[16] = {
		0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
		0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x8B, 0x00,
	};

	/* Truncated at every length of a full instruction. */
	static const uint8_t full[] = { 0xC7, 0x80, 0xB0, 0, 0, 0, 1, 2, 3, 4 };
	for (unsigned n = 0; n < sizeof(full); n++)
		assert_int_equal(x86_decode(full, n, X86_MODE_64, &in),
				 X86_DECODE_TRUNCATED);
	assert_int_equal(x86_decode(full, sizeof(full), X86_MODE_64, &in), 0);
	/* 14 prefixes + opcode + ModRM = 16 bytes: too long */
	assert_int_equal(x86_decode(fifteen_pfx, 16, X86_MODE_64, &in),
			 X86_DECODE_TOO_LONG);
	/* 13 prefixes + 2 = 15: fine */
	assert_int_equal(x86_decode(fifteen_pfx + 1, 15, X86_MODE_64, &in), 0);
	assert_int_equal(in.len, 15);
	/* register forms have no memory operand */
	assert_int_equal(x86_decode(B(0x89, 0xC0), X86_MODE_64, &in),
			 X86_DECODE_NO_MEMORY);
	/* string, SSE, branch and unknown ModRM.reg forms */
	assert_int_equal(x86_decode(B(0xF3, 0xA5), X86_MODE_64, &in),
			 X86_DECODE_UNSUPPORTED);
	assert_int_equal(x86_decode(B(0xA5), X86_MODE_64, &in),
			 X86_DECODE_UNSUPPORTED);
	assert_int_equal(x86_decode(B(0x0F, 0x10, 0x00), X86_MODE_64, &in),
			 X86_DECODE_UNSUPPORTED);
	assert_int_equal(x86_decode(B(0xC7, 0x08, 0, 0, 0, 0), X86_MODE_64, &in),
			 X86_DECODE_UNSUPPORTED);
	assert_int_equal(x86_decode(B(0xF7, 0x18), X86_MODE_64, &in),
			 X86_DECODE_UNSUPPORTED);	/* NEG */
	assert_int_equal(x86_decode(B(0x63, 0x00), X86_MODE_32, &in),
			 X86_DECODE_UNSUPPORTED);	/* ARPL */
	/* LOCK on a plain MOV or a CMP is #UD */
	assert_int_equal(x86_decode(B(0xF0, 0x89, 0x00), X86_MODE_64, &in),
			 X86_DECODE_INVALID);
	assert_int_equal(x86_decode(B(0xF0, 0x39, 0x00), X86_MODE_64, &in),
			 X86_DECODE_INVALID);
	/* bad arguments */
	assert_int_equal(x86_decode(NULL, 3, X86_MODE_64, &in), X86_DECODE_EINVAL);
	assert_int_equal(x86_decode(full, 3, (enum x86_mode)3, &in),
			 X86_DECODE_EINVAL);
	/* truncated after 0F, inside a SIB, inside a moffs */
	assert_int_equal(x86_decode(B(0x0F), X86_MODE_64, &in), X86_DECODE_TRUNCATED);
	assert_int_equal(x86_decode(B(0x8B, 0x04), X86_MODE_64, &in), X86_DECODE_TRUNCATED);
	assert_int_equal(x86_decode(B(0xA1, 0, 0, 0), X86_MODE_32, &in), X86_DECODE_TRUNCATED);
	assert_string_equal(x86_decode_strerror(X86_DECODE_TRUNCATED),
			    "instruction bytes end early");
	/* every code has its own text */
	for (int a = X86_DECODE_EINVAL; a <= X86_DECODE_OK; a++)
		for (int b = a + 1; b <= X86_DECODE_OK; b++)
			assert_string_not_equal(x86_decode_strerror(a),
						x86_decode_strerror(b));
	assert_string_equal(x86_decode_strerror(1), "unknown decode error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mov_load_store_widths),
		cmocka_unit_test(test_addressing_lengths),
		cmocka_unit_test(test_moffs),
		cmocka_unit_test(test_immediates),
		cmocka_unit_test(test_movzx_movsx_xchg_alu),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
