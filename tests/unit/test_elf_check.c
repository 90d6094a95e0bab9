/*
 * Unit tests for the kernel ELF64 validation (boot/elf_check.c).
 *
 * Images are built byte by byte in memory (little-endian writers below,
 * offsets from the ELF-64 Object File Format 1.5), then copied into a heap
 * buffer of exactly the file's length, so AddressSanitizer catches any read
 * past the end of the "file".
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "boot/elf_check.h"

#define EHDR_SIZE	64
#define PHDR_SIZE	56

#define PT_NULL		0
#define PT_NOTE		4
#define PT_GNU_STACK	0x6474e551u
#define PF_W		2
#define PF_R		4

#define MIN_ADDR	0x100000ULL
#define MAX_ADDR	0x40000000ULL

struct seg {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

/* A test image: the bytes and their length. */
struct img {
	unsigned char b[0x4000];
	size_t len;
};

static void w16(unsigned char *p, uint64_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void w32(unsigned char *p, uint64_t v)
{
	w16(p, v);
	w16(p + 2, v >> 16);
}

static void w64(unsigned char *p, uint64_t v)
{
	w32(p, v);
	w32(p + 4, v >> 32);
}

/* Writes an ELF64 x86-64 executable header with the program header table
 * right after it, n program headers, then payload bytes (a counting
 * pattern) so the file is payload bytes longer than the tables. */
static void build(struct img *im, uint64_t entry, const struct seg *s,
		  unsigned n, size_t payload)
{
	unsigned char *f = im->b;

	memset(im->b, 0, sizeof(im->b));
	f[0] = 0x7f;
	f[1] = 'E';
	f[2] = 'L';
	f[3] = 'F';
	f[4] = 2;		/* ELFCLASS64 */
	f[5] = 1;		/* ELFDATA2LSB */
	f[6] = 1;		/* EV_CURRENT */
	w16(f + 16, 2);		/* e_type: ET_EXEC */
	w16(f + 18, 62);	/* e_machine: EM_X86_64 */
	w32(f + 20, 1);		/* e_version */
	w64(f + 24, entry);
	w64(f + 32, EHDR_SIZE);	/* e_phoff */
	w64(f + 40, 0);		/* e_shoff */
	w32(f + 48, 0);		/* e_flags */
	w16(f + 52, EHDR_SIZE);	/* e_ehsize */
	w16(f + 54, PHDR_SIZE);	/* e_phentsize */
	w16(f + 56, n);		/* e_phnum */
	for (unsigned i = 0; i < n; i++) {
		unsigned char *p = f + EHDR_SIZE + i * PHDR_SIZE;
		w32(p + 0, s[i].type);
		w32(p + 4, s[i].flags);
		w64(p + 8, s[i].offset);
		w64(p + 16, s[i].vaddr);
		w64(p + 24, s[i].paddr);
		w64(p + 32, s[i].filesz);
		w64(p + 40, s[i].memsz);
		w64(p + 48, s[i].align);
	}
	im->len = EHDR_SIZE + (size_t)n * PHDR_SIZE + payload;
	assert_true(im->len <= sizeof(im->b));
	for (size_t i = EHDR_SIZE + (size_t)n * PHDR_SIZE; i < im->len; i++)
		im->b[i] = (unsigned char)i;
}

/* Runs elf_check on an exactly-sized heap copy of the first len bytes. */
static int check_len(const struct img *im, size_t len, uint64_t min,
		     uint64_t max, struct elf_image_info *info)
{
	unsigned char *copy = malloc(len ? len : 1);
	int rc;

	assert_non_null(copy);
	memcpy(copy, im->b, len);
	rc = elf_check(copy, len, min, max, info);
	free(copy);
	return rc;
}

static int check(const struct img *im)
{
	struct elf_image_info info;
	return check_len(im, im->len, MIN_ADDR, MAX_ADDR, &info);
}

/*
 * The reference image: 64-byte header, 4 program headers (0x40..0x120),
 * payload up to 0x1900. Text at 0x200000 (R X, 0x800 bytes in the file at
 * 0x1000, 0x1000 in memory), data+bss at 0x201000 (R W, 0x100 bytes at
 * 0x1800, 0x3000 in memory). The data header comes first in the table, and
 * a PT_NOTE and a PT_GNU_STACK with nonsense values sit in between: only
 * PT_LOAD headers are checked.
 */
#define TEXT	1	/* index of the text segment in ref_segs */
#define DATA	0
static const struct seg ref_segs[] = {
	{ PT_LOAD, PF_R | PF_W, 0x1800, 0x201000, 0x201000, 0x100, 0x3000,
	  0x1000 },
	{ PT_LOAD, PF_R | PF_X, 0x1000, 0x200000, 0x200000, 0x800, 0x1000,
	  0x1000 },
	{ PT_NOTE, PF_R, 0xFFFFFFFFFFFFFF00ULL, 1, 2, 0xFFFFFFFF, 0, 0 },
	{ PT_GNU_STACK, PF_R | PF_W | PF_X, 0, 0, 0, 0, 0, 16 },
};
#define REF_N		4
#define REF_ENTRY	0x200010ULL
#define REF_PAYLOAD	(0x1900 - EHDR_SIZE - REF_N * PHDR_SIZE)

static void build_ref(struct img *im, struct seg *s)
{
	memcpy(s, ref_segs, sizeof(ref_segs));
	build(im, REF_ENTRY, s, REF_N, REF_PAYLOAD);
	assert_int_equal(im->len, 0x1900);
}

/* Rebuilds the image from a modified segment table and checks it. */
static int check_segs(const struct seg *s, unsigned n, uint64_t entry)
{
	struct img im;
	build(&im, entry, s, n, REF_PAYLOAD);
	return check(&im);
}

static void test_valid_image(void **state)
{
	struct img im;
	struct seg s[REF_N];
	struct elf_image_info info;

	build_ref(&im, s);
	memset(&info, 0xCC, sizeof(info));
	assert_int_equal(check_len(&im, im.len, MIN_ADDR, MAX_ADDR, &info),
			 ELF_OK);
	assert_int_equal(info.entry, 0x200010);
	assert_int_equal(info.lowest, 0x200000);
	assert_int_equal(info.highest, 0x204000);
	assert_int_equal(info.nload, 2);

	/* elf_phdr() points at the table in the file. */
	const struct elf64_phdr *ph = elf_phdr(im.b, TEXT);
	assert_ptr_equal(ph, (const void *)(im.b + EHDR_SIZE + PHDR_SIZE));
	assert_int_equal(ph->p_type, PT_LOAD);
	assert_int_equal(ph->p_paddr, 0x200000);
	assert_int_equal(ph->p_filesz, 0x800);
	ph = elf_phdr(im.b, DATA);
	assert_int_equal(ph->p_memsz, 0x3000);
	assert_int_equal(ph->p_offset, 0x1800);
}

static void test_exact_bounds_accepted(void **state)
{
	struct img im;
	struct seg s[REF_N];
	struct elf_image_info info;

	/* Segments exactly filling [min, max), the data's file bytes ending
	 * at the last byte of the file, the entry at the first text byte. */
	build_ref(&im, s);
	s[TEXT].paddr = s[TEXT].vaddr = 0x200000;
	s[DATA].offset = 0x1900 - 0x100;
	s[DATA].paddr = s[DATA].vaddr = 0x201000;
	s[DATA].memsz = 0x300000 - 0x201000;
	build(&im, 0x200000, s, REF_N, REF_PAYLOAD);
	assert_int_equal(check_len(&im, im.len, 0x200000, 0x300000, &info),
			 ELF_OK);
	assert_int_equal(info.lowest, 0x200000);
	assert_int_equal(info.highest, 0x300000);
	assert_int_equal(info.entry, 0x200000);

	/* The last byte of the text segment is a valid entry. */
	build(&im, 0x200FFF, s, REF_N, REF_PAYLOAD);
	assert_int_equal(check(&im), ELF_OK);

	/* Adjacent segments do not overlap, in either table order. */
	build_ref(&im, s);
	assert_int_equal(s[TEXT].paddr + s[TEXT].memsz, s[DATA].paddr);
	assert_int_equal(check_segs(s, REF_N, REF_ENTRY), ELF_OK);
	struct seg t = s[TEXT];
	s[TEXT] = s[DATA];
	s[DATA] = t;
	assert_int_equal(check_segs(s, REF_N, REF_ENTRY), ELF_OK);
	/* ...while one byte more, in that order, does. */
	s[DATA].memsz = 0x1001;
	assert_int_equal(check_segs(s, REF_N, REF_ENTRY), ELF_E_OVERLAP);
}

static void test_short_file(void **state)
{
	struct img im;
	struct seg s[REF_N];
	struct elf_image_info info;

	build_ref(&im, s);
	assert_int_equal(check_len(&im, 63, MIN_ADDR, MAX_ADDR, &info),
			 ELF_E_SHORT);
	assert_int_equal(check_len(&im, 0, MIN_ADDR, MAX_ADDR, &info),
			 ELF_E_SHORT);
	assert_int_equal(check_len(&im, 4, MIN_ADDR, MAX_ADDR, &info),
			 ELF_E_SHORT);
	/* 64 bytes is a header, but the program headers are then missing. */
	assert_int_equal(check_len(&im, 64, MIN_ADDR, MAX_ADDR, &info),
			 ELF_E_PHDRS);
}

static void test_bad_magic(void **state)
{
	struct img im;
	struct seg s[REF_N];

	for (int i = 0; i < 4; i++) {
		build_ref(&im, s);
		im.b[i] ^= 0x20;
		assert_int_equal(check(&im), ELF_E_MAGIC);
	}
}

static void test_bad_class(void **state)
{
	struct img im;
	struct seg s[REF_N];

	build_ref(&im, s);
	im.b[4] = 1;			/* ELFCLASS32 */
	assert_int_equal(check(&im), ELF_E_CLASS);
	build_ref(&im, s);
	im.b[5] = 2;			/* ELFDATA2MSB: big-endian */
	assert_int_equal(check(&im), ELF_E_CLASS);
	build_ref(&im, s);
	im.b[6] = 0;			/* EV_NONE */
	assert_int_equal(check(&im), ELF_E_CLASS);
}

static void test_bad_type(void **state)
{
	struct img im;
	struct seg s[REF_N];

	build_ref(&im, s);
	w16(im.b + 16, 3);		/* ET_DYN */
	assert_int_equal(check(&im), ELF_E_TYPE);
	build_ref(&im, s);
	w16(im.b + 16, 0x102);		/* ET_EXEC in the wrong byte */
	assert_int_equal(check(&im), ELF_E_TYPE);
	build_ref(&im, s);
	w16(im.b + 18, 3);		/* EM_386 */
	assert_int_equal(check(&im), ELF_E_TYPE);
}

static void test_bad_phdr_table(void **state)
{
	struct img im;
	struct seg s[REF_N];

	/* e_phentsize not 56. */
	build_ref(&im, s);
	w16(im.b + 54, 64);
	assert_int_equal(check(&im), ELF_E_PHDRS);
	build_ref(&im, s);
	w16(im.b + 54, 0);
	assert_int_equal(check(&im), ELF_E_PHDRS);

	/* No program headers at all. */
	build_ref(&im, s);
	w16(im.b + 56, 0);
	assert_int_equal(check(&im), ELF_E_PHDRS);

	/* e_phoff outside the file, at its end, and near 2^64. */
	build_ref(&im, s);
	w64(im.b + 32, 0x1900 + 8);
	assert_int_equal(check(&im), ELF_E_PHDRS);
	build_ref(&im, s);
	w64(im.b + 32, 0x1900);
	assert_int_equal(check(&im), ELF_E_PHDRS);
	build_ref(&im, s);
	w64(im.b + 32, 0xFFFFFFFFFFFFFFF8ULL);
	assert_int_equal(check(&im), ELF_E_PHDRS);

	/* A table that fits only just: e_phoff + 4 * 56 == length. */
	build(&im, REF_ENTRY, ref_segs, REF_N, 0);
	assert_int_equal(im.len, EHDR_SIZE + REF_N * PHDR_SIZE);
	w64(im.b + 32, EHDR_SIZE);
	/* (segments now point past the file: that is a later error) */
	assert_int_equal(check(&im), ELF_E_SEGMENT);
	/* One more header than fits. */
	w16(im.b + 56, REF_N + 1);
	assert_int_equal(check(&im), ELF_E_PHDRS);
	/* e_phnum * 56 far beyond the file. */
	w16(im.b + 56, 0xFFFF);
	assert_int_equal(check(&im), ELF_E_PHDRS);

	/* A table not 8-byte aligned is refused (elf_phdr() returns a
	 * struct pointer into it). */
	build_ref(&im, s);
	memmove(im.b + EHDR_SIZE + 4, im.b + EHDR_SIZE, REF_N * PHDR_SIZE);
	w64(im.b + 32, EHDR_SIZE + 4);
	assert_int_equal(check(&im), ELF_E_PHDRS);
}

static void test_segment_outside_file(void **state)
{
	struct img im;
	struct seg s[REF_N];

	/* offset + filesz one past the end. */
	build_ref(&im, s);
	s[DATA].filesz = 0x101;
	assert_int_equal(check_segs(s, REF_N, REF_ENTRY), ELF_E_SEGMENT);
	/* offset past the end. */
	build_ref(&im, s);
	s[TEXT].offset = 0x1901;
	s[TEXT].filesz = 0;
	assert_int_equal(check_segs(s, REF_N, REF_ENTRY), ELF_E_SEGMENT);
	/* offset + filesz wrapping around 2^64. */
	build_ref(&im, s);
	s[TEXT].offset = 0xFFFFFFFFFFFFF000ULL;
	s[TEXT].filesz = 0x1000;
	assert_int_equal(check_segs(s, REF_N, REF_ENTRY), ELF_E_SEGMENT);
	build_ref(&im, s);
	s[TEXT].offset = 0x10;
	s[TEXT].filesz = 0xFFFFFFFFFFFFFFF8ULL;
	s[TEXT].memsz = 0xFFFFFFFFFFFFFFF8ULL;
	assert_int_equal(check_segs(s, REF_N, REF_ENTRY), ELF_E_SEGMENT);
	/* A segment ending exactly at the end of the file is fine. */
	build_ref(&im, s);
	s[TEXT].offset = 0x1900 - 0x800;
	s[DATA].offset = 0x1000;
	assert_int_equal(check_segs(s, REF_N, REF_ENTRY), ELF_OK);
	/* Zero file bytes at offset == length is fine too (all bss). */
	build_ref(&im, s);
	s[DATA].offset = 0x1900;
	s[DATA].filesz = 0;
	assert_int_equal(check_segs(s, REF_N, REF_ENTRY), ELF_OK);
}

static void test_filesz_above_memsz(void **state)
{
	struct img im;
	struct seg s[REF_N];

	build_ref(&im, s);
	s[TEXT].memsz = 0x7FF;
	assert_int_equal(check_segs(s, REF_N, REF_ENTRY), ELF_E_SEGMENT);
	build_ref(&im, s);
	s[TEXT].memsz = 0x800;		/* equal is fine */
	assert_int_equal(check_segs(s, REF_N, REF_ENTRY), ELF_OK);
}

static void test_range(void **state)
{
	struct img im;
	struct seg s[REF_N];
	struct elf_image_info info;

	/* Below min_addr. */
	build_ref(&im, s);
	assert_int_equal(check_len(&im, im.len, 0x200001, MAX_ADDR, &info),
			 ELF_E_RANGE);
	assert_int_equal(check_len(&im, im.len, 0x200000, MAX_ADDR, &info),
			 ELF_OK);
	/* End above max_addr (exclusive): data ends at 0x204000. */
	assert_int_equal(check_len(&im, im.len, MIN_ADDR, 0x203FFF, &info),
			 ELF_E_RANGE);
	assert_int_equal(check_len(&im, im.len, MIN_ADDR, 0x204000, &info),
			 ELF_OK);
	/* Start above max_addr. */
	assert_int_equal(check_len(&im, im.len, MIN_ADDR, 0x100000, &info),
			 ELF_E_RANGE);

	/* paddr + memsz wrapping past 2^64, with and without a max that
	 * would allow the start. */
	build_ref(&im, s);
	s[DATA].paddr = s[DATA].vaddr = 0xFFFFFFFFFFFFF000ULL;
	build(&im, REF_ENTRY, s, REF_N, REF_PAYLOAD);
	assert_int_equal(check_len(&im, im.len, MIN_ADDR, UINT64_MAX, &info),
			 ELF_E_RANGE);
	assert_int_equal(check(&im), ELF_E_RANGE);
	build_ref(&im, s);
	s[DATA].memsz = 0xFFFFFFFFFFFFF000ULL;
	assert_int_equal(check_segs(s, REF_N, REF_ENTRY), ELF_E_RANGE);
}

static void test_vaddr_not_paddr(void **state)
{
	struct img im;
	struct seg s[REF_N];

	build_ref(&im, s);
	s[DATA].vaddr = 0xFFFFFFFF80201000ULL;
	assert_int_equal(check_segs(s, REF_N, REF_ENTRY), ELF_E_RANGE);
	build_ref(&im, s);
	s[TEXT].vaddr = s[TEXT].paddr + 0x1000;
	assert_int_equal(check_segs(s, REF_N, REF_ENTRY), ELF_E_RANGE);
}

static void test_overlap(void **state)
{
	struct img im;
	struct seg s[REF_N];

	/* Text one byte into data's start. */
	build_ref(&im, s);
	s[TEXT].memsz = 0x1001;
	assert_int_equal(check_segs(s, REF_N, REF_ENTRY), ELF_E_OVERLAP);
	/* Data starting inside text. */
	build_ref(&im, s);
	s[DATA].paddr = s[DATA].vaddr = 0x200FFF;
	assert_int_equal(check_segs(s, REF_N, REF_ENTRY), ELF_E_OVERLAP);
	/* Text entirely inside data. */
	build_ref(&im, s);
	s[DATA].paddr = s[DATA].vaddr = 0x1FF000;
	assert_int_equal(check_segs(s, REF_N, REF_ENTRY), ELF_E_OVERLAP);
	/* Two identical segments. */
	build_ref(&im, s);
	s[DATA] = s[TEXT];
	assert_int_equal(check_segs(s, REF_N, REF_ENTRY), ELF_E_OVERLAP);
	/* An empty PT_LOAD inside another occupies nothing. */
	build_ref(&im, s);
	s[2] = s[TEXT];
	s[2].flags = PF_R;
	s[2].paddr = s[2].vaddr = 0x200800;
	s[2].filesz = s[2].memsz = 0;
	struct elf_image_info info;
	build(&im, REF_ENTRY, s, REF_N, REF_PAYLOAD);
	assert_int_equal(check_len(&im, im.len, MIN_ADDR, MAX_ADDR, &info),
			 ELF_OK);
	assert_int_equal(info.nload, 3);
}

static void test_entry(void **state)
{
	struct img im;
	struct seg s[REF_N];

	build_ref(&im, s);
	/* Outside every segment. */
	assert_int_equal(check_segs(s, REF_N, 0x300000), ELF_E_ENTRY);
	assert_int_equal(check_segs(s, REF_N, 0), ELF_E_ENTRY);
	/* Just past the end of the executable segment. */
	assert_int_equal(check_segs(s, REF_N, 0x201000), ELF_E_ENTRY);
	/* Just before it. */
	assert_int_equal(check_segs(s, REF_N, 0x1FFFFF), ELF_E_ENTRY);
	/* In the data segment, which is not executable. */
	assert_int_equal(check_segs(s, REF_N, 0x201010), ELF_E_ENTRY);
	/* The text segment without PF_X. */
	s[TEXT].flags = PF_R;
	assert_int_equal(check_segs(s, REF_N, REF_ENTRY), ELF_E_ENTRY);
	/* An executable PT_NOTE does not count. */
	s[2].type = PT_NOTE;
	s[2].flags = PF_X;
	s[2].paddr = s[2].vaddr = 0x200000;
	s[2].memsz = 0x1000;
	s[2].offset = 0;
	s[2].filesz = 0;
	assert_int_equal(check_segs(s, REF_N, REF_ENTRY), ELF_E_ENTRY);
}

static void test_no_load(void **state)
{
	struct seg s[2] = {
		{ PT_NOTE, PF_R, 0x100, 0x200000, 0x200000, 0x10, 0x10, 4 },
		{ PT_NULL, 0, 0, 0, 0, 0, 0, 0 },
	};
	struct img im;
	build(&im, REF_ENTRY, s, 2, 0x200);
	assert_int_equal(check(&im), ELF_E_NOLOAD);
}

static void test_non_load_headers_ignored(void **state)
{
	struct img im;
	struct seg s[REF_N];
	struct elf_image_info info;

	/* Non-LOAD headers overlapping, outside the file and outside the
	 * range change nothing. */
	build_ref(&im, s);
	s[2].type = PT_NULL;
	s[2].offset = 0xFFFFFFFFFFFFFFFFULL;
	s[2].filesz = 0xFFFFFFFFFFFFFFFFULL;
	s[2].paddr = 0;
	s[2].vaddr = 0xDEAD;
	s[3].type = PT_NOTE;
	s[3].paddr = s[3].vaddr = 0x200000;
	s[3].memsz = 0x10000;
	s[3].filesz = 0x20000;
	build(&im, REF_ENTRY, s, REF_N, REF_PAYLOAD);
	assert_int_equal(check_len(&im, im.len, MIN_ADDR, MAX_ADDR, &info),
			 ELF_OK);
	assert_int_equal(info.nload, 2);
	assert_int_equal(info.lowest, 0x200000);
	assert_int_equal(info.highest, 0x204000);
}

static void test_strerror(void **state)
{
	assert_string_equal(elf_strerror(ELF_E_OVERLAP),
			    "two loadable segments overlap");
	assert_string_equal(elf_strerror(ELF_E_SHORT),
			    "file shorter than an ELF header");
	assert_string_equal(elf_strerror(ELF_E_ENTRY),
			    "entry point is not in an executable segment");
	assert_string_equal(elf_strerror(ELF_OK), "ok");
	assert_string_equal(elf_strerror(-11), "unknown ELF error");
	assert_string_equal(elf_strerror(1), "unknown ELF error");
	/* Every code has its own text. */
	for (int a = ELF_E_NOLOAD; a <= ELF_OK; a++)
		for (int b = a + 1; b <= ELF_OK; b++)
			assert_string_not_equal(elf_strerror(a),
						elf_strerror(b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_image),
		cmocka_unit_test(test_exact_bounds_accepted),
		cmocka_unit_test(test_short_file),
		cmocka_unit_test(test_bad_magic),
		cmocka_unit_test(test_bad_class),
		cmocka_unit_test(test_bad_type),
		cmocka_unit_test(test_bad_phdr_table),
		cmocka_unit_test(test_segment_outside_file),
		cmocka_unit_test(test_filesz_above_memsz),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_vaddr_not_paddr),
		cmocka_unit_test(test_overlap),
		cmocka_unit_test(test_entry),
		cmocka_unit_test(test_no_load),
		cmocka_unit_test(test_non_load_headers_ignored),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests_name("elf_check", tests, NULL, NULL);
}
