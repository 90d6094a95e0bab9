/*
 * Carries out an instruction decoded by vmx/decode.c whose memory operand
 * is emulated (a device register): reads and writes the operand through
 * callbacks, updates the register operand and RFLAGS' arithmetic flags as
 * the processor would (SDM Vol. 2 for each instruction, Vol. 1 3.4.3.1 for
 * the flags). Pure logic; RIP is the caller's (advance it by insn->len).
 */
#ifndef VMX_EMULATE_H
#define VMX_EMULATE_H

#include <stdint.h>
#include "vmx/decode.h"

/* The memory operand: size bytes at the address the access faulted on. */
struct x86_emu_mem {
	uint64_t (*read)(void *ctx, unsigned size);
	void (*write)(void *ctx, unsigned size, uint64_t value);
	void *ctx;
};

/* RFLAGS bits an ALU instruction sets (Vol. 1 3.4.3.1). */
#define X86_FLAGS_ARITH	0x8D5ULL	/* OF SF ZF AF PF CF */

/*
 * Emulates in. gpr holds the 16 general-purpose registers by encoding
 * number (RAX RCX RDX RBX RSP RBP RSI RDI R8..R15). Returns the number of
 * the register written, or -1 if none was. *rflags is updated for the
 * ALU forms only.
 */
int x86_emulate(const struct x86_insn *in, uint64_t gpr[16],
		uint64_t *rflags, const struct x86_emu_mem *mem);

/* The ALU operation on size-byte operands a and b with the carry in
 * *rflags; returns the result and sets the arithmetic flags in *rflags.
 * Exposed for the unit tests. */
uint64_t x86_alu(enum x86_alu op, uint64_t a, uint64_t b, unsigned size,
		 uint64_t *rflags);

#endif
