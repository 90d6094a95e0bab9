/* Tests for guest/bzimage.c: bzImage header parsing and guest placement.
 *
 * The images are synthetic: a realistic 2.15 setup header (values as a
 * Linux 6.1 x86_64 build writes them) in front of a small fake kernel. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "guest/bzimage.h"

#define T_SETUP_SECTS	27
#define T_SETUP_SIZE	((T_SETUP_SECTS + 1) * 512)	/* 0x3800 */
#define T_SYSSIZE	0x1000				/* paragraphs */
#define T_KERNEL_SIZE	(T_SYSSIZE * 16)		/* 0x10000 */
#define T_IMG_LEN	(T_SETUP_SIZE + T_KERNEL_SIZE)
#define T_BUF_SIZE	(64 * 512 + T_KERNEL_SIZE)	/* room for 63 sects */

#define MiB(x)		((uint64_t)(x) << 20)

static uint8_t img[T_BUF_SIZE];

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

static void wr64(uint8_t *b, size_t off, uint64_t v)
{
	wr32(b, off, (uint32_t)v);
	wr32(b, off + 4, (uint32_t)(v >> 32));
}

/* Fills b with a bzImage: boot sector, header, setup code, kernel. */
static void make_image(uint8_t *b)
{
	memset(b, 0, T_BUF_SIZE);
	b[0x1EF] = 0xFF;			/* sentinel, as header.S has */
	b[0x1F0] = 0xFF;
	b[0x1F1] = T_SETUP_SECTS;		/* setup_sects */
	wr16(b, 0x1F2, 1);			/* root_flags */
	wr32(b, 0x1F4, T_SYSSIZE);		/* syssize */
	wr16(b, 0x1FA, 0xFFFF);			/* vid_mode */
	wr16(b, 0x1FE, 0xAA55);			/* boot_flag */
	b[0x200] = 0xEB;			/* jmp */
	b[0x201] = 0x6A;			/*   to 0x26C */
	memcpy(b + 0x202, "HdrS", 4);
	wr16(b, 0x206, 0x020F);			/* version 2.15 */
	wr16(b, 0x20E, 0x3A00);			/* kernel_version */
	b[0x211] = 0x01;			/* loadflags: LOADED_HIGH */
	wr16(b, 0x212, 0x8000);			/* setup_move_size */
	wr32(b, 0x214, 0x100000);		/* code32_start */
	wr32(b, 0x22C, 0x7FFFFFFF);		/* initrd_addr_max */
	wr32(b, 0x230, 0x200000);		/* kernel_alignment */
	b[0x234] = 1;				/* relocatable_kernel */
	b[0x235] = 21;				/* min_alignment */
	wr16(b, 0x236, 0x3B);			/* xloadflags */
	wr32(b, 0x238, 2047);			/* cmdline_size */
	wr32(b, 0x248, 0x3B5);			/* payload_offset */
	wr32(b, 0x24C, 0xF000);			/* payload_length */
	wr64(b, 0x258, 0x1000000);		/* pref_address */
	wr32(b, 0x260, 0x2000000);		/* init_size: 32 MiB */
	wr32(b, 0x264, 0x190);			/* handover_offset */
	wr32(b, 0x268, 0xE000);			/* kernel_info_offset */
	/* setup code after the header, then the kernel */
	memset(b + 0x26C, 0xCC, T_SETUP_SIZE - 0x26C);
	memset(b + T_SETUP_SIZE, 0x5A, T_KERNEL_SIZE);
}

static int setup(void **state)
{
	(void)state;
	make_image(img);
	return 0;
}

/* Parses the first len bytes of img from a buffer of exactly len bytes,
 * so AddressSanitizer catches any read past the end. */
static int parse_exact(size_t len, struct bzimage_info *bz)
{
	uint8_t *copy = malloc(len ? len : 1);
	int r;

	assert_non_null(copy);
	memcpy(copy, img, len);
	r = bzimage_parse(copy, len, bz);
	free(copy);
	return r;
}

/* --- bzimage_parse: the good image ------------------------------------ */

