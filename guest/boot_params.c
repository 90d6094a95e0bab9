/* The Linux zero page and the guest E820 map; see boot_params.h,
 * Linux Documentation/arch/x86/zero-page.rst and boot.rst. */
#include "guest/boot_params.h"
#include "kernel/kstring.h"

/* The layout is an ABI: check it against zero-page.rst and boot.rst. */
#define AT(field, off) \
	_Static_assert(offsetof(struct boot_params, field) == (off), #field)
AT(acpi_rsdp_addr, 0x070);
AT(ext_ramdisk_image, 0x0C0);
AT(ext_ramdisk_size, 0x0C4);
AT(ext_cmd_line_ptr, 0x0C8);
AT(cc_blob_address, 0x13C);
AT(alt_mem_k, 0x1E0);
AT(e820_entries, 0x1E8);
AT(sentinel, 0x1EF);
AT(hdr, 0x1F1);
AT(hdr.syssize, 0x1F4);
AT(hdr.vid_mode, 0x1FA);
AT(hdr.boot_flag, 0x1FE);
AT(hdr.header, 0x202);
AT(hdr.version, 0x206);
AT(hdr.type_of_loader, 0x210);
AT(hdr.loadflags, 0x211);
AT(hdr.code32_start, 0x214);
AT(hdr.ramdisk_image, 0x218);
AT(hdr.ramdisk_size, 0x21C);
AT(hdr.heap_end_ptr, 0x224);
AT(hdr.ext_loader_ver, 0x226);
AT(hdr.cmd_line_ptr, 0x228);
AT(hdr.initrd_addr_max, 0x22C);
AT(hdr.kernel_alignment, 0x230);
AT(hdr.relocatable_kernel, 0x234);
AT(hdr.xloadflags, 0x236);
AT(hdr.cmdline_size, 0x238);
AT(hdr.hardware_subarch, 0x23C);
AT(hdr.hardware_subarch_data, 0x240);
AT(hdr.setup_data, 0x250);
AT(hdr.pref_address, 0x258);
AT(hdr.init_size, 0x260);
AT(hdr.kernel_info_offset, 0x268);
AT(edd_mbr_sig_buffer, 0x290);
AT(e820_table, 0x2D0);
AT(eddbuf, 0xD00);
_Static_assert(sizeof(struct setup_header) == 0x26C - 0x1F1, "setup_header");
_Static_assert(sizeof(struct screen_info) == 0x40, "screen_info");
_Static_assert(offsetof(struct screen_info, orig_video_isVGA) == 0x0F, "isVGA");
_Static_assert(offsetof(struct screen_info, lfb_base) == 0x18, "lfb_base");
_Static_assert(offsetof(struct screen_info, lfb_linelength) == 0x24, "ll");
_Static_assert(offsetof(struct screen_info, capabilities) == 0x36, "caps");
_Static_assert(offsetof(struct screen_info, ext_lfb_base) == 0x3A, "ext");
_Static_assert(sizeof(struct e820_entry) == 20, "e820_entry");
_Static_assert(sizeof(struct boot_params) == BOOT_PARAMS_SIZE, "zero page");
#undef AT

int boot_params_build(uint8_t *zp, const void *img, size_t img_len,
		      const struct bzimage_info *bz,
		      const struct linux_plan *plan,
		      const struct e820_entry *e820, unsigned n_e820)
{
	const uint8_t *p = img;
	struct boot_params *bp;
	uint32_t end;

	if (!zp || !img || !bz || !plan || (n_e820 && !e820))
		return BP_E_INVAL;

	/* bz came from bzimage_parse on this image; still, the bytes we
	 * copy must be in the file and in the zero page's header hole. */
	end = bz->header_end;
	if (end < BZ_HDR_MIN_END || end > BZ_HDR_MAX_END || end > img_len ||
	    end != BZ_HEADER_OFFSET + (uint32_t)p[BZ_JUMP_OFFSET + 1])
		return BP_E_HEADER;
	if (n_e820 > E820_MAX_ENTRIES_ZEROPAGE)
		return BP_E_E820_COUNT;
	/* code32_start is 32 bits, and the 32-bit entry has paging off. */
	if (plan->kernel_load >= LINUX_4G)
		return BP_E_KERNEL_4G;

	/* "The memory for struct boot_params should be allocated and
	 * initialized to all zero. Then the setup header from offset 0x01f1
	 * of kernel image on should be loaded into struct boot_params"
	 * (boot.rst, "32-bit Boot Protocol"). Copying from 0x1F1, not from
	 * 0, keeps sentinel (0x1EF) zero: a nonzero sentinel tells the
	 * kernel the loader copied the whole sector and makes it wipe the
	 * fields it then cannot trust. */
	memset(zp, 0, BOOT_PARAMS_SIZE);
	memcpy(zp + BZ_HDR_OFFSET, p + BZ_HDR_OFFSET, end - BZ_HDR_OFFSET);
	bp = (struct boot_params *)zp;

	/* Loader fields of the setup header. */
	bp->hdr.vid_mode = VID_MODE_NORMAL;
	/* No boot loader ID is assigned to us: 0xFF is "undefined", and the
	 * ext_loader_* fields only matter for type 0xE. */
	bp->hdr.type_of_loader = LOADER_TYPE_UNDEFINED;
	bp->hdr.ext_loader_ver = 0;
	bp->hdr.ext_loader_type = 0;
	/* LOADED_HIGH stays (bzimage_parse required it). CAN_USE_HEAP says
	 * heap_end_ptr is valid, but only the real-mode setup code uses that
	 * heap and the 32-bit protocol skips it: clear, heap_end_ptr 0.
	 * QUIET_FLAG clear: we want the early messages. KEEP_SEGMENTS is
	 * obsolete and KASLR_FLAG belongs to the kernel. */
	bp->hdr.loadflags = LOADED_HIGH;
	bp->hdr.heap_end_ptr = 0;
	/* The kernel is relocatable and not at its default address. */
	bp->hdr.code32_start = (uint32_t)plan->kernel_load;
	bp->hdr.cmd_line_ptr = (uint32_t)plan->cmdline;
	bp->ext_cmd_line_ptr = (uint32_t)(plan->cmdline >> 32);
	bp->hdr.ramdisk_image = (uint32_t)plan->initrd;
	bp->ext_ramdisk_image = (uint32_t)(plan->initrd >> 32);
	bp->hdr.ramdisk_size = (uint32_t)plan->initrd_size;
	bp->ext_ramdisk_size = (uint32_t)(plan->initrd_size >> 32);
	/* "write" fields copied from a hostile file must not point the
	 * kernel anywhere: no setup_data list, plain PC subarchitecture. */
	bp->hdr.setup_data = 0;
	bp->hdr.hardware_subarch = 0;
	bp->hdr.hardware_subarch_data = 0;

	/* acpi_rsdp_addr stays 0 here: boot_params_set_acpi_rsdp() sets it
	 * when the VM has ACPI tables. */

	bp->e820_entries = (uint8_t)n_e820;
	for (unsigned i = 0; i < n_e820; i++)
		bp->e820_table[i] = e820[i];
	return BP_OK;
}

int e820_build(uint64_t ram_size, struct e820_entry *out, unsigned max,
	       unsigned *n)
{
	if (!out || !n)
		return BP_E_INVAL;
	*n = 0;
	if (ram_size & (LINUX_PAGE_SIZE - 1))
		return BP_E_RAM_ALIGN;
	if (ram_size < E820_MIN_RAM)
		return BP_E_RAM_SMALL;
	if (ram_size > E820_MAX_RAM)
		return BP_E_RAM_LARGE;
	if (max < 3)
		return BP_E_E820_SPACE;

	/* Conventional memory, minus the page a PC gives its EBDA. */
	out[0].addr = 0;
	out[0].size = E820_EBDA_START;
	out[0].type = E820_TYPE_RAM;
	/* EBDA, VGA window 0xA0000-0xBFFFF, option and BIOS ROMs; the
	 * hypervisor's ACPI tables are at 0xE0000 (guest/acpi_tables.h). */
	out[1].addr = E820_EBDA_START;
	out[1].size = E820_HIGH_START - E820_EBDA_START;
	out[1].type = E820_TYPE_RESERVED;
	/* Everything above 1 MiB. */
	out[2].addr = E820_HIGH_START;
	out[2].size = ram_size - E820_HIGH_START;
	out[2].type = E820_TYPE_RAM;
	*n = 3;
	return BP_OK;
}

/* A colour mask's position and width, if it is one run of set bits (or
 * empty: 0, 0). */
static int mask_bits(uint32_t m, uint8_t *pos, uint8_t *size)
{
	uint8_t p = 0, n = 0;

	if (m) {
		while (!(m & 1)) {
			m >>= 1;
			p++;
		}
		while (m & 1) {
			m >>= 1;
			n++;
		}
		if (m)
			return -1;
	}
	*pos = p;
	*size = n;
	return 0;
}

int boot_params_set_screen(uint8_t *zp, const struct guest_fb *fb)
{
	struct screen_info si;
	uint32_t depth;
	uint64_t linelength;

	if (!zp || !fb)
		return BP_E_INVAL;
	memset(&si, 0, sizeof(si));
	if (mask_bits(fb->red_mask, &si.red_pos, &si.red_size) ||
	    mask_bits(fb->green_mask, &si.green_pos, &si.green_size) ||
	    mask_bits(fb->blue_mask, &si.blue_pos, &si.blue_size) ||
	    mask_bits(fb->reserved_mask, &si.rsvd_pos, &si.rsvd_size) ||
	    !si.red_size || !si.green_size || !si.blue_size)
		return BP_E_SCREEN;
	if ((fb->red_mask & fb->green_mask) || (fb->red_mask & fb->blue_mask) ||
	    (fb->green_mask & fb->blue_mask) ||
	    ((fb->red_mask | fb->green_mask | fb->blue_mask) & fb->reserved_mask))
		return BP_E_SCREEN;
	/* As the EFI stub: depth is the bits the masks use, the line length
	 * stride * depth / 8, the size linelength * height. */
	depth = (uint32_t)si.red_size + si.green_size + si.blue_size +
		si.rsvd_size;
	linelength = (uint64_t)fb->stride * depth / 8;
	if (!fb->width || !fb->height || fb->width > 0xFFFF ||
	    fb->height > 0xFFFF || fb->stride < fb->width ||
	    linelength > 0xFFFF || (depth % 8) != 0 ||
	    linelength * fb->height > fb->size || !fb->gpa)
		return BP_E_SCREEN;
	si.orig_video_isVGA = VIDEO_TYPE_EFI;
	si.lfb_width = (uint16_t)fb->width;
	si.lfb_height = (uint16_t)fb->height;
	si.lfb_depth = (uint16_t)depth;
	si.lfb_linelength = (uint16_t)linelength;
	si.lfb_size = (uint32_t)(linelength * fb->height);
	si.lfb_base = (uint32_t)fb->gpa;
	si.ext_lfb_base = (uint32_t)(fb->gpa >> 32);
	si.pages = 1;
	si.capabilities = VIDEO_CAPABILITY_SKIP_QUIRKS;
	if (si.ext_lfb_base)
		si.capabilities |= VIDEO_CAPABILITY_64BIT_BASE;
	memcpy(zp + offsetof(struct boot_params, screen_info), &si, sizeof(si));
	return BP_OK;
}

void boot_params_set_acpi_rsdp(uint8_t *zp, uint64_t rsdp)
{
	((struct boot_params *)zp)->acpi_rsdp_addr = rsdp;
}

const char *boot_params_strerror(int err)
{
	switch (err) {
	case BP_OK:
		return "ok";
	case BP_E_INVAL:
		return "invalid argument";
	case BP_E_HEADER:
		return "setup header does not match the image";
	case BP_E_E820_COUNT:
		return "more than 128 E820 entries";
	case BP_E_KERNEL_4G:
		return "kernel load address not below 4 GiB";
	case BP_E_RAM_SMALL:
		return "guest RAM smaller than 16 MiB";
	case BP_E_RAM_ALIGN:
		return "guest RAM not a multiple of 4 KiB";
	case BP_E_RAM_LARGE:
		return "guest RAM reaches the MMIO window at 0xFEC00000";
	case BP_E_E820_SPACE:
		return "E820 table too small";
	case BP_E_SCREEN:
		return "framebuffer that screen_info cannot describe";
	default:
		return "unknown boot_params error";
	}
}
