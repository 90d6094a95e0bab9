/* The VMCS of a vCPU (SDM Vol. 3C chapter 25 "Virtual Machine Control
 * Structures"): allocation, the host-state area, the control fields, the
 * initial guest state, and dumps by field name. */
#ifndef VMX_VMCS_H
#define VMX_VMCS_H

#include <stdint.h>
#include "vmx/vcpu.h"
#include "vmx/vmcs_fields.h"
#include "vmx/vmx_ops.h"

/* VMREAD/VMWRITE of the current VMCS. A failure names the field and stops
 * the hypervisor: it is a bug, never a guest action. Inline: every exit
 * does a dozen of them, and on the fast path they are most of its work. */
void vmcs_read_failed(enum vmcs_field f, int status)
	__attribute__((noreturn, cold));
void vmcs_write_failed(enum vmcs_field f, uint64_t v, int status)
	__attribute__((noreturn, cold));

#ifdef HV_HOST_TEST
/* Host unit tests and fuzz targets: the current VMCS is a model, an array
 * indexed by field encoding (tests/unit/vmcs_model.c), so VM-exit
 * handlers run without VMX. The kernel never defines HV_HOST_TEST. */
uint64_t vmcs_read(enum vmcs_field f);
void vmcs_write(enum vmcs_field f, uint64_t v);
#else
/* The exit path's most frequent instructions: success is one flag test
 * (CF = ZF = 0, "above"), one branch. Only on failure is the instruction
 * run again to tell VMfailInvalid from VMfailValid: it fails the same way
 * and changes nothing. */
static inline uint64_t vmcs_read(enum vmcs_field f)
{
	uint64_t v;
	uint8_t ok;

	__asm__ volatile("vmread %2, %1" : "=@cca"(ok), "=rm"(v)
			 : "r"((uint64_t)f));
	if (__builtin_expect(!ok, 0))
		vmcs_read_failed(f, vmread_raw(f, &v));
	return v;
}

static inline void vmcs_write(enum vmcs_field f, uint64_t v)
{
	uint8_t ok;

	__asm__ volatile("vmwrite %2, %1" : "=@cca"(ok)
			 : "r"((uint64_t)f), "rm"(v));
	if (__builtin_expect(!ok, 0))
		vmcs_write_failed(f, v, vmwrite_raw(f, v));
}
#endif

/* Allocates, clears and loads the vCPU's VMCS, and writes the host state
 * and the execution, exit and entry controls. Returns NULL or the reason. */
const char *vmcs_setup(struct vcpu *v);

/* Guest state for the 32-bit protected-mode entry of the Linux boot
 * protocol (flat 4 GiB CS 0x10 / DS 0x18, paging off, interrupts off) at
 * rip, with the GDT at gdt_gpa (written by the caller). */
void vmcs_guest_protected_flat(struct vcpu *v, uint64_t rip, uint64_t gdt_gpa);

/* Guest state for real mode (unrestricted guest) at cs:ip, as after a
 * reset but with all data segments at 0, the IVT at 0 and interrupts off. */
void vmcs_guest_real_mode(struct vcpu *v, uint16_t cs, uint16_t ip);

/* Prints every VMCS field with its name, value and (on a failed read)
 * nothing: for panics and entry failures. */
void vmcs_dump_all(void);

#endif
