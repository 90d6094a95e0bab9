/* Creating a VM: guest RAM, EPT, I/O and MSR bitmaps. */
#include "arch/cpu.h"
#include "arch/msr.h"
#include "arch/rtc.h"
#include "arch/tsc.h"
#include "guest/platform.h"
#include "guest/vm.h"
#include "kernel/kstring.h"
#include "kernel/log.h"
#include "vmx/cpuid_policy.h"
#include "vmx/guest_memory.h"
#include "vmx/vmx.h"

/* The guest's RTC starts at the host's; if the host's cannot be read, at
 * 2000-01-01 00:00:00 UTC. (Under Bochs the host's RTC is fixed by time0 in
 * scripts/bochsrc.template, so runs repeat.) */
#define GUEST_EPOCH_FALLBACK 946684800ULL

/* The host's RTC as Unix time, or the fallback if it cannot be read. */
static uint64_t host_unix_time(void)
{
	struct rtc_time t;

	if (rtc_read(&t))
		return GUEST_EPOCH_FALLBACK;
	return (uint64_t)cmos_days_from_civil(t.year, t.mon, t.mday) * 86400 +
	       t.hour * 3600 + t.min * 60 + t.sec;
}

static void *ept_alloc_table(void *ctx, uint64_t *phys)
{
	uint64_t p = pmm_alloc(ctx, 1, PAGE_SIZE);
	if (!p)
		return NULL;
	memset((void *)(uintptr_t)p, 0, PAGE_SIZE);
	*phys = p;
	return (void *)(uintptr_t)p;
}

static void *ept_phys_to_virt(void *ctx, uint64_t phys)
{
	return (void *)(uintptr_t)phys;	/* the host is identity-mapped */
}

void *vm_gpa_to_hva(struct vm *vm, uint64_t gpa, uint64_t len)
{
	return guest_ram_hva(&vm->vmx, gpa, len);
}

void vm_io_passthrough(struct vm *vm, uint16_t port)
{
	uint8_t *bitmap = (uint8_t *)(uintptr_t)vm->vmx.io_bitmap_phys;
	bitmap[port / 8] &= (uint8_t)~(1u << (port % 8));
}

void vm_msr_passthrough(struct vm *vm, uint32_t msr, int read, int write)
{
	/* 25.6.9: read bitmap low MSRs at 0, high (0xC0000000..) at 1024;
	 * write bitmaps at 2048 and 3072. */
	uint8_t *b = (uint8_t *)(uintptr_t)vm->vmx.msr_bitmap_phys;
	unsigned off;

	if (msr <= 0x1FFF)
		off = 0;
	else if (msr >= 0xC0000000 && msr <= 0xC0001FFF)
		off = 1024;
	else
		return;
	msr &= 0x1FFF;
	if (read)
		b[off + msr / 8] &= (uint8_t)~(1u << (msr % 8));
	if (write)
		b[2048 + off + msr / 8] &= (uint8_t)~(1u << (msr % 8));
}

void vm_request_reset(struct vm *vm, const char *reason)
{
	vmx_vm_request_reset(&vm->vmx, reason);
}

void vm_reset(struct vm *vm)
{
	struct cmos cmos = vm->cmos;
	uint64_t absent_reads = vm->vmx.mmio.absent_reads;
	uint64_t absent_writes = vm->vmx.mmio.absent_writes;

	memset((void *)(uintptr_t)vm->vmx.ram_hpa, 0, vm->vmx.ram_size);
	iobus_init(&vm->vmx.io);
	mmio_init(&vm->vmx.mmio);
	vm->vmx.mmio.absent_reads = absent_reads;
	vm->vmx.mmio.absent_writes = absent_writes;
	vm->pci_config_address = 0;
	vm->vmx.reset_requested = false;
	vm->vmx.reset_reason = NULL;
	vm->vmx.poweroff_requested = false;
	vm->guest_exited = false;
	vm->guest_exit_code = 0;
	vm->acpi_rsdp = 0;
	platform_init(vm);
	vm->cmos = cmos;
}

const char *vm_create(struct vm *vm, const struct hv_config *conf,
		      struct pmm *pmm, const struct vmx_cpu *cpu)
{
	uint64_t ram_size = (uint64_t)conf->memory_mib << 20;
	int err;

	memset(vm, 0, sizeof(*vm));
	vm->config = conf;
	vm->vmx.pmm = pmm;
	vm->vmx.ram_size = ram_size;
	iobus_init(&vm->vmx.io);
	mmio_init(&vm->vmx.mmio);
	vm->vmx.marker = -1;

	/* Guest RAM: one contiguous, 2 MiB-aligned block, so EPT can map it
	 * with large pages. Nothing else of the host is mapped. */
	vm->vmx.ram_hpa = pmm_alloc(pmm, ram_size / PAGE_SIZE, 2ULL << 20);
	if (!vm->vmx.ram_hpa)
		return "not enough contiguous memory for guest RAM";
	memset((void *)(uintptr_t)vm->vmx.ram_hpa, 0, ram_size);

