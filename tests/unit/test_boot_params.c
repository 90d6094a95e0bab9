/* Tests for guest/boot_params.c: the zero page and the E820 map.
 *
 * Every zero page field is read back at its offset from
 * Documentation/arch/x86/zero-page.rst and boot.rst, through byte helpers
 * and never through struct boot_params, so a wrong struct layout fails. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "guest/boot_params.h"

#define T_SETUP_SECTS	27
#define T_SETUP_SIZE	((T_SETUP_SECTS + 1) * 512)
#define T_SYSSIZE	0x1000
#define T_IMG_LEN	(T_SETUP_SIZE + T_SYSSIZE * 16)

#define MiB(x)		((uint64_t)(x) << 20)

static uint8_t img[T_IMG_LEN];

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

static uint16_t rd16(const uint8_t *b, size_t off)
{
	return (uint16_t)(b[off] | b[off + 1] << 8);
}

static uint32_t rd32(const uint8_t *b, size_t off)
{
	return rd16(b, off) | (uint32_t)rd16(b, off + 2) << 16;
}

static uint64_t rd64(const uint8_t *b, size_t off)
{
	return rd32(b, off) | (uint64_t)rd32(b, off + 4) << 32;
}

/* A bzImage as a 6.1 x86_64 build writes it; tests/unit/test_bzimage.c
 * has the same helper. */
static void make_image(uint8_t *b)
{
	memset(b, 0, T_IMG_LEN);
	memset(b, 0x11, 0x1EF);			/* boot sector code/data */
	b[0x1EF] = 0xFF;			/* sentinel */
	b[0x1F0] = 0xFF;
	b[0x1F1] = T_SETUP_SECTS;
	wr16(b, 0x1F2, 1);			/* root_flags */
	wr32(b, 0x1F4, T_SYSSIZE);
	wr16(b, 0x1FA, 0xFFFD);			/* vid_mode "ask" */
	wr16(b, 0x1FC, 0x0801);			/* root_dev */
	wr16(b, 0x1FE, 0xAA55);
	b[0x200] = 0xEB;
	b[0x201] = 0x6A;			/* header ends at 0x26C */
	memcpy(b + 0x202, "HdrS", 4);
	wr16(b, 0x206, 0x020F);
	wr16(b, 0x20E, 0x3A00);			/* kernel_version */
	b[0x211] = LOADED_HIGH;
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
	wr32(b, 0x260, 0x2000000);		/* init_size */
	wr32(b, 0x264, 0x190);			/* handover_offset */
	wr32(b, 0x268, 0xE000);			/* kernel_info_offset */
	memset(b + 0x26C, 0xCC, T_SETUP_SIZE - 0x26C);	/* setup code */
	memset(b + T_SETUP_SIZE, 0x5A, T_SYSSIZE * 16);	/* kernel */
}

/* What the tests share: parsed image, 256 MiB plan with a 1 MiB initrd,
 * the E820 map, and a zero page buffer from malloc. */
struct fixture {
	struct bzimage_info bz;
	struct linux_plan plan;
	struct e820_entry e820[4];
	unsigned n;
	uint8_t *zp;
};

static struct fixture fx;

static int setup(void **state)
{
	(void)state;
	make_image(img);
	assert_int_equal(bzimage_parse(img, T_IMG_LEN, &fx.bz), BZ_OK);
	assert_int_equal(linux_plan(&fx.bz, MiB(256), 0x123456, 20, &fx.plan),
			 BZ_OK);
	assert_int_equal(e820_build(MiB(256), fx.e820, 4, &fx.n), BP_OK);
	fx.zp = malloc(BOOT_PARAMS_SIZE);
	assert_non_null(fx.zp);
	memset(fx.zp, 0xAA, BOOT_PARAMS_SIZE);	/* must all be rewritten */
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(fx.zp);
	fx.zp = NULL;
	return 0;
}

static int build(void)
{
	return boot_params_build(fx.zp, img, T_IMG_LEN, &fx.bz, &fx.plan,
				 fx.e820, fx.n);
}

