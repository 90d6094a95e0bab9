/* BOOTX64.EFI: the UEFI loader of the hypervisor (gnu-efi).
 *
 * 1. reads and parses \hv\hv.conf (required) and reads \hv\kernel.elf
 *    from the ESP it was started from, checks the ELF file and loads its
 *    segments at their physical addresses;
 * 2. for a Linux or multiboot guest, reads the guest kernel and initrd
 *    named in hv.conf (and a multiboot queue's kernels);
 * 3. fills struct hv_bootinfo (boot/bootinfo.h): the parsed configuration,
 *    files, ACPI RSDP, the GOP framebuffer, the UEFI memory map reduced to
 *    hv_mem_range entries;
 * 4. exits boot services and jumps to the kernel (System V ABI, bootinfo in
 *    RDI), with interrupts off and the firmware's identity page tables.
 *
 * Any failure prints one line naming the file and the reason, and halts. */
#include <efi.h>
#include <efilib.h>
#include <stdarg.h>

#include "arch/serial.h"
#include "boot/bootinfo.h"
#include "boot/config.h"
#include "boot/efi_status.h"
#include "boot/elf_check.h"
#include "kernel/format.h"

#define CONF_PATH   "\\hv\\hv.conf"
#define KERNEL_PATH "\\hv\\kernel.elf"

/* The kernel is linked at a fixed physical address (linker.ld), below 4 GiB
 * and above the first megabyte. */
#define KERNEL_MIN_ADDR 0x100000ULL
#define KERNEL_MAX_ADDR 0x100000000ULL

static EFI_HANDLE image_handle;

/* Prints one line on the UEFI console and on COM1. */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	char line[256];
	CHAR16 wide[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 1)
		n = sizeof(line) - 1;
	serial_write("hv-loader: ", 11);
	serial_write(line, (size_t)n);
	serial_write("\n", 1);
	if (ST && ST->ConOut) {
		int i;
		const char *pfx = "hv-loader: ";
		int p = 0;
		for (i = 0; pfx[i]; i++)
			wide[p++] = (CHAR16)pfx[i];
		for (i = 0; i < n && p < 253; i++)
			wide[p++] = (CHAR16)(unsigned char)line[i];
		wide[p++] = L'\r';
		wide[p++] = L'\n';
		wide[p] = 0;
		uefi_call_wrapper(ST->ConOut->OutputString, 2, ST->ConOut, wide);
	}
}