static void test_parse_good(void **state)
{
	struct bzimage_info bz;

	(void)state;
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_OK);
	assert_int_equal(bz.version, 0x020F);
	assert_int_equal(bz.setup_sects, 27);
	assert_int_equal(bz.header_end, 0x26C);
	assert_int_equal(bz.setup_size, 0x3800);
	assert_int_equal(bz.kernel_size, 0x10000);
	assert_int_equal(bz.pref_address, 0x1000000);
	assert_int_equal(bz.kernel_alignment, 0x200000);
	assert_int_equal(bz.init_size, 0x2000000);
	assert_int_equal(bz.cmdline_size, 2047);
	assert_int_equal(bz.initrd_addr_max, 0x7FFFFFFF);
	assert_int_equal(bz.xloadflags, 0x3B);
	assert_true(bz.xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G);
	assert_int_equal(bz.loadflags, LOADED_HIGH);
	assert_int_equal(bz.relocatable, 1);
}

static void test_parse_trailing_bytes_ok(void **state)
{
	struct bzimage_info bz;

	(void)state;
	/* A signed kernel has more bytes after syssize; that is fine. */
	assert_int_equal(parse_exact(T_IMG_LEN + 100, &bz), BZ_OK);
	assert_int_equal(bz.kernel_size, 0x10000);
}

static void test_parse_setup_sects_zero_means_4(void **state)
{
	struct bzimage_info bz;

	(void)state;
	img[0x1F1] = 0;
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_OK);
	assert_int_equal(bz.setup_sects, 4);
	assert_int_equal(bz.setup_size, 5 * 512);
	/* 2560 + 0x10000 bytes are needed, a paragraph less is truncated */
	assert_int_equal(parse_exact(5 * 512 + 0x10000, &bz), BZ_OK);
	assert_int_equal(parse_exact(5 * 512 + 0x10000 - 16, &bz),
			 BZ_E_TRUNCATED);
}

static void test_parse_setup_sects_max(void **state)
{
	struct bzimage_info bz;

	(void)state;
	img[0x1F1] = 63;
	assert_int_equal(parse_exact(64 * 512 + 0x10000, &bz), BZ_OK);
	assert_int_equal(bz.setup_size, 0x8000);
	img[0x1F1] = 64;
	assert_int_equal(parse_exact(T_BUF_SIZE, &bz), BZ_E_SETUP_SECTS);
	img[0x1F1] = 0xFF;
	assert_int_equal(parse_exact(T_BUF_SIZE, &bz), BZ_E_SETUP_SECTS);
}

static void test_parse_version_boundary(void **state)
{
	struct bzimage_info bz;

	(void)state;
	wr16(img, 0x206, 0x020C);
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_OK);
	assert_int_equal(bz.version, 0x020C);
	wr16(img, 0x206, 0x020B);
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_E_OLD_PROTOCOL);
	assert_int_equal(bz.version, 0x020B);	/* kept for the message */
	wr16(img, 0x206, 0x0205);
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_E_OLD_PROTOCOL);
	assert_int_equal(bz.version, 0x0205);
}

static void test_parse_header_length(void **state)
{
	struct bzimage_info bz;

	(void)state;
	img[0x201] = 0x62;		/* ends at 0x264: just init_size */
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_OK);
	assert_int_equal(bz.header_end, 0x264);
	assert_int_equal(bz.init_size, 0x2000000);
	img[0x201] = 0x7F;		/* longest rel8 jump: 0x281 */
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_OK);
	assert_int_equal(bz.header_end, 0x281);
	img[0x201] = 0x61;		/* cuts init_size */
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_E_HDR_LEN);
	img[0x201] = 0x00;
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_E_HDR_LEN);
	img[0x201] = 0x80;		/* backwards jump */
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_E_HDR_LEN);
	img[0x201] = 0xFF;
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_E_HDR_LEN);
	img[0x201] = 0x6A;
	img[0x200] = 0xE9;		/* not a short jump */
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_E_HDR_LEN);
}

/* --- bzimage_parse: every error --------------------------------------- */

static void test_parse_null(void **state)
{
	struct bzimage_info bz;

	(void)state;
	assert_int_equal(bzimage_parse(NULL, T_IMG_LEN, &bz), BZ_E_INVAL);
	assert_int_equal(bzimage_parse(img, T_IMG_LEN, NULL), BZ_E_INVAL);
}

