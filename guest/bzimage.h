/* Linux bzImage: parsing the real-mode kernel header and planning where the
 * pieces go in guest-physical memory.
 *
 * Spec: Linux Documentation/arch/x86/boot.rst, sections "The Real-Mode
 * Kernel Header", "Details of Header Fields", "Loading The Rest of The
 * Kernel" and "32-bit Boot Protocol". All fields are little-endian.
 *
 * A bzImage file is:
 *
 *	offset 0               boot sector (512 bytes); the setup header
 *	                       starts at 0x1F1 inside it
 *	offset 0x200           setup code, setup_sects sectors in all
 *	offset setup_size      protected-mode kernel (syssize * 16 bytes),
 *	                       where setup_size = (setup_sects + 1) * 512
 *
 * We boot through the 32-bit boot protocol (or its 64-bit variant): the
 * real-mode setup code is never run, only the protected-mode kernel is
 * copied into guest memory, and a zero page (guest/boot_params.h) carries
 * the setup header and the memory map to it.
 *
 * The image comes from a file: every offset and size in it is checked
 * before it is used. */
#ifndef GUEST_BZIMAGE_H
#define GUEST_BZIMAGE_H

#include <stddef.h>
#include <stdint.h>

/* The setup header, at offset 0x1F1 of the file and of struct boot_params
 * (boot.rst, "The Real-Mode Kernel Header"). The offsets in the comments
 * are file offsets; guest/boot_params.h checks them with static asserts. */
struct setup_header {
	uint8_t setup_sects;		/* 0x1F1 setup size in sectors, 0 = 4 */
	uint16_t root_flags;		/* 0x1F2 */
	uint32_t syssize;		/* 0x1F4 kernel size in 16-byte paras */
	uint16_t ram_size;		/* 0x1F8 obsolete */
	uint16_t vid_mode;		/* 0x1FA */
	uint16_t root_dev;		/* 0x1FC */
	uint16_t boot_flag;		/* 0x1FE 0xAA55 */
	uint16_t jump;			/* 0x200 0xEB, then header length */
	uint32_t header;		/* 0x202 "HdrS" */
	uint16_t version;		/* 0x206 protocol, major << 8 | minor */
	uint32_t realmode_swtch;	/* 0x208 */
	uint16_t start_sys_seg;		/* 0x20C obsolete */
	uint16_t kernel_version;	/* 0x20E */
	uint8_t type_of_loader;		/* 0x210 */
	uint8_t loadflags;		/* 0x211 */
	uint16_t setup_move_size;	/* 0x212 */
	uint32_t code32_start;		/* 0x214 */
	uint32_t ramdisk_image;		/* 0x218 */
	uint32_t ramdisk_size;		/* 0x21C */
	uint32_t bootsect_kludge;	/* 0x220 obsolete */
	uint16_t heap_end_ptr;		/* 0x224 */
	uint8_t ext_loader_ver;		/* 0x226 */
	uint8_t ext_loader_type;	/* 0x227 */
	uint32_t cmd_line_ptr;		/* 0x228 */
	uint32_t initrd_addr_max;	/* 0x22C highest byte the initrd may use */
	uint32_t kernel_alignment;	/* 0x230 */
	uint8_t relocatable_kernel;	/* 0x234 */
	uint8_t min_alignment;		/* 0x235 */
	uint16_t xloadflags;		/* 0x236 */
	uint32_t cmdline_size;		/* 0x238 max command line, without NUL */
	uint32_t hardware_subarch;	/* 0x23C */
	uint64_t hardware_subarch_data;	/* 0x240 */
	uint32_t payload_offset;	/* 0x248 */
	uint32_t payload_length;	/* 0x24C */
	uint64_t setup_data;		/* 0x250 */
	uint64_t pref_address;		/* 0x258 */
	uint32_t init_size;		/* 0x260 */
	uint32_t handover_offset;	/* 0x264 */
	uint32_t kernel_info_offset;	/* 0x268 */
} __attribute__((packed));

/* File offsets of the fields the parser looks at. */
#define BZ_HDR_OFFSET		0x1F1	/* setup header starts here */
#define BZ_BOOT_FLAG_OFFSET	0x1FE
#define BZ_JUMP_OFFSET		0x200
#define BZ_HEADER_OFFSET	0x202	/* "HdrS"; the jump is relative to it */

#define BZ_BOOT_FLAG		0xAA55
#define BZ_HDRS_MAGIC		0x53726448	/* "HdrS" little-endian */
#define BZ_JUMP_OPCODE		0xEB		/* jmp rel8 */
#define BZ_SECTOR_SIZE		512