static void __attribute__((noreturn)) halt(void)
{
	say("halted");
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* ASCII path to UCS-2; paths are short and checked by the caller. */
static void to_wide(const char *s, CHAR16 *w, UINTN cap)
{
	UINTN i;
	for (i = 0; s[i] && i + 1 < cap; i++)
		w[i] = (CHAR16)(unsigned char)s[i];
	w[i] = 0;
}

/* The name of an EFI status, for messages. */
static const char *status_name(EFI_STATUS st)
{
	static char buf[40];
	return efi_status_str((uint64_t)st, buf, sizeof(buf));
}

/* Reads a whole file into pages below 4 GiB. Returns EFI_NOT_FOUND quietly
 * so the caller says what the missing file is for; every other failure is
 * reported here, with the firmware's status by name. */
static EFI_STATUS read_file(EFI_FILE_HANDLE root, const char *path,
			    UINT64 max_size, void **data, UINT64 *size)
{
	CHAR16 wpath[HV_CONF_PATH_MAX];
	EFI_FILE_HANDLE f;
	EFI_FILE_INFO *info;
	EFI_PHYSICAL_ADDRESS addr = 0xFFFFFFFFULL;
	EFI_STATUS st;
	UINTN n;

	to_wide(path, wpath, HV_CONF_PATH_MAX);
	st = uefi_call_wrapper(root->Open, 5, root, &f, wpath,
			       EFI_FILE_MODE_READ, 0);
	if (st == EFI_NOT_FOUND)
		return st;
	if (EFI_ERROR(st)) {
		say("%s: cannot open: %s", path, status_name(st));
		return st;
	}
	info = LibFileInfo(f);
	if (!info) {
		uefi_call_wrapper(f->Close, 1, f);
		say("%s: cannot read the file's size", path);
		return EFI_DEVICE_ERROR;
	}
	if (info->Attribute & EFI_FILE_DIRECTORY) {
		FreePool(info);
		uefi_call_wrapper(f->Close, 1, f);
		say("%s: is a directory, not a file", path);
		return EFI_INVALID_PARAMETER;
	}
	*size = info->FileSize;
	FreePool(info);
	if (*size > max_size) {
		uefi_call_wrapper(f->Close, 1, f);
		say("%s: %llu bytes, more than the %llu allowed", path,
		    (unsigned long long)*size, (unsigned long long)max_size);
		return EFI_BAD_BUFFER_SIZE;
	}
	/* One extra zeroed byte so text files are NUL-terminated. */
	st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateMaxAddress,
			       EfiLoaderData, EFI_SIZE_TO_PAGES(*size + 1),
			       &addr);
	if (EFI_ERROR(st)) {
		uefi_call_wrapper(f->Close, 1, f);
		say("%s: no memory below 4 GiB for %llu bytes", path,
		    (unsigned long long)*size);
		return st;
	}
	*data = (void *)(UINTN)addr;
	ZeroMem(*data, EFI_SIZE_TO_PAGES(*size + 1) * EFI_PAGE_SIZE);
	n = (UINTN)*size;
	st = uefi_call_wrapper(f->Read, 3, f, &n, *data);
	uefi_call_wrapper(f->Close, 1, f);
	if (EFI_ERROR(st) || n != *size) {
		say("%s: read failed (%llu of %llu bytes): %s", path,
		    (unsigned long long)n, (unsigned long long)*size,
		    status_name(st));
		return EFI_DEVICE_ERROR;
	}
	return EFI_SUCCESS;
}

/* Prints the firmware's free memory, for when the kernel's fixed address
 * is taken: the message then says where there would have been room. */
static void print_free_memory(void)
{
	UINTN entries, key, dsize;
	UINT32 dver;
	EFI_MEMORY_DESCRIPTOR *map = LibMemoryMap(&entries, &key, &dsize, &dver);

	if (!map)
		return;
	for (UINTN i = 0; i < entries; i++) {
		EFI_MEMORY_DESCRIPTOR *d = (EFI_MEMORY_DESCRIPTOR *)
			((UINT8 *)map + i * dsize);
		if (d->Type == EfiConventionalMemory && d->NumberOfPages >= 256)
			say("  free: 0x%llx-0x%llx",
			    (unsigned long long)d->PhysicalStart,
			    (unsigned long long)(d->PhysicalStart +
						 d->NumberOfPages * 4096));
	}
	FreePool(map);
}

