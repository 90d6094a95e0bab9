/* A virtual machine: its memory, its devices and its vCPUs. */
#ifndef GUEST_VM_H
#define GUEST_VM_H

#include <stdbool.h>
#include <stdint.h>
#include "boot/config.h"
#include "guest/acpi_pm.h"
#include "guest/cmos.h"
#include "guest/console.h"
#include "guest/ioapic.h"
#include "guest/irq_router.h"
#include "guest/lapic.h"
#include "guest/pic8259.h"
#include "guest/pit8254.h"
#include "guest/uart16550.h"
#include "kernel/pmm.h"
#include "vmx/ept.h"
#include "vmx/vcpu.h"
#include "vmx/vmx_vm.h"

struct vm {
	const struct hv_config *config;
	/* What the vCPUs use: guest RAM, EPT, the VMX bitmaps, the port and
	 * MMIO tables, the TSC rate, the reset/power-off/marker requests
	 * (vmx/vmx_vm.h). Each vCPU gets a pointer to it. */
	struct vmx_vm vmx;
	struct ept_ops ept_ops;

	/* The PC platform the guest sees (guest/platform.c). */
	struct uart16550 com1;
	bool com1_line;		/* IRQ 4 as last given to the controllers */
	struct console console;		/* Ctrl-A controls (guest/console.c) */
	struct pic8259_pair pic;
	struct pit8254 pit;
	struct cmos cmos;
	struct ioapic ioapic;		/* 0xFEC00000 */
	struct lapic lapic[VM_MAX_VCPUS];	/* 0xFEE00000, one per vCPU */
	struct irq_router irq;		/* ISA IRQs to the 8259s and IOAPIC */
	struct vcpu_platform_ops vcpu_ops;	/* what the vCPUs ask of it */
	uint32_t pci_config_address;	/* port 0xCF8 */
	unsigned restarts;		/* resets the guest came back from */
	struct acpi_pm acpi_pm;		/* ACPI fixed hardware */
	/* The guest wrote its exit code to the exit port
	 * (guest/exit_port.h). */
	bool guest_exited;
	uint32_t guest_exit_code;
	uint64_t acpi_rsdp;		/* guest-physical, 0 if none */
	bool acpi_logged;

	/* Guest time: the host TSC (at vmx.tsc_hz), counted from when the
	 * VM was made. */
	uint64_t tsc_start;
	uint64_t events_now;	/* host TSC of the vCPU's last evaluation
				 * of its events (vcpu_ops.update) */
	uint64_t unix_time_start;	/* wall clock the guest starts at */
	/* TSC ticks per tick of the crystal the guest's CPUID leaf 0x15
	 * names (num / den), the local APIC timer's input clock. */
	uint32_t crystal_tsc_num, crystal_tsc_den;
	unsigned maxphyaddr;

	unsigned nvcpus;
	struct vcpu vcpu[VM_MAX_VCPUS];
};

/* Host pointer to guest-physical [gpa, gpa + len), or NULL if any of it is
 * outside guest RAM (guest_ram_hva, vmx/guest_memory.h). */
void *vm_gpa_to_hva(struct vm *vm, uint64_t gpa, uint64_t len);

/* The guest pulled a reset line (i8042 0xFE, port 0x92, 0xCF9) or its CPU
 * shut down (a triple fault, vmx_vm_request_reset from vmx/): the vCPU
 * stops after this exit, and the
 * machine restarts the guest (or powers off with on_reset = poweroff).
 * reason is a static string naming the source. */
void vm_request_reset(struct vm *vm, const char *reason);

/* A PC's reset: guest RAM cleared, every device back to its power-on
 * state but the battery-backed CMOS (its clock and RAM keep going), the
 * port and MMIO tables rebuilt. The vCPUs and the guest's image are the
 * caller's (vcpu_reset, then loading the guest again). */
void vm_reset(struct vm *vm);

/* Lets the guest access port directly (clears its I/O-bitmap bit). */
void vm_io_passthrough(struct vm *vm, uint16_t port);
/* Lets the guest read and/or write an MSR directly. */
void vm_msr_passthrough(struct vm *vm, uint32_t msr, int read, int write);

/* Makes a VM for conf on this CPU: allocates and zeroes guest RAM, maps it
 * with EPT, sets up the I/O and MSR bitmaps, the guest's clock and its
 * devices. Returns NULL or the reason. */
const char *vm_create(struct vm *vm, const struct hv_config *conf,
		      struct pmm *pmm, const struct vmx_cpu *cpu);

#endif
