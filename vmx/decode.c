/* Decoder for memory-operand instructions; see decode.h. References are to
 * SDM Vol. 2A chapter 2 ("Instruction Format") and Appendix A. */
#include <stddef.h>
#include "vmx/decode.h"

/* Legacy prefixes (2.1.1). */
#define PFX_LOCK	0xF0
#define PFX_REPNE	0xF2
#define PFX_REP		0xF3
#define PFX_OPSIZE	0x66
#define PFX_ADDRSIZE	0x67
#define OPC_ESCAPE	0x0F

/* REX (2.2.1): 0100WRXB. */
#define REX_W		0x08
#define REX_R		0x04

struct cursor {
	const uint8_t *b;
	unsigned avail, pos;
};

/* Takes n bytes as a little-endian value; -1 past the end or 15 bytes. */
static int take(struct cursor *c, unsigned n, uint64_t *val)
{
	uint64_t v = 0;

	if (c->pos + n > X86_MAX_INSN_LEN)
		return X86_DECODE_TOO_LONG;
	if (c->pos + n > c->avail)
		return X86_DECODE_TRUNCATED;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)c->b[c->pos + i] << (8 * i);
	c->pos += n;
	*val = v;
	return X86_DECODE_OK;
}

static uint64_t size_mask(unsigned bytes)
{
	return bytes >= 8 ? ~0ULL : (1ULL << (8 * bytes)) - 1;
}

static uint64_t sign_extend(uint64_t v, unsigned from_bytes)
{
	unsigned shift = 64 - 8 * from_bytes;
	return (uint64_t)((int64_t)(v << shift) >> shift);
}

/* Skips the ModRM addressing bytes (SIB, displacement) after ModRM for
 * the address size (2.1.5, Tables 2-1 to 2-3), and picks the default
 * segment: SS when the base is (E/R)BP or (E/R)SP, else DS (Vol. 1
 * 3.7.4). Returns an x86_decode_result. */
static int skip_address(struct cursor *c, uint8_t modrm, unsigned addrsize,
			uint8_t *default_seg)
{
	unsigned mod = modrm >> 6, rm = modrm & 7;
	unsigned disp = 0;
	uint64_t sib, dummy;
	int err;

	*default_seg = X86_SEG_DS;
	if (addrsize == 2) {
		/* 16-bit forms: BP-based [BP+SI], [BP+DI], [BP+d] use SS. */
		if (mod == 0 && rm == 6)
			disp = 2;
		else if (mod == 1)
			disp = 1;
		else if (mod == 2)
			disp = 2;
		if (rm == 2 || rm == 3 || (rm == 6 && mod != 0))
			*default_seg = X86_SEG_SS;
		return disp ? take(c, disp, &dummy) : X86_DECODE_OK;
	}
	if (mod == 1)
		disp = 1;
	else if (mod == 2)
		disp = 4;
	if (rm == 4) {
		err = take(c, 1, &sib);
		if (err)
			return err;
		unsigned base = sib & 7;
		if (base == 5 && mod == 0)
			disp = 4;	/* no base, disp32 */
		else if (base == 4 || base == 5)
			*default_seg = X86_SEG_SS;
	} else if (rm == 5) {
		if (mod == 0)
			disp = 4;	/* disp32, or RIP+disp32 in 64-bit mode */
		else
			*default_seg = X86_SEG_SS;
	}
	return disp ? take(c, disp, &dummy) : X86_DECODE_OK;
}

/* Reads an immediate of n bytes, sign-extended to opsize: every form
 * here with an immediate shorter than its operand extends its sign (imm8
 * of 83, imm32 of 81/C7/F7 with REX.W). */
static int take_imm(struct cursor *c, struct x86_insn *in, unsigned n)
{
	uint64_t v;
	int err = take(c, n, &v);

	if (err)
		return err;
	v = sign_extend(v, n);
	in->imm = v & size_mask(in->opsize);
	in->has_imm = true;
	return X86_DECODE_OK;
}

int x86_decode(const uint8_t *bytes, unsigned avail, enum x86_mode mode,
	       struct x86_insn *out)
{
	struct cursor c = { bytes, avail, 0 };
	struct x86_insn in = { 0 };
	bool opsize_pfx = false, addrsize_pfx = false;
	int seg_override = -1;
	uint64_t v;
	uint8_t op, default_seg;
	int err;