/* --- e820_build --------------------------------------------------------- */

static void assert_entry(const struct e820_entry *e, uint64_t addr,
			 uint64_t size, uint32_t type)
{
	assert_int_equal(e->addr, addr);
	assert_int_equal(e->size, size);
	assert_int_equal(e->type, type);
}

static void test_e820_256m(void **state)
{
	struct e820_entry e[3];
	unsigned n = 99;

	(void)state;
	assert_int_equal(e820_build(MiB(256), e, 3, &n), BP_OK);
	assert_int_equal(n, 3);
	assert_entry(&e[0], 0, 0x9F000, E820_TYPE_RAM);
	assert_entry(&e[1], 0x9F000, 0x61000, E820_TYPE_RESERVED);
	assert_entry(&e[2], 0x100000, 0xFF00000, E820_TYPE_RAM);
	assert_int_equal(E820_TYPE_RAM, 1);
	assert_int_equal(E820_TYPE_RESERVED, 2);
}

static void test_e820_limits(void **state)
{
	struct e820_entry e[3];
	unsigned n;

	(void)state;
	assert_int_equal(e820_build(MiB(16), e, 3, &n), BP_OK);
	assert_entry(&e[2], 0x100000, 0xF00000, E820_TYPE_RAM);
	assert_int_equal(e820_build(0xFEC00000, e, 3, &n), BP_OK);
	assert_entry(&e[2], 0x100000, 0xFEB00000, E820_TYPE_RAM);
	/* 1 GiB + one page */
	assert_int_equal(e820_build(0x40001000, e, 3, &n), BP_OK);
	assert_entry(&e[2], 0x100000, 0x3FF01000, E820_TYPE_RAM);
}

static void test_e820_errors(void **state)
{
	struct e820_entry e[3];
	unsigned n = 99;

	(void)state;
	assert_int_equal(e820_build(MiB(16) - 4096, e, 3, &n), BP_E_RAM_SMALL);
	assert_int_equal(n, 0);
	assert_int_equal(e820_build(0, e, 3, &n), BP_E_RAM_SMALL);
	assert_int_equal(e820_build(MiB(256) + 1, e, 3, &n), BP_E_RAM_ALIGN);
	assert_int_equal(e820_build(MiB(256) - 2048, e, 3, &n),
			 BP_E_RAM_ALIGN);
	assert_int_equal(e820_build(0xFEC01000, e, 3, &n), BP_E_RAM_LARGE);
	assert_int_equal(e820_build(4ull << 30, e, 3, &n), BP_E_RAM_LARGE);
	assert_int_equal(e820_build(MiB(256), e, 2, &n), BP_E_E820_SPACE);
	assert_int_equal(n, 0);
	assert_int_equal(e820_build(MiB(256), NULL, 3, &n), BP_E_INVAL);
	assert_int_equal(e820_build(MiB(256), e, 3, NULL), BP_E_INVAL);
}

/* --- boot_params_build --------------------------------------------------- */