static void test_parse_too_small(void **state)
{
	struct bzimage_info bz;

	(void)state;
	assert_int_equal(parse_exact(0, &bz), BZ_E_TOO_SMALL);
	assert_int_equal(parse_exact(0x1FF, &bz), BZ_E_TOO_SMALL);
	assert_int_equal(parse_exact(0x263, &bz), BZ_E_TOO_SMALL);
	/* long enough to look, but the header (to 0x26C) is cut */
	assert_int_equal(parse_exact(0x264, &bz), BZ_E_TOO_SMALL);
	assert_int_equal(parse_exact(0x26B, &bz), BZ_E_TOO_SMALL);
	/* whole header, but no setup code */
	assert_int_equal(parse_exact(0x26C, &bz), BZ_E_TRUNCATED);
}

static void test_parse_bad_magic(void **state)
{
	struct bzimage_info bz;

	(void)state;
	wr16(img, 0x1FE, 0x55AA);
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_E_BOOT_FLAG);
	wr16(img, 0x1FE, 0xAA55);
	memcpy(img + 0x202, "HdrZ", 4);
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_E_NO_HDRS);
	/* an ELF file is not a bzImage */
	memset(img, 0, 0x400);
	memcpy(img, "\x7f" "ELF", 4);
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_E_BOOT_FLAG);
}

static void test_parse_no_kernel(void **state)
{
	struct bzimage_info bz;

	(void)state;
	wr32(img, 0x1F4, 0);
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_E_NO_KERNEL);
}

static void test_parse_truncated(void **state)
{
	struct bzimage_info bz;

	(void)state;
	/* a whole paragraph missing is truncation ... */
	assert_int_equal(parse_exact(T_IMG_LEN - 16, &bz), BZ_E_TRUNCATED);
	assert_int_equal(parse_exact(T_SETUP_SIZE, &bz), BZ_E_TRUNCATED);
	assert_int_equal(parse_exact(T_SETUP_SIZE - 1, &bz), BZ_E_TRUNCATED);
	/* a huge syssize must not wrap around */
	wr32(img, 0x1F4, 0xFFFFFFFF);
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_E_TRUNCATED);
	assert_int_equal(bz.kernel_size, 0xFFFFFFFFull * 16);
}

/* ... but a file that ends inside the last paragraph is whole: syssize
 * rounds up (memtest86+ 6.10's memtest86+x64.bin is 8 bytes shorter than
 * its syssize says; GRUB and QEMU load it). Only the file's bytes count. */
static void test_parse_last_paragraph_short(void **state)
{
	struct bzimage_info bz;

	(void)state;
	assert_int_equal(parse_exact(T_IMG_LEN - 1, &bz), BZ_OK);
	assert_int_equal(bz.kernel_size, T_KERNEL_SIZE - 1);
	assert_int_equal(parse_exact(T_IMG_LEN - 8, &bz), BZ_OK);
	assert_int_equal(bz.kernel_size, T_KERNEL_SIZE - 8);
	assert_int_equal(parse_exact(T_IMG_LEN - 15, &bz), BZ_OK);
	assert_int_equal(bz.kernel_size, T_KERNEL_SIZE - 15);
	/* exact and longer files copy syssize * 16 bytes */
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_OK);
	assert_int_equal(bz.kernel_size, T_KERNEL_SIZE);
	assert_int_equal(parse_exact(T_IMG_LEN + 100, &bz), BZ_OK);
	assert_int_equal(bz.kernel_size, T_KERNEL_SIZE);
	/* syssize 1 and a kernel of 1..16 bytes */
	wr32(img, 0x1F4, 1);
	wr32(img, 0x260, 16);
	assert_int_equal(parse_exact(T_SETUP_SIZE + 1, &bz), BZ_OK);
	assert_int_equal(bz.kernel_size, 1);
	assert_int_equal(parse_exact(T_SETUP_SIZE, &bz), BZ_E_TRUNCATED);
}

/* A non-relocatable kernel loads at 0x100000 (GRUB does the same) and
 * moves itself to pref_address: alignment does not apply, a pref_address
 * in low memory or off a page is refused. */
static void test_parse_not_relocatable(void **state)
{
	struct bzimage_info bz;

	(void)state;
	img[0x234] = 0;
	wr32(img, 0x230, 0);			/* meaningless when fixed */
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_OK);
	assert_int_equal(bz.relocatable, 0);
	assert_int_equal(bz.kernel_alignment, 0x1000);
	assert_int_equal(bz.pref_address, 0x1000000);
	wr64(img, 0x258, 0);			/* no preference */
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_OK);
	wr64(img, 0x258, 0x100000);
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_OK);
	wr64(img, 0x258, 0xFF000);
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_E_FIXED_ADDRESS);
	wr64(img, 0x258, 0x100800);
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_E_FIXED_ADDRESS);
	/* relocatable: alignment checked, odd pref_address only ignored */
	img[0x234] = 1;
	wr32(img, 0x230, 0x200000);
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_OK);
	wr32(img, 0x230, 0);
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_E_ALIGNMENT);
}

