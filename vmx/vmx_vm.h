/* What the VMX side knows of a VM: guest RAM, its EPT, the VMX bitmaps,
 * the port and MMIO tables the exits dispatch through, the guest's TSC
 * frequency, and what the VM's devices ask of the vCPUs' run loop. The VM
 * (guest/vm.h) holds one and hands it to each vCPU (vcpu_init); apart from
 * this and struct vcpu_platform_ops (vmx/vcpu.h), vmx/ knows nothing of
 * the VM. */
#ifndef VMX_VMX_VM_H
#define VMX_VMX_VM_H

#include <stdbool.h>
#include <stdint.h>
#include "vmx/ept.h"
#include "vmx/iobus.h"
#include "vmx/mmio.h"

struct pmm;

/* vCPUs in a VM; vcpu_reset numbers VPIDs by it. */
#define VM_MAX_VCPUS 1

struct vmx_vm {
	struct pmm *pmm;	/* where the vCPUs' VMCS pages come from */

	/* Guest RAM: guest-physical [0, ram_size) is host-physical
	 * [ram_hpa, ram_hpa + ram_size), mapped write-back through EPT.
	 * vmx/guest_memory.h reaches it. */
	uint64_t ram_hpa;
	uint64_t ram_size;
	struct ept ept;
	uint64_t eptp;

	/* VMX bitmaps (25.6.4 I/O bitmaps, 25.6.9 MSR bitmaps): a set bit
	 * makes the access exit. */
	uint64_t io_bitmap_phys;	/* two pages, A then B */
	uint64_t msr_bitmap_phys;

	struct iobus io;	/* ports, for I/O instruction exits */
	struct mmio_bus mmio;	/* device registers outside RAM, for EPT
				 * violations */

	/* The TSC rate the guest's CPUID leaves 0x15 and 0x16 announce. */
	uint64_t tsc_hz;

	/* What the VM's devices ask of the run loop, which looks after an
	 * exit that touched a device (vcpu_run). */
	int marker;			/* a debug-port marker to report, or -1 */
	bool reset_requested;		/* vmx_vm_request_reset() */
	const char *reset_reason;	/* which reset line, for the log */
	bool poweroff_requested;	/* ACPI S5 */
	/* A device that reports its own events (struct io_device's
	 * reports_events) changed an interrupt line: the run loop works
	 * out delivery again after this exit. */
	bool events_changed;
};

/* A reset line was pulled or the CPU shut down: the vCPU stops after this
 * exit. reason is a static string naming the source; the first one
 * stays. */
static inline void vmx_vm_request_reset(struct vmx_vm *vm, const char *reason)
{
	if (!vm->reset_requested)
		vm->reset_reason = reason;
	vm->reset_requested = true;
}

#endif
