/* Tests for guest/multiboot.c: multiboot v1 header search, ELF32 and
 * address-field images, placement of the information block, and the
 * block's bytes.
 *
 * The ELF images are synthetic, laid out as kvm-unit-tests' x86 tests
 * are: a text segment at 0x4000b0, a data segment at 0x409000 with a
 * large bss, the multiboot header (flags 0) in the text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "guest/multiboot.h"

#define MiB(x)		((uint64_t)(x) << 20)
#define IMG_LEN		0x3000
#define HDR_OFF		0xB0		/* the header, at the text's start */

static uint8_t img[IMG_LEN];

static void wr16(uint8_t *b, size_t off, uint16_t v)
{
	b[off] = (uint8_t)v;
	b[off + 1] = (uint8_t)(v >> 8);
}

static void wr32(uint8_t *b, size_t off, uint32_t v)
{
	wr16(b, off, (uint16_t)v);
	wr16(b, off + 2, (uint16_t)(v >> 16));
}

static uint32_t rd32(const uint8_t *b, size_t off)
{
	return (uint32_t)b[off] | (uint32_t)b[off + 1] << 8 |
	       (uint32_t)b[off + 2] << 16 | (uint32_t)b[off + 3] << 24;
}

static uint64_t rd64(const uint8_t *b, size_t off)
{
	return rd32(b, off) | (uint64_t)rd32(b, off + 4) << 32;
}

static void header(uint8_t *b, size_t off, uint32_t flags)
{
	wr32(b, off, MULTIBOOT_HEADER_MAGIC);
	wr32(b, off + 4, flags);
	wr32(b, off + 8, 0u - (MULTIBOOT_HEADER_MAGIC + flags));
}

static void phdr(uint8_t *b, unsigned i, uint32_t type, uint32_t offset,
		 uint32_t vaddr, uint32_t filesz, uint32_t memsz)
{
	size_t p = rd32(b, 28) + (size_t)i * 32;
	wr32(b, p, type);
	wr32(b, p + 4, offset);
	wr32(b, p + 8, vaddr);
	wr32(b, p + 12, vaddr);
	wr32(b, p + 16, filesz);
	wr32(b, p + 20, memsz);
}

/* An ELF32 i386 executable: text 0x1000 bytes from file 0xB0 at 0x4000b0,
 * data 0x1000 bytes from file 0x2000 at 0x409000 with 12 MiB of bss. */
static void make_elf(void)
{
	memset(img, 0, sizeof(img));
	img[0] = 0x7F;
	memcpy(img + 1, "ELF", 3);
	img[4] = ELFCLASS32;
	img[5] = ELFDATA2LSB;
	img[6] = 1;
	wr16(img, 16, ET_EXEC);
	wr16(img, 18, EM_386);
	wr32(img, 24, 0x4000bc);	/* entry */
	wr32(img, 28, 52);		/* phoff */
	wr16(img, 42, 32);		/* phentsize */
	wr16(img, 44, 3);		/* phnum */
	phdr(img, 0, PT_LOAD_32, HDR_OFF, 0x4000b0, 0x1000, 0x1000);
	phdr(img, 1, PT_LOAD_32, 0x2000, 0x409000, 0x1000, 0xc35030);
	phdr(img, 2, 0x6474e551, 0, 0, 0, 0);	/* PT_GNU_STACK: ignored */
	header(img, HDR_OFF, 0);
}

static int parse(uint64_t ram, struct multiboot_image *mb)
{
	return multiboot_parse(img, sizeof(img), ram, mb);
}

static void test_kvm_unit_tests_layout(void **state)
{
	struct multiboot_image mb;
	(void)state;
	make_elf();
	assert_int_equal(parse(MiB(64), &mb), MB_OK);
	assert_int_equal(mb.header_offset, HDR_OFF);
	assert_int_equal(mb.flags, 0);
	assert_int_equal(mb.entry, 0x4000bc);
	assert_int_equal(mb.nseg, 2);
	assert_int_equal(mb.elf, 1);
	assert_int_equal(mb.seg[0].offset, HDR_OFF);
	assert_int_equal(mb.seg[0].paddr, 0x4000b0);
	assert_int_equal(mb.seg[1].filesz, 0x1000);
	assert_int_equal(mb.seg[1].memsz, 0xc35030);
	assert_int_equal(mb.lowest, 0x4000b0);
	assert_int_equal(mb.highest, 0x409000 + 0xc35030);
}