/* memtest86+ 6.10's header (Debian's memtest86+x64.bin): protocol 2.12,
 * header to 0x268, setup_sects 2, syssize 8924, file 8 bytes short of
 * it, not relocatable, pref_address 0x100000, init_size 0x6ACF8. */
static void test_parse_memtest_header(void **state)
{
	struct bzimage_info bz;
	struct linux_plan p;
	size_t len = 3 * 512 + 8924 * 16 - 8;
	uint8_t *m = calloc(1, len);

	(void)state;
	assert_non_null(m);
	m[0x1F1] = 2;
	wr32(m, 0x1F4, 8924);
	wr16(m, 0x1FE, 0xAA55);
	m[0x200] = 0xEB;
	m[0x201] = 0x66;
	memcpy(m + 0x202, "HdrS", 4);
	wr16(m, 0x206, 0x020C);
	m[0x211] = LOADED_HIGH;
	wr32(m, 0x214, 0x100000);
	wr32(m, 0x22C, 0xFFFFFFFF);
	wr32(m, 0x230, 0x1000);
	m[0x234] = 0;
	m[0x235] = 12;
	wr16(m, 0x236, XLF_KERNEL_64 | XLF_EFI_HANDOVER_64);
	wr32(m, 0x238, 255);
	wr64(m, 0x258, 0x100000);
	wr32(m, 0x260, 0x6ACF8);
	wr32(m, 0x264, 0x10);
	assert_int_equal(bzimage_parse(m, len, &bz), BZ_OK);
	assert_int_equal(bz.version, 0x020C);
	assert_int_equal(bz.header_end, 0x268);
	assert_int_equal(bz.setup_size, 0x600);
	assert_int_equal(bz.kernel_size, 8924 * 16 - 8);
	assert_int_equal(bz.relocatable, 0);
	assert_int_equal(linux_plan(&bz, MiB(16), 0, 21, &p), BZ_OK);
	assert_int_equal(p.kernel_load, 0x100000);
	assert_int_equal(p.kernel_end, 0x16ACF8);	/* 1 MiB + init_size */
	assert_int_equal(p.entry32, 0x100000);
	free(m);
}

static void test_parse_flags(void **state)
{
	struct bzimage_info bz;

	(void)state;
	img[0x211] = CAN_USE_HEAP;		/* zImage */
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_E_NOT_LOADED_HIGH);
	img[0x211] = LOADED_HIGH;
	wr16(img, 0x236, 0x3B & ~XLF_KERNEL_64);
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_E_NOT_64BIT);
	wr16(img, 0x236, XLF_KERNEL_64);	/* the only bit we need */
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_OK);
}

static void test_parse_alignment(void **state)
{
	struct bzimage_info bz;

	(void)state;
	wr32(img, 0x230, 0);
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_E_ALIGNMENT);
	wr32(img, 0x230, 0x300000);
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_E_ALIGNMENT);
	wr32(img, 0x230, 0x800);
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_E_ALIGNMENT);
	wr32(img, 0x230, 0x1000);
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_OK);
	wr32(img, 0x230, 0x80000000);
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_OK);
}

static void test_parse_init_size(void **state)
{
	struct bzimage_info bz;

	(void)state;
	wr32(img, 0x260, 0);
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_E_INIT_SIZE);
	wr32(img, 0x260, T_KERNEL_SIZE - 1);
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_E_INIT_SIZE);
	wr32(img, 0x260, T_KERNEL_SIZE);
	assert_int_equal(parse_exact(T_IMG_LEN, &bz), BZ_OK);
	assert_int_equal(bz.init_size, T_KERNEL_SIZE);
}

/* Every truncation and every single-byte corruption of the header must
 * give a defined answer without reading outside the buffer (ASan). */
