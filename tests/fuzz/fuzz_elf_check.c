/* Fuzzes boot/elf_check.c with the input as \hv\kernel.elf, the range the
 * loader allows (boot/main.c). What elf_check accepts, the loader copies
 * without further checks: every PT_LOAD must lie in the file and in the
 * range, and the entry point in an executable segment. */
#include <string.h>

#include "boot/elf_check.h"
#include "tests/fuzz/fuzz.h"

#define MIN_ADDR 0x100000ULL
#define MAX_ADDR 0x100000000ULL

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_image_info info;
	/* The loader's file buffer is page-aligned: copy to 8-aligned. */
	uint64_t *file = malloc(size ? size : 1);
	int entry_in = 0;

	FUZZ_CHECK(file);
	memcpy(file, data, size);
	if (elf_check(file, size, MIN_ADDR, MAX_ADDR, &info) != ELF_OK) {
		free(file);
		return 0;
	}
	const struct elf64_ehdr *eh = (const struct elf64_ehdr *)file;
	unsigned nload = 0;
	FUZZ_CHECK(info.lowest >= MIN_ADDR && info.highest <= MAX_ADDR);
	FUZZ_CHECK(info.lowest < info.highest);
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *ph = elf_phdr(file, i);
		FUZZ_CHECK((const uint8_t *)ph >= (const uint8_t *)file);
		FUZZ_CHECK((const uint8_t *)(ph + 1) <=
			   (const uint8_t *)file + size);
		if (ph->p_type != PT_LOAD)
			continue;
		nload++;
		FUZZ_CHECK(ph->p_offset <= size);
		FUZZ_CHECK(ph->p_filesz <= size - ph->p_offset);
		FUZZ_CHECK(ph->p_filesz <= ph->p_memsz);
		FUZZ_CHECK(ph->p_paddr >= MIN_ADDR);
		FUZZ_CHECK(ph->p_paddr <= MAX_ADDR &&
			   ph->p_memsz <= MAX_ADDR - ph->p_paddr);
		FUZZ_CHECK(ph->p_paddr >= info.lowest &&
			   ph->p_paddr + ph->p_memsz <= info.highest);
		if ((ph->p_flags & PF_X) && info.entry >= ph->p_paddr &&
		    info.entry < ph->p_paddr + ph->p_memsz)
			entry_in = 1;
	}
	FUZZ_CHECK(nload == info.nload);
	FUZZ_CHECK(entry_in);
	free(file);
	return 0;
}
