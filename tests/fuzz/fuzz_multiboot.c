/* Fuzzes guest/multiboot.c: multiboot_parse with the input as the guest
 * kernel file, then multiboot_plan and multiboot_info_build. What they
 * accept, the kernel copies without further checks
 * (guest/multiboot_guest.c): every segment's bytes must lie in the file,
 * every segment in guest RAM outside the legacy hole and clear of the
 * others, the entry point in a segment, and the information block and
 * module above the kernel and inside RAM. */
#include <string.h>

#include "guest/multiboot.h"
#include "tests/fuzz/fuzz.h"

static uint8_t area[MULTIBOOT_MODULE_OFF];

static void check_plan(const struct multiboot_image *mb, uint64_t ram,
		       uint64_t module_size, size_t cmdline_len)
{
	struct multiboot_plan p;
	char cmdline[64];

	if (multiboot_plan(mb, ram, module_size, cmdline_len, &p) != MB_OK)
		return;
	FUZZ_CHECK(cmdline_len < MULTIBOOT_CMDLINE_MAX);
	FUZZ_CHECK(p.info % MULTIBOOT_PAGE == 0);
	FUZZ_CHECK(p.info >= mb->highest && p.info >= MULTIBOOT_HIGH_START);
	FUZZ_CHECK(p.info + MULTIBOOT_MODULE_OFF <= ram);
	FUZZ_CHECK(p.area_size == ram - p.info);
	if (module_size) {
		FUZZ_CHECK(p.module == p.info + MULTIBOOT_MODULE_OFF);
		FUZZ_CHECK(p.module_size == module_size);
		FUZZ_CHECK(p.module + module_size <= ram);
		FUZZ_CHECK(p.module + module_size <= MULTIBOOT_4G);
	} else {
		FUZZ_CHECK(p.module == 0);
	}
	FUZZ_CHECK(((uint64_t)p.mem_upper << 10) + MULTIBOOT_HIGH_START == p.info);
	memset(cmdline, 'x', sizeof(cmdline) - 1);
	cmdline[sizeof(cmdline) - 1] = 0;
	FUZZ_CHECK(multiboot_info_build(area, sizeof(area), &p, ram, cmdline,
					cmdline) == MB_OK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct multiboot_image mb;
	const uint8_t *p = data;
	size_t n = size;
	/* The front of the input picks the plan's parameters. */
	uint64_t ram = (fuzz_take(&p, &n, 2) + 1) << 20;	/* 1 MiB .. 64 GiB */
	uint64_t module = fuzz_take(&p, &n, 4);
	size_t cmdline = (size_t)fuzz_take(&p, &n, 2);
	uint8_t *img = malloc(n ? n : 1);

	FUZZ_CHECK(img);
	memcpy(img, p, n);
	if (multiboot_parse(img, n, ram, &mb) == MB_OK) {
		uint64_t top = ram < MULTIBOOT_4G ? ram : MULTIBOOT_4G;
		FUZZ_CHECK(mb.nseg >= 1 && mb.nseg <= MULTIBOOT_MAX_SEGMENTS);
		FUZZ_CHECK(mb.header_offset % 4 == 0 &&
			   mb.header_offset + 12 <= MULTIBOOT_SEARCH &&
			   mb.header_offset + 12 <= n);
		FUZZ_CHECK(!(mb.flags & MULTIBOOT_VIDEO_MODE));
		int entry_in = 0;
		for (unsigned i = 0; i < mb.nseg; i++) {
			const struct multiboot_segment *s = &mb.seg[i];
			uint64_t end = (uint64_t)s->paddr + s->memsz;
			FUZZ_CHECK(s->memsz > 0 && s->filesz <= s->memsz);
			FUZZ_CHECK((uint64_t)s->offset + s->filesz <= n);
			FUZZ_CHECK(end <= MULTIBOOT_LOW_END ||
				   (s->paddr >= MULTIBOOT_HIGH_START && end <= top));
			FUZZ_CHECK(s->paddr >= mb.lowest && end <= mb.highest);
			for (unsigned j = 0; j < i; j++)
				FUZZ_CHECK(end <= mb.seg[j].paddr ||
					   (uint64_t)mb.seg[j].paddr +
					   mb.seg[j].memsz <= s->paddr);
			if (mb.entry >= s->paddr && mb.entry < end)
				entry_in = 1;
		}
		FUZZ_CHECK(entry_in);
		check_plan(&mb, ram, module, cmdline);
		check_plan(&mb, 64ull << 20, module & 0xFFFF, cmdline & 0x7FF);
		check_plan(&mb, 3072ull << 20, module, cmdline & 0x1FFF);
	}
	free(img);
	return 0;
}