static void test_entry_moves_with_paddr(void **state)
{
	struct multiboot_image mb;
	(void)state;
	make_elf();
	wr32(img, 52 + 12, 0x200000);	/* text's p_paddr below its vaddr */
	assert_int_equal(parse(MiB(64), &mb), MB_OK);
	assert_int_equal(mb.entry, 0x20000c);
}

static void test_header_search(void **state)
{
	struct multiboot_image mb;
	(void)state;
	make_elf();
	memset(img + HDR_OFF, 0, 12);
	assert_int_equal(parse(MiB(64), &mb), MB_E_NO_HEADER);
	header(img, HDR_OFF + 2, 0);		/* not 32-bit aligned */
	assert_int_equal(parse(MiB(64), &mb), MB_E_NO_HEADER);
	memset(img + HDR_OFF, 0, 16);
	header(img, HDR_OFF, 0);
	wr32(img, HDR_OFF + 8, 0);		/* bad checksum */
	assert_int_equal(parse(MiB(64), &mb), MB_E_NO_HEADER);
	/* The last place it may be: 8192 - 12. */
	{
		static uint8_t big[0x2100];
		memset(big, 0, sizeof(big));
		header(big, 8192 - 12, MULTIBOOT_AOUT_KLUDGE);
		assert_int_not_equal(multiboot_parse(big, sizeof(big), MiB(64), &mb),
				     MB_E_NO_HEADER);
		memset(big, 0, sizeof(big));
		header(big, 8192 - 8, MULTIBOOT_AOUT_KLUDGE);
		assert_int_equal(multiboot_parse(big, sizeof(big), MiB(64), &mb),
				 MB_E_NO_HEADER);
	}
	/* Shorter than a header. */
	assert_int_equal(multiboot_parse(img, 8, MiB(64), &mb), MB_E_NO_HEADER);
	assert_int_equal(multiboot_parse(NULL, 8, MiB(64), &mb), MB_E_INVAL);
}

static void test_required_flags(void **state)
{
	struct multiboot_image mb;
	(void)state;
	make_elf();
	header(img, HDR_OFF, MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO);
	assert_int_equal(parse(MiB(64), &mb), MB_OK);
	header(img, HDR_OFF, MULTIBOOT_VIDEO_MODE);
	assert_int_equal(parse(MiB(64), &mb), MB_E_VIDEO);
	header(img, HDR_OFF, 1u << 3);
	assert_int_equal(parse(MiB(64), &mb), MB_E_REQUIRED);
	header(img, HDR_OFF, 1u << 15);
	assert_int_equal(parse(MiB(64), &mb), MB_E_REQUIRED);
	header(img, HDR_OFF, 1u << 17);		/* optional: ignored */
	assert_int_equal(parse(MiB(64), &mb), MB_OK);
}

static void test_not_elf(void **state)
{
	struct multiboot_image mb;
	(void)state;
	make_elf();
	img[4] = 2;				/* ELFCLASS64 */
	assert_int_equal(parse(MiB(64), &mb), MB_E_NOT_ELF32);
	make_elf();
	wr16(img, 18, 62);			/* EM_X86_64 */
	assert_int_equal(parse(MiB(64), &mb), MB_E_NOT_ELF32);
	make_elf();
	wr16(img, 16, 3);			/* ET_DYN */
	assert_int_equal(parse(MiB(64), &mb), MB_E_NOT_ELF32);
}

static void test_bad_program_headers(void **state)
{
	struct multiboot_image mb;
	(void)state;
	make_elf();
	wr32(img, 28, IMG_LEN - 40);		/* phdrs run off the end */
	assert_int_equal(parse(MiB(64), &mb), MB_E_PHDRS);
	make_elf();
	wr32(img, 28, 0xFFFFFFF0u);
	assert_int_equal(parse(MiB(64), &mb), MB_E_PHDRS);
	make_elf();
	wr16(img, 42, 16);			/* phentsize too small */
	assert_int_equal(parse(MiB(64), &mb), MB_E_PHDRS);
	make_elf();
	wr16(img, 44, 0);
	assert_int_equal(parse(MiB(64), &mb), MB_E_PHDRS);
	make_elf();
	wr16(img, 44, 0xFFFF);
	assert_int_equal(parse(MiB(64), &mb), MB_E_PHDRS);
}