static void test_zp_fields(void **state)
{
	const uint8_t *zp;

	(void)state;
	assert_int_equal(build(), BP_OK);
	zp = fx.zp;
	/* plan: kernel at 16 MiB, initrd 0x123456 bytes at 0xFEDC000 */
	assert_int_equal(rd16(zp, 0x1FA), 0xFFFF);		/* vid_mode */
	assert_int_equal(zp[0x210], 0xFF);			/* loader */
	assert_int_equal(zp[0x211], 0x01);			/* loadflags */
	assert_int_equal(rd32(zp, 0x214), 0x1000000);		/* code32 */
	assert_int_equal(rd32(zp, 0x218), 0xFEDC000);		/* ramdisk */
	assert_int_equal(rd32(zp, 0x21C), 0x123456);
	assert_int_equal(rd16(zp, 0x224), 0);			/* heap_end */
	assert_int_equal(rd32(zp, 0x228), 0x20000);		/* cmdline */
	assert_int_equal(rd32(zp, 0x0C0), 0);			/* ext_ */
	assert_int_equal(rd32(zp, 0x0C4), 0);
	assert_int_equal(rd32(zp, 0x0C8), 0);
	assert_int_equal(rd64(zp, 0x070), 0);			/* acpi_rsdp */
	/* copied from the image unchanged */
	assert_int_equal(zp[0x1F1], 27);			/* setup_sects */
	assert_int_equal(rd16(zp, 0x1F2), 1);			/* root_flags */
	assert_int_equal(rd32(zp, 0x1F4), 0x1000);		/* syssize */
	assert_int_equal(rd16(zp, 0x1FC), 0x0801);		/* root_dev */
	assert_int_equal(rd16(zp, 0x1FE), 0xAA55);
	assert_memory_equal(zp + 0x202, "HdrS", 4);
	assert_int_equal(rd16(zp, 0x206), 0x020F);
	assert_int_equal(rd32(zp, 0x22C), 0x7FFFFFFF);
	assert_int_equal(rd32(zp, 0x230), 0x200000);
	assert_int_equal(zp[0x234], 1);
	assert_int_equal(rd16(zp, 0x236), 0x3B);
	assert_int_equal(rd32(zp, 0x238), 2047);
	assert_int_equal(rd64(zp, 0x258), 0x1000000);
	assert_int_equal(rd32(zp, 0x260), 0x2000000);
	assert_int_equal(rd32(zp, 0x268), 0xE000);
	/* the image's sentinel and boot sector are not copied */
	assert_int_equal(zp[0x1EF], 0);
	assert_int_equal(zp[0x1F0], 0);
	assert_int_equal(zp[0x000], 0);
	/* nor the setup code after the header */
	for (size_t i = 0x26C; i < 0x290; i++)
		assert_int_equal(zp[i], 0);
	/* E820 */
	assert_int_equal(zp[0x1E8], 3);
	assert_int_equal(rd64(zp, 0x2D0), 0);
	assert_int_equal(rd64(zp, 0x2D8), 0x9F000);
	assert_int_equal(rd32(zp, 0x2E0), 1);
	assert_int_equal(rd64(zp, 0x2E4), 0x9F000);
	assert_int_equal(rd64(zp, 0x2EC), 0x61000);
	assert_int_equal(rd32(zp, 0x2F4), 2);
	assert_int_equal(rd64(zp, 0x2F8), 0x100000);
	assert_int_equal(rd64(zp, 0x300), 0xFF00000);
	assert_int_equal(rd32(zp, 0x308), 1);
}

/* The whole page, byte for byte, against one built here from the spec:
 * catches a write to any offset nobody asked for. */
static void test_zp_whole_page(void **state)
{
	uint8_t exp[BOOT_PARAMS_SIZE];

	(void)state;
	assert_int_equal(build(), BP_OK);

	memset(exp, 0, sizeof(exp));
	memcpy(exp + 0x1F1, img + 0x1F1, 0x26C - 0x1F1);
	wr16(exp, 0x1FA, 0xFFFF);
	exp[0x210] = 0xFF;
	exp[0x211] = 0x01;
	wr32(exp, 0x214, 0x1000000);
	wr32(exp, 0x218, 0xFEDC000);
	wr32(exp, 0x21C, 0x123456);
	wr32(exp, 0x228, 0x20000);
	exp[0x1E8] = 3;
	wr64(exp, 0x2D0 + 0 * 20, 0);
	wr64(exp, 0x2D8 + 0 * 20, 0x9F000);
	wr32(exp, 0x2E0 + 0 * 20, 1);
	wr64(exp, 0x2D0 + 1 * 20, 0x9F000);
	wr64(exp, 0x2D8 + 1 * 20, 0x61000);
	wr32(exp, 0x2E0 + 1 * 20, 2);
	wr64(exp, 0x2D0 + 2 * 20, 0x100000);
	wr64(exp, 0x2D8 + 2 * 20, 0xFF00000);
	wr32(exp, 0x2E0 + 2 * 20, 1);
	assert_memory_equal(fx.zp, exp, BOOT_PARAMS_SIZE);
}