/* The header must reach at least to the end of init_size (0x260/4), the
 * last field a 2.12 header has that we read. */
#define BZ_HDR_MIN_END		0x264
/* The zero page has room for the header up to 0x290, where
 * edd_mbr_sig_buffer starts (zero-page.rst). A jump rel8 cannot reach
 * further than 0x202 + 0x7F = 0x281 anyway. */
#define BZ_HDR_MAX_END		0x290

/* setup_sects: 0 means 4 (boot.rst note 1). The real-mode code (boot
 * sector plus setup) "can total up to 32K", so at most 63 setup sectors. */
#define BZ_SETUP_SECTS_DEFAULT	4
#define BZ_SETUP_SECTS_MAX	63

/* Oldest protocol we accept: 2.12. That is the version that introduced
 * xloadflags, the only way a bzImage says it is a 64-bit kernel with the
 * 64-bit entry point at load + 0x200 (XLF_KERNEL_64), and the ext_* fields
 * of the zero page. Everything else we rely on is older: relocatable_kernel
 * and kernel_alignment (2.05), cmdline_size (2.06), pref_address and
 * init_size (2.10). */
#define BZ_MIN_VERSION		0x020C

/* kernel_alignment must be a power of two; below a page makes no sense
 * (x86-64 kernels ask for 2 MiB, CONFIG_PHYSICAL_ALIGN). */
#define BZ_MIN_ALIGNMENT	0x1000

/* syssize counts 16-byte paragraphs. */
#define BZ_PARAGRAPH		16

/* Where a non-relocatable bzImage is loaded: code32_start's default. */
#define BZ_FIXED_LOAD		0x100000ull

/* loadflags (0x211) */
#define LOADED_HIGH		(1u << 0)	/* kernel loads at 0x100000 */
#define KASLR_FLAG		(1u << 1)	/* kernel internal */
#define QUIET_FLAG		(1u << 5)
#define KEEP_SEGMENTS		(1u << 6)	/* obsolete */
#define CAN_USE_HEAP		(1u << 7)	/* heap_end_ptr is valid */

/* xloadflags (0x236) */
#define XLF_KERNEL_64			(1u << 0)
#define XLF_CAN_BE_LOADED_ABOVE_4G	(1u << 1)
#define XLF_EFI_HANDOVER_32		(1u << 2)
#define XLF_EFI_HANDOVER_64		(1u << 3)
#define XLF_EFI_KEXEC			(1u << 4)
#define XLF_5LEVEL			(1u << 5)
#define XLF_5LEVEL_ENABLED		(1u << 6)

/* What bzimage_parse learned; every value has been range-checked. */
struct bzimage_info {
	uint16_t version;		/* protocol, e.g. 0x020F for 2.15 */
	uint8_t setup_sects;		/* after 0 -> 4 */
	uint32_t header_end;		/* 0x202 + jump offset: end of header */
	uint32_t setup_size;		/* (setup_sects+1)*512: file offset of
					   the protected-mode kernel */
	uint64_t kernel_size;		/* bytes to copy: syssize * 16, or
					   the file's remainder when the file
					   ends inside the last paragraph */
	uint64_t pref_address;		/* preferred load address, may be 0 */
	uint32_t kernel_alignment;	/* power of two, >= 4 KiB (4 KiB for
					   a non-relocatable kernel) */
	uint32_t init_size;		/* memory needed from the load address,
					   >= kernel_size */
	uint32_t cmdline_size;		/* max command line, without NUL */
	uint32_t initrd_addr_max;	/* highest byte the initrd may occupy */
	uint16_t xloadflags;		/* has XLF_KERNEL_64; note that
					   XLF_CAN_BE_LOADED_ABOVE_4G is not
					   used: we keep everything below 4G */
	uint8_t loadflags;		/* has LOADED_HIGH */
	uint8_t relocatable;		/* relocatable_kernel; if 0 the kernel
					   loads at BZ_FIXED_LOAD */
};

