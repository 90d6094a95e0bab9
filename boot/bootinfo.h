/* The contract between the UEFI loader (boot/) and the kernel (kernel/).
 *
 * The loader fills one struct hv_bootinfo, exits boot services and jumps to
 * the kernel's entry point with its address in RDI (System V ABI). The kernel
 * refuses to run unless magic and version match: bump HV_BOOTINFO_VERSION on
 * any layout change. Only fixed-width types, so both sides agree on layout. */
#ifndef BOOT_BOOTINFO_H
#define BOOT_BOOTINFO_H

#include <stdint.h>

#include "boot/config.h"

#define HV_BOOTINFO_MAGIC   0x4f4f42564821ULL	/* "!HVBOO" */
#define HV_BOOTINFO_VERSION 4	/* 2: the parsed configuration; 3: framebuffer;
				   4: the multiboot queue */

/* Memory kinds, reduced from the UEFI memory types (UEFI 2.10, 7.2). */
enum hv_mem_kind {
	HV_MEM_FREE = 1,	/* conventional, boot services code/data after exit */
	HV_MEM_LOADER = 2,	/* kernel image, boot info, guest files: in use */
	HV_MEM_RESERVED = 3,	/* firmware, MMIO, unusable */
	HV_MEM_ACPI = 4,	/* ACPI reclaim and NVS */
	HV_MEM_RUNTIME = 5,	/* UEFI runtime services code/data: keep mapped */
};

struct hv_mem_range {
	uint64_t base;
	uint64_t pages;		/* 4 KiB pages */
	uint32_t kind;		/* enum hv_mem_kind */
	uint32_t efi_type;	/* original UEFI memory type, for dumps */
};

#define HV_MEMMAP_MAX 512

/* A file the loader read from the ESP for the guest. */
struct hv_file {
	uint64_t addr;		/* physical address, 0 when absent */
	uint64_t size;		/* bytes */
	char path[64];		/* as named in the configuration */
};

/* Largest \hv\hv.conf the loader reads. */
#define HV_CONF_TEXT_MAX 4096

/* The UEFI GOP framebuffer the firmware left set up (UEFI 2.10, 12.9
 * "Graphics Output Protocol"): base 0 when there is none (no GOP, or a
 * PixelBltOnly mode). The pixel at (x, y) is at base + (y * stride + x) *
 * bytes per pixel; its red, green, blue and reserved bits are the masks
 * (the loader fills them for the two fixed 8-bit formats too). */
enum hv_fb_format {
	HV_FB_RGBX8 = 0,	/* PixelRedGreenBlueReserved8BitPerColor */
	HV_FB_BGRX8 = 1,	/* PixelBlueGreenRedReserved8BitPerColor */
	HV_FB_BITMASK = 2,	/* PixelBitMask */
};

struct hv_framebuffer {
	uint64_t base;		/* physical; 0: no framebuffer */
	uint64_t size;		/* bytes (FrameBufferSize) */
	uint32_t width;		/* HorizontalResolution, pixels */
	uint32_t height;	/* VerticalResolution */
	uint32_t stride;	/* PixelsPerScanLine */
	uint32_t format;	/* enum hv_fb_format */
	uint32_t red_mask;
	uint32_t green_mask;
	uint32_t blue_mask;
	uint32_t reserved_mask;
	uint32_t reserved0;
};

struct hv_bootinfo {
	uint64_t magic;
	uint32_t version;
	uint32_t size;		/* sizeof(struct hv_bootinfo) */

	uint64_t kernel_base;	/* where the kernel image was loaded */
	uint64_t kernel_end;

	uint64_t acpi_rsdp;	/* 0 when the firmware gave none */
	uint64_t efi_system_table;
	uint64_t efi_runtime_services;	/* for ResetSystem (power off) */

	/* \hv\hv.conf as the loader parsed it (boot/config.h): the kernel
	 * checks it with hv_config_check and never parses the text, so both
	 * act on one reading of the file. */
	struct hv_config config;

	struct hv_file guest_kernel;
	struct hv_file guest_initrd;

	uint32_t memmap_count;
	uint32_t reserved0;
	struct hv_mem_range memmap[HV_MEMMAP_MAX];

	/* Version 3. */
	struct hv_framebuffer fb;

	/* Version 4: guest = multiboot's queue (config.queue), in order. */
	uint32_t queue_count;
	uint32_t reserved1;
	struct hv_file guest_queue[HV_CONF_QUEUE_MAX];
};

#endif