static void test_bad_segments(void **state)
{
	struct multiboot_image mb;
	(void)state;
	make_elf();
	phdr(img, 1, PT_LOAD_32, 0x2000, 0x409000, 0x1001, 0xc35030);
	assert_int_equal(parse(MiB(64), &mb), MB_E_SEGMENT_FILE);
	make_elf();
	phdr(img, 1, PT_LOAD_32, 0xFFFFF000u, 0x409000, 0x2000, 0x2000);
	assert_int_equal(parse(MiB(64), &mb), MB_E_SEGMENT_FILE);
	make_elf();
	phdr(img, 1, PT_LOAD_32, 0x2000, 0x409000, 0x1000, 0x800);
	assert_int_equal(parse(MiB(64), &mb), MB_E_SEGMENT_FILE);
	make_elf();					/* bss past RAM */
	assert_int_equal(parse(MiB(16), &mb), MB_E_SEGMENT_RAM);
	make_elf();
	phdr(img, 1, PT_LOAD_32, 0x2000, 0xFFFFF000u, 0x1000, 0x2000);
	assert_int_equal(parse(MiB(64), &mb), MB_E_SEGMENT_RAM);
	make_elf();					/* in the hole */
	phdr(img, 1, PT_LOAD_32, 0x2000, 0x9E000, 0x1000, 0x2000);
	assert_int_equal(parse(MiB(64), &mb), MB_E_SEGMENT_RAM);
	make_elf();
	phdr(img, 1, PT_LOAD_32, 0x2000, 0xE0000, 0x1000, 0x1000);
	assert_int_equal(parse(MiB(64), &mb), MB_E_SEGMENT_RAM);
	make_elf();					/* overlap */
	phdr(img, 1, PT_LOAD_32, 0x2000, 0x400fff, 0x1000, 0x1000);
	assert_int_equal(parse(MiB(64), &mb), MB_E_OVERLAP);
	make_elf();					/* nothing to load */
	phdr(img, 0, PT_LOAD_32, HDR_OFF, 0x4000b0, 0, 0);
	phdr(img, 1, 4, 0x2000, 0x409000, 0x1000, 0x1000);
	assert_int_equal(parse(MiB(64), &mb), MB_E_NO_SEGMENTS);
	make_elf();
	wr32(img, 24, 0x300000);			/* entry outside */
	assert_int_equal(parse(MiB(64), &mb), MB_E_ENTRY);
}

static void test_low_memory_kernel(void **state)
{
	struct multiboot_image mb;
	(void)state;
	/* realmode.flat: linked at 0x8000, below 640 KiB. */
	make_elf();
	wr32(img, 24, 0x8018);
	phdr(img, 0, PT_LOAD_32, 0x1000, 0x8000, 0x1000, 0x1000);
	phdr(img, 1, PT_LOAD_32, 0x2000, 0xb000, 0x1000, 0x2a30);
	assert_int_equal(parse(MiB(64), &mb), MB_OK);
	assert_int_equal(mb.entry, 0x8018);
	assert_int_equal(mb.highest, 0xb000 + 0x2a30);
}

static void test_too_many_segments(void **state)
{
	struct multiboot_image mb;
	(void)state;
	make_elf();
	wr32(img, 28, 0x1000);		/* room for 17 headers */
	wr16(img, 44, 17);
	for (unsigned i = 0; i < 17; i++)
		phdr(img, i, PT_LOAD_32, HDR_OFF, 0x4000b0 + i * 0x1000, 0x10, 0x10);
	assert_int_equal(parse(MiB(64), &mb), MB_E_TOO_MANY);
}

