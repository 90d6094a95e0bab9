/* ELF64 validation for the kernel image; see elf_check.h. */
#include "boot/elf_check.h"

static uint64_t rd16(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8;
}

static uint64_t rd32(const unsigned char *p)
{
	return rd16(p) | rd16(p + 2) << 16;
}

static uint64_t rd64(const unsigned char *p)
{
	return rd32(p) | rd32(p + 4) << 32;
}

/* Field-by-field reads: the file buffer may be unaligned. */
static void read_phdr(const unsigned char *p, struct elf64_phdr *ph)
{
	ph->p_type = (uint32_t)rd32(p + 0);
	ph->p_flags = (uint32_t)rd32(p + 4);
	ph->p_offset = rd64(p + 8);
	ph->p_vaddr = rd64(p + 16);
	ph->p_paddr = rd64(p + 24);
	ph->p_filesz = rd64(p + 32);
	ph->p_memsz = rd64(p + 40);
	ph->p_align = rd64(p + 48);
}

const struct elf64_phdr *elf_phdr(const void *file, unsigned i)
{
	const unsigned char *f = file;
	return (const struct elf64_phdr *)(f + rd64(f + 32) +
					   (uint64_t)i * sizeof(struct elf64_phdr));
}

int elf_check(const void *file, size_t len, uint64_t min_addr,
	      uint64_t max_addr, struct elf_image_info *info)
{
	const unsigned char *f = file;
	uint64_t entry, phoff, phentsize, phnum;
	int entry_ok = 0;

	if (len < sizeof(struct elf64_ehdr))
		return ELF_E_SHORT;
	if (f[0] != 0x7f || f[1] != 'E' || f[2] != 'L' || f[3] != 'F')
		return ELF_E_MAGIC;
	if (f[4] != ELFCLASS64 || f[5] != ELFDATA2LSB || f[6] != EV_CURRENT)
		return ELF_E_CLASS;
	if (rd16(f + 16) != ET_EXEC || rd16(f + 18) != EM_X86_64)
		return ELF_E_TYPE;

	entry = rd64(f + 24);
	phoff = rd64(f + 32);
	phentsize = rd16(f + 54);
	phnum = rd16(f + 56);
	if (phentsize != sizeof(struct elf64_phdr) || phnum == 0 ||
	    phoff > len || phnum * phentsize > len - phoff ||
	    (phoff & 7) != 0)
		return ELF_E_PHDRS;

	info->entry = entry;
	info->lowest = UINT64_MAX;
	info->highest = 0;
	info->nload = 0;

	for (uint64_t i = 0; i < phnum; i++) {
		struct elf64_phdr ph;
		read_phdr(f + phoff + i * phentsize, &ph);
		if (ph.p_type != PT_LOAD)
			continue;
		if (ph.p_offset > len || ph.p_filesz > len - ph.p_offset ||
		    ph.p_filesz > ph.p_memsz)
			return ELF_E_SEGMENT;
		if (ph.p_paddr < min_addr || ph.p_paddr > max_addr ||
		    ph.p_memsz > max_addr - ph.p_paddr)
			return ELF_E_RANGE;
		/* The kernel runs identity-mapped: virtual must equal physical. */
		if (ph.p_vaddr != ph.p_paddr)
			return ELF_E_RANGE;
		for (uint64_t j = 0; j < i; j++) {
			struct elf64_phdr q;
			read_phdr(f + phoff + j * phentsize, &q);
			if (q.p_type != PT_LOAD || q.p_memsz == 0 ||
			    ph.p_memsz == 0)
				continue;
			if (ph.p_paddr < q.p_paddr + q.p_memsz &&
			    q.p_paddr < ph.p_paddr + ph.p_memsz)
				return ELF_E_OVERLAP;
		}
		if ((ph.p_flags & PF_X) && entry >= ph.p_paddr &&
		    entry < ph.p_paddr + ph.p_memsz)
			entry_ok = 1;
		if (ph.p_paddr < info->lowest)
			info->lowest = ph.p_paddr;
		if (ph.p_paddr + ph.p_memsz > info->highest)
			info->highest = ph.p_paddr + ph.p_memsz;
		info->nload++;
	}
	if (info->nload == 0)
		return ELF_E_NOLOAD;
	if (!entry_ok)
		return ELF_E_ENTRY;
	return ELF_OK;
}

const char *elf_strerror(int err)
{
	switch (err) {
	case ELF_OK: return "ok";
	case ELF_E_SHORT: return "file shorter than an ELF header";
	case ELF_E_MAGIC: return "not an ELF file (bad magic)";
	case ELF_E_CLASS: return "not ELF64 little-endian version 1";
	case ELF_E_TYPE: return "not an x86-64 executable";
	case ELF_E_PHDRS: return "program header table malformed or outside the file";
	case ELF_E_SEGMENT: return "a loadable segment lies outside the file";
	case ELF_E_RANGE: return "a loadable segment lies outside the allowed memory";
	case ELF_E_OVERLAP: return "two loadable segments overlap";
	case ELF_E_ENTRY: return "entry point is not in an executable segment";
	case ELF_E_NOLOAD: return "no loadable segment";
	}
	return "unknown ELF error";
}