	vm->ept_ops.alloc_table = ept_alloc_table;
	vm->ept_ops.phys_to_virt = ept_phys_to_virt;
	vm->ept_ops.ctx = pmm;
	err = ept_init(&vm->vmx.ept, &vm->ept_ops, cpu->ctl.ept_1g);
	if (!err)
		err = ept_map(&vm->vmx.ept, 0, vm->vmx.ram_hpa, ram_size,
			      EPT_RWX, EPT_MT_WB);
	if (err) {
		log_error("EPT: %s", ept_strerror(err));
		return "cannot build the EPT tables";
	}
	vm->vmx.eptp = ept_eptp(&vm->vmx.ept, false);

	/* Everything exits until a device or a passthrough says otherwise. */
	vm->vmx.io_bitmap_phys = pmm_alloc(pmm, 2, PAGE_SIZE);
	vm->vmx.msr_bitmap_phys = pmm_alloc(pmm, 1, PAGE_SIZE);
	if (!vm->vmx.io_bitmap_phys || !vm->vmx.msr_bitmap_phys)
		return "no memory for the I/O and MSR bitmaps";
	memset((void *)(uintptr_t)vm->vmx.io_bitmap_phys, 0xFF, 2 * PAGE_SIZE);
	memset((void *)(uintptr_t)vm->vmx.msr_bitmap_phys, 0xFF, PAGE_SIZE);
	/* Port 0x80, the POST code port Linux writes as an I/O delay: no
	 * device to emulate, and writing it has no effect a guest could
	 * use against the machine. */
#if !HV_NAIVE
	vm_io_passthrough(vm, 0x80);
#endif

	/* MSRs the VMCS switches on entry and exit (EFER, PAT, SYSENTER_*,
	 * FS/GS base), or that only the guest uses (SYSCALL targets, swapgs
	 * base): the guest reads and writes them directly. */
	static const uint32_t direct[] = {
		MSR_IA32_EFER, MSR_IA32_PAT, MSR_IA32_SYSENTER_CS,
		MSR_IA32_SYSENTER_ESP, MSR_IA32_SYSENTER_EIP,
		MSR_IA32_FS_BASE, MSR_IA32_GS_BASE, MSR_IA32_KERNEL_GS_BASE,
		MSR_IA32_STAR, MSR_IA32_LSTAR, MSR_IA32_CSTAR, MSR_IA32_FMASK,
	};
	for (unsigned i = 0; i < sizeof(direct) / sizeof(direct[0]); i++)
		vm_msr_passthrough(vm, direct[i], 1, 1);
	/* The TSC can be read directly; a write is offset (vmx/exit_msr.c). */
	vm_msr_passthrough(vm, MSR_IA32_TSC, 1, 0);
	/* TSC_AUX exists for the guest when RDTSCP is enabled for it; the
	 * host never reads it. */
	if (cpu->ctl.proc2 & CPU2_ENABLE_RDTSCP)
		vm_msr_passthrough(vm, MSR_IA32_TSC_AUX, 1, 1);

	log_info("guest RAM: %llu MiB at host 0x%llx, EPT %u tables, EPTP 0x%llx",
		 (unsigned long long)(ram_size >> 20),
		 (unsigned long long)vm->vmx.ram_hpa, vm->vmx.ept.tables,
		 (unsigned long long)vm->vmx.eptp);

	/* The guest's time: the TSC, which also clocks its PIT. */
	vm->vmx.tsc_hz = tsc_calibrate();
	if (!vm->vmx.tsc_hz)
		return "cannot measure the TSC frequency (no CPUID leaf 0x15, no PIT)";
	vm->tsc_start = rdtsc();
	vm->unix_time_start = host_unix_time();
	log_info("TSC: %llu kHz; guest clock starts at %llu (Unix time)",
		 (unsigned long long)(vm->vmx.tsc_hz / 1000),
		 (unsigned long long)vm->unix_time_start);
	/* The local APIC timer runs at the crystal clock the guest's leaf
	 * 0x15 announces: TSC = crystal * EBX / EAX. */
	struct cpuid_regs r;
	struct cpuid_policy policy = {
		.host_max_basic = cpu->max_basic_leaf,
		.tsc_hz = vm->vmx.tsc_hz,
	};
	cpuid(CPUID_LEAF_TSC, 0, &r);
	cpuid_policy_apply(&policy, CPUID_LEAF_TSC, 0, &r);
	vm->crystal_tsc_num = r.ebx;
	vm->crystal_tsc_den = r.eax;
	vm->maxphyaddr = cpu->maxphyaddr;
	platform_init(vm);
	return NULL;
}