/* Fields the file may set but a loader must own. */
static void test_zp_hostile_header_fields(void **state)
{
	const uint8_t *zp = fx.zp;

	(void)state;
	img[0x211] = LOADED_HIGH | CAN_USE_HEAP | KEEP_SEGMENTS | QUIET_FLAG |
		     KASLR_FLAG;
	img[0x210] = 0x72;			/* type_of_loader: GRUB */
	wr32(img, 0x218, 0xDEADBEEF);		/* ramdisk_image */
	wr32(img, 0x21C, 0xDEADBEEF);		/* ramdisk_size */
	wr16(img, 0x224, 0xDE00);		/* heap_end_ptr */
	img[0x226] = 0x12;			/* ext_loader_ver */
	img[0x227] = 0x05;			/* ext_loader_type */
	wr32(img, 0x228, 0xDEADBEEF);		/* cmd_line_ptr */
	wr32(img, 0x23C, 2);			/* hardware_subarch: Xen */
	wr64(img, 0x240, 0x1234567890ull);	/* hardware_subarch_data */
	wr64(img, 0x250, 0x1000);		/* setup_data list */
	assert_int_equal(build(), BP_OK);
	assert_int_equal(zp[0x210], 0xFF);
	assert_int_equal(zp[0x211], LOADED_HIGH);
	assert_int_equal(rd32(zp, 0x218), 0xFEDC000);
	assert_int_equal(rd32(zp, 0x21C), 0x123456);
	assert_int_equal(rd16(zp, 0x224), 0);
	assert_int_equal(zp[0x226], 0);
	assert_int_equal(zp[0x227], 0);
	assert_int_equal(rd32(zp, 0x228), 0x20000);
	assert_int_equal(rd32(zp, 0x23C), 0);
	assert_int_equal(rd64(zp, 0x240), 0);
	assert_int_equal(rd64(zp, 0x250), 0);
}

static void test_zp_no_initrd(void **state)
{
	(void)state;
	assert_int_equal(linux_plan(&fx.bz, MiB(256), 0, 0, &fx.plan), BZ_OK);
	assert_int_equal(build(), BP_OK);
	assert_int_equal(rd32(fx.zp, 0x218), 0);
	assert_int_equal(rd32(fx.zp, 0x21C), 0);
	assert_int_equal(rd32(fx.zp, 0x0C0), 0);
	assert_int_equal(rd32(fx.zp, 0x0C4), 0);
}

static void test_zp_ext_fields(void **state)
{
	(void)state;
	/* addresses above 4 GiB are split into low and ext_ halves */
	fx.plan.initrd = 0x123456000ull;
	fx.plan.initrd_size = 0x100000010ull;
	fx.plan.cmdline = 0x200001000ull;
	fx.plan.kernel_load = 0xFFE00000;
	assert_int_equal(build(), BP_OK);
	assert_int_equal(rd32(fx.zp, 0x218), 0x23456000);
	assert_int_equal(rd32(fx.zp, 0x0C0), 0x1);
	assert_int_equal(rd32(fx.zp, 0x21C), 0x10);
	assert_int_equal(rd32(fx.zp, 0x0C4), 0x1);
	assert_int_equal(rd32(fx.zp, 0x228), 0x1000);
	assert_int_equal(rd32(fx.zp, 0x0C8), 0x2);
	assert_int_equal(rd32(fx.zp, 0x214), 0xFFE00000);
}

static void test_zp_kernel_above_4g(void **state)
{
	(void)state;
	fx.plan.kernel_load = 0x100000000ull;
	assert_int_equal(build(), BP_E_KERNEL_4G);
	fx.plan.kernel_load = 0x123400000ull;
	assert_int_equal(build(), BP_E_KERNEL_4G);
	assert_int_equal(fx.zp[0], 0xAA);	/* untouched on error */
}

