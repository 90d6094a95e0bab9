/* kmain: from the loader's hand-off to a running guest. */
#include "arch/cpu.h"
#include "arch/host_irq.h"
#include "arch/paging.h"
#include "arch/pic.h"
#include "arch/segment.h"
#include "arch/serial.h"
#include "arch/trap.h"
#include "boot/bootinfo.h"
#include "boot/config.h"
#include "guest/conformance_guest.h"
#include "guest/framebuffer.h"
#include "guest/hypercall.h"
#include "guest/linux_guest.h"
#include "guest/multiboot_guest.h"
#include "guest/platform_acpi.h"
#include "guest/test_guest.h"
#include "guest/vm.h"
#include "kernel/format.h"
#include "kernel/kstring.h"
#include "kernel/log.h"
#include "kernel/panic.h"
#include "kernel/pmm.h"
#include "kernel/power.h"
#include "kernel/screen.h"
#include "vmx/vcpu.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"
#include "vmx/vmx_names.h"

#define HV_VERSION "0.1"

void kmain(struct hv_bootinfo *bi);

/* The host's state: the allocator, this CPU's VMX setup, the
 * configuration. The guest's state is all in the_vm (and its vCPUs). */
static struct pmm pmm;
static struct vmx_cpu vmx_cpu;
static struct hv_config config;
static struct vm the_vm;
static struct linux_guest linux_guest;	/* the guest's files, checked */
/* guest = multiboot: the kernel, then the queue's, each checked; the one
 * running is mb_current. */
static struct multiboot_guest mb_guests[1 + HV_CONF_QUEUE_MAX];
static unsigned mb_count, mb_current;
static const struct hv_framebuffer *boot_fb;	/* the loader's GOP screen */

static void check_bootinfo(const struct hv_bootinfo *bi)
{
	if (!bi || bi->magic != HV_BOOTINFO_MAGIC)
		panic("boot information: bad magic (loader and kernel do not match)");
	if (bi->version != HV_BOOTINFO_VERSION || bi->size != sizeof(*bi))
		panic("boot information: version %u size %u, kernel expects version %u size %u",
		      bi->version, bi->size, HV_BOOTINFO_VERSION,
		      (unsigned)sizeof(*bi));
	if (bi->memmap_count > HV_MEMMAP_MAX)
		panic("boot information: %u memory map entries (max %u)",
		      bi->memmap_count, HV_MEMMAP_MAX);
}

static void setup_memory(const struct hv_bootinfo *bi)
{
	pmm_init(&pmm);
	/* Below 1 MiB stays untouched (legacy BIOS areas, real-mode
	 * trampolines); above HOST_MAP_LIMIT the host has no mapping. */
	pmm_add_memmap(&pmm, bi->memmap, bi->memmap_count, 0x100000,
		       HOST_MAP_LIMIT);
	log_info("memory: %u map entries, %llu MiB free", bi->memmap_count,
		 (unsigned long long)(pmm.free_pages >> 8));
	if (pmm.dropped)
		log_warn("memory: %u free ranges did not fit the allocator",
			 pmm.dropped);
}

/* How long the guest ran and its VM exits by reason. A log line holds at
 * most 320 characters: when the list is longer it goes on over several
 * lines, each continued line starting "hv:   ", the last ending in ")". */
