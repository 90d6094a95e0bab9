/* Choosing the VMX controls from the capability MSRs (SDM Vol. 3D A.3-A.5
 * "VM-Execution/VM-Exit/VM-Entry Controls", 24.6 "Discovering Support for
 * VMX"; Vol. 3C 25.6-25.8 for what each control does). Pure logic: the
 * capability values come in a struct, read once from the MSRs by vmx/vmx.c,
 * or recorded from a real CPU or Bochs in the unit tests. */
#ifndef VMX_CONTROLS_H
#define VMX_CONTROLS_H

#include <stdbool.h>
#include <stdint.h>

/* The capability MSRs, as read. When IA32_VMX_BASIC bit 55 is set, the
 * pin/proc/exit/entry values here are the TRUE_* MSRs. */
struct vmx_caps {
	uint64_t basic;
	uint64_t pinbased, procbased, procbased2, exit, entry;
	uint64_t misc, ept_vpid;
	uint64_t cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
};

/* Low 32 bits of a control capability MSR: allowed 0-settings (a 1 bit
 * there must be 1 in the control); high 32 bits: allowed 1-settings (a 0
 * bit there must be 0). A.3.1. */
static inline uint32_t vmx_cap_must_be_one(uint64_t cap)
{
	return (uint32_t)cap;
}

static inline uint32_t vmx_cap_may_be_one(uint64_t cap)
{
	return (uint32_t)(cap >> 32);
}

/* Computes a control value: every bit of required, the bits of optional the
 * CPU allows, and every bit the CPU forces to 1. Returns the bits of
 * required that the CPU cannot set (0 on success); *out is written anyway. */
uint32_t vmx_adjust_controls(uint32_t required, uint32_t optional,
			     uint64_t cap, uint32_t *out);

/* The controls this hypervisor runs its guests with. */
struct vmx_controls {
	uint32_t pin, proc, proc2, exit, entry;
	bool ept_1g;		/* EPT may use 1 GiB pages */
	bool ept_wb;		/* write-back EPT paging structures */
	bool ept_ad;
	bool invept_single;	/* INVEPT single-context supported */
	bool invvpid_single;	/* INVVPID single-context supported */
	bool nmi_window;	/* virtual NMIs on, NMI-window exiting available */
};

/* Fills *c from caps. Returns NULL, or a static string naming the first
 * missing capability the hypervisor cannot run without. */
const char *vmx_choose_controls(const struct vmx_caps *caps,
				struct vmx_controls *c);

/* CR0/CR4 as VMX operation requires them (A.7, A.8): fixed0 bits set,
 * bits clear in fixed1 cleared. */
static inline uint64_t vmx_fix_cr(uint64_t v, uint64_t fixed0, uint64_t fixed1)
{
	return (v | fixed0) & fixed1;
}


/* What to do with IA32_FEATURE_CONTROL before VMXON (24.7): */
enum feature_control_action {
	FC_READY = 0,		/* locked with VMX outside SMX enabled */
	FC_WRITE = 1,		/* unlocked: write *new_value (enable + lock) */
	FC_LOCKED_OFF = -1,	/* locked by firmware with VMX disabled */
};

enum feature_control_action vmx_feature_control(uint64_t value,
						uint64_t *new_value);

#endif