static void test_parse_hostile_never_overreads(void **state)
{
	struct bzimage_info bz;
	int r;

	(void)state;
	for (size_t len = 0; len <= 0x300; len++) {
		r = parse_exact(len, &bz);
		assert_true(r <= 0 && r >= BZ_E_INIT_SIZE);
	}
	for (size_t off = 0x1F1; off < 0x26C; off++) {
		static const uint8_t vals[] = { 0x00, 0x7F, 0x80, 0xFF };
		for (size_t v = 0; v < sizeof(vals); v++) {
			make_image(img);
			img[off] = vals[v];
			r = parse_exact(T_IMG_LEN, &bz);
			assert_true(r <= 0 && r >= BZ_E_INIT_SIZE);
		}
	}
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(bzimage_strerror(BZ_E_NO_HDRS),
			    "not a bzImage: no HdrS signature");
	assert_string_equal(bzimage_strerror(BZ_E_OLD_PROTOCOL),
			    "boot protocol too old (need 2.12)");
	assert_string_equal(bzimage_strerror(BZ_E_TOO_SMALL),
			    "file too small for its setup header");
	assert_string_equal(bzimage_strerror(BZ_E_SETUP_SECTS),
			    "setup_sects out of range");
	assert_string_equal(bzimage_strerror(BZ_E_FIXED_ADDRESS),
			    "non-relocatable kernel's pref_address is below 1 MiB or not page aligned");
	assert_string_equal(bzimage_strerror(BZ_E_NOT_64BIT),
			    "no 64-bit kernel (xloadflags)");
	assert_string_equal(bzimage_strerror(BZ_E_KERNEL_FIT),
			    "kernel does not fit in guest RAM");
	assert_string_equal(bzimage_strerror(BZ_E_CMDLINE_LONG),
			    "command line too long");
	assert_string_equal(bzimage_strerror(1), "unknown bzImage error");
	assert_string_equal(bzimage_strerror(-18), "unknown bzImage error");
	/* every code has its own message */
	for (int a = BZ_E_CMDLINE_LONG; a <= BZ_OK; a++) {
		assert_string_not_equal(bzimage_strerror(a),
					"unknown bzImage error");
		for (int b = a + 1; b <= BZ_OK; b++)
			assert_string_not_equal(bzimage_strerror(a),
						bzimage_strerror(b));
	}
}

/* --- linux_plan -------------------------------------------------------- */

/* The parsed test image: pref 16 MiB, align 2 MiB, init_size 32 MiB,
 * cmdline_size 2047, initrd_addr_max 0x7FFFFFFF. */
static struct bzimage_info good_bz(void)
{
	struct bzimage_info bz;

	make_image(img);
	assert_int_equal(bzimage_parse(img, T_IMG_LEN, &bz), BZ_OK);
	return bz;
}

static void test_plan_256m_no_initrd(void **state)
{
	struct bzimage_info bz = good_bz();
	struct linux_plan p;

	(void)state;
	assert_int_equal(linux_plan(&bz, MiB(256), 0, 30, &p), BZ_OK);
	assert_int_equal(p.zero_page, 0x7000);
	assert_int_equal(p.cmdline, 0x20000);
	assert_int_equal(p.cmdline_bytes, 31);
	assert_int_equal(p.kernel_load, 0x1000000);
	assert_int_equal(p.kernel_end, 0x3000000);
	assert_int_equal(p.entry32, 0x1000000);
	assert_int_equal(p.entry64, 0x1000200);
	assert_int_equal(p.initrd, 0);
	assert_int_equal(p.initrd_size, 0);
}

static void test_plan_256m_initrd_at_top(void **state)
{
	struct bzimage_info bz = good_bz();
	struct linux_plan p;

	(void)state;
	/* 0x10000000 - 0x123456 = 0xFEDCBAA, down to a page: 0xFEDC000 */
	assert_int_equal(linux_plan(&bz, MiB(256), 0x123456, 0, &p), BZ_OK);
	assert_int_equal(p.kernel_load, 0x1000000);
	assert_int_equal(p.initrd, 0xFEDC000);
	assert_int_equal(p.initrd_size, 0x123456);
	/* page-sized initrd ends exactly at the end of RAM */
	assert_int_equal(linux_plan(&bz, MiB(256), 0x400000, 0, &p), BZ_OK);
	assert_int_equal(p.initrd, 0xFC00000);
}

