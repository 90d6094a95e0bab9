/* INS/OUTS decoding; see string_io.h. */
#include "vmx/string_io.h"

/* Exit qualification for I/O instructions (28.2.1, Table 28-5). */
#define QUAL_SIZE_MASK	7u		/* size - 1: 0, 1 or 3 */
#define QUAL_IN		(1u << 3)
#define QUAL_STRING	(1u << 4)
#define QUAL_REP	(1u << 5)
#define QUAL_PORT_SHIFT	16
/* VM-exit instruction information for INS/OUTS (28.2.5, Table 28-8). */
#define INFO_ASIZE_SHIFT 7		/* 0: 16, 1: 32, 2: 64 bits */
#define INFO_SEG_SHIFT	15		/* ES, CS, SS, DS, FS, GS */

static uint64_t addr_mask(const struct string_io *s)
{
	return s->addr_bits == 16 ? 0xFFFFULL
	       : s->addr_bits == 32 ? 0xFFFFFFFFULL : ~0ULL;
}

/* A register write at the address size (SDM Vol. 1 3.4.1.1). */
static uint64_t write_reg(const struct string_io *s, uint64_t old,
			  uint64_t val)
{
	if (s->addr_bits == 16)
		return (old & ~0xFFFFULL) | (val & 0xFFFF);
	if (s->addr_bits == 32)
		return val & 0xFFFFFFFFULL;
	return val;
}

int string_io_decode(uint64_t qualification, uint32_t instruction_info,
		     uint64_t rflags, bool long_mode, struct string_io *s)
{
	static const struct string_io none;
	unsigned size_code = (unsigned)(qualification & QUAL_SIZE_MASK);
	unsigned asize = (instruction_info >> INFO_ASIZE_SHIFT) & 7;
	unsigned seg = (instruction_info >> INFO_SEG_SHIFT) & 7;

	*s = none;
	if (!(qualification & QUAL_STRING))
		return -1;
	if (size_code != 0 && size_code != 1 && size_code != 3)
		return -1;
	if (asize > 2 || (long_mode && asize == 0) ||
	    (!long_mode && asize == 2))
		return -1;
	s->in = (qualification & QUAL_IN) != 0;
	/* INS writes ES:[(E|R)DI]; the field is undefined for it. */
	if (s->in)
		seg = SIO_ES;
	else if (seg > SIO_GS)
		return -1;
	s->port = (uint16_t)(qualification >> QUAL_PORT_SHIFT);
	s->size = size_code + 1;
	s->addr_bits = 16u << asize;
	s->rep = (qualification & QUAL_REP) != 0;
	s->df = (rflags & (1ULL << 10)) != 0;		/* RFLAGS.DF */
	s->long_mode = long_mode;
	s->seg = seg;
	return 0;
}

bool string_io_has_base(const struct string_io *s)
{
	return !s->long_mode || s->seg == SIO_FS || s->seg == SIO_GS;
}

uint64_t string_io_count(const struct string_io *s, uint64_t rcx)
{
	return s->rep ? rcx & addr_mask(s) : 1;
}

uint64_t string_io_linear(const struct string_io *s, uint64_t base,
			  uint64_t index, unsigned byte)
{
	uint64_t gla = base + (index & addr_mask(s)) + byte;

	return s->long_mode ? gla : gla & 0xFFFFFFFFULL;
}

uint64_t string_io_next_index(const struct string_io *s, uint64_t index)
{
	uint64_t next = s->df ? index - s->size : index + s->size;

	return write_reg(s, index, next);
}

uint64_t string_io_set_count(const struct string_io *s, uint64_t rcx,
			     uint64_t count)
{
	return write_reg(s, rcx, count);
}

enum string_io_result string_io_run(const struct string_io *s, uint64_t base,
				    uint64_t *index, uint64_t *rcx,
				    unsigned max,
				    const struct string_io_ops *ops)
{
	uint64_t count = string_io_count(s, *rcx);
	unsigned done = 0;

	while (count && done < max) {
		uint8_t *byte[4];
		uint32_t val = 0;

		/* Each byte on its own: an element may cross a page. */
		for (unsigned i = 0; i < s->size; i++) {
			byte[i] = ops->byte(ops->ctx,
					    string_io_linear(s, base, *index, i));
			if (!byte[i])
				return STRING_IO_FAULT;
		}
		if (s->in) {
			val = ops->in(ops->ctx, s->port, s->size);
			for (unsigned i = 0; i < s->size; i++)
				*byte[i] = (uint8_t)(val >> (8 * i));
		} else {
			for (unsigned i = 0; i < s->size; i++)
				val |= (uint32_t)*byte[i] << (8 * i);
			ops->out(ops->ctx, s->port, s->size, val);
		}
		*index = string_io_next_index(s, *index);
		count--;
		done++;
		if (s->rep)
			*rcx = string_io_set_count(s, *rcx, count);
	}
	return count ? STRING_IO_MORE : STRING_IO_DONE;
}
