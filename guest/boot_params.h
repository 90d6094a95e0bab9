/* The Linux zero page (struct boot_params) and the E820 memory map it
 * carries.
 *
 * Spec: Linux Documentation/arch/x86/zero-page.rst (offsets), boot.rst
 * "32-bit Boot Protocol" (how a loader fills it), ACPI 6.5 section 15
 * "System Address Map Interfaces" (E820 entry types).
 *
 * For the 32-bit boot protocol the loader zeroes a 4 KiB page, copies the
 * setup header from the kernel file into it at 0x1F1, fills in the loader
 * fields and the memory map, and enters the kernel with %esi pointing to
 * the page. Only the fields we use are named; the rest is padding of the
 * right size, checked by static asserts in boot_params.c. */
#ifndef GUEST_BOOT_PARAMS_H
#define GUEST_BOOT_PARAMS_H

#include <stddef.h>
#include <stdint.h>
#include "guest/bzimage.h"

/* E820 address range types (ACPI "Address Range Types", Linux names). */
#define E820_TYPE_RAM		1	/* AddressRangeMemory */
#define E820_TYPE_RESERVED	2	/* AddressRangeReserved */
#define E820_TYPE_ACPI		3	/* AddressRangeACPI */
#define E820_TYPE_NVS		4	/* AddressRangeNVS */
#define E820_TYPE_UNUSABLE	5	/* AddressRangeUnusable */

/* One E820 entry as the BIOS call and the zero page lay it out. */
struct e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
} __attribute__((packed));

/* The zero page holds at most this many entries (E820_MAX_ENTRIES_ZEROPAGE
 * in Linux); more would need a SETUP_E820_EXT setup_data node. */
#define E820_MAX_ENTRIES_ZEROPAGE 128

#define BOOT_PARAMS_SIZE	4096

struct boot_params {
	uint8_t screen_info[0x40];		/* 0x000 */
	uint8_t apm_bios_info[0x14];		/* 0x040 */
	uint8_t _pad2[4];			/* 0x054 */
	uint64_t tboot_addr;			/* 0x058 */
	uint8_t ist_info[0x10];			/* 0x060 */
	uint64_t acpi_rsdp_addr;		/* 0x070 */
	uint8_t _pad3[8];			/* 0x078 */
	uint8_t hd0_info[16];			/* 0x080 obsolete */
	uint8_t hd1_info[16];			/* 0x090 obsolete */
	uint8_t sys_desc_table[0x10];		/* 0x0A0 obsolete */
	uint8_t olpc_ofw_header[0x10];		/* 0x0B0 */
	uint32_t ext_ramdisk_image;		/* 0x0C0 ramdisk_image >> 32 */
	uint32_t ext_ramdisk_size;		/* 0x0C4 ramdisk_size >> 32 */
	uint32_t ext_cmd_line_ptr;		/* 0x0C8 cmd_line_ptr >> 32 */
	uint8_t _pad4[0x13C - 0x0CC];		/* 0x0CC */
	uint32_t cc_blob_address;		/* 0x13C */
	uint8_t edid_info[0x80];		/* 0x140 */
	uint8_t efi_info[0x20];			/* 0x1C0 */
	uint32_t alt_mem_k;			/* 0x1E0 */
	uint32_t scratch;			/* 0x1E4 */
	uint8_t e820_entries;			/* 0x1E8 */
	uint8_t eddbuf_entries;			/* 0x1E9 */
	uint8_t edd_mbr_sig_buf_entries;	/* 0x1EA */
	uint8_t kbd_status;			/* 0x1EB */
	uint8_t secure_boot;			/* 0x1EC */
	uint8_t _pad5[2];			/* 0x1ED */
	uint8_t sentinel;			/* 0x1EF must stay 0, see .c */
	uint8_t _pad6[1];			/* 0x1F0 */
	struct setup_header hdr;		/* 0x1F1 */
	uint8_t _pad7[BZ_HDR_MAX_END - 0x1F1 - sizeof(struct setup_header)];
	uint32_t edd_mbr_sig_buffer[16];	/* 0x290 */
	struct e820_entry e820_table[E820_MAX_ENTRIES_ZEROPAGE]; /* 0x2D0 */
	uint8_t _pad8[0xD00 - 0xCD0];		/* 0xCD0 */
	uint8_t eddbuf[0x1EC];			/* 0xD00 */
	uint8_t _pad9[BOOT_PARAMS_SIZE - 0xEEC];	/* 0xEEC */
} __attribute__((packed));

/* vid_mode 0xFFFF: "normal" (boot.rst, "Special Command Line Options"). */
#define VID_MODE_NORMAL		0xFFFF
/* type_of_loader 0xFF: no assigned boot loader ID (boot.rst). */
#define LOADER_TYPE_UNDEFINED	0xFF

/* The zero page's screen_info (0x000, Linux include/uapi/linux/
 * screen_info.h): how the firmware left the screen. For a UEFI GOP
 * framebuffer the EFI stub fills it as boot_params_set_screen does
 * (drivers/firmware/efi/libstub/gop.c), and efifb drives it. */