	if (!bytes || !out ||
	    (mode != X86_MODE_16 && mode != X86_MODE_32 && mode != X86_MODE_64))
		return X86_DECODE_EINVAL;

	/* Prefixes, then the opcode. A REX counts only right before the
	 * opcode: one followed by a legacy prefix is ignored (2.2.1). */
	for (;;) {
		err = take(&c, 1, &v);
		if (err)
			return err;
		op = (uint8_t)v;
		if (mode == X86_MODE_64 && (op & 0xF0) == 0x40) {
			in.rex = op;
			continue;
		}
		if (op == PFX_LOCK)
			in.lock = true;
		else if (op == PFX_REPNE || op == PFX_REP)
			return X86_DECODE_UNSUPPORTED;	/* string forms */
		else if (op == PFX_OPSIZE)
			opsize_pfx = true;
		else if (op == PFX_ADDRSIZE)
			addrsize_pfx = true;
		else if (op == 0x26 || op == 0x2E || op == 0x36 || op == 0x3E)
			seg_override = (op >> 3) & 3;	/* ES CS SS DS */
		else if (op == 0x64 || op == 0x65)
			seg_override = X86_SEG_FS + (op & 1);
		else
			break;
		in.rex = 0;
	}

	/* Operand and address sizes (Vol. 1 3.6, Table 3-4; 2.2.1.2). */
	if (mode == X86_MODE_64) {
		in.opsize = (in.rex & REX_W) ? 8 : opsize_pfx ? 2 : 4;
		in.addrsize = addrsize_pfx ? 4 : 8;
	} else if (mode == X86_MODE_32) {
		in.opsize = opsize_pfx ? 2 : 4;
		in.addrsize = addrsize_pfx ? 2 : 4;
	} else {
		in.opsize = opsize_pfx ? 4 : 2;
		in.addrsize = addrsize_pfx ? 4 : 2;
	}

	if (op == OPC_ESCAPE) {
		err = take(&c, 1, &v);
		if (err)
			return err;
		op = (uint8_t)v;
		in.two_byte = true;
	}
	in.opcode = op;

	/* The opcode's form: which operation, whether there is a ModRM, the
	 * memory operand's size, the immediate's size. */
	bool byte_op = false;		/* 8-bit operands */
	bool modrm = true;
	unsigned imm = 0;		/* immediate bytes */

	if (in.two_byte) {
		switch (op) {
		case 0xB6: case 0xB7:
			in.op = X86_OP_MOVZX;
			in.memsize = (op & 1) ? 2 : 1;
			break;
		case 0xBE: case 0xBF:
			in.op = X86_OP_MOVSX;
			in.memsize = (op & 1) ? 2 : 1;
			break;
		default:
			return X86_DECODE_UNSUPPORTED;
		}
		in.has_reg = true;
	} else if (op < 0x40 && (op & 7) <= 3) {
		in.alu = (enum x86_alu)(op >> 3);
		in.op = (op & 2) ? X86_OP_ALU_LOAD : X86_OP_ALU_STORE;
		byte_op = !(op & 1);
		in.has_reg = true;
	} else {
		switch (op) {
		case 0x63:
			if (mode != X86_MODE_64)
				return X86_DECODE_UNSUPPORTED;	/* ARPL */
			in.op = X86_OP_MOVSX;
			in.memsize = 4;
			in.has_reg = true;
			break;
		case 0x80: case 0x81: case 0x83:
			byte_op = op == 0x80;
			imm = (op == 0x81) ? (in.opsize == 2 ? 2 : 4) : 1;
			in.op = X86_OP_ALU_STORE;
			break;
		case 0x84: case 0x85:
			byte_op = op == 0x84;
			in.op = X86_OP_ALU_STORE;
			in.alu = X86_ALU_TEST;
			in.has_reg = true;
			break;
		case 0x86: case 0x87:
			byte_op = op == 0x86;
			in.op = X86_OP_XCHG;
			in.has_reg = true;
			break;
		case 0x88: case 0x89:
			byte_op = op == 0x88;
			in.op = X86_OP_MOV_STORE;
			in.has_reg = true;
			break;
		case 0x8A: case 0x8B:
			byte_op = op == 0x8A;
			in.op = X86_OP_MOV_LOAD;
			in.has_reg = true;
			break;
		case 0xA0: case 0xA1: case 0xA2: case 0xA3:
			byte_op = !(op & 1);
			in.op = (op & 2) ? X86_OP_MOV_STORE : X86_OP_MOV_LOAD;
			in.has_reg = true;	/* AL/AX/EAX/RAX */
			modrm = false;
			break;
		case 0xC6: case 0xC7:
			byte_op = op == 0xC6;
			imm = byte_op ? 1 : (in.opsize == 2 ? 2 : 4);
			in.op = X86_OP_MOV_STORE_IMM;
			break;
		case 0xF6: case 0xF7:
			byte_op = op == 0xF6;
			imm = byte_op ? 1 : (in.opsize == 2 ? 2 : 4);
			in.op = X86_OP_ALU_STORE;
			in.alu = X86_ALU_TEST;
			break;
		default:
			return X86_DECODE_UNSUPPORTED;
		}
	}
	if (byte_op)
		in.opsize = 1;
	if (!in.memsize)
		in.memsize = in.opsize;

