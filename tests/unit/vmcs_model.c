/* The model VMCS; see vmcs_model.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/vmcs_model.h"
#include "vmx/vmcs.h"
#include "vmx/vmx_names.h"

/* Encodings are 15 bits (Appendix B: bit 15 and above are 0). */
#define ENCODINGS 0x8000u

static uint64_t value[ENCODINGS];
static unsigned reads[ENCODINGS], writes[ENCODINGS], total_writes;

/* The field's index, or stop the test: the CPU would fail the instruction
 * (VMfailValid, "unsupported VMCS component"). */
static unsigned field_index(enum vmcs_field f, const char *what)
{
	if ((unsigned)f >= ENCODINGS || !vmcs_field_name((unsigned)f)) {
		fprintf(stderr, "model VMCS: %s of unknown field 0x%x\n", what,
			(unsigned)f);
		abort();
	}
	return (unsigned)f;
}

/* Bits 14:13 of the encoding: 0 16-bit, 1 64-bit, 2 32-bit, 3 natural
 * width (64 bits on a 64-bit CPU). */
static uint64_t field_width_mask(unsigned encoding)
{
	switch ((encoding >> 13) & 3) {
	case 0:
		return 0xFFFFULL;
	case 2:
		return 0xFFFFFFFFULL;
	default:
		return ~0ULL;
	}
}

void vmcs_model_reset(void)
{
	memset(value, 0, sizeof(value));
	memset(reads, 0, sizeof(reads));
	memset(writes, 0, sizeof(writes));
	total_writes = 0;
}

void vmcs_model_set(enum vmcs_field f, uint64_t v)
{
	unsigned i = field_index(f, "vmcs_model_set");

	value[i] = v & field_width_mask(i);
}

uint64_t vmcs_model_get(enum vmcs_field f)
{
	return value[field_index(f, "vmcs_model_get")];
}

unsigned vmcs_model_reads(enum vmcs_field f)
{
	return reads[field_index(f, "vmcs_model_reads")];
}

unsigned vmcs_model_writes(enum vmcs_field f)
{
	return writes[field_index(f, "vmcs_model_writes")];
}

unsigned vmcs_model_total_writes(void)
{
	return total_writes;
}

uint64_t vmcs_read(enum vmcs_field f)
{
	unsigned i = field_index(f, "VMREAD");

	reads[i]++;
	return value[i];
}

void vmcs_write(enum vmcs_field f, uint64_t v)
{
	unsigned i = field_index(f, "VMWRITE");

	writes[i]++;
	total_writes++;
	value[i] = v & field_width_mask(i);
}