static void test_zp_header_lengths(void **state)
{
	(void)state;
	/* shortest header we accept: ends after init_size (0x264) */
	img[0x201] = 0x62;
	assert_int_equal(bzimage_parse(img, T_IMG_LEN, &fx.bz), BZ_OK);
	assert_int_equal(build(), BP_OK);
	assert_int_equal(rd32(fx.zp, 0x260), 0x2000000);
	assert_int_equal(rd32(fx.zp, 0x264), 0);	/* handover: not copied */
	assert_int_equal(rd32(fx.zp, 0x268), 0);
	/* longest possible: to 0x281, bytes after 0x26C come along */
	img[0x201] = 0x7F;
	img[0x280] = 0x77;
	img[0x281] = 0x66;
	assert_int_equal(bzimage_parse(img, T_IMG_LEN, &fx.bz), BZ_OK);
	assert_int_equal(build(), BP_OK);
	assert_int_equal(rd32(fx.zp, 0x264), 0x190);
	assert_int_equal(fx.zp[0x280], 0x77);
	assert_int_equal(fx.zp[0x281], 0);
}

static void test_zp_header_mismatch(void **state)
{
	(void)state;
	/* bz must describe this image, inside both the file and the page */
	fx.bz.header_end = 0x270;
	assert_int_equal(build(), BP_E_HEADER);
	fx.bz.header_end = 0x291;
	assert_int_equal(build(), BP_E_HEADER);
	fx.bz.header_end = 0x100;
	assert_int_equal(build(), BP_E_HEADER);
	fx.bz.header_end = 0x26C;
	assert_int_equal(boot_params_build(fx.zp, img, 0x26B, &fx.bz, &fx.plan,
					   fx.e820, fx.n), BP_E_HEADER);
	assert_int_equal(fx.zp[0], 0xAA);	/* untouched on error */
	/* exactly the header is enough for the zero page */
	assert_int_equal(boot_params_build(fx.zp, img, 0x26C, &fx.bz, &fx.plan,
					   fx.e820, fx.n), BP_OK);
}

static void test_zp_e820_count(void **state)
{
	struct e820_entry many[E820_MAX_ENTRIES_ZEROPAGE + 1];

	(void)state;
	for (unsigned i = 0; i < E820_MAX_ENTRIES_ZEROPAGE + 1; i++) {
		many[i].addr = 0x100000ull * i;
		many[i].size = 0x1000 + i;
		many[i].type = 1 + i % 5;
	}
	assert_int_equal(boot_params_build(fx.zp, img, T_IMG_LEN, &fx.bz,
					   &fx.plan, many, 129),
			 BP_E_E820_COUNT);
	assert_int_equal(boot_params_build(fx.zp, img, T_IMG_LEN, &fx.bz,
					   &fx.plan, many, 128), BP_OK);
	assert_int_equal(fx.zp[0x1E8], 128);
	/* the table is 0xA00 bytes: entry 127 is the last 20 before 0xCD0 */
	assert_int_equal(rd64(fx.zp, 0xCBC), 0x100000ull * 127);
	assert_int_equal(rd64(fx.zp, 0xCC4), 0x1000 + 127);
	assert_int_equal(rd32(fx.zp, 0xCCC), 1 + 127 % 5);
	for (size_t i = 0xCD0; i < BOOT_PARAMS_SIZE; i++)
		assert_int_equal(fx.zp[i], 0);
	/* no entries at all */
	assert_int_equal(boot_params_build(fx.zp, img, T_IMG_LEN, &fx.bz,
					   &fx.plan, NULL, 0), BP_OK);
	assert_int_equal(fx.zp[0x1E8], 0);
	assert_int_equal(rd64(fx.zp, 0x2D8), 0);
}

static void test_zp_invalid(void **state)
{
	(void)state;
	assert_int_equal(boot_params_build(NULL, img, T_IMG_LEN, &fx.bz,
					   &fx.plan, fx.e820, fx.n),
			 BP_E_INVAL);
	assert_int_equal(boot_params_build(fx.zp, NULL, T_IMG_LEN, &fx.bz,
					   &fx.plan, fx.e820, fx.n),
			 BP_E_INVAL);
	assert_int_equal(boot_params_build(fx.zp, img, T_IMG_LEN, NULL,
					   &fx.plan, fx.e820, fx.n),
			 BP_E_INVAL);
	assert_int_equal(boot_params_build(fx.zp, img, T_IMG_LEN, &fx.bz,
					   NULL, fx.e820, fx.n),
			 BP_E_INVAL);
	assert_int_equal(boot_params_build(fx.zp, img, T_IMG_LEN, &fx.bz,
					   &fx.plan, NULL, 1),
			 BP_E_INVAL);
}

