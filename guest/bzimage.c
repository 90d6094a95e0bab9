/* Linux bzImage header parsing and guest memory placement; see bzimage.h
 * and Linux Documentation/arch/x86/boot.rst. */
#include "guest/bzimage.h"
#include "kernel/kstring.h"

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static int is_pow2(uint64_t x)
{
	return x != 0 && (x & (x - 1)) == 0;
}

int bzimage_parse(const void *img, size_t len, struct bzimage_info *out)
{
	const uint8_t *p = img;
	struct setup_header h;
	uint32_t hdr_end;
	uint64_t setup_size, kernel_size;
	unsigned sects;

	if (!img || !out)
		return BZ_E_INVAL;
	memset(out, 0, sizeof(*out));

	/* Everything up to init_size must be in the file before we look. */
	if (len < BZ_HDR_MIN_END)
		return BZ_E_TOO_SMALL;
	if (rd16(p + BZ_BOOT_FLAG_OFFSET) != BZ_BOOT_FLAG)
		return BZ_E_BOOT_FLAG;
	if (rd32(p + BZ_HEADER_OFFSET) != BZ_HDRS_MAGIC)
		return BZ_E_NO_HDRS;
	out->version = rd16(p + 0x206);
	if (out->version < BZ_MIN_VERSION)
		return BZ_E_OLD_PROTOCOL;

	/* The jump at 0x200 is "jmp rel8" over the header: its offset,
	 * relative to 0x202, is the header length (boot.rst, "jump" and
	 * "32-bit Boot Protocol"). A negative offset is no header at all. */
	if (p[BZ_JUMP_OFFSET] != BZ_JUMP_OPCODE || p[BZ_JUMP_OFFSET + 1] > 0x7F)
		return BZ_E_HDR_LEN;
	hdr_end = BZ_HEADER_OFFSET + p[BZ_JUMP_OFFSET + 1];
	if (hdr_end < BZ_HDR_MIN_END || hdr_end > BZ_HDR_MAX_END)
		return BZ_E_HDR_LEN;
	if (hdr_end > len)
		return BZ_E_TOO_SMALL;
	out->header_end = hdr_end;

	/* Work on a copy: only the bytes the header says it has, the rest
	 * of our (possibly newer) struct reads as zero. */
	memset(&h, 0, sizeof(h));
	if (hdr_end - BZ_HDR_OFFSET < sizeof(h))
		memcpy(&h, p + BZ_HDR_OFFSET, hdr_end - BZ_HDR_OFFSET);
	else
		memcpy(&h, p + BZ_HDR_OFFSET, sizeof(h));

	sects = h.setup_sects ? h.setup_sects : BZ_SETUP_SECTS_DEFAULT;
	if (sects > BZ_SETUP_SECTS_MAX)
		return BZ_E_SETUP_SECTS;
	out->setup_sects = (uint8_t)sects;
	setup_size = (uint64_t)(sects + 1) * BZ_SECTOR_SIZE;
	out->setup_size = (uint32_t)setup_size;

	/* syssize is 32 bits wide from 2.04 on; Linux's tools/build.c
	 * writes the kernel plus its CRC, padded to exactly syssize
	 * paragraphs. Other builders (memtest86+) round syssize up and do
	 * not pad the file: one that ends inside the last paragraph is
	 * whole (GRUB and QEMU load the file's remainder and never look at
	 * syssize). A file shorter than that is truncated. */
	if (h.syssize == 0)
		return BZ_E_NO_KERNEL;
	kernel_size = (uint64_t)h.syssize * 16;
	out->kernel_size = kernel_size;
	if (setup_size > len)
		return BZ_E_TRUNCATED;
	if (kernel_size > len - setup_size) {
		if (kernel_size - (len - setup_size) >= BZ_PARAGRAPH)
			return BZ_E_TRUNCATED;
		kernel_size = len - setup_size;
		out->kernel_size = kernel_size;
	}

	out->loadflags = h.loadflags;
	if (!(h.loadflags & LOADED_HIGH))
		return BZ_E_NOT_LOADED_HIGH;

	/* A relocatable kernel may go elsewhere than pref_address. One that
	 * is not goes where a bzImage always went, 0x100000 (code32_start's
	 * default; GRUB does the same), and moves itself to pref_address if
	 * that is another place ("pref_address", boot.rst): both ranges
	 * must then be free, which linux_plan checks. */
	out->relocatable = h.relocatable_kernel;
	if (!h.relocatable_kernel && h.pref_address &&
	    (h.pref_address < BZ_FIXED_LOAD ||
	     (h.pref_address & (BZ_MIN_ALIGNMENT - 1))))
		return BZ_E_FIXED_ADDRESS;

	out->xloadflags = h.xloadflags;
	if (!(h.xloadflags & XLF_KERNEL_64))
		return BZ_E_NOT_64BIT;

	/* We load at kernel_alignment itself and ignore min_alignment: the
	 * kernel then never has to move itself (boot.rst, "init_size").
	 * kernel_alignment only means something for a relocatable kernel. */
	out->kernel_alignment = h.kernel_alignment;
	if (!h.relocatable_kernel)
		out->kernel_alignment = BZ_MIN_ALIGNMENT;
	else if (!is_pow2(h.kernel_alignment) ||
		 h.kernel_alignment < BZ_MIN_ALIGNMENT)
		return BZ_E_ALIGNMENT;

	/* init_size covers the kernel's own bytes and more (decompression
	 * buffer, bss); smaller than the file part is nonsense. */
	out->init_size = h.init_size;
	if (h.init_size < kernel_size)
		return BZ_E_INIT_SIZE;

	/* Read as they are; linux_plan range-checks their use. */
	out->pref_address = h.pref_address;
	out->cmdline_size = h.cmdline_size;
	out->initrd_addr_max = h.initrd_addr_max;
	return BZ_OK;
}

