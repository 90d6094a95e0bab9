/* The VMX instructions as C functions (SDM Vol. 3C 31.2 "Conventions"; each
 * instruction reports VMsucceed, VMfailInvalid (CF=1) or VMfailValid (ZF=1,
 * error number in VM_INSTRUCTION_ERROR)). They return 0, VMX_FAIL_INVALID
 * or VMX_FAIL_VALID. vmcs_read/vmcs_write (vmx/vmcs.c) wrap VMREAD/VMWRITE
 * and stop the hypervisor with the field's name if one fails. */
#ifndef VMX_VMX_OPS_H
#define VMX_VMX_OPS_H

#include <stdint.h>

#define VMX_OK		 0
#define VMX_FAIL_INVALID 1
#define VMX_FAIL_VALID	 2

#define VMX_STATUS_FROM_FLAGS(cf, zf) ((cf) ? VMX_FAIL_INVALID : (zf) ? VMX_FAIL_VALID : VMX_OK)

static inline int vmxon(uint64_t phys)
{
	uint8_t cf, zf;
	__asm__ volatile("vmxon %2" : "=@ccc"(cf), "=@ccz"(zf)
			 : "m"(phys) : "memory");
	return VMX_STATUS_FROM_FLAGS(cf, zf);
}

static inline int vmclear(uint64_t phys)
{
	uint8_t cf, zf;
	__asm__ volatile("vmclear %2" : "=@ccc"(cf), "=@ccz"(zf)
			 : "m"(phys) : "memory");
	return VMX_STATUS_FROM_FLAGS(cf, zf);
}

static inline int vmptrld(uint64_t phys)
{
	uint8_t cf, zf;
	__asm__ volatile("vmptrld %2" : "=@ccc"(cf), "=@ccz"(zf)
			 : "m"(phys) : "memory");
	return VMX_STATUS_FROM_FLAGS(cf, zf);
}

static inline int vmread_raw(uint64_t field, uint64_t *value)
{
	uint8_t cf, zf;
	__asm__ volatile("vmread %3, %2" : "=@ccc"(cf), "=@ccz"(zf), "=rm"(*value)
			 : "r"(field) : "memory");
	return VMX_STATUS_FROM_FLAGS(cf, zf);
}

static inline int vmwrite_raw(uint64_t field, uint64_t value)
{
	uint8_t cf, zf;
	__asm__ volatile("vmwrite %3, %2" : "=@ccc"(cf), "=@ccz"(zf)
			 : "r"(field), "rm"(value) : "memory");
	return VMX_STATUS_FROM_FLAGS(cf, zf);
}

/* INVEPT/INVVPID types (31.3, INVEPT and INVVPID). */
#define INVEPT_SINGLE_CONTEXT	1
#define INVEPT_ALL_CONTEXT	2
#define INVVPID_SINGLE_CONTEXT	1
#define INVVPID_ALL_CONTEXT	2

static inline int invept(uint64_t type, uint64_t eptp)
{
	struct { uint64_t eptp, reserved; } desc = { eptp, 0 };
	uint8_t cf, zf;
	__asm__ volatile("invept %2, %3" : "=@ccc"(cf), "=@ccz"(zf)
			 : "m"(desc), "r"(type) : "memory");
	return VMX_STATUS_FROM_FLAGS(cf, zf);
}

static inline int invvpid(uint64_t type, uint16_t vpid)
{
	struct { uint64_t vpid, addr; } desc = { vpid, 0 };
	uint8_t cf, zf;
	__asm__ volatile("invvpid %2, %3" : "=@ccc"(cf), "=@ccz"(zf)
			 : "m"(desc), "r"(type) : "memory");
	return VMX_STATUS_FROM_FLAGS(cf, zf);
}

/* Drops the cached translations derived from the EPT paging structures
 * at eptp (28.3.3.1): single-context where the CPU has it, else every
 * context. After EPT entries change, and before an EPTP is first used. */
static inline int invept_eptp(uint64_t eptp, int single_supported)
{
	return single_supported ? invept(INVEPT_SINGLE_CONTEXT, eptp) :
				  invept(INVEPT_ALL_CONTEXT, 0);
}

/* Drops the guest's linear and combined translations tagged with vpid
 * (28.3.3.3): single-context where the CPU has it, else every VPID but
 * the host's. Where the hypervisor changes what the guest's translations
 * depend on (an emulated write to CR0 or CR4), as the guest's own MOV to
 * CR would have. */
static inline int invvpid_vpid(uint16_t vpid, int single_supported)
{
	return single_supported ? invvpid(INVVPID_SINGLE_CONTEXT, vpid) :
				  invvpid(INVVPID_ALL_CONTEXT, 0);
}

#endif
