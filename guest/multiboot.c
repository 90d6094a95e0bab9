/* Multiboot v1 kernels; see multiboot.h. */
#include "guest/multiboot.h"

#include "kernel/kstring.h"

static uint32_t rd16(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t rd32(const uint8_t *p)
{
	return rd16(p) | rd16(p + 2) << 16;
}

static void wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void wr64(uint8_t *p, uint64_t v)
{
	wr32(p, (uint32_t)v);
	wr32(p + 4, (uint32_t)(v >> 32));
}

const char *multiboot_strerror(int err)
{
	switch (err) {
	case MB_OK: return "ok";
	case MB_E_INVAL: return "invalid argument";
	case MB_E_NO_HEADER: return "no multiboot header (magic 0x1BADB002 with a valid checksum) in the first 8192 bytes";
	case MB_E_VIDEO: return "the kernel requires a video mode (multiboot flags bit 2): not supported";
	case MB_E_REQUIRED: return "the kernel requires a feature this loader does not know (multiboot flags bits 3-15)";
	case MB_E_NOT_ELF32: return "not an ELF32 i386 executable, and no multiboot address fields (flags bit 16)";
	case MB_E_PHDRS: return "ELF program headers outside the file or of a bad size";
	case MB_E_SEGMENT_FILE: return "a segment's bytes lie outside the file (or its file size exceeds its memory size)";
	case MB_E_SEGMENT_RAM: return "a segment lies outside guest RAM or in the legacy hole 0x9F000-0xFFFFF";
	case MB_E_NO_SEGMENTS: return "nothing to load (no PT_LOAD segment with a size)";
	case MB_E_TOO_MANY: return "more than 16 segments to load";
	case MB_E_ENTRY: return "entry point outside the loaded segments";
	case MB_E_OVERLAP: return "two segments overlap";
	case MB_E_ADDRESSES: return "multiboot address fields (flags bit 16) inconsistent with the file";
	case MB_E_INFO_FIT: return "no room for the multiboot information and module above the kernel in guest RAM";
	case MB_E_CMDLINE_LONG: return "command line too long for the multiboot information (7167 characters at most)";
	default: return "unknown error";
	}
}

/* MB 3.1.1: the first 32-bit aligned magic, in the first 8192 bytes, whose
 * checksum makes magic + flags + checksum zero. */
static int find_header(const uint8_t *b, size_t len, uint32_t *off)
{
	size_t end = len < MULTIBOOT_SEARCH ? len : MULTIBOOT_SEARCH;

	for (size_t o = 0; o + 12 <= end; o += MULTIBOOT_HEADER_ALIGN) {
		if (rd32(b + o) != MULTIBOOT_HEADER_MAGIC)
			continue;
		if ((uint32_t)(rd32(b + o) + rd32(b + o + 4) + rd32(b + o + 8)))
			continue;
		*off = (uint32_t)o;
		return 0;
	}
	return MB_E_NO_HEADER;
}

/* [paddr, paddr + memsz) lies in one of the guest's RAM ranges. */
static int in_ram(uint64_t paddr, uint64_t memsz, uint64_t ram)
{
	uint64_t end = paddr + memsz;

	if (ram > MULTIBOOT_4G)
		ram = MULTIBOOT_4G;
	if (end <= MULTIBOOT_LOW_END)
		return 1;
	return paddr >= MULTIBOOT_HIGH_START && end <= ram;
}

static int add_segment(struct multiboot_image *out, size_t len, uint64_t ram,
		       uint32_t offset, uint32_t paddr, uint32_t filesz,
		       uint32_t memsz)
{
	struct multiboot_segment *s;

	if (filesz > memsz || (uint64_t)offset + filesz > len)
		return MB_E_SEGMENT_FILE;
	if (memsz == 0)
		return MB_OK;
	if (!in_ram(paddr, memsz, ram))
		return MB_E_SEGMENT_RAM;
	if (out->nseg == MULTIBOOT_MAX_SEGMENTS)
		return MB_E_TOO_MANY;
	for (unsigned i = 0; i < out->nseg; i++)
		if ((uint64_t)paddr < (uint64_t)out->seg[i].paddr + out->seg[i].memsz &&
		    (uint64_t)out->seg[i].paddr < (uint64_t)paddr + memsz)
			return MB_E_OVERLAP;
	s = &out->seg[out->nseg++];
	s->offset = offset;
	s->paddr = paddr;
	s->filesz = filesz;
	s->memsz = memsz;
	return MB_OK;
}

/* ELF32 program headers (System V ABI, "Program Header"). The entry point
 * is a virtual address: it is moved to the segment that holds it, as GRUB
 * does for kernels whose p_paddr differs from p_vaddr. */
static int parse_elf(const uint8_t *b, size_t len, uint64_t ram,
		     struct multiboot_image *out)
{
	uint32_t phoff = rd32(b + 28), phentsize = rd16(b + 42);
	uint32_t phnum = rd16(b + 44), entry = rd32(b + 24);
	int err, found = 0;

	if (phentsize < ELF32_PHDR_SIZE || phnum == 0 ||
	    phoff > len || (uint64_t)phentsize * phnum > len - phoff)
		return MB_E_PHDRS;
	for (uint32_t i = 0; i < phnum; i++) {
		const uint8_t *ph = b + phoff + (size_t)i * phentsize;
		uint32_t vaddr = rd32(ph + 8), paddr = rd32(ph + 12);
		uint32_t memsz = rd32(ph + 20);

		if (rd32(ph) != PT_LOAD_32)
			continue;
		err = add_segment(out, len, ram, rd32(ph + 4), paddr,
				  rd32(ph + 16), memsz);
		if (err)
			return err;
		if (!found && memsz && entry >= vaddr &&
		    (uint64_t)entry < (uint64_t)vaddr + memsz) {
			out->entry = entry - vaddr + paddr;
			found = 1;
		}
	}
	if (!out->nseg)
		return MB_E_NO_SEGMENTS;
	if (!found)
		return MB_E_ENTRY;
	return MB_OK;
}

/* MB 3.1.3: header_addr, load_addr, load_end_addr, bss_end_addr,
 * entry_addr after the checksum. The header's file offset corresponds to
 * header_addr, which fixes where load_addr's bytes are in the file. */
static int parse_addresses(const uint8_t *b, size_t len, uint64_t ram,
			   struct multiboot_image *out)
{
	const uint8_t *h = b + out->header_offset;
	uint32_t header_addr, load_addr, load_end, bss_end, entry, offset;
	uint32_t filesz, memsz;
	int err;

	if ((uint64_t)out->header_offset + 32 > len)
		return MB_E_ADDRESSES;
	header_addr = rd32(h + 12);
	load_addr = rd32(h + 16);
	load_end = rd32(h + 20);
	bss_end = rd32(h + 24);
	entry = rd32(h + 28);
	if (header_addr < load_addr ||
	    header_addr - load_addr > out->header_offset)
		return MB_E_ADDRESSES;
	offset = out->header_offset - (header_addr - load_addr);
	if (load_end == 0)
		filesz = (uint32_t)(len - offset);
	else if (load_end < load_addr || load_end - load_addr > len - offset)
		return MB_E_ADDRESSES;
	else
		filesz = load_end - load_addr;
	if (bss_end == 0)
		memsz = filesz;
	else if (bss_end < load_addr || bss_end - load_addr < filesz)
		return MB_E_ADDRESSES;
	else
		memsz = bss_end - load_addr;
	err = add_segment(out, len, ram, offset, load_addr, filesz, memsz);
	if (err)
		return err;
	if (!out->nseg)
		return MB_E_NO_SEGMENTS;
	if (entry < load_addr || entry - load_addr >= memsz)
		return MB_E_ENTRY;
	out->entry = entry;
	return MB_OK;
}

static int is_elf32_i386(const uint8_t *b, size_t len)
{
	return len >= ELF32_EHDR_SIZE && b[0] == 0x7F && b[1] == 'E' &&
	       b[2] == 'L' && b[3] == 'F' && b[4] == ELFCLASS32 &&
	       b[5] == ELFDATA2LSB && rd16(b + 16) == ET_EXEC &&
	       rd16(b + 18) == EM_386;
}

int multiboot_parse(const void *img, size_t len, uint64_t ram_size,
		    struct multiboot_image *out)
{
	const uint8_t *b = img;
	int err;

	if (!img || !out)
		return MB_E_INVAL;
	memset(out, 0, sizeof(*out));
	if (len > 0xFFFFFFFFu)
		len = 0xFFFFFFFFu;	/* offsets are 32-bit */
	err = find_header(b, len, &out->header_offset);
	if (err)
		return err;
	out->flags = rd32(b + out->header_offset + 4);
	if (out->flags & MULTIBOOT_VIDEO_MODE)
		return MB_E_VIDEO;
	if (out->flags & MULTIBOOT_REQUIRED_MASK & ~MULTIBOOT_SUPPORTED_REQUIRED)
		return MB_E_REQUIRED;
	if (is_elf32_i386(b, len)) {
		out->elf = 1;
		err = parse_elf(b, len, ram_size, out);
	} else if (out->flags & MULTIBOOT_AOUT_KLUDGE) {
		err = parse_addresses(b, len, ram_size, out);
	} else {
		err = MB_E_NOT_ELF32;
	}
	if (err)
		return err;
	out->lowest = 0xFFFFFFFFu;
	for (unsigned i = 0; i < out->nseg; i++) {
		uint64_t end = (uint64_t)out->seg[i].paddr + out->seg[i].memsz;
		if (out->seg[i].paddr < out->lowest)
			out->lowest = out->seg[i].paddr;
		if (end > out->highest)
			out->highest = end;
	}
	return MB_OK;
}

int multiboot_plan(const struct multiboot_image *mb, uint64_t ram_size,
		   uint64_t module_size, size_t cmdline_len,
		   struct multiboot_plan *out)
{
	uint64_t top = ram_size < MULTIBOOT_4G ? ram_size : MULTIBOOT_4G;
	uint64_t need, mod_pages;

	if (!mb || !out)
		return MB_E_INVAL;
	memset(out, 0, sizeof(*out));
	if (cmdline_len >= MULTIBOOT_CMDLINE_MAX)
		return MB_E_CMDLINE_LONG;
	if (module_size > top)
		return MB_E_INFO_FIT;
	mod_pages = (module_size + MULTIBOOT_PAGE - 1) & ~(MULTIBOOT_PAGE - 1);
	need = MULTIBOOT_MODULE_OFF + mod_pages;
	top &= ~(MULTIBOOT_PAGE - 1);
	if (need > top || top - need < MULTIBOOT_HIGH_START)
		return MB_E_INFO_FIT;
	out->info = top - need;
	if (out->info < mb->highest)
		return MB_E_INFO_FIT;
	out->area_size = ram_size - out->info;
	if (module_size) {
		out->module = out->info + MULTIBOOT_MODULE_OFF;
		out->module_size = module_size;
	}
	out->mem_lower = (uint32_t)(MULTIBOOT_LOW_END >> 10);
	out->mem_upper = (uint32_t)((out->info - MULTIBOOT_HIGH_START) >> 10);
	return MB_OK;
}

static void mmap_entry(uint8_t *e, uint64_t base, uint64_t length,
		       uint32_t type)
{
	wr32(e, MULTIBOOT_MMAP_ENTRY - 4);	/* size excludes itself */
	wr64(e + 4, base);
	wr64(e + 12, length);
	wr32(e + 20, type);
}

static void put_string(uint8_t *dst, size_t cap, const char *s)
{
	size_t i = 0;

	for (; s[i] && i + 1 < cap; i++)
		dst[i] = (uint8_t)s[i];
	dst[i] = 0;
}

int multiboot_info_build(uint8_t *area, size_t area_len,
			 const struct multiboot_plan *plan, uint64_t ram_size,
			 const char *cmdline, const char *module_name)
{
	uint32_t base;
	uint32_t flags = MULTIBOOT_INFO_MEMORY | MULTIBOOT_INFO_CMDLINE |
			 MULTIBOOT_INFO_MEM_MAP | MULTIBOOT_INFO_BOOT_LOADER_NAME;
	uint8_t *m;

	if (!area || !plan || !cmdline || !module_name ||
	    area_len < MULTIBOOT_MODULE_OFF || plan->info == 0 ||
	    plan->info + MULTIBOOT_MODULE_OFF > ram_size ||
	    plan->info >= MULTIBOOT_4G)
		return MB_E_INVAL;
	base = (uint32_t)plan->info;
	memset(area, 0, MULTIBOOT_MODULE_OFF);

	m = area + MULTIBOOT_MMAP_OFF;
	mmap_entry(m, 0, MULTIBOOT_LOW_END, MULTIBOOT_MEMORY_AVAILABLE);
	mmap_entry(m + 24, MULTIBOOT_LOW_END,
		   MULTIBOOT_HIGH_START - MULTIBOOT_LOW_END,
		   MULTIBOOT_MEMORY_RESERVED);
	mmap_entry(m + 48, MULTIBOOT_HIGH_START,
		   plan->info - MULTIBOOT_HIGH_START, MULTIBOOT_MEMORY_AVAILABLE);
	mmap_entry(m + 72, plan->info, ram_size - plan->info,
		   MULTIBOOT_MEMORY_RESERVED);

	put_string(area + MULTIBOOT_NAME_OFF, 16, MULTIBOOT_LOADER_NAME);
	put_string(area + MULTIBOOT_CMDLINE_OFF, MULTIBOOT_CMDLINE_MAX, cmdline);

	if (plan->module) {
		uint8_t *mod = area + MULTIBOOT_MODS_OFF;
		put_string(area + MULTIBOOT_MODSTR_OFF, MULTIBOOT_MODSTR_MAX,
			   module_name);
		wr32(mod, (uint32_t)plan->module);
		wr32(mod + 4, (uint32_t)(plan->module + plan->module_size));
		wr32(mod + 8, base + MULTIBOOT_MODSTR_OFF);
		wr32(area + 20, 1);			/* mods_count */
		wr32(area + 24, base + MULTIBOOT_MODS_OFF);	/* mods_addr */
		flags |= MULTIBOOT_INFO_MODS;
	}
	wr32(area + 0, flags);
	wr32(area + 4, plan->mem_lower);
	wr32(area + 8, plan->mem_upper);
	wr32(area + 16, base + MULTIBOOT_CMDLINE_OFF);
	wr32(area + 44, MULTIBOOT_MMAP_ENTRIES * MULTIBOOT_MMAP_ENTRY);
	wr32(area + 48, base + MULTIBOOT_MMAP_OFF);
	wr32(area + 64, base + MULTIBOOT_NAME_OFF);
	return MB_OK;
}