/* A flat binary with the address fields (flags bit 16, MB 3.1.3). */
static void make_flat(uint32_t load_end, uint32_t bss_end, uint32_t entry)
{
	memset(img, 0, sizeof(img));
	header(img, 0x40, MULTIBOOT_AOUT_KLUDGE | MULTIBOOT_PAGE_ALIGN);
	wr32(img, 0x4C, 0x100040);	/* header_addr */
	wr32(img, 0x50, 0x100000);	/* load_addr */
	wr32(img, 0x54, load_end);
	wr32(img, 0x58, bss_end);
	wr32(img, 0x5C, entry);
}

static void test_address_fields(void **state)
{
	struct multiboot_image mb;
	(void)state;
	make_flat(0x102000, 0x110000, 0x100060);
	assert_int_equal(parse(MiB(64), &mb), MB_OK);
	assert_int_equal(mb.elf, 0);
	assert_int_equal(mb.nseg, 1);
	assert_int_equal(mb.seg[0].offset, 0);
	assert_int_equal(mb.seg[0].paddr, 0x100000);
	assert_int_equal(mb.seg[0].filesz, 0x2000);
	assert_int_equal(mb.seg[0].memsz, 0x10000);
	assert_int_equal(mb.entry, 0x100060);
	make_flat(0, 0, 0x100060);	/* to the end of the file, no bss */
	assert_int_equal(parse(MiB(64), &mb), MB_OK);
	assert_int_equal(mb.seg[0].filesz, IMG_LEN);
	assert_int_equal(mb.seg[0].memsz, IMG_LEN);
	make_flat(0x104000, 0, 0x100060);	/* past the file */
	assert_int_equal(parse(MiB(64), &mb), MB_E_ADDRESSES);
	make_flat(0x102000, 0x101000, 0x100060);	/* bss below load_end */
	assert_int_equal(parse(MiB(64), &mb), MB_E_ADDRESSES);
	make_flat(0x102000, 0, 0x200000);
	assert_int_equal(parse(MiB(64), &mb), MB_E_ENTRY);
	make_flat(0x102000, 0, 0x100060);
	wr32(img, 0x4C, 0x200040);	/* header_addr: before the file */
	assert_int_equal(parse(MiB(64), &mb), MB_E_ADDRESSES);
	make_flat(0x102000, 0, 0x100060);
	wr32(img, 0x50, 0x100080);	/* load_addr above header_addr */
	assert_int_equal(parse(MiB(64), &mb), MB_E_ADDRESSES);
}

static void test_plan(void **state)
{
	struct multiboot_image mb;
	struct multiboot_plan p;
	(void)state;
	make_elf();
	assert_int_equal(parse(MiB(64), &mb), MB_OK);
	assert_int_equal(multiboot_plan(&mb, MiB(64), 45, 30, &p), MB_OK);
	assert_int_equal(p.info, MiB(64) - 0x3000);
	assert_int_equal(p.area_size, 0x3000);
	assert_int_equal(p.module, MiB(64) - 0x1000);
	assert_int_equal(p.module_size, 45);
	assert_int_equal(p.mem_lower, 636);
	assert_int_equal(p.mem_upper, (MiB(63) - 0x3000) >> 10);
	assert_int_equal(multiboot_plan(&mb, MiB(64), 0, 0, &p), MB_OK);
	assert_int_equal(p.info, MiB(64) - 0x2000);
	assert_int_equal(p.module, 0);
	/* The kernel's bss ends at 0x103e030: a 17 MiB guest is too small
	 * for a 1 MiB module above it. */
	assert_int_equal(parse(MiB(17), &mb), MB_OK);
	assert_int_equal(multiboot_plan(&mb, MiB(17), MiB(1), 0, &p),
			 MB_E_INFO_FIT);
	assert_int_equal(multiboot_plan(&mb, MiB(17), 100, 0, &p), MB_OK);
	assert_int_equal(multiboot_plan(&mb, MiB(64), 0,
					MULTIBOOT_CMDLINE_MAX, &p),
			 MB_E_CMDLINE_LONG);
	assert_int_equal(multiboot_plan(&mb, MiB(64), MiB(4096), 0, &p),
			 MB_E_INFO_FIT);
}