static void test_plan_kernel_exactly_fills_ram(void **state)
{
	struct bzimage_info bz = good_bz();
	struct linux_plan p;

	(void)state;
	/* pref 16 MiB + 32 MiB = 48 MiB: fits exactly */
	assert_int_equal(linux_plan(&bz, MiB(48), 0, 0, &p), BZ_OK);
	assert_int_equal(p.kernel_load, 0x1000000);
	/* the initrd cannot go above, so it goes just below the kernel */
	assert_int_equal(linux_plan(&bz, MiB(48), MiB(1), 0, &p), BZ_OK);
	assert_int_equal(p.initrd, 0xF00000);
	/* 15 MiB fills [1 MiB, 16 MiB) exactly; one byte more does not */
	assert_int_equal(linux_plan(&bz, MiB(48), MiB(15), 0, &p), BZ_OK);
	assert_int_equal(p.initrd, 0x100000);
	assert_int_equal(linux_plan(&bz, MiB(48), MiB(15) + 1, 0, &p),
			 BZ_E_INITRD_FIT);
}

static void test_plan_pref_does_not_fit(void **state)
{
	struct bzimage_info bz = good_bz();
	struct linux_plan p;

	(void)state;
	/* 40 MiB: pref range would end at 48 MiB; lowest 2 MiB-aligned
	 * address above 1 MiB is 2 MiB, kernel [2 MiB, 34 MiB) */
	assert_int_equal(linux_plan(&bz, MiB(40), MiB(4), 0, &p), BZ_OK);
	assert_int_equal(p.kernel_load, 0x200000);
	assert_int_equal(p.kernel_end, 0x2200000);
	assert_int_equal(p.entry32, 0x200000);
	assert_int_equal(p.entry64, 0x200200);
	assert_int_equal(p.initrd, 0x2400000);	/* 40 - 4 MiB, above kernel */
	/* 6 MiB fits exactly above the kernel; 7 MiB fits nowhere */
	assert_int_equal(linux_plan(&bz, MiB(40), MiB(6), 0, &p), BZ_OK);
	assert_int_equal(p.initrd, 0x2200000);
	assert_int_equal(linux_plan(&bz, MiB(40), MiB(7), 0, &p),
			 BZ_E_INITRD_FIT);
}

static void test_plan_kernel_does_not_fit(void **state)
{
	struct bzimage_info bz = good_bz();
	struct linux_plan p;

	(void)state;
	/* 2 MiB + 32 MiB = 34 MiB is the least that works */
	assert_int_equal(linux_plan(&bz, MiB(34), 0, 0, &p), BZ_OK);
	assert_int_equal(p.kernel_load, 0x200000);
	assert_int_equal(linux_plan(&bz, MiB(34) - 4096, 0, 0, &p),
			 BZ_E_KERNEL_FIT);
	assert_int_equal(linux_plan(&bz, MiB(16), 0, 0, &p), BZ_E_KERNEL_FIT);
	assert_int_equal(linux_plan(&bz, 0, 0, 0, &p), BZ_E_KERNEL_FIT);
}

static void test_plan_pref_unusable(void **state)
{
	struct bzimage_info bz = good_bz();
	struct linux_plan p;

	(void)state;
	/* misaligned preference: lowest aligned spot instead */
	bz.pref_address = 0x1080000;
	assert_int_equal(linux_plan(&bz, MiB(256), 0, 0, &p), BZ_OK);
	assert_int_equal(p.kernel_load, 0x200000);
	/* in low memory */
	bz.kernel_alignment = 0x1000;
	bz.pref_address = 0x80000;
	assert_int_equal(linux_plan(&bz, MiB(256), 0, 0, &p), BZ_OK);
	assert_int_equal(p.kernel_load, 0x100000);
	/* 0 (no preference) */
	bz.pref_address = 0;
	assert_int_equal(linux_plan(&bz, MiB(256), 0, 0, &p), BZ_OK);
	assert_int_equal(p.kernel_load, 0x100000);
	/* near 2^64: must not wrap around into "fits" */
	bz.pref_address = 0xFFFFFFFFFFFFF000ull;
	assert_int_equal(linux_plan(&bz, ~0ull, 0, 0, &p), BZ_OK);
	assert_int_equal(p.kernel_load, 0x100000);
}

/* A non-relocatable kernel: [0x100000, pref + init_size) is its, whatever
 * the alignment; it fits or the plan fails, no other place is tried. */