/* parse -> e820 -> plan -> zero page, as the hypervisor will do it, for
 * a small guest where pref_address does not fit. */
static void test_zp_end_to_end_40m(void **state)
{
	struct bzimage_info bz;
	struct linux_plan plan;
	struct e820_entry e[3];
	unsigned n;
	const uint8_t *zp = fx.zp;

	(void)state;
	assert_int_equal(bzimage_parse(img, T_IMG_LEN, &bz), BZ_OK);
	assert_int_equal(e820_build(MiB(40), e, 3, &n), BP_OK);
	assert_int_equal(linux_plan(&bz, MiB(40), MiB(4), 100, &plan), BZ_OK);
	assert_int_equal(boot_params_build(fx.zp, img, T_IMG_LEN, &bz, &plan,
					   e, n), BP_OK);
	assert_int_equal(rd32(zp, 0x214), 0x200000);
	assert_int_equal(rd32(zp, 0x218), 0x2400000);
	assert_int_equal(rd32(zp, 0x21C), 0x400000);
	assert_int_equal(rd32(zp, 0x228), 0x20000);
	assert_int_equal(rd64(zp, 0x2F8), 0x100000);
	assert_int_equal(rd64(zp, 0x300), MiB(39));
}

/* --- screen_info --------------------------------------------------- */

/* QEMU's standard VGA under OVMF: 1280x800 BGRX, 1280 pixels a line. */
static const struct guest_fb qemu_fb = {
	.gpa = 0xC0000000, .size = 4096000, .width = 1280, .height = 800,
	.stride = 1280, .red_mask = 0x00FF0000, .green_mask = 0x0000FF00,
	.blue_mask = 0x000000FF, .reserved_mask = 0xFF000000,
};

/* The fields, at their screen_info.h offsets, as the EFI stub sets them
 * for the same GOP mode; nothing else of the zero page changes. */
static void test_screen_bgrx(void **state)
{
	static uint8_t zp[4096], before[4096];

	(void)state;
	memset(zp, 0xA5, sizeof(zp));
	memset(zp, 0, 0x40);
	memcpy(before, zp, sizeof(zp));
	assert_int_equal(boot_params_set_screen(zp, &qemu_fb), BP_OK);
	assert_int_equal(zp[0x0F], 0x70);		/* VIDEO_TYPE_EFI */
	assert_int_equal(rd16(zp, 0x12), 1280);		/* lfb_width */
	assert_int_equal(rd16(zp, 0x14), 800);		/* lfb_height */
	assert_int_equal(rd16(zp, 0x16), 32);		/* lfb_depth */
	assert_int_equal(rd32(zp, 0x18), 0xC0000000);	/* lfb_base */
	assert_int_equal(rd32(zp, 0x1C), 4096000);	/* lfb_size */
	assert_int_equal(rd16(zp, 0x24), 5120);		/* lfb_linelength */
	assert_int_equal(zp[0x26], 8);			/* red_size */
	assert_int_equal(zp[0x27], 16);			/* red_pos */
	assert_int_equal(zp[0x28], 8);
	assert_int_equal(zp[0x29], 8);
	assert_int_equal(zp[0x2A], 8);
	assert_int_equal(zp[0x2B], 0);
	assert_int_equal(zp[0x2C], 8);			/* rsvd */
	assert_int_equal(zp[0x2D], 24);
	assert_int_equal(rd16(zp, 0x32), 1);		/* pages */
	assert_int_equal(rd32(zp, 0x36), 1);		/* SKIP_QUIRKS */
	assert_int_equal(rd32(zp, 0x3A), 0);		/* ext_lfb_base */
	/* the rest of screen_info is zero, the rest of the page as it was */
	for (size_t i = 0; i < 0x40; i++) {
		switch (i) {
		case 0x0F: case 0x12: case 0x13: case 0x14: case 0x15:
		case 0x16: case 0x18: case 0x19: case 0x1A: case 0x1B:
		case 0x1C: case 0x1D: case 0x1E: case 0x1F: case 0x24:
		case 0x25: case 0x26: case 0x27: case 0x28: case 0x29:
		case 0x2A: case 0x2C: case 0x2D: case 0x32: case 0x36:
			break;
		default:
			assert_int_equal(zp[i], 0);
		}
	}
	assert_memory_equal(zp + 0x40, before + 0x40, sizeof(zp) - 0x40);
}

