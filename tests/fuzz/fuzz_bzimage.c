/* Fuzzes guest/bzimage.c: bzimage_parse with the input as the guest kernel
 * file, then linux_plan for a few guest sizes. What they accept, the
 * kernel copies without further checks (guest/linux_guest.c): the
 * protected-mode kernel must lie in the file, the placement in guest RAM
 * below 4 GiB, clear of the low areas and of each other. */
#include <string.h>

#include "guest/bzimage.h"
#include "tests/fuzz/fuzz.h"

static void check_plan(const struct bzimage_info *bz, uint64_t ram,
		       uint64_t initrd_size, size_t cmdline_len)
{
	struct linux_plan p;

	if (linux_plan(bz, ram, initrd_size, cmdline_len, &p) != BZ_OK)
		return;
	FUZZ_CHECK(p.cmdline_bytes == cmdline_len + 1);
	FUZZ_CHECK(p.cmdline + p.cmdline_bytes <= LINUX_CMDLINE +
		   LINUX_CMDLINE_AREA);
	FUZZ_CHECK(p.kernel_load >= LINUX_HIGH_START);
	FUZZ_CHECK(p.kernel_load % bz->kernel_alignment == 0);
	FUZZ_CHECK(p.kernel_end > p.kernel_load);
	FUZZ_CHECK(p.kernel_end - p.kernel_load >= bz->kernel_size);
	FUZZ_CHECK(p.kernel_end - p.kernel_load >= bz->init_size);
	FUZZ_CHECK(p.kernel_end <= ram && p.kernel_end <= LINUX_4G);
	FUZZ_CHECK(p.entry64 == p.kernel_load + LINUX_ENTRY64_OFFSET);
	if (initrd_size == 0) {
		FUZZ_CHECK(p.initrd == 0 && p.initrd_size == 0);
		return;
	}
	FUZZ_CHECK(p.initrd_size == initrd_size);
	FUZZ_CHECK(p.initrd >= LINUX_HIGH_START);
	FUZZ_CHECK(p.initrd % LINUX_PAGE_SIZE == 0);
	FUZZ_CHECK(p.initrd <= ram && initrd_size <= ram - p.initrd);
	FUZZ_CHECK(p.initrd + initrd_size - 1 <= bz->initrd_addr_max);
	FUZZ_CHECK(p.initrd + initrd_size <= p.kernel_load ||
		   p.initrd >= p.kernel_end);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bzimage_info bz;
	const uint8_t *p = data;
	size_t n = size;
	/* The front of the input picks the plan's parameters. */
	uint64_t ram = (fuzz_take(&p, &n, 2) + 1) << 20;	/* 1 MiB .. 64 GiB */
	uint64_t initrd = fuzz_take(&p, &n, 4);
	size_t cmdline = (size_t)fuzz_take(&p, &n, 2);
	uint8_t *img = malloc(n ? n : 1);

	FUZZ_CHECK(img);
	memcpy(img, p, n);
	if (bzimage_parse(img, n, &bz) == BZ_OK) {
		FUZZ_CHECK(bz.version >= BZ_MIN_VERSION);
		FUZZ_CHECK(bz.setup_sects >= 1 &&
			   bz.setup_sects <= BZ_SETUP_SECTS_MAX);
		FUZZ_CHECK(bz.setup_size == (bz.setup_sects + 1u) * 512u);
		FUZZ_CHECK(bz.kernel_size > 0);
		FUZZ_CHECK(bz.setup_size <= n &&
			   bz.kernel_size <= n - bz.setup_size);
		FUZZ_CHECK(bz.header_end >= BZ_HDR_MIN_END &&
			   bz.header_end <= BZ_HDR_MAX_END &&
			   bz.header_end <= n);
		FUZZ_CHECK(bz.kernel_alignment >= BZ_MIN_ALIGNMENT &&
			   (bz.kernel_alignment &
			    (bz.kernel_alignment - 1)) == 0);
		FUZZ_CHECK(bz.init_size >= bz.kernel_size);
		FUZZ_CHECK(bz.xloadflags & XLF_KERNEL_64);
		FUZZ_CHECK(bz.loadflags & LOADED_HIGH);
		check_plan(&bz, ram, initrd, cmdline);
		check_plan(&bz, 256ull << 20, initrd & 0xFFFFFF, cmdline & 0x7FF);
		check_plan(&bz, 3072ull << 20, initrd, cmdline & 0xFFF);
	}
	free(img);
	return 0;
}