static void test_plan_not_relocatable(void **state)
{
	struct bzimage_info bz = good_bz();
	struct linux_plan p;

	(void)state;
	bz.relocatable = 0;
	bz.kernel_alignment = 0x1000;
	/* pref 16 MiB, init_size 32 MiB: [1 MiB, 48 MiB) */
	assert_int_equal(linux_plan(&bz, MiB(256), MiB(1), 0, &p), BZ_OK);
	assert_int_equal(p.kernel_load, 0x100000);
	assert_int_equal(p.entry32, 0x100000);
	assert_int_equal(p.kernel_end, MiB(48));
	assert_int_equal(p.initrd, MiB(255));
	assert_int_equal(linux_plan(&bz, MiB(48), 0, 0, &p), BZ_OK);
	assert_int_equal(linux_plan(&bz, MiB(48) - 4096, 0, 0, &p),
			 BZ_E_KERNEL_FIT);
	/* the initrd cannot go below it: [1 MiB, 48 MiB) is taken */
	assert_int_equal(linux_plan(&bz, MiB(48), MiB(1), 0, &p),
			 BZ_E_INITRD_FIT);
	/* pref 0 or 1 MiB: [1 MiB, 33 MiB) */
	bz.pref_address = 0;
	assert_int_equal(linux_plan(&bz, MiB(33), 0, 0, &p), BZ_OK);
	assert_int_equal(p.kernel_end, MiB(33));
	bz.pref_address = 0x100000;
	assert_int_equal(linux_plan(&bz, MiB(33), 0, 0, &p), BZ_OK);
	assert_int_equal(p.kernel_load, 0x100000);
	assert_int_equal(linux_plan(&bz, MiB(32), 0, 0, &p), BZ_E_KERNEL_FIT);
	/* a pref_address near 2^64 does not wrap into "fits" */
	bz.pref_address = 0xFFFFFFFFFFFFF000ull;
	assert_int_equal(linux_plan(&bz, ~0ull, 0, 0, &p), BZ_E_KERNEL_FIT);
}

static void test_plan_stays_below_4g(void **state)
{
	struct bzimage_info bz = good_bz();
	struct linux_plan p;

	(void)state;
	/* 8 GiB of RAM, pref at 4 GiB - 16 MiB: the range crosses 4 GiB */
	bz.pref_address = 0xFF000000;
	assert_int_equal(linux_plan(&bz, 8ull << 30, 0, 0, &p), BZ_OK);
	assert_int_equal(p.kernel_load, 0x200000);
	/* pref at 4 GiB - 32 MiB ends exactly at 4 GiB: allowed */
	bz.pref_address = 0xFE000000;
	assert_int_equal(linux_plan(&bz, 8ull << 30, MiB(1), 0, &p), BZ_OK);
	assert_int_equal(p.kernel_load, 0xFE000000);
	/* initrd below initrd_addr_max+1 = 2 GiB, far below the kernel */
	assert_int_equal(p.initrd, 0x7FF00000);
}

static void test_plan_initrd_addr_max(void **state)
{
	struct bzimage_info bz = good_bz();
	struct linux_plan p;

	(void)state;
	bz.initrd_addr_max = 0x037FFFFF;	/* last byte below 56 MiB */
	assert_int_equal(linux_plan(&bz, MiB(1024), MiB(4), 0, &p), BZ_OK);
	assert_int_equal(p.initrd, 0x3400000);	/* [52, 56) MiB */
	/* 9 MiB at the top would overlap the kernel: below it */
	assert_int_equal(linux_plan(&bz, MiB(1024), MiB(9), 0, &p), BZ_OK);
	assert_int_equal(p.initrd, 0x700000);
	/* limit below 1 MiB: nowhere */
	bz.initrd_addr_max = 0xFFFFF;
	assert_int_equal(linux_plan(&bz, MiB(1024), 4096, 0, &p),
			 BZ_E_INITRD_FIT);
	/* limit 4 GiB - 1: the +1 must not wrap */
	bz.initrd_addr_max = 0xFFFFFFFF;
	assert_int_equal(linux_plan(&bz, 8ull << 30, 4096, 0, &p), BZ_OK);
	assert_int_equal(p.initrd, 0xFFFFF000);
}

static void test_plan_initrd_huge(void **state)
{
	struct bzimage_info bz = good_bz();
	struct linux_plan p;

	(void)state;
	assert_int_equal(linux_plan(&bz, MiB(256), ~0ull, 0, &p),
			 BZ_E_INITRD_FIT);
	assert_int_equal(linux_plan(&bz, MiB(256), MiB(256), 0, &p),
			 BZ_E_INITRD_FIT);
	/* 256 - 48 MiB = 208 MiB fits above the kernel, exactly */
	assert_int_equal(linux_plan(&bz, MiB(256), MiB(208), 0, &p), BZ_OK);
	assert_int_equal(p.initrd, 0x3000000);
	assert_int_equal(linux_plan(&bz, MiB(256), MiB(208) + 1, 0, &p),
			 BZ_E_INITRD_FIT);
}