/* RGBX, a stride wider than the screen, a base above 4 GiB, and a
 * 16-bit 5:6:5 bitmask mode. */
static void test_screen_other_modes(void **state)
{
	static uint8_t zp[4096];
	struct guest_fb fb = qemu_fb;

	(void)state;
	memset(zp, 0, sizeof(zp));
	fb.red_mask = 0x000000FF;
	fb.blue_mask = 0x00FF0000;
	fb.stride = 1344;
	fb.size = 1344 * 4 * 800;
	fb.gpa = 0x3812345000ull;
	assert_int_equal(boot_params_set_screen(zp, &fb), BP_OK);
	assert_int_equal(rd16(zp, 0x24), 5376);
	assert_int_equal(rd32(zp, 0x1C), 5376 * 800);
	assert_int_equal(zp[0x27], 0);			/* red_pos */
	assert_int_equal(zp[0x2B], 16);			/* blue_pos */
	assert_int_equal(rd32(zp, 0x18), 0x12345000);
	assert_int_equal(rd32(zp, 0x3A), 0x38);
	assert_int_equal(rd32(zp, 0x36), 3);		/* + 64BIT_BASE */

	fb = qemu_fb;
	fb.red_mask = 0xF800;
	fb.green_mask = 0x07E0;
	fb.blue_mask = 0x001F;
	fb.reserved_mask = 0;
	assert_int_equal(boot_params_set_screen(zp, &fb), BP_OK);
	assert_int_equal(rd16(zp, 0x16), 16);
	assert_int_equal(rd16(zp, 0x24), 2560);
	assert_int_equal(rd32(zp, 0x1C), 2560 * 800);
	assert_int_equal(zp[0x26], 5);
	assert_int_equal(zp[0x27], 11);
	assert_int_equal(zp[0x28], 6);
	assert_int_equal(zp[0x29], 5);
	assert_int_equal(zp[0x2A], 5);
	assert_int_equal(zp[0x2B], 0);
	assert_int_equal(zp[0x2C], 0);
	assert_int_equal(zp[0x2D], 0);
}