static void print_exit_summary(const struct vcpu *v, const struct vm *vm)
{
	enum { WIDTH = 200 };
	char line[WIDTH + 64];
	int n = 0;
	bool first = true;
	uint64_t ticks = rdtsc() - v->launch_tsc;
	unsigned long long ms = ticks / (vm->vmx.tsc_hz / 1000);

	if (!v->exits) {
		log_info("guest ran %llu ms; VM exits: 0 (none)", ms);
		goto refused;
	}
	for (unsigned r = 0; r < VMX_EXIT_REASON_MAX; r++) {
		if (!v->exit_count[r])
			continue;
		if (n > WIDTH) {
			/* Full: print it and go on in the next line. */
			if (first)
				log_info("guest ran %llu ms; VM exits: %llu (%s,", ms,
					 (unsigned long long)v->exits, line);
			else
				log_info("  %s,", line);
			first = false;
			n = 0;
		}
		n += ksnprintf(line + n, sizeof(line) - (size_t)n, "%s%s %llu",
			       n ? ", " : "", exit_reason_name(r),
			       (unsigned long long)v->exit_count[r]);
	}
	if (first)
		log_info("guest ran %llu ms; VM exits: %llu (%s)", ms,
			 (unsigned long long)v->exits, line);
	else
		log_info("  %s)", line);
refused:
	log_info("guest restarts: %u", vm->restarts);
	if (vm->guest_exited)
		log_info("guest exit code: %u (kernel %u of %u)",
			 vm->guest_exit_code, mb_current + 1, mb_count);
	log_info("guest refused: %llu absent-port accesses, %llu absent-MMIO accesses, %llu unknown MSRs, %llu #GP, %llu #UD injected",
		 (unsigned long long)v->stats.io_absent,
		 (unsigned long long)(vm->vmx.mmio.absent_reads +
					     vm->vmx.mmio.absent_writes),
		 (unsigned long long)v->stats.msr_unknown,
		 (unsigned long long)v->stats.gp_injected,
		 (unsigned long long)v->stats.ud_injected);
	if (v->stats.nmi_injected || vm->irq.nmis)
		log_info("NMIs: %llu injected (%llu latched by the guest's APICs)",
			 (unsigned long long)v->stats.nmi_injected,
			 (unsigned long long)vm->irq.nmis);
	if (v->stats.mmio_unemulated)
		log_info("guest MMIO instructions not emulated: %llu (in the #UD count)",
			 (unsigned long long)v->stats.mmio_unemulated);
	if (v->stats.msr_refused)
		log_info("guest MSR writes refused as the CPU would: %llu (in the #GP count)",
			 (unsigned long long)v->stats.msr_refused);
	log_info("interrupts: %llu injected; local APIC timer fired %llu, IOAPIC sent %llu, %llu lost, %llu in delivery modes not emulated, %u + %u unsupported APIC accesses",
		 (unsigned long long)v->stats.irq_injected,
		 (unsigned long long)vm->lapic[0].timer_fired,
		 (unsigned long long)vm->ioapic.sent,
		 (unsigned long long)vm->irq.lost,
		 (unsigned long long)vm->irq.unsupported,
		 vm->lapic[0].unsupported, vm->ioapic.bad_access);
}

/* Puts the guest's firmware tables and image into its RAM and the vCPU at
 * the guest's entry point: at power-on and after every reset. */
static const char *load_guest(struct vcpu *v)
{
	const char *why = platform_acpi_load(&the_vm);

	if (why)
		return why;
	if (config.guest == HV_GUEST_TEST)
		return test_guest_load(&the_vm, v);
	if (config.guest == HV_GUEST_CONFORMANCE)
		return conformance_guest_load(&the_vm, v, config.cmdline);
	if (config.guest == HV_GUEST_MULTIBOOT) {
		const struct multiboot_guest *g = &mb_guests[mb_current];
		log_info("multiboot: %s (kernel %u of %u): %u segments at 0x%llx-0x%llx, entry 0x%x, information at 0x%llx",
			 g->kernel->path, mb_current + 1, mb_count, g->mb.nseg,
			 (unsigned long long)g->mb.lowest,
			 (unsigned long long)g->mb.highest, g->mb.entry,
			 (unsigned long long)g->plan.info);
		return multiboot_guest_load(g, &the_vm, v);
	}
	why = linux_guest_load(&linux_guest, &the_vm, v);
	if (!why && guest_framebuffer_attach(&the_vm, &linux_guest.plan, boot_fb))
		screen_give_to_guest();
	return why;
}