static void test_plan_cmdline(void **state)
{
	struct bzimage_info bz = good_bz();
	struct linux_plan p;

	(void)state;
	assert_int_equal(linux_plan(&bz, MiB(256), 0, 2047, &p), BZ_OK);
	assert_int_equal(p.cmdline_bytes, 2048);
	assert_int_equal(linux_plan(&bz, MiB(256), 0, 2048, &p),
			 BZ_E_CMDLINE_LONG);
	/* the kernel's limit may be huge; ours is 64 KiB with the NUL */
	bz.cmdline_size = 0xFFFFFFFF;
	assert_int_equal(linux_plan(&bz, MiB(256), 0, 0xFFFF, &p), BZ_OK);
	assert_int_equal(p.cmdline_bytes, 0x10000);
	assert_int_equal(linux_plan(&bz, MiB(256), 0, 0x10000, &p),
			 BZ_E_CMDLINE_LONG);
	assert_int_equal(linux_plan(&bz, MiB(256), 0, (size_t)-1, &p),
			 BZ_E_CMDLINE_LONG);
	/* cmdline_size 0: only the empty command line */
	bz.cmdline_size = 0;
	assert_int_equal(linux_plan(&bz, MiB(256), 0, 0, &p), BZ_OK);
	assert_int_equal(p.cmdline_bytes, 1);
	assert_int_equal(linux_plan(&bz, MiB(256), 0, 1, &p),
			 BZ_E_CMDLINE_LONG);
}

static void test_plan_invalid(void **state)
{
	struct bzimage_info bz = good_bz();
	struct linux_plan p;

	(void)state;
	assert_int_equal(linux_plan(NULL, MiB(256), 0, 0, &p), BZ_E_INVAL);
	assert_int_equal(linux_plan(&bz, MiB(256), 0, 0, NULL), BZ_E_INVAL);
	bz.kernel_alignment = 0x300000;		/* not from bzimage_parse */
	assert_int_equal(linux_plan(&bz, MiB(256), 0, 0, &p), BZ_E_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_parse_good, setup),
		cmocka_unit_test_setup(test_parse_trailing_bytes_ok, setup),
		cmocka_unit_test_setup(test_parse_setup_sects_zero_means_4,
				       setup),
		cmocka_unit_test_setup(test_parse_setup_sects_max, setup),
		cmocka_unit_test_setup(test_parse_version_boundary, setup),
		cmocka_unit_test_setup(test_parse_header_length, setup),
		cmocka_unit_test_setup(test_parse_null, setup),
		cmocka_unit_test_setup(test_parse_too_small, setup),
		cmocka_unit_test_setup(test_parse_bad_magic, setup),
		cmocka_unit_test_setup(test_parse_no_kernel, setup),
		cmocka_unit_test_setup(test_parse_truncated, setup),
		cmocka_unit_test_setup(test_parse_last_paragraph_short, setup),
		cmocka_unit_test_setup(test_parse_not_relocatable, setup),
		cmocka_unit_test(test_parse_memtest_header),
		cmocka_unit_test_setup(test_parse_flags, setup),
		cmocka_unit_test_setup(test_parse_alignment, setup),
		cmocka_unit_test_setup(test_parse_init_size, setup),
		cmocka_unit_test_setup(test_parse_hostile_never_overreads,
				       setup),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_plan_256m_no_initrd),
		cmocka_unit_test(test_plan_256m_initrd_at_top),
		cmocka_unit_test(test_plan_kernel_exactly_fills_ram),
		cmocka_unit_test(test_plan_pref_does_not_fit),
		cmocka_unit_test(test_plan_kernel_does_not_fit),
		cmocka_unit_test(test_plan_pref_unusable),
		cmocka_unit_test(test_plan_not_relocatable),
		cmocka_unit_test(test_plan_stays_below_4g),
		cmocka_unit_test(test_plan_initrd_addr_max),
		cmocka_unit_test(test_plan_initrd_huge),
		cmocka_unit_test(test_plan_cmdline),
		cmocka_unit_test(test_plan_invalid),
	};
	return cmocka_run_group_tests_name("bzimage", tests, NULL, NULL);
}