/* What screen_info cannot describe is refused and leaves it zero. */
static void test_screen_refused(void **state)
{
	static uint8_t zp[4096];
	struct guest_fb fb;
	static const struct {
		size_t off;	/* field of struct guest_fb */
		uint64_t val;
	} bad[] = {
		{ offsetof(struct guest_fb, green_mask), 0 },
		{ offsetof(struct guest_fb, green_mask), 0x0000F0F0 },
		{ offsetof(struct guest_fb, green_mask), 0x0001FF00 },
		{ offsetof(struct guest_fb, reserved_mask), 0x800000FF },
		{ offsetof(struct guest_fb, reserved_mask), 0x0F000000 },
		{ offsetof(struct guest_fb, width), 0 },
		{ offsetof(struct guest_fb, height), 0 },
		{ offsetof(struct guest_fb, width), 0x10000 },
		{ offsetof(struct guest_fb, stride), 1279 },
		{ offsetof(struct guest_fb, stride), 0x4000 },	/* line > 64K */
		{ offsetof(struct guest_fb, size), 4096000 - 1 },
		{ offsetof(struct guest_fb, gpa), 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fb = qemu_fb;
		if (bad[i].off == offsetof(struct guest_fb, gpa) ||
		    bad[i].off == offsetof(struct guest_fb, size))
			memcpy((uint8_t *)&fb + bad[i].off, &bad[i].val, 8);
		else
			memcpy((uint8_t *)&fb + bad[i].off, &(uint32_t){
				(uint32_t)bad[i].val }, 4);
		memset(zp, 0, sizeof(zp));
		assert_int_equal(boot_params_set_screen(zp, &fb), BP_E_SCREEN);
		for (size_t j = 0; j < 0x40; j++)
			assert_int_equal(zp[j], 0);
	}
	fb = qemu_fb;
	fb.height = 0x10000;
	fb.size = ~0ull;
	assert_int_equal(boot_params_set_screen(zp, &fb), BP_E_SCREEN);
	assert_int_equal(boot_params_set_screen(NULL, &qemu_fb), BP_E_INVAL);
	assert_int_equal(boot_params_set_screen(zp, NULL), BP_E_INVAL);
}

/* The RSDP's address lands at 0x070 and nowhere else; the ACPI area
 * (0xE0000-0xFFFFF) is inside the reserved E820 hole. */
static void test_zp_acpi_rsdp(void **state)
{
	uint8_t before[BOOT_PARAMS_SIZE];
	struct e820_entry e[3];
	unsigned n;

	(void)state;
	assert_int_equal(build(), BP_OK);
	assert_int_equal(rd32(fx.zp, 0x070), 0);
	assert_int_equal(rd32(fx.zp, 0x074), 0);
	memcpy(before, fx.zp, BOOT_PARAMS_SIZE);
	boot_params_set_acpi_rsdp(fx.zp, 0x1234567800E0000ULL);
	assert_int_equal(rd32(fx.zp, 0x070), 0x800E0000);
	assert_int_equal(rd32(fx.zp, 0x074), 0x01234567);
	for (unsigned i = 0; i < BOOT_PARAMS_SIZE; i++)
		if (i < 0x70 || i >= 0x78)
			assert_int_equal(fx.zp[i], before[i]);
	assert_int_equal(e820_build(MiB(16), e, 3, &n), BP_OK);
	assert_true(e[1].addr <= 0xE0000 && e[1].addr + e[1].size >= 0x100000);
	assert_int_equal(e[1].type, E820_TYPE_RESERVED);
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(boot_params_strerror(BP_E_E820_COUNT),
			    "more than 128 E820 entries");
	assert_string_equal(boot_params_strerror(BP_E_RAM_SMALL),
			    "guest RAM smaller than 16 MiB");
	assert_string_equal(boot_params_strerror(BP_E_SCREEN),
			    "framebuffer that screen_info cannot describe");
	assert_string_equal(boot_params_strerror(-10),
			    "unknown boot_params error");
	for (int a = BP_E_SCREEN; a <= BP_OK; a++) {
		assert_string_not_equal(boot_params_strerror(a),
					"unknown boot_params error");
		for (int b = a + 1; b <= BP_OK; b++)
			assert_string_not_equal(boot_params_strerror(a),
						boot_params_strerror(b));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_e820_256m),
		cmocka_unit_test(test_e820_limits),
		cmocka_unit_test(test_e820_errors),
		cmocka_unit_test_setup_teardown(test_zp_fields, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zp_whole_page, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zp_hostile_header_fields,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_zp_no_initrd, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zp_ext_fields, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zp_kernel_above_4g, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zp_header_lengths, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zp_header_mismatch, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zp_e820_count, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zp_invalid, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zp_end_to_end_40m, setup,
						teardown),
		cmocka_unit_test(test_screen_bgrx),
		cmocka_unit_test(test_screen_other_modes),
		cmocka_unit_test(test_screen_refused),
		cmocka_unit_test_setup_teardown(test_zp_acpi_rsdp, setup,
						teardown),
		cmocka_unit_test(test_strerror),
	};
	return cmocka_run_group_tests_name("boot_params", tests, NULL, NULL);
}