const char *bzimage_strerror(int err)
{
	switch (err) {
	case BZ_OK:
		return "ok";
	case BZ_E_INVAL:
		return "invalid argument";
	case BZ_E_TOO_SMALL:
		return "file too small for its setup header";
	case BZ_E_BOOT_FLAG:
		return "not a bzImage: no 0xAA55 boot flag";
	case BZ_E_NO_HDRS:
		return "not a bzImage: no HdrS signature";
	case BZ_E_OLD_PROTOCOL:
		return "boot protocol too old (need 2.12)";
	case BZ_E_HDR_LEN:
		return "bad setup header length (jump at 0x200)";
	case BZ_E_SETUP_SECTS:
		return "setup_sects out of range";
	case BZ_E_NO_KERNEL:
		return "syssize is 0: no protected-mode kernel";
	case BZ_E_TRUNCATED:
		return "file shorter than setup_sects and syssize say";
	case BZ_E_NOT_LOADED_HIGH:
		return "not a bzImage: LOADED_HIGH clear (zImage)";
	case BZ_E_FIXED_ADDRESS:
		return "non-relocatable kernel's pref_address is below 1 MiB or not page aligned";
	case BZ_E_NOT_64BIT:
		return "no 64-bit kernel (xloadflags)";
	case BZ_E_ALIGNMENT:
		return "kernel_alignment is not a power of two >= 4 KiB";
	case BZ_E_INIT_SIZE:
		return "init_size smaller than the kernel";
	case BZ_E_KERNEL_FIT:
		return "kernel does not fit in guest RAM";
	case BZ_E_INITRD_FIT:
		return "initrd does not fit in guest RAM";
	case BZ_E_CMDLINE_LONG:
		return "command line too long";
	default:
		return "unknown bzImage error";
	}
}

/* Can the kernel's init_size bytes start at a, below top? */
static int kernel_fits(uint64_t a, uint64_t need, uint64_t align,
		       uint64_t top)
{
	return a >= LINUX_HIGH_START && (a & (align - 1)) == 0 && a <= top &&
	       need <= top - a;
}

int linux_plan(const struct bzimage_info *bz, uint64_t ram_size,
	       uint64_t initrd_size, size_t cmdline_len,
	       struct linux_plan *out)
{
	uint64_t top, need, align, load, itop, a;

	if (!bz || !out)
		return BZ_E_INVAL;
	memset(out, 0, sizeof(*out));
	align = bz->kernel_alignment;
	if (!is_pow2(align))
		return BZ_E_INVAL;

	/* Zero page and command line live in low memory, below the EBDA.
	 * The command line may be no longer than the kernel accepts
	 * (cmdline_size, without the NUL) nor than its area. */
	if ((uint64_t)cmdline_len > bz->cmdline_size ||
	    (uint64_t)cmdline_len + 1 > LINUX_CMDLINE_AREA)
		return BZ_E_CMDLINE_LONG;
	out->zero_page = LINUX_ZERO_PAGE;
	out->cmdline = LINUX_CMDLINE;
	out->cmdline_bytes = (uint64_t)cmdline_len + 1;

	/* The kernel needs [load, load + init_size) below both the end of
	 * RAM and 4 GiB. pref_address if it is usable, else the lowest
	 * aligned address above the legacy hole. Since nothing else lives
	 * above 1 MiB yet, if that fails nothing fits. */
	top = ram_size < LINUX_4G ? ram_size : LINUX_4G;
	need = bz->init_size > bz->kernel_size ? bz->init_size
					       : bz->kernel_size;
	if (!bz->relocatable) {
		/* Loaded at 0x100000; it runs at pref_address (if set),
		 * so [load, max(load, pref) + need) is the kernel's. */
		load = BZ_FIXED_LOAD;
		a = bz->pref_address > load ? bz->pref_address : load;
		if (!kernel_fits(load, need, LINUX_PAGE_SIZE, top) ||
		    !kernel_fits(a, need, LINUX_PAGE_SIZE, top))
			return BZ_E_KERNEL_FIT;
		need += a - load;
	} else if (kernel_fits(bz->pref_address, need, align, top)) {
		load = bz->pref_address;
	} else {
		load = (LINUX_HIGH_START + align - 1) & ~(align - 1);
		if (!kernel_fits(load, need, align, top))
			return BZ_E_KERNEL_FIT;
	}
	out->kernel_load = load;
	out->kernel_end = load + need;
	out->entry32 = load;
	out->entry64 = load + LINUX_ENTRY64_OFFSET;

	/* The initrd goes as high as allowed: its last byte at most
	 * initrd_addr_max, and inside RAM. If that spot overlaps the
	 * kernel, the highest one that does not is just below the kernel. */
	if (initrd_size == 0)
		return BZ_OK;
	itop = (uint64_t)bz->initrd_addr_max + 1;
	if (itop > ram_size)
		itop = ram_size;
	if (initrd_size > itop)
		return BZ_E_INITRD_FIT;
	a = (itop - initrd_size) & ~(LINUX_PAGE_SIZE - 1);
	if (a < out->kernel_end && a + initrd_size > load) {
		if (initrd_size > load)
			return BZ_E_INITRD_FIT;
		a = (load - initrd_size) & ~(LINUX_PAGE_SIZE - 1);
	}
	if (a < LINUX_HIGH_START)
		return BZ_E_INITRD_FIT;
	out->initrd = a;
	out->initrd_size = initrd_size;
	return BZ_OK;
}
