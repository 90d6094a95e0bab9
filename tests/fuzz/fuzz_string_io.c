/* Fuzzes vmx/string_io.c: an INS/OUTS exit's qualification, instruction
 * information, RFLAGS, mode, RCX, index register and segment base come
 * from the input. What string_io_decode accepts must be an instruction
 * the SDM defines. Then string_io_run, the loop vmx/exit_io.c runs, moves
 * the elements between a port and a guest buffer (at a linear address,
 * with a faulting page, both from the input; its bytes follow): it must
 * find every byte of an element before touching the port, and after a
 * run of k elements (at most the batch, the count, and those before a
 * fault) leave the index moved by exactly k elements, the count register
 * k lower, the bits above the address size as the CPU does, and the
 * buffer holding what INS read (OUTS sending what the buffer held). */
#include <string.h>

#include "vmx/string_io.h"
#include "tests/fuzz/fuzz.h"

#define RAM_SIZE 0x2000u

/* The guest's side: RAM_SIZE bytes at ram_lin, a page that faults. */
struct run {
	uint64_t ram_lin, fault_page;
	uint32_t port_val;
	const struct string_io *s;
	uint8_t ram[RAM_SIZE];
	uint8_t shadow[RAM_SIZE];	/* what INS should have left */
	uint64_t glas[4];		/* the current element's bytes */
	unsigned nbytes;
	uint64_t elements, port_calls;
	bool faulted;
};

static uint8_t *run_byte(void *ctx, uint64_t gla)
{
	struct run *r = ctx;
	uint64_t off = gla - r->ram_lin;

	FUZZ_CHECK(!r->faulted);	/* nothing after a fault */
	FUZZ_CHECK(r->nbytes < r->s->size);
	if ((gla & ~0xFFFULL) == r->fault_page || off >= RAM_SIZE) {
		r->faulted = true;
		return NULL;
	}
	r->glas[r->nbytes++] = gla;
	return &r->ram[off];
}

/* The port is reached once per element, after all its bytes were
 * found. */
static void port_reached(struct run *r, uint16_t port, unsigned size)
{
	FUZZ_CHECK(port == r->s->port && size == r->s->size);
	FUZZ_CHECK(r->nbytes == r->s->size);
}

static void run_element(struct run *r)
{
	r->nbytes = 0;
	r->elements++;
	r->port_calls++;
}

static uint32_t run_in(void *ctx, uint16_t port, unsigned size)
{
	struct run *r = ctx;
	uint32_t val = r->port_val + (uint32_t)r->elements * 0x01010101u;

	FUZZ_CHECK(r->s->in);
	port_reached(r, port, size);
	for (unsigned i = 0; i < size; i++)
		r->shadow[r->glas[i] - r->ram_lin] = (uint8_t)(val >> (8 * i));
	run_element(r);
	return val;
}

static void run_out(void *ctx, uint16_t port, unsigned size, uint32_t val)
{
	struct run *r = ctx;

	FUZZ_CHECK(!r->s->in);
	port_reached(r, port, size);
	for (unsigned i = 0; i < size; i++)
		FUZZ_CHECK((uint8_t)(val >> (8 * i)) ==
			   r->ram[r->glas[i] - r->ram_lin]);
	FUZZ_CHECK(size == 4 || val >> (8 * size) == 0);
	run_element(r);
}

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

	/* The loop itself, string_io_run() as vmx/exit_io.c calls it, on a
	 * guest buffer of RAM_SIZE bytes at linear address ram_lin with one
	 * faulting page, and a port that reads a counter. */
	static struct run r;

	memset(&r, 0, sizeof(r));
	r.ram_lin = fuzz_take(&p, &n, 8);
	r.fault_page = fuzz_take(&p, &n, 8) & ~0xFFFULL;
	r.port_val = (uint32_t)fuzz_take(&p, &n, 4);
	r.s = &s;
	unsigned max = (unsigned)(fuzz_take(&p, &n, 1) & 0x3F) + 1;
	size_t fill = n < RAM_SIZE ? n : RAM_SIZE;

	memcpy(r.ram, p, fill);
	memcpy(r.shadow, r.ram, RAM_SIZE);
	const struct string_io_ops ops = { &r, run_byte, run_in, run_out };
	uint64_t idx = index, c = rcx;
	enum string_io_result res = string_io_run(&s, base, &idx, &c, max, &ops);
	uint64_t k = r.elements;	/* whole elements moved */

	FUZZ_CHECK(k <= count && k <= max);
	FUZZ_CHECK(r.port_calls == k);
	if (res == STRING_IO_DONE)
		FUZZ_CHECK(k == count && !r.faulted);
	else if (res == STRING_IO_MORE)
		FUZZ_CHECK(k == max && k < count && !r.faulted);
	else
		FUZZ_CHECK(res == STRING_IO_FAULT && r.faulted && k < count);
	/* The index moved by exactly k elements; above the address size
	 * kept (16) or zeroed (32, once written). */
	FUZZ_CHECK(((s.df ? index - idx : idx - index) & mask) ==
		   ((k * s.size) & mask));
	if (s.addr_bits == 16)
		FUZZ_CHECK((idx & ~mask) == (index & ~mask));
	if (s.addr_bits == 32 && k)
		FUZZ_CHECK(idx >> 32 == 0);
	/* REP counts down by k at the address size, else RCX is untouched. */
	if (s.rep) {
		FUZZ_CHECK(string_io_count(&s, c) == count - k);
		if (s.addr_bits == 16 || !k)
			FUZZ_CHECK((c & ~mask) == (rcx & ~mask));
		else
			FUZZ_CHECK((c & ~mask) == 0);
	} else {
		FUZZ_CHECK(c == rcx);
	}
	/* INS wrote each element's value at its bytes (the shadow replays
	 * the writes in order); OUTS sent the bytes it found there. */
	FUZZ_CHECK(memcmp(r.ram, r.shadow, RAM_SIZE) == 0);
	return 0;
}