/* A reset as a PC does it: fresh RAM, devices and vCPU, the guest loaded
 * again from the loader's copies of its files (which nothing overwrites:
 * the page allocator never hands out the loader's memory). */
static const char *restart_guest(struct vcpu *v)
{
	const char *why;

	the_vm.restarts++;
	log_info("guest reset (%s): restarting it (restart %u)",
		 the_vm.vmx.reset_reason ? the_vm.vmx.reset_reason : "unknown",
		 the_vm.restarts);
	vm_reset(&the_vm);
	why = vcpu_reset(v);
	if (why)
		return why;
	return load_guest(v);
}

/* The multiboot guest exited through the exit port and the queue has
 * another kernel: a fresh machine, as after a reset, with that kernel. */
static const char *next_kernel(struct vcpu *v)
{
	const char *why;

	log_info("guest exited with code %u", the_vm.guest_exit_code);
	mb_current++;
	vm_reset(&the_vm);
	why = vcpu_reset(v);
	if (why)
		return why;
	return load_guest(v);
}

/* Checks the multiboot kernel and the queue's, before any VMX work. */
static void prepare_multiboot(const struct hv_bootinfo *bi, uint64_t ram_size)
{
	const char *why;

	mb_count = 1 + bi->queue_count;
	if (bi->queue_count > HV_CONF_QUEUE_MAX)
		panic("boot information: %u queued kernels (max %u)",
		      bi->queue_count, HV_CONF_QUEUE_MAX);
	for (unsigned i = 0; i < mb_count; i++) {
		why = multiboot_guest_prepare(&mb_guests[i],
					      i ? &bi->guest_queue[i - 1] :
					      &bi->guest_kernel,
					      &bi->guest_initrd, &config,
					      ram_size);
		if (why) {
			log_error("%s", why);
			panic_halt();
		}
	}
	log_info("guest: multiboot %s, %llu-byte module, %u more kernels queued",
		 config.kernel, (unsigned long long)bi->guest_initrd.size,
		 bi->queue_count);
}

static void finish(void)
{
	if (config.on_exit == HV_EXIT_POWEROFF)
		machine_power_off();
	panic_halt();
}

