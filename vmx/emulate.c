/* Emulation of decoded memory-operand instructions; see emulate.h. */
#include "vmx/emulate.h"

#define F_CF	(1ULL << 0)
#define F_PF	(1ULL << 2)
#define F_AF	(1ULL << 4)
#define F_ZF	(1ULL << 6)
#define F_SF	(1ULL << 7)
#define F_OF	(1ULL << 11)

static uint64_t mask_of(unsigned size)
{
	return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

static uint64_t sign_extend(uint64_t v, unsigned size)
{
	unsigned shift = 64 - 8 * size;
	return (uint64_t)((int64_t)(v << shift) >> shift);
}

/* PF: set if the low byte of the result has an even number of ones. */
static uint64_t parity(uint64_t r)
{
	uint8_t b = (uint8_t)r;
	b ^= b >> 4;
	b ^= b >> 2;
	b ^= b >> 1;
	return (b & 1) ? 0 : F_PF;
}

uint64_t x86_alu(enum x86_alu op, uint64_t a, uint64_t b, unsigned size,
		 uint64_t *rflags)
{
	uint64_t m = mask_of(size), top = 1ULL << (8 * size - 1);
	uint64_t cin = *rflags & F_CF;
	uint64_t r, f = 0, carries;

	a &= m;
	b &= m;
	switch (op) {
	case X86_ALU_ADD:
	case X86_ALU_ADC:
		r = (a + b + (op == X86_ALU_ADC ? cin : 0)) & m;
		/* The carry out of each bit position. */
		carries = (a & b) | ((a | b) & ~r);
		if (carries & top)
			f |= F_CF;
		if (carries & 8)
			f |= F_AF;
		if ((a ^ r) & (b ^ r) & top)
			f |= F_OF;
		break;
	case X86_ALU_SUB:
	case X86_ALU_SBB:
	case X86_ALU_CMP:
		r = (a - b - (op == X86_ALU_SBB ? cin : 0)) & m;
		/* The borrow into each next bit position. */
		carries = (~a & b) | (~(a ^ b) & r);
		if (carries & top)
			f |= F_CF;
		if (carries & 8)
			f |= F_AF;
		if ((a ^ b) & (a ^ r) & top)
			f |= F_OF;
		break;
	case X86_ALU_OR:
		r = a | b;
		break;
	case X86_ALU_XOR:
		r = a ^ b;
		break;
	case X86_ALU_AND:
	case X86_ALU_TEST:
	default:
		/* CF and OF cleared, AF undefined: left clear. */
		r = a & b;
		break;
	}
	if (r == 0)
		f |= F_ZF;
	if (r & top)
		f |= F_SF;
	f |= parity(r);
	*rflags = (*rflags & ~X86_FLAGS_ARITH) | f;
	return r;
}

static uint64_t reg_read(const struct x86_insn *in, const uint64_t *gpr,
			 unsigned size)
{
	uint64_t v = gpr[in->reg & 15];

	if (in->reg_high8)
		return (v >> 8) & 0xFF;
	return v & mask_of(size);
}

/* A register write of size bytes: 8- and 16-bit writes keep the other
 * bits, 32-bit writes zero bits 63:32 (Vol. 1 3.4.1.1). */
static void reg_write(const struct x86_insn *in, uint64_t *gpr,
		      unsigned size, uint64_t v)
{
	uint64_t *r = &gpr[in->reg & 15];

	if (in->reg_high8)
		*r = (*r & ~0xFF00ULL) | ((v & 0xFF) << 8);
	else if (size == 4)
		*r = v & 0xFFFFFFFFULL;
	else if (size == 8)
		*r = v;
	else
		*r = (*r & ~mask_of(size)) | (v & mask_of(size));
}

int x86_emulate(const struct x86_insn *in, uint64_t gpr[16],
		uint64_t *rflags, const struct x86_emu_mem *mem)
{
	unsigned os = in->opsize, ms = in->memsize;
	uint64_t a, b, r;

	switch (in->op) {
	case X86_OP_MOV_LOAD:
	case X86_OP_MOVZX:
		reg_write(in, gpr, os, mem->read(mem->ctx, ms) & mask_of(ms));
		return in->reg;
	case X86_OP_MOVSX:
		a = sign_extend(mem->read(mem->ctx, ms), ms);
		reg_write(in, gpr, os, a & mask_of(os));
		return in->reg;
	case X86_OP_MOV_STORE:
		mem->write(mem->ctx, ms, reg_read(in, gpr, ms));
		return -1;
	case X86_OP_MOV_STORE_IMM:
		mem->write(mem->ctx, ms, in->imm & mask_of(ms));
		return -1;
	case X86_OP_XCHG:
		a = mem->read(mem->ctx, ms) & mask_of(ms);
		mem->write(mem->ctx, ms, reg_read(in, gpr, ms));
		reg_write(in, gpr, os, a);
		return in->reg;
	case X86_OP_ALU_STORE:
		a = mem->read(mem->ctx, ms);
		b = in->has_imm ? in->imm : reg_read(in, gpr, os);
		r = x86_alu(in->alu, a, b, os, rflags);
		if (in->alu != X86_ALU_CMP && in->alu != X86_ALU_TEST)
			mem->write(mem->ctx, ms, r);
		return -1;
	case X86_OP_ALU_LOAD:
		a = reg_read(in, gpr, os);
		b = mem->read(mem->ctx, ms);
		r = x86_alu(in->alu, a, b, os, rflags);
		if (in->alu == X86_ALU_CMP)
			return -1;
		reg_write(in, gpr, os, r);
		return in->reg;
	}
	return -1;
}