	if (modrm) {
		err = take(&c, 1, &v);
		if (err)
			return err;
		in.modrm = (uint8_t)v;
		if ((in.modrm >> 6) == 3)
			return X86_DECODE_NO_MEMORY;
		unsigned r = (in.modrm >> 3) & 7;
		switch (op) {
		case 0x80: case 0x81: case 0x83:
			if (!in.two_byte)
				in.alu = (enum x86_alu)r;
			break;
		case 0xC6: case 0xC7: case 0xF6: case 0xF7:
			if (!in.two_byte && r != 0)
				return X86_DECODE_UNSUPPORTED;
			break;
		}
		if (in.has_reg) {
			in.reg = (uint8_t)(r | ((in.rex & REX_R) ? 8 : 0));
			/* Without REX, byte registers 4..7 are AH CH DH BH
			 * (2.2.1.2). */
			if (in.opsize == 1 && !in.rex && r >= 4) {
				in.reg_high8 = true;
				in.reg = (uint8_t)(r - 4);
			}
		}
		err = skip_address(&c, in.modrm, in.addrsize, &default_seg);
		if (err)
			return err;
	} else {
		/* moffs: an absolute address of the address size (2.2.1.4). */
		err = take(&c, in.addrsize, &v);
		if (err)
			return err;
		default_seg = X86_SEG_DS;
	}
	if (imm) {
		err = take_imm(&c, &in, imm);
		if (err)
			return err;
	}

	/* LOCK is only valid on a read-modify-write of memory (Vol. 2A
	 * "LOCK"): the ALU forms that write, and XCHG. */
	if (in.lock && !(in.op == X86_OP_XCHG ||
			 (in.op == X86_OP_ALU_STORE && in.alu != X86_ALU_CMP &&
			  in.alu != X86_ALU_TEST)))
		return X86_DECODE_INVALID;

	/* In 64-bit mode ES, CS, SS and DS overrides are ignored (Vol. 1
	 * 3.3.7.1). */
	if (seg_override >= 0 &&
	    !(mode == X86_MODE_64 && seg_override < X86_SEG_FS))
		in.seg = (uint8_t)seg_override;
	else
		in.seg = default_seg;
	in.len = (uint8_t)c.pos;
	*out = in;
	return X86_DECODE_OK;
}

const char *x86_decode_strerror(int err)
{
	switch (err) {
	case X86_DECODE_OK:
		return "ok";
	case X86_DECODE_TRUNCATED:
		return "instruction bytes end early";
	case X86_DECODE_TOO_LONG:
		return "instruction longer than 15 bytes";
	case X86_DECODE_UNSUPPORTED:
		return "instruction not supported on emulated memory";
	case X86_DECODE_NO_MEMORY:
		return "instruction has no memory operand";
	case X86_DECODE_INVALID:
		return "invalid instruction (LOCK without a locked write)";
	case X86_DECODE_EINVAL:
		return "invalid argument";
	default:
		return "unknown decode error";
	}
}
