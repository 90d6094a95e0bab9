/* Fuzzes vmx/decode.c and vmx/emulate.c: the first input byte picks the
 * mode (16, 32 or 64-bit), the rest are the instruction bytes. What the
 * decoder accepts must keep decode.h's promises (1..15 bytes, no more than
 * it was given, sizes 1/2/4/8, registers 0..15, AH..BH only as 0..3), must
 * decode the same from exactly its own bytes, and emulating it against a
 * fake device may change only the register it names and the arithmetic
 * flags, and touch memory only with its memory operand's size. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmx/decode.h"
#include "vmx/emulate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "%s:%d: broken promise: %s\n",     \
				__FILE__, __LINE__, #cond);                \
			abort();                                           \
		}                                                          \
	} while (0)

struct fake_mem {
	unsigned accesses;
	unsigned size;
	uint64_t value;
};

static uint64_t rd(void *ctx, unsigned size)
{
	struct fake_mem *m = ctx;
	CHECK(m->size == size);
	m->accesses++;
	return m->value;
}

static void wr(void *ctx, unsigned size, uint64_t v)
{
	struct fake_mem *m = ctx;
	CHECK(m->size == size);
	CHECK(size == 8 || (v >> (8 * size)) == 0);
	m->accesses++;
}

static int valid_size(unsigned s)
{
	return s == 1 || s == 2 || s == 4 || s == 8;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum x86_mode modes[3] = {
		X86_MODE_16, X86_MODE_32, X86_MODE_64,
	};
	struct x86_insn in, again;
	enum x86_mode mode;
	int err;

	if (size < 1)
		return 0;
	mode = modes[data[0] % 3];
	data++;
	size--;
	/* At most 32 bytes: the decoder must stop at 15 on its own. */
	unsigned avail = size > 32 ? 32 : (unsigned)size;
	uint8_t *copy = malloc(avail ? avail : 1);	/* ASan sees overreads */
	memcpy(copy, data, avail);

	err = x86_decode(copy, avail, mode, &in);
	CHECK(err <= 0 && err >= X86_DECODE_EINVAL && err != X86_DECODE_EINVAL);
	CHECK(x86_decode_strerror(err) != NULL);
	if (err) {
		free(copy);
		return 0;
	}
	CHECK(in.len >= 1 && in.len <= X86_MAX_INSN_LEN && in.len <= avail);
	CHECK(valid_size(in.opsize) && valid_size(in.memsize));
	CHECK(in.addrsize == 2 || in.addrsize == 4 || in.addrsize == 8);
	CHECK(in.reg < 16);
	CHECK(!in.reg_high8 || (in.reg < 4 && in.opsize == 1));
	CHECK(mode == X86_MODE_64 || in.rex == 0);
	CHECK(in.seg <= X86_SEG_GS);
	CHECK(in.has_reg || in.has_imm);
	CHECK(!in.has_imm || in.opsize == 8 ||
	      (in.imm >> (8 * in.opsize)) == 0);
	CHECK(in.memsize <= in.opsize || in.op == X86_OP_MOVSX ||
	      in.op == X86_OP_MOVZX);

	/* Exactly its own bytes decode to the same instruction. */
	CHECK(x86_decode(copy, in.len, mode, &again) == X86_DECODE_OK);
	CHECK(memcmp(&in, &again, sizeof(in)) == 0);
	if (in.len > 1)
		CHECK(x86_decode(copy, in.len - 1u, mode, &again) ==
		      X86_DECODE_TRUNCATED);

	/* Emulate it: registers from the input's bytes. */
	uint64_t gpr[16], before[16], rflags = 0x202, fl_before;
	for (unsigned i = 0; i < 16; i++)
		gpr[i] = 0x0101010101010101ULL * (uint64_t)(copy[i % avail] + i);
	memcpy(before, gpr, sizeof(gpr));
	fl_before = rflags;
	struct fake_mem m = { 0, in.memsize, 0x8877665544332211ULL };
	struct x86_emu_mem mem = { rd, wr, &m };
	int wrote = x86_emulate(&in, gpr, &rflags, &mem);
	CHECK(wrote >= -1 && wrote < 16);
	CHECK(m.accesses >= 1 && m.accesses <= 2);
	for (int i = 0; i < 16; i++)
		if (i != wrote)
			CHECK(gpr[i] == before[i]);
	CHECK((rflags & ~X86_FLAGS_ARITH) == (fl_before & ~X86_FLAGS_ARITH));
	if (in.op != X86_OP_ALU_STORE && in.op != X86_OP_ALU_LOAD)
		CHECK(rflags == fl_before);
	free(copy);
	return 0;
}
