/*
 * A small x86 instruction decoder for the instructions that touch a device
 * register in memory: the MMIO emulation (vmx/exit_ept.c) decodes the
 * instruction at the guest's RIP when it faults on an emulated page, and
 * vmx/emulate.c carries it out. Pure logic; every byte is hostile.
 *
 * It knows the memory-operand forms an OS uses on device registers
 * (SDM Vol. 2, Appendix A opcode map):
 *   88/89/8A/8B      MOV r/m,reg and reg,r/m (8/16/32/64 bits)
 *   A0-A3            MOV AL/eAX <-> moffs
 *   C6 /0, C7 /0     MOV r/m,imm
 *   0F B6/B7         MOVZX reg,r/m8/16
 *   0F BE/BF, 63     MOVSX reg,r/m8/16, MOVSXD reg,r/m32
 *   86/87            XCHG r/m,reg (Linux's APIC write on some CPUs)
 *   00-3B (op*8+0..3) ADD OR ADC SBB AND SUB XOR CMP, r/m,reg and reg,r/m
 *   80/81/83 /op     the same with an immediate
 *   84/85, F6/F7 /0  TEST r/m,reg and r/m,imm
 * with the prefixes 66 (operand size), 67 (address size), segment
 * overrides, LOCK, and REX in 64-bit mode. The address of the access is not
 * computed: the VM exit gives the guest-physical address. Everything else
 * (string instructions, x87/SSE/AVX moves, register-only forms, branches)
 * is reported as unsupported.
 */
#ifndef VMX_DECODE_H
#define VMX_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#define X86_MAX_INSN_LEN 15	/* SDM Vol. 2A 2.3.11 */

/* The processor mode the bytes are decoded in: the default operand and
 * address sizes (SDM Vol. 1 3.6) and whether REX exists. */
enum x86_mode {
	X86_MODE_16 = 2,	/* CS.D = 0 (real mode, 16-bit protected mode) */
	X86_MODE_32 = 4,	/* CS.D = 1 */
	X86_MODE_64 = 8,	/* IA-32e mode, CS.L = 1 */
};

enum x86_op {
	X86_OP_MOV_LOAD,	/* reg <- mem */
	X86_OP_MOV_STORE,	/* mem <- reg */
	X86_OP_MOV_STORE_IMM,	/* mem <- imm */
	X86_OP_MOVZX,		/* reg <- zero-extended mem */
	X86_OP_MOVSX,		/* reg <- sign-extended mem */
	X86_OP_XCHG,		/* reg <-> mem */
	X86_OP_ALU_STORE,	/* mem <- mem alu reg/imm (CMP, TEST: flags only) */
	X86_OP_ALU_LOAD,	/* reg <- reg alu mem (CMP: flags only) */
};

/* The arithmetic of the ALU forms, numbered as in the opcode map (the
 * opcode's bits 5:3, or ModRM.reg of 80/81/83); TEST is AND without the
 * write. */
enum x86_alu {
	X86_ALU_ADD = 0, X86_ALU_OR, X86_ALU_ADC, X86_ALU_SBB,
	X86_ALU_AND, X86_ALU_SUB, X86_ALU_XOR, X86_ALU_CMP,
	X86_ALU_TEST,
};

/* Segment register numbers as in the VMCS and instruction information. */
enum x86_seg {
	X86_SEG_ES = 0, X86_SEG_CS, X86_SEG_SS, X86_SEG_DS, X86_SEG_FS,
	X86_SEG_GS,
};

struct x86_insn {
	uint8_t len;		/* bytes, 1..15 */
	uint8_t opcode;		/* the opcode byte (after 0F for 2-byte ones) */
	bool two_byte;		/* 0F-escaped opcode */
	enum x86_op op;
	enum x86_alu alu;	/* X86_OP_ALU_* only */
	uint8_t opsize;		/* register/immediate operand size, bytes */
	uint8_t memsize;	/* bytes read and/or written at the address */
	uint8_t addrsize;	/* effective address size, bytes */
	uint8_t reg;		/* register operand 0..15 (RAX RCX RDX RBX RSP
				 * RBP RSI RDI R8..R15), if has_reg */
	bool has_reg;
	bool reg_high8;		/* the operand is bits 15:8 of reg 0..3 (AH
				 * CH DH BH: ModRM.reg 4..7 without REX) */
	bool has_imm;
	uint64_t imm;		/* sign- or zero-extended to opsize as the
				 * instruction defines, masked to opsize */
	uint8_t seg;		/* segment of the memory operand (default or
				 * override) */
	bool lock;
	uint8_t rex;		/* 0 when absent */
	uint8_t modrm;		/* 0 for the moffs forms */
};

enum x86_decode_result {
	X86_DECODE_OK = 0,
	X86_DECODE_TRUNCATED = -1,	/* ran out of bytes (avail) */
	X86_DECODE_TOO_LONG = -2,	/* more than 15 bytes: #GP on a CPU */
	X86_DECODE_UNSUPPORTED = -3,	/* an opcode this decoder does not know */
	X86_DECODE_NO_MEMORY = -4,	/* ModRM.mod = 3: no memory operand */
	X86_DECODE_INVALID = -5,	/* #UD on a CPU (say LOCK on MOV) */
	X86_DECODE_EINVAL = -6,		/* NULL argument or bad mode */
};

/* Decodes the instruction at bytes[0 .. avail) in mode. Returns an
 * x86_decode_result; *out is filled only on X86_DECODE_OK. */
int x86_decode(const uint8_t *bytes, unsigned avail, enum x86_mode mode,
	       struct x86_insn *out);

const char *x86_decode_strerror(int err);

#endif