static void load_kernel(EFI_FILE_HANDLE root, struct hv_bootinfo *bi,
			UINT64 *entry)
{
	void *file;
	UINT64 size;
	struct elf_image_info info;
	EFI_STATUS st;
	int err;

	st = read_file(root, KERNEL_PATH, 64ULL << 20, &file, &size);
	if (st == EFI_NOT_FOUND)
		say("%s: not found on the ESP", KERNEL_PATH);
	if (EFI_ERROR(st))
		halt();
	err = elf_check(file, (size_t)size, KERNEL_MIN_ADDR, KERNEL_MAX_ADDR,
			&info);
	if (err) {
		say("%s: refused: %s", KERNEL_PATH, elf_strerror(err));
		halt();
	}
	for (unsigned i = 0; i < ((struct elf64_ehdr *)file)->e_phnum; i++) {
		const struct elf64_phdr *ph = elf_phdr(file, i);
		EFI_PHYSICAL_ADDRESS a;
		UINT64 first, pages;
		if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
			continue;
		first = ph->p_paddr & ~0xFFFULL;
		pages = EFI_SIZE_TO_PAGES(ph->p_paddr + ph->p_memsz - first);
		a = first;
		st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAddress,
				       EfiLoaderData, pages, &a);
		if (EFI_ERROR(st)) {
			say("%s: memory at 0x%llx (%llu pages) is not free "
			    "(status 0x%llx)", KERNEL_PATH,
			    (unsigned long long)first,
			    (unsigned long long)pages,
			    (unsigned long long)st);
			print_free_memory();
			halt();
		}
		ZeroMem((void *)(UINTN)ph->p_paddr, ph->p_memsz);
		CopyMem((void *)(UINTN)ph->p_paddr,
			(UINT8 *)file + ph->p_offset, ph->p_filesz);
	}
	bi->kernel_base = info.lowest;
	bi->kernel_end = info.highest;
	*entry = info.entry;
	say("%s: %u segments at 0x%llx-0x%llx, entry 0x%llx", KERNEL_PATH,
	    info.nload, (unsigned long long)info.lowest,
	    (unsigned long long)info.highest, (unsigned long long)info.entry);
	uefi_call_wrapper(BS->FreePages, 2, (EFI_PHYSICAL_ADDRESS)(UINTN)file,
			  EFI_SIZE_TO_PAGES(size + 1));
}

static void load_guest_file(EFI_FILE_HANDLE root, const char *path,
			    struct hv_file *out)
{
	void *data;
	UINT64 size;
	EFI_STATUS st = read_file(root, path, 1ULL << 30, &data, &size);
	if (st == EFI_NOT_FOUND)
		say("%s: not found on the ESP", path);
	if (EFI_ERROR(st))
		halt();
	if (size == 0) {
		say("%s: empty file", path);
		halt();
	}
	out->addr = (UINT64)(UINTN)data;
	out->size = size;
	for (int i = 0; path[i] && i + 1 < (int)sizeof(out->path); i++)
		out->path[i] = path[i];
	say("%s: %llu bytes at 0x%llx", path, (unsigned long long)size,
	    (unsigned long long)out->addr);
}

static UINT64 find_rsdp(void)
{
	EFI_GUID acpi20 = ACPI_20_TABLE_GUID, acpi10 = ACPI_TABLE_GUID;
	UINT64 v1 = 0;
	for (UINTN i = 0; i < ST->NumberOfTableEntries; i++) {
		EFI_CONFIGURATION_TABLE *t = &ST->ConfigurationTable[i];
		if (!CompareGuid(&t->VendorGuid, &acpi20))
			return (UINT64)(UINTN)t->VendorTable;
		if (!CompareGuid(&t->VendorGuid, &acpi10))
			v1 = (UINT64)(UINTN)t->VendorTable;
	}
	return v1;
}

/* The GOP framebuffer in its current mode (the firmware's choice: no mode
 * is set), for the hypervisor's screen and the guest's. None when there is
 * no GOP or its mode has no linear framebuffer (PixelBltOnly). */
