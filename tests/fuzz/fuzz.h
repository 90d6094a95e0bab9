/* Shared by the libFuzzer targets (tests/fuzz/fuzz_*.c): the entry point's
 * prototype and a check that stops the run with a message. A target feeds
 * its input to one parser and checks, besides the sanitizers' memory and
 * undefined-behaviour checks, that what the parser accepts keeps the
 * promises its header makes. */
#ifndef TESTS_FUZZ_FUZZ_H
#define TESTS_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                   \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "%s:%d: broken promise: %s\n",     \
				__FILE__, __LINE__, #cond);                \
			abort();                                           \
		}                                                          \
	} while (0)

/* Little-endian reads of the fuzzer's bytes, for a target that takes its
 * parameters from the front of the input. */
static inline uint64_t fuzz_take(const uint8_t **p, size_t *n, unsigned bytes)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < bytes && *n; i++, (*p)++, (*n)--)
		v |= (uint64_t)**p << (8 * i);
	return v;
}

#endif
