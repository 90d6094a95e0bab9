/* Fuzzes guest/boot_params.c: the zero page built from a bzImage the input
 * supplies (after bzimage_parse and linux_plan accepted it) and an E820
 * map for a guest size the input picks. The zero page is its own 4 KiB
 * allocation, so AddressSanitizer sees a write past it; the checks are
 * what the kernel reads from it. */
#include <string.h>

#include "guest/boot_params.h"
#include "guest/bzimage.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bzimage_info bz;
	struct linux_plan plan;
	struct e820_entry e820[E820_MAX_ENTRIES_ZEROPAGE + 1];
	unsigned n_e820 = 0;
	const uint8_t *p = data;
	size_t n = size;
	/* 4 KiB granules up to 16 GiB: some sizes e820_build refuses. */
	uint64_t ram = fuzz_take(&p, &n, 3) << 12;
	uint64_t initrd = fuzz_take(&p, &n, 3) << 4;
	size_t cmdline = (size_t)fuzz_take(&p, &n, 2) & 0x7FF;
	unsigned extra = (unsigned)fuzz_take(&p, &n, 1);
	uint8_t *img = malloc(n ? n : 1);
	uint8_t *zp = malloc(BOOT_PARAMS_SIZE);

	FUZZ_CHECK(img && zp);
	memcpy(img, p, n);
	if (e820_build(ram, e820, E820_MAX_ENTRIES_ZEROPAGE, &n_e820) == BP_OK) {
		FUZZ_CHECK(n_e820 == 3);
		FUZZ_CHECK(e820[0].addr == 0 && e820[2].addr + e820[2].size == ram);
		FUZZ_CHECK(ram >= E820_MIN_RAM && ram <= E820_MAX_RAM &&
			   ram % 4096 == 0);
	} else {
		n_e820 = 0;
	}
	/* More entries than the zero page holds must be refused. */
	if (extra > E820_MAX_ENTRIES_ZEROPAGE)
		n_e820 = E820_MAX_ENTRIES_ZEROPAGE + 1;
	if (n_e820 > 3)
		memset(&e820[3], 0, (n_e820 - 3) * sizeof(e820[0]));

	if (bzimage_parse(img, n, &bz) == BZ_OK &&
	    linux_plan(&bz, ram ? ram : 1, initrd, cmdline, &plan) == BZ_OK) {
		memset(zp, 0xA5, BOOT_PARAMS_SIZE);
		int err = boot_params_build(zp, img, n, &bz, &plan, e820,
					    n_e820);
		if (n_e820 > E820_MAX_ENTRIES_ZEROPAGE) {
			FUZZ_CHECK(err == BP_E_E820_COUNT);
		} else if (err == BP_OK) {
			const struct boot_params *bp =
				(const struct boot_params *)zp;
			FUZZ_CHECK(bp->sentinel == 0);
			FUZZ_CHECK(bp->e820_entries == n_e820);
			FUZZ_CHECK(bp->hdr.setup_data == 0);
			FUZZ_CHECK(bp->hdr.hardware_subarch == 0);
			FUZZ_CHECK(bp->hdr.code32_start == plan.kernel_load);
			FUZZ_CHECK(bp->hdr.cmd_line_ptr == plan.cmdline);
			FUZZ_CHECK(bp->hdr.ramdisk_image == plan.initrd);
			FUZZ_CHECK(bp->hdr.ramdisk_size == (uint32_t)plan.initrd_size);
			FUZZ_CHECK(bp->hdr.loadflags == LOADED_HIGH);
			/* Nothing of the file lands outside the header hole. */
			for (size_t i = 0; i < BZ_HDR_OFFSET; i++)
				FUZZ_CHECK(zp[i] == 0 || i == 0x1E8);
			for (size_t i = bz.header_end; i < 0x2D0; i++)
				FUZZ_CHECK(zp[i] == 0);
			/* The setup_sects byte is the file's, as copied. */
			FUZZ_CHECK(zp[BZ_HDR_OFFSET] == img[BZ_HDR_OFFSET]);
		} else {
			FUZZ_CHECK(err == BP_E_KERNEL_4G || err == BP_E_HEADER);
		}
	}
	free(zp);
	free(img);
	return 0;
}