static void find_framebuffer(struct hv_framebuffer *fb)
{
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop = NULL;
	EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info;
	EFI_STATUS st;
	static const char *const fmt_name[] = { "RGBX8", "BGRX8", "bitmask" };

	st = uefi_call_wrapper(BS->LocateProtocol, 3, &GraphicsOutputProtocol,
			       NULL, (void **)&gop);
	if (EFI_ERROR(st) || !gop || !gop->Mode || !gop->Mode->Info) {
		say("screen: no graphics output protocol");
		return;
	}
	info = gop->Mode->Info;
	switch (info->PixelFormat) {
	case PixelRedGreenBlueReserved8BitPerColor:
		fb->red_mask = 0x000000FF;
		fb->green_mask = 0x0000FF00;
		fb->blue_mask = 0x00FF0000;
		fb->reserved_mask = 0xFF000000;
		break;
	case PixelBlueGreenRedReserved8BitPerColor:
		fb->red_mask = 0x00FF0000;
		fb->green_mask = 0x0000FF00;
		fb->blue_mask = 0x000000FF;
		fb->reserved_mask = 0xFF000000;
		break;
	case PixelBitMask:
		fb->red_mask = info->PixelInformation.RedMask;
		fb->green_mask = info->PixelInformation.GreenMask;
		fb->blue_mask = info->PixelInformation.BlueMask;
		fb->reserved_mask = info->PixelInformation.ReservedMask;
		break;
	default:
		say("screen: %ux%u, no linear framebuffer (blt only)",
		    info->HorizontalResolution, info->VerticalResolution);
		return;
	}
	fb->format = (uint32_t)info->PixelFormat;
	fb->width = info->HorizontalResolution;
	fb->height = info->VerticalResolution;
	fb->stride = info->PixelsPerScanLine;
	fb->size = gop->Mode->FrameBufferSize;
	fb->base = gop->Mode->FrameBufferBase;
	say("screen: %ux%u %s, %u pixels a line, framebuffer 0x%llx (%llu bytes)",
	    fb->width, fb->height, fmt_name[fb->format], fb->stride,
	    (unsigned long long)fb->base, (unsigned long long)fb->size);
}

static uint32_t mem_kind(UINT32 type)
{
	switch (type) {
	case EfiConventionalMemory:
	case EfiBootServicesCode:
	case EfiBootServicesData:
		return HV_MEM_FREE;
	case EfiLoaderCode:
	case EfiLoaderData:
		return HV_MEM_LOADER;
	case EfiACPIReclaimMemory:
	case EfiACPIMemoryNVS:
		return HV_MEM_ACPI;
	case EfiRuntimeServicesCode:
	case EfiRuntimeServicesData:
		return HV_MEM_RUNTIME;
	default:
		return HV_MEM_RESERVED;
	}
}

/* Gets the memory map and exits boot services. No allocation may happen
 * between the last GetMemoryMap and ExitBootServices, so the buffer is
 * allocated once with room to spare and reused on a retry. */
static void exit_boot_services(struct hv_bootinfo *bi)
{
	UINTN size = 0, key, dsize;
	UINT32 dver;
	EFI_MEMORY_DESCRIPTOR *map = NULL;
	EFI_STATUS st;

	st = uefi_call_wrapper(BS->GetMemoryMap, 5, &size, map, &key, &dsize,
			       &dver);
	size += 16 * sizeof(EFI_MEMORY_DESCRIPTOR) + 4096;
	map = AllocatePool(size);
	if (!map) {
		say("no memory for the UEFI memory map");
		halt();
	}
	say("exiting boot services");
	for (int tries = 0; tries < 4; tries++) {
		UINTN sz = size;
		st = uefi_call_wrapper(BS->GetMemoryMap, 5, &sz, map, &key,
				       &dsize, &dver);
		if (EFI_ERROR(st))
			continue;
		st = uefi_call_wrapper(BS->ExitBootServices, 2, image_handle,
				       key);
		if (EFI_ERROR(st))
			continue;
		/* Boot services are gone: from here on only memory and COM1. */
		UINTN n = sz / dsize;
		uint32_t out = 0;
		for (UINTN i = 0; i < n && out < HV_MEMMAP_MAX; i++) {
			EFI_MEMORY_DESCRIPTOR *d = (EFI_MEMORY_DESCRIPTOR *)
				((UINT8 *)map + i * dsize);
			bi->memmap[out].base = d->PhysicalStart;
			bi->memmap[out].pages = d->NumberOfPages;
			bi->memmap[out].efi_type = d->Type;
			bi->memmap[out].kind = mem_kind(d->Type);
			out++;
		}
		bi->memmap_count = out;
		return;
	}
	serial_write("hv-loader: ExitBootServices failed\n", 35);
	halt();
}

