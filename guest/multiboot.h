/* Multiboot v1 kernels: finding the header, checking the ELF32 image,
 * planning where the pieces go in guest-physical memory and building the
 * multiboot information block. Pure logic, no hardware access.
 *
 * Spec: the Multiboot Specification version 0.6.96 ("MB" below), sections
 * 3.1 "OS image format", 3.2 "Machine state" and 3.3 "Boot information
 * format"; ELF: the System V ABI (ELF32 header, program headers, PT_LOAD).
 *
 * The image comes from a file: every offset and size in it is checked
 * before it is used. Accepted: an ELF32 i386 executable whose PT_LOAD
 * segments lie in guest RAM (outside the legacy hole 0x9F000-0xFFFFF), or
 * any image with the header's address fields (flags bit 16, MB 3.1.3);
 * requirement bits 0 (page-aligned modules) and 1 (memory information);
 * not bit 2 (a video mode), which this loader cannot give. */
#ifndef GUEST_MULTIBOOT_H
#define GUEST_MULTIBOOT_H

#include <stddef.h>
#include <stdint.h>

/* MB 3.1.1: the header lies in the first 8192 bytes, 32-bit aligned. */
#define MULTIBOOT_SEARCH		8192
#define MULTIBOOT_HEADER_ALIGN		4
#define MULTIBOOT_HEADER_MAGIC		0x1BADB002u
/* MB 3.2: EAX at entry. */
#define MULTIBOOT_BOOTLOADER_MAGIC	0x2BADB002u

/* MB 3.1.2 header flags. Bits 0-15 are requirements: a loader that does
 * not know one must refuse the image. */
#define MULTIBOOT_PAGE_ALIGN		(1u << 0)
#define MULTIBOOT_MEMORY_INFO		(1u << 1)
#define MULTIBOOT_VIDEO_MODE		(1u << 2)
#define MULTIBOOT_AOUT_KLUDGE		(1u << 16)
#define MULTIBOOT_REQUIRED_MASK		0x0000FFFFu
#define MULTIBOOT_SUPPORTED_REQUIRED	(MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO)

/* MB 3.3 multiboot information flags. */
#define MULTIBOOT_INFO_MEMORY		(1u << 0)
#define MULTIBOOT_INFO_CMDLINE		(1u << 2)
#define MULTIBOOT_INFO_MODS		(1u << 3)
#define MULTIBOOT_INFO_MEM_MAP		(1u << 6)
#define MULTIBOOT_INFO_BOOT_LOADER_NAME	(1u << 9)

/* MB 3.3 memory map entry types. */
#define MULTIBOOT_MEMORY_AVAILABLE	1
#define MULTIBOOT_MEMORY_RESERVED	2

/* ELF32 (System V ABI). */
#define ELF32_EHDR_SIZE		52
#define ELF32_PHDR_SIZE		32
#define ELFCLASS32		1
#define ELFDATA2LSB		1
#define ET_EXEC			2
#define EM_386			3
#define PT_LOAD_32		1

/* The guest's memory as e820_build reserves it (guest/boot_params.h):
 * RAM [0, 0x9F000) and [0x100000, ram). */
#define MULTIBOOT_LOW_END	0x9F000ull
#define MULTIBOOT_HIGH_START	0x100000ull
#define MULTIBOOT_PAGE		0x1000ull
#define MULTIBOOT_4G		0x100000000ull

#define MULTIBOOT_MAX_SEGMENTS	16

/* One piece to copy: filesz bytes from file offset to paddr, then zeros up
 * to memsz (bss). */
struct multiboot_segment {
	uint32_t offset;
	uint32_t paddr;
	uint32_t filesz;
	uint32_t memsz;
};

/* What multiboot_parse learned; every value has been range-checked
 * against the file and against guest RAM. */
struct multiboot_image {
	uint32_t header_offset;		/* file offset of the header */
	uint32_t flags;			/* the header's flags */
	uint32_t entry;			/* guest-physical entry point */
	/* [lowest, highest): all segments. 64-bit: a segment may end at
	 * 4 GiB exactly. */
	uint64_t lowest, highest;
	unsigned nseg;
	struct multiboot_segment seg[MULTIBOOT_MAX_SEGMENTS];
	int elf;			/* 1: ELF program headers; 0: the
					   header's address fields */
};