void kmain(struct hv_bootinfo *bi)
{
	struct hv_config_error cerr;
	const char *why;
	struct vcpu *v;
	enum vcpu_stop stop;
	uint64_t ram_size;

	serial_init();
	log_info("hv %s: bare-metal VT-x hypervisor", HV_VERSION);
	check_bootinfo(bi);
	gdt_init();
	idt_init();
	paging_init();
	screen_init(bi);
	boot_fb = &bi->fb;
	host_pic_init();
	host_irq_init();
	power_init(bi->efi_runtime_services);
	log_info("kernel at 0x%llx-0x%llx, ACPI RSDP 0x%llx",
		 (unsigned long long)bi->kernel_base,
		 (unsigned long long)bi->kernel_end,
		 (unsigned long long)bi->acpi_rsdp);
	setup_memory(bi);

	/* The loader parsed \hv\hv.conf; the kernel checks what it got by
	 * the same rules and keeps its own copy. */
	if (hv_config_check(&bi->config, &cerr))
		panic("boot information: bad configuration: %s", cerr.msg);
	config = bi->config;
	ram_size = (uint64_t)config.memory_mib << 20;

	/* The guest's files are checked before anything else: a bad file is
	 * reported the same way with or without VT-x. */
	if (config.guest == HV_GUEST_LINUX) {
		why = linux_guest_prepare(&linux_guest, bi, &config, ram_size);
		if (why) {
			log_error("%s", why);
			panic_halt();
		}
		log_info("guest: Linux %s, boot protocol %u.%02u, %llu-byte initrd",
			 config.kernel, linux_guest.bz.version >> 8,
			 linux_guest.bz.version & 0xFF,
			 (unsigned long long)linux_guest.initrd->size);
	}

	if (config.guest == HV_GUEST_MULTIBOOT)
		prepare_multiboot(bi, ram_size);

	why = vmx_check_support();
	if (why) {
		log_error("VT-x unavailable: %s", why);
		panic_halt();
	}
	why = vmx_enable(&vmx_cpu, &pmm);
	if (why) {
		log_error("cannot enter VMX operation: %s", why);
		panic_halt();
	}

	why = vm_create(&the_vm, &config, &pmm, &vmx_cpu);
	if (why)
		panic("cannot create the VM: %s", why);
	v = &the_vm.vcpu[0];
	the_vm.nvcpus = 1;
	why = vcpu_init(v, &the_vm.vmx, &vmx_cpu, 0);
	if (why)
		panic("vCPU 0: %s", why);
	v->trace_exits = (config.trace & HV_TRACE_EXITS) != 0;
	v->platform = &the_vm.vcpu_ops;

	v->hypercall = hypercall_for_guest(config.guest);
	if (config.guest == HV_GUEST_TEST)
		log_info("guest: built-in test guest");
	else if (config.guest == HV_GUEST_CONFORMANCE)
		log_info("guest: conformance guest, cmdline '%s'", config.cmdline);
	why = load_guest(v);
	if (why) {
		log_error("guest: %s", why);
		finish();
	}

	for (;;) {
		stop = vcpu_run(v);
		if (stop == VCPU_STOP_RESET &&
		    config.on_reset == HV_RESET_RESTART) {
			why = restart_guest(v);
			if (why) {
				log_error("guest restart: %s", why);
				break;
			}
			continue;
		}
		if (stop == VCPU_STOP_ACPI_OFF && the_vm.guest_exited &&
		    mb_current + 1 < mb_count) {
			why = next_kernel(v);
			if (why) {
				log_error("guest: %s", why);
				break;
			}
			continue;
		}
		break;
	}
	screen_take_back();	/* the guest is done with the screen */
	switch (stop) {
	case VCPU_STOP_HYPERCALL:
		if (config.guest == HV_GUEST_CONFORMANCE && v->stop_code == 0)
			log_info("conformance guest passed");
		else if (config.guest == HV_GUEST_CONFORMANCE)
			log_error("conformance guest failed %llu cases",
				  (unsigned long long)v->stop_code);
		else if (v->stop_code == 0)
			log_info("test guest passed");
		else
			log_error("test guest failed check %llu",
				  (unsigned long long)v->stop_code);
		break;
	case VCPU_STOP_HALTED:
		log_info("guest halted");
		break;
	case VCPU_STOP_RESET:
		log_info("guest reset the machine: %s",
			 the_vm.vmx.reset_reason ? the_vm.vmx.reset_reason : "reset line");
		break;
	case VCPU_STOP_ENTRY_FAILED:
		if (v->stop_code)
			log_error("guest stopped: VM entry failed (VM-instruction error %llu: %s)",
				  (unsigned long long)v->stop_code,
				  vm_instruction_error_name((unsigned)v->stop_code));
		else
			log_error("guest stopped: VM entry refused (guest state breaks an SDM rule)");
		break;
	case VCPU_STOP_ACPI_OFF:
		if (the_vm.guest_exited)
			log_info("guest exited with code %u",
				 the_vm.guest_exit_code);
		else
			log_info("guest powered off (ACPI S5)");
		break;
	case VCPU_STOP_POWEROFF:
		log_info("power off asked on the console");
		break;
	default:
		log_error("guest stopped after an error (exit reason %llu: %s)",
			  (unsigned long long)v->stop_code,
			  exit_reason_name((unsigned)v->stop_code));
		break;
	}
	print_exit_summary(v, &the_vm);
	vcpu_log_exit_stats(v, "at the end of the run");
	if (stop == VCPU_STOP_POWEROFF)
		machine_power_off();
	finish();
}