typedef void __attribute__((sysv_abi, noreturn)) (*kernel_entry_fn)(
	struct hv_bootinfo *);

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab);
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	EFI_LOADED_IMAGE *li;
	EFI_FILE_HANDLE root;
	EFI_PHYSICAL_ADDRESS bi_addr = 0xFFFFFFFFULL;
	struct hv_bootinfo *bi;
	struct hv_config_error cerr;
	char line[160];
	void *conf_text = NULL;
	UINT64 conf_size = 0, entry = 0;
	EFI_STATUS st;

	InitializeLib(image, systab);
	image_handle = image;
	serial_init();
	say("hv loader starting");

	/* Disable the firmware watchdog: the hypervisor runs for long. */
	uefi_call_wrapper(BS->SetWatchdogTimer, 4, 0, 0, 0, NULL);

	st = uefi_call_wrapper(BS->HandleProtocol, 3, image,
			       &LoadedImageProtocol, (void **)&li);
	if (EFI_ERROR(st)) {
		say("no loaded-image protocol (status 0x%llx)",
		    (unsigned long long)st);
		halt();
	}
	/* For gdb: scripts/gdb/hv.py loads build/bootx64.so's symbols here. */
	say("image base 0x%llx", (unsigned long long)(UINTN)li->ImageBase);
	root = LibOpenRoot(li->DeviceHandle);
	if (!root) {
		say("cannot open the ESP's file system");
		halt();
	}

	st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateMaxAddress,
			       EfiLoaderData,
			       EFI_SIZE_TO_PAGES(sizeof(*bi)), &bi_addr);
	if (EFI_ERROR(st)) {
		say("no memory for the boot information");
		halt();
	}
	bi = (struct hv_bootinfo *)(UINTN)bi_addr;
	ZeroMem(bi, sizeof(*bi));
	bi->magic = HV_BOOTINFO_MAGIC;
	bi->version = HV_BOOTINFO_VERSION;
	bi->size = sizeof(*bi);

	/* The configuration, parsed once, here: the kernel gets the result. */
	st = read_file(root, CONF_PATH, HV_CONF_TEXT_MAX - 1, &conf_text,
		       &conf_size);
	if (st == EFI_NOT_FOUND)
		say("%s: not found on the ESP (it must name the guest: guest = test, linux, conformance or multiboot)",
		    CONF_PATH);
	if (EFI_ERROR(st))
		halt();
	if (hv_config_parse(conf_text, (size_t)conf_size, &bi->config,
			    &cerr)) {
		if (cerr.line)
			say("%s:%u: %s", CONF_PATH, cerr.line, cerr.msg);
		else
			say("%s: %s", CONF_PATH, cerr.msg);
		halt();
	}
	hv_config_describe(&bi->config, line, sizeof(line));
	say("%s: %s", CONF_PATH, line);
	uefi_call_wrapper(BS->FreePages, 2,
			  (EFI_PHYSICAL_ADDRESS)(UINTN)conf_text,
			  EFI_SIZE_TO_PAGES(conf_size + 1));

	load_kernel(root, bi, &entry);
	if (bi->config.guest == HV_GUEST_LINUX ||
	    bi->config.guest == HV_GUEST_MULTIBOOT) {
		char path[HV_CONF_PATH_MAX];
		size_t pos = 0;

		load_guest_file(root, bi->config.kernel, &bi->guest_kernel);
		if (bi->config.initrd[0])
			load_guest_file(root, bi->config.initrd,
					&bi->guest_initrd);
		while (bi->queue_count < HV_CONF_QUEUE_MAX &&
		       !hv_config_queue_next(bi->config.queue, &pos, path))
			load_guest_file(root, path,
					&bi->guest_queue[bi->queue_count++]);
	}

	find_framebuffer(&bi->fb);
	bi->acpi_rsdp = find_rsdp();
	bi->efi_system_table = (UINT64)(UINTN)systab;
	bi->efi_runtime_services = (UINT64)(UINTN)systab->RuntimeServices;

	exit_boot_services(bi);
	serial_write("hv-loader: jumping to the kernel\n", 33);
	__asm__ volatile("cli");
	((kernel_entry_fn)(UINTN)entry)(bi);
}