struct screen_info {
	uint8_t orig_x;			/* 0x00 */
	uint8_t orig_y;			/* 0x01 */
	uint16_t ext_mem_k;		/* 0x02 */
	uint16_t orig_video_page;	/* 0x04 */
	uint8_t orig_video_mode;	/* 0x06 */
	uint8_t orig_video_cols;	/* 0x07 */
	uint8_t flags;			/* 0x08 */
	uint8_t unused2;		/* 0x09 */
	uint16_t orig_video_ega_bx;	/* 0x0A */
	uint16_t unused3;		/* 0x0C */
	uint8_t orig_video_lines;	/* 0x0E */
	uint8_t orig_video_isVGA;	/* 0x0F video type */
	uint16_t orig_video_points;	/* 0x10 */
	uint16_t lfb_width;		/* 0x12 pixels */
	uint16_t lfb_height;		/* 0x14 */
	uint16_t lfb_depth;		/* 0x16 bits per pixel */
	uint32_t lfb_base;		/* 0x18 low 32 bits */
	uint32_t lfb_size;		/* 0x1C bytes */
	uint16_t cl_magic, cl_offset;	/* 0x20 */
	uint16_t lfb_linelength;	/* 0x24 bytes per line */
	uint8_t red_size;		/* 0x26 */
	uint8_t red_pos;		/* 0x27 */
	uint8_t green_size;		/* 0x28 */
	uint8_t green_pos;		/* 0x29 */
	uint8_t blue_size;		/* 0x2A */
	uint8_t blue_pos;		/* 0x2B */
	uint8_t rsvd_size;		/* 0x2C */
	uint8_t rsvd_pos;		/* 0x2D */
	uint16_t vesapm_seg;		/* 0x2E */
	uint16_t vesapm_off;		/* 0x30 */
	uint16_t pages;			/* 0x32 */
	uint16_t vesa_attributes;	/* 0x34 */
	uint32_t capabilities;		/* 0x36 */
	uint32_t ext_lfb_base;		/* 0x3A high 32 bits of lfb_base */
	uint8_t _reserved[2];		/* 0x3E */
} __attribute__((packed));

#define VIDEO_TYPE_EFI			0x70	/* orig_video_isVGA */
#define VIDEO_CAPABILITY_SKIP_QUIRKS	(1u << 0)
#define VIDEO_CAPABILITY_64BIT_BASE	(1u << 1)

/* A framebuffer as the guest sees it: at guest-physical gpa, size bytes,
 * width x height pixels, stride pixels from a line to the next, and the
 * bits of each colour in a pixel. */
struct guest_fb {
	uint64_t gpa;
	uint64_t size;
	uint32_t width, height, stride;
	uint32_t red_mask, green_mask, blue_mask, reserved_mask;
};

/* Error codes of this file's functions. */
enum {
	BP_OK = 0,
	BP_E_INVAL = -1,	/* NULL argument */
	BP_E_HEADER = -2,	/* image/bz header bounds inconsistent */
	BP_E_E820_COUNT = -3,	/* more than 128 E820 entries */
	BP_E_KERNEL_4G = -4,	/* kernel load address not below 4 GiB */
	BP_E_RAM_SMALL = -5,	/* guest RAM < 16 MiB */
	BP_E_RAM_ALIGN = -6,	/* guest RAM not a multiple of 4 KiB */
	BP_E_RAM_LARGE = -7,	/* guest RAM reaches the APIC MMIO window */
	BP_E_E820_SPACE = -8,	/* caller's table too small */
	BP_E_SCREEN = -9,	/* framebuffer masks, size or geometry that
				   screen_info cannot describe */
};

/* Fills the 4096-byte zero page zp for booting the bzImage img (img_len
 * bytes, already accepted by bzimage_parse into bz) with the layout plan
 * and the memory map e820[0..n_e820). Returns 0 or a BP_E_* code. */
int boot_params_build(uint8_t *zp, const void *img, size_t img_len,
		      const struct bzimage_info *bz,
		      const struct linux_plan *plan,
		      const struct e820_entry *e820, unsigned n_e820);

/* Guest memory map for RAM at [0, ram_size):
 *
 *	[0, 0x9F000)		RAM
 *	[0x9F000, 0x100000)	reserved: EBDA page, VGA window, BIOS ROM
 *	[0x100000, ram_size)	RAM
 *
 * ram_size must be a multiple of 4 KiB, at least E820_MIN_RAM and at most
 * E820_MAX_RAM: there is no hole below 4 GiB, so RAM must end before the
 * IOAPIC/HPET/LAPIC MMIO window at 0xFEC00000. Writes the 3 entries to
 * out[0..max) and their count to *n. Returns 0 or a BP_E_* code. */
#define E820_EBDA_START		0x9F000ull
#define E820_HIGH_START		0x100000ull
#define E820_MIN_RAM		(16ull << 20)
#define E820_MAX_RAM		0xFEC00000ull
int e820_build(uint64_t ram_size, struct e820_entry *out, unsigned max,
	       unsigned *n);

/* Describes fb in zp's screen_info as the EFI stub does for a GOP
 * framebuffer: VIDEO_TYPE_EFI, resolution, depth and line length from
 * the masks (each colour one run of bits), the base split into lfb_base
 * and ext_lfb_base. The rest of the zero page is untouched. Returns 0 or
 * BP_E_INVAL, BP_E_SCREEN (screen_info left zero). */
int boot_params_set_screen(uint8_t *zp, const struct guest_fb *fb);

/* Tells the kernel where the RSDP is (zero page acpi_rsdp_addr, boot
 * protocol 2.14, zero-page.rst), so it need not scan for it. The tables
 * themselves lie in the E820_EBDA_START..E820_HIGH_START hole that
 * e820_build marks reserved (guest/acpi_tables.h). */
void boot_params_set_acpi_rsdp(uint8_t *zp, uint64_t rsdp);

/* A short static string for a BP_E_* code. */
const char *boot_params_strerror(int err);

#endif