enum {
	MB_OK = 0,
	MB_E_INVAL = -1,		/* NULL argument */
	MB_E_NO_HEADER = -2,		/* no magic with a valid checksum in
					   the first 8 KiB */
	MB_E_VIDEO = -3,		/* flags bit 2: needs a video mode */
	MB_E_REQUIRED = -4,		/* an unknown requirement bit 3-15 */
	MB_E_NOT_ELF32 = -5,		/* not ELF32 little-endian i386
					   executable, and no bit 16 */
	MB_E_PHDRS = -6,		/* program headers outside the file
					   or of a bad size */
	MB_E_SEGMENT_FILE = -7,		/* a segment's bytes outside the file,
					   or filesz > memsz */
	MB_E_SEGMENT_RAM = -8,		/* a segment outside guest RAM or in
					   the legacy hole */
	MB_E_NO_SEGMENTS = -9,		/* nothing to load */
	MB_E_TOO_MANY = -10,		/* more than MULTIBOOT_MAX_SEGMENTS */
	MB_E_ENTRY = -11,		/* entry point outside the segments */
	MB_E_OVERLAP = -12,		/* two segments overlap */
	MB_E_ADDRESSES = -13,		/* bit 16 address fields inconsistent */
	/* multiboot_plan */
	MB_E_INFO_FIT = -14,		/* no room above the kernel for the
					   information block and module */
	MB_E_CMDLINE_LONG = -15,	/* command line too long */
};

/* Finds the header in len bytes of img and checks the image for a guest
 * with ram_size bytes of RAM. Returns 0 or an MB_E_* code. */
int multiboot_parse(const void *img, size_t len, uint64_t ram_size,
		    struct multiboot_image *out);

/* A short static string for an MB_E_* code. */
const char *multiboot_strerror(int err);

/* The information block sits at the top of guest RAM, above the kernel,
 * and the memory map marks it reserved, so a kernel that allocates from
 * what the map calls available leaves it alone (kvm-unit-tests allocate
 * from their end up to mem_upper):
 *
 *	info        struct multiboot_info (116 bytes)
 *	info+0x080  the module's entry (16 bytes)
 *	info+0x100  memory map, MULTIBOOT_MMAP_ENTRIES entries
 *	info+0x200  boot loader name
 *	info+0x280  the module's string (its path)
 *	info+0x400  command line, up to MULTIBOOT_CMDLINE_MAX bytes with NUL
 *	info+0x2000 the module, page aligned (if any)
 */
#define MULTIBOOT_INFO_SIZE	116
#define MULTIBOOT_MODS_OFF	0x080
#define MULTIBOOT_MMAP_OFF	0x100
#define MULTIBOOT_NAME_OFF	0x200
#define MULTIBOOT_MODSTR_OFF	0x280
#define MULTIBOOT_MODSTR_MAX	0x180
#define MULTIBOOT_CMDLINE_OFF	0x400
#define MULTIBOOT_CMDLINE_MAX	0x1C00
#define MULTIBOOT_MODULE_OFF	0x2000
#define MULTIBOOT_MMAP_ENTRIES	4
#define MULTIBOOT_MMAP_ENTRY	24	/* size field included */
#define MULTIBOOT_LOADER_NAME	"hv"

struct multiboot_plan {
	uint64_t info;		/* guest-physical: the information block */
	uint64_t area_size;	/* bytes from info to the end of RAM */
	uint64_t module;	/* 0 when there is none */
	uint64_t module_size;
	uint32_t mem_lower;	/* KiB from 0 (MB 3.3) */
	uint32_t mem_upper;	/* KiB from 1 MiB up to the block */
};

/* Plans the block for a module of module_size bytes (0: none) and a
 * command line of cmdline_len characters (NUL not counted). Returns 0 or
 * MB_E_INFO_FIT, MB_E_CMDLINE_LONG, MB_E_INVAL. */
int multiboot_plan(const struct multiboot_image *mb, uint64_t ram_size,
		   uint64_t module_size, size_t cmdline_len,
		   struct multiboot_plan *out);

/* Writes the information block, memory map, names and command line into
 * area (the host's view of [plan->info, plan->info + MULTIBOOT_MODULE_OFF))
 * for RAM of ram_size bytes; the caller copies the module. cmdline and
 * module_name are NUL-terminated; module_name is cut to fit. Returns 0 or
 * MB_E_INVAL. */
int multiboot_info_build(uint8_t *area, size_t area_len,
			 const struct multiboot_plan *plan, uint64_t ram_size,
			 const char *cmdline, const char *module_name);

#endif