static void test_info_block(void **state)
{
	struct multiboot_image mb;
	struct multiboot_plan p;
	static uint8_t area[MULTIBOOT_MODULE_OFF];
	uint32_t base;
	(void)state;
	make_elf();
	assert_int_equal(parse(MiB(64), &mb), MB_OK);
	assert_int_equal(multiboot_plan(&mb, MiB(64), 45, 20, &p), MB_OK);
	base = (uint32_t)p.info;
	memset(area, 0xAA, sizeof(area));
	assert_int_equal(multiboot_info_build(area, sizeof(area), &p, MiB(64),
					      "\\kut\\apic.flat -x", "\\kut\\env"),
			 MB_OK);
	assert_int_equal(rd32(area, 0), MULTIBOOT_INFO_MEMORY |
			 MULTIBOOT_INFO_CMDLINE | MULTIBOOT_INFO_MODS |
			 MULTIBOOT_INFO_MEM_MAP | MULTIBOOT_INFO_BOOT_LOADER_NAME);
	assert_int_equal(rd32(area, 4), 636);
	assert_int_equal(rd32(area, 8), p.mem_upper);
	assert_int_equal(rd32(area, 16), base + MULTIBOOT_CMDLINE_OFF);
	assert_string_equal((char *)area + MULTIBOOT_CMDLINE_OFF,
			    "\\kut\\apic.flat -x");
	assert_int_equal(rd32(area, 20), 1);
	assert_int_equal(rd32(area, 24), base + MULTIBOOT_MODS_OFF);
	assert_int_equal(rd32(area, MULTIBOOT_MODS_OFF), p.module);
	assert_int_equal(rd32(area, MULTIBOOT_MODS_OFF + 4), p.module + 45);
	assert_string_equal((char *)area + MULTIBOOT_MODSTR_OFF, "\\kut\\env");
	assert_int_equal(rd32(area, 44), 96);
	assert_int_equal(rd32(area, 48), base + MULTIBOOT_MMAP_OFF);
	assert_string_equal((char *)area + rd32(area, 64) - base, "hv");
	/* The map: low RAM, the hole, high RAM up to the block, the block. */
	{
		const uint8_t *m = area + MULTIBOOT_MMAP_OFF;
		static const uint64_t want[4][3] = {
			{ 0, 0x9F000, 1 },
			{ 0x9F000, 0x61000, 2 },
			{ 0x100000, MiB(64) - 0x3000 - 0x100000, 1 },
			{ MiB(64) - 0x3000, 0x3000, 2 },
		};
		for (int i = 0; i < 4; i++, m += 24) {
			assert_int_equal(rd32(m, 0), 20);
			assert_int_equal(rd64(m, 4), want[i][0]);
			assert_int_equal(rd64(m, 12), want[i][1]);
			assert_int_equal(rd32(m, 20), want[i][2]);
		}
	}
	/* No module: no MODS flag, count 0. */
	assert_int_equal(multiboot_plan(&mb, MiB(64), 0, 0, &p), MB_OK);
	assert_int_equal(multiboot_info_build(area, sizeof(area), &p, MiB(64),
					      "", ""), MB_OK);
	assert_int_equal(rd32(area, 0) & MULTIBOOT_INFO_MODS, 0);
	assert_int_equal(rd32(area, 20), 0);
	assert_int_equal(multiboot_info_build(area, 100, &p, MiB(64), "", ""),
			 MB_E_INVAL);
}

static void test_strerror(void **state)
{
	(void)state;
	for (int e = MB_E_CMDLINE_LONG; e <= MB_OK; e++)
		assert_string_not_equal(multiboot_strerror(e), "unknown error");
	assert_string_equal(multiboot_strerror(-100), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kvm_unit_tests_layout),
		cmocka_unit_test(test_entry_moves_with_paddr),
		cmocka_unit_test(test_header_search),
		cmocka_unit_test(test_required_flags),
		cmocka_unit_test(test_not_elf),
		cmocka_unit_test(test_bad_program_headers),
		cmocka_unit_test(test_bad_segments),
		cmocka_unit_test(test_low_memory_kernel),
		cmocka_unit_test(test_too_many_segments),
		cmocka_unit_test(test_address_fields),
		cmocka_unit_test(test_plan),
		cmocka_unit_test(test_info_block),
		cmocka_unit_test(test_strerror),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
