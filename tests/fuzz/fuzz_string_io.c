/* Fuzzes vmx/string_io.c: an INS/OUTS exit's qualification, instruction
 * information, RFLAGS, mode, RCX, index register and segment base come
 * from the input. What string_io_decode accepts must be an instruction
 * the SDM defines; the arithmetic must keep the register bits above the
 * address size as the CPU does, and a REP run must leave the index moved
 * by exactly count elements and the count register at 0. */
#include <string.h>

#include "vmx/string_io.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data;
	size_t n = size;
	uint64_t qual = fuzz_take(&p, &n, 8);
	uint32_t info = (uint32_t)fuzz_take(&p, &n, 4);
	uint64_t rflags = fuzz_take(&p, &n, 8);
	bool long_mode = fuzz_take(&p, &n, 1) & 1;
	uint64_t rcx = fuzz_take(&p, &n, 8);
	uint64_t index = fuzz_take(&p, &n, 8);
	uint64_t base = fuzz_take(&p, &n, 8);
	struct string_io s;
	static const struct string_io zero;

	if (string_io_decode(qual, info, rflags, long_mode, &s) != 0) {
		FUZZ_CHECK(memcmp(&s, &zero, sizeof(s)) == 0);
		return 0;
	}
	FUZZ_CHECK(qual & 0x10);
	FUZZ_CHECK(s.size == 1 || s.size == 2 || s.size == 4);
	FUZZ_CHECK(s.size == (qual & 7) + 1);
	FUZZ_CHECK(s.addr_bits == 16 || s.addr_bits == 32 || s.addr_bits == 64);
	FUZZ_CHECK(!(long_mode && s.addr_bits == 16));
	FUZZ_CHECK(!(!long_mode && s.addr_bits == 64));
	FUZZ_CHECK(s.seg <= SIO_GS);
	FUZZ_CHECK(!s.in || s.seg == SIO_ES);
	FUZZ_CHECK(s.port == (uint16_t)(qual >> 16));
	FUZZ_CHECK(s.long_mode == long_mode);
	FUZZ_CHECK(s.df == !!(rflags & (1ULL << 10)));

	uint64_t mask = s.addr_bits == 64 ? ~0ULL : (1ULL << s.addr_bits) - 1;
	uint64_t count = string_io_count(&s, rcx);
	FUZZ_CHECK(s.rep ? count == (rcx & mask) : count == 1);
	if (!string_io_has_base(&s))
		base = 0;

	/* Bytes of one element follow each other in the linear space. */
	uint64_t lin0 = string_io_linear(&s, base, index, 0);
	for (unsigned i = 0; i < s.size; i++) {
		uint64_t lin = string_io_linear(&s, base, index, i);
		if (!long_mode) {
			FUZZ_CHECK(lin >> 32 == 0);
			FUZZ_CHECK(((lin - lin0) & 0xFFFFFFFFULL) == i);
		} else {
			FUZZ_CHECK(lin - lin0 == i);
		}
	}

	/* A bounded REP run, as vmx/exit_io.c does it per batch. */
	uint64_t steps = count < 64 ? count : 64;
	uint64_t idx = index, c = rcx, left = count;
	for (uint64_t k = 0; k < steps; k++) {
		uint64_t next = string_io_next_index(&s, idx);
		/* Above the address size: kept (16) or zeroed (32). */
		if (s.addr_bits == 16)
			FUZZ_CHECK((next & ~0xFFFFULL) == (idx & ~0xFFFFULL));
		if (s.addr_bits == 32)
			FUZZ_CHECK(next >> 32 == 0);
		idx = next;
		if (s.rep) {
			c = string_io_set_count(&s, c, --left);
			FUZZ_CHECK(string_io_count(&s, c) == left);
		}
	}
	uint64_t moved = steps * s.size;
	FUZZ_CHECK(((s.df ? index - idx : idx - index) & mask) == (moved & mask));
	if (s.rep && steps == count && count) {
		FUZZ_CHECK((c & mask) == 0);
		FUZZ_CHECK((c & ~mask) == (s.addr_bits == 16 ? rcx & ~mask : 0));
	}
	return 0;
}
