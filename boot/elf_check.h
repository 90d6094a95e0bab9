/* Validation of the kernel's ELF64 file before the loader trusts it
 * (System V ABI, ELF-64 Object File Format 1.5: file header, program
 * header table). Everything here is read from a file: every offset and size
 * is checked against the file's length before use. */
#ifndef BOOT_ELF_CHECK_H
#define BOOT_ELF_CHECK_H

#include <stddef.h>
#include <stdint.h>

#define EI_NIDENT	16
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define EV_CURRENT	1
#define ET_EXEC		2
#define EM_X86_64	62
#define PT_LOAD		1
#define PF_X		1

struct elf64_ehdr {
	unsigned char e_ident[EI_NIDENT];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

enum elf_check_error {
	ELF_OK = 0,
	ELF_E_SHORT = -1,	/* smaller than the ELF header */
	ELF_E_MAGIC = -2,
	ELF_E_CLASS = -3,	/* not ELF64 little-endian version 1 */
	ELF_E_TYPE = -4,	/* not an x86-64 executable */
	ELF_E_PHDRS = -5,	/* program headers outside the file or malformed */
	ELF_E_SEGMENT = -6,	/* a PT_LOAD outside the file, or filesz > memsz */
	ELF_E_RANGE = -7,	/* a PT_LOAD outside the allowed physical range */
	ELF_E_OVERLAP = -8,	/* two PT_LOAD segments overlap */
	ELF_E_ENTRY = -9,	/* entry point not in an executable PT_LOAD */
	ELF_E_NOLOAD = -10,	/* no PT_LOAD at all */
};

struct elf_image_info {
	uint64_t entry;
	uint64_t lowest;	/* lowest physical address of any PT_LOAD */
	uint64_t highest;	/* end of the highest PT_LOAD (exclusive) */
	unsigned nload;
};

/* Checks an identity-mapped executable whose PT_LOAD segments must all lie
 * within [min_addr, max_addr). On success fills info. */
int elf_check(const void *file, size_t len, uint64_t min_addr,
	      uint64_t max_addr, struct elf_image_info *info);

/* The i-th program header (i < e_phnum); only valid after elf_check() == 0. */
const struct elf64_phdr *elf_phdr(const void *file, unsigned i);

const char *elf_strerror(int err);

#endif