/* Error codes. bzimage_parse and linux_plan return 0 or one of these. */
enum {
	BZ_OK = 0,
	BZ_E_INVAL = -1,		/* NULL argument */
	BZ_E_TOO_SMALL = -2,		/* shorter than its setup header */
	BZ_E_BOOT_FLAG = -3,		/* no 0xAA55 at 0x1FE */
	BZ_E_NO_HDRS = -4,		/* no "HdrS" at 0x202 */
	BZ_E_OLD_PROTOCOL = -5,		/* version < 2.12 */
	BZ_E_HDR_LEN = -6,		/* jump at 0x200 gives a bad length */
	BZ_E_SETUP_SECTS = -7,		/* setup_sects > 63 */
	BZ_E_NO_KERNEL = -8,		/* syssize is 0 */
	BZ_E_TRUNCATED = -9,		/* file shorter than setup + kernel */
	BZ_E_NOT_LOADED_HIGH = -10,	/* zImage, not bzImage */
	BZ_E_FIXED_ADDRESS = -11,	/* not relocatable, pref_address
					   below 1 MiB or not page aligned */
	BZ_E_NOT_64BIT = -12,		/* no XLF_KERNEL_64 */
	BZ_E_ALIGNMENT = -13,		/* kernel_alignment not a power of 2 */
	BZ_E_INIT_SIZE = -14,		/* init_size < kernel size */
	/* linux_plan */
	BZ_E_KERNEL_FIT = -15,		/* kernel does not fit in guest RAM */
	BZ_E_INITRD_FIT = -16,		/* initrd does not fit */
	BZ_E_CMDLINE_LONG = -17,	/* command line too long */
};

/* Checks len bytes of img as a 64-bit bzImage with boot protocol 2.12 or
 * later (relocatable, or loaded at BZ_FIXED_LOAD) and fills out. Returns 0 or a BZ_E_* code. On
 * error, out holds what was read before the failing check (zero
 * otherwise), e.g. out->version for BZ_E_OLD_PROTOCOL. */
int bzimage_parse(const void *img, size_t len, struct bzimage_info *out);

/* A short static string for a BZ_E_* code (also for linux_plan's). */
const char *bzimage_strerror(int err);

/* Guest-physical layout for booting Linux. The guest has RAM at
 * [0, ram_size) with the legacy hole 0xA0000-0xFFFFF (and the EBDA page
 * below it) reserved, see e820_build in guest/boot_params.h.
 *
 *	0x00000  - 0x00FFF   reserved: real-mode IVT/BDA, never used
 *	0x07000  - 0x07FFF   zero page (struct boot_params)
 *	0x20000  - ...       command line, at most LINUX_CMDLINE_AREA bytes
 *	0x9F000  - 0xFFFFF   reserved (EBDA, VGA, BIOS ROM)
 *	load     - load+init_size     protected-mode kernel
 *	initrd   - initrd+initrd_size (highest place that fits)
 *
 * Free for the hypervisor's own boot structures (GDT, page tables):
 * 0x1000-0x6FFF, 0x8000-0x1FFFF and 0x30000-0x9EFFF. */
#define LINUX_ZERO_PAGE		0x7000ull
#define LINUX_CMDLINE		0x20000ull
#define LINUX_CMDLINE_AREA	0x10000ull	/* bytes, NUL included */
#define LINUX_HIGH_START	0x100000ull	/* first byte above the hole */
#define LINUX_ENTRY64_OFFSET	0x200ull	/* XLF_KERNEL_64 entry */
#define LINUX_PAGE_SIZE		0x1000ull
/* Everything stays below 4 GiB: the 32-bit entry runs with paging off and
 * code32_start is a 32-bit field. */
#define LINUX_4G		0x100000000ull

struct linux_plan {
	uint64_t zero_page;	/* struct boot_params, 4 KiB */
	uint64_t cmdline;	/* NUL-terminated command line */
	uint64_t cmdline_bytes;	/* cmdline_len + 1 */
	uint64_t kernel_load;	/* copy the protected-mode kernel here */
	uint64_t kernel_end;	/* kernel_load + init_size: keep free */
	uint64_t initrd;	/* 0 when there is no initrd */
	uint64_t initrd_size;
	uint64_t entry32;	/* 32-bit boot protocol entry: kernel_load */
	uint64_t entry64;	/* 64-bit boot protocol entry: load + 0x200 */
};

/* Decides where the zero page, command line (cmdline_len characters, NUL
 * not counted), protected-mode kernel and initrd (initrd_size bytes, 0 for
 * none) go in a guest with ram_size bytes of RAM. Returns 0 or
 * BZ_E_KERNEL_FIT, BZ_E_INITRD_FIT, BZ_E_CMDLINE_LONG, BZ_E_INVAL; out is
 * only meaningful on 0. The caller copies kernel_size bytes from file
 * offset setup_size to kernel_load, the initrd to initrd, and the command
 * line with its NUL to cmdline. */
int linux_plan(const struct bzimage_info *bz, uint64_t ram_size,
	       uint64_t initrd_size, size_t cmdline_len,
	       struct linux_plan *out);

#endif
