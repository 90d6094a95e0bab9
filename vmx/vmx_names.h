/* Printable names for VMX numbers, generated from the tables in
 * vmx/vmcs_fields.h and vmx/vmx_defs.h. Pure: unit-tested on the host. */
#ifndef VMX_VMX_NAMES_H
#define VMX_VMX_NAMES_H

#include <stddef.h>

/* "GUEST_RIP" etc., or NULL for an encoding not in the table. */
const char *vmcs_field_name(unsigned encoding);
/* "CPUID" etc. for a basic exit reason, or "unknown exit reason". */
const char *exit_reason_name(unsigned basic_reason);
/* The SDM's text for a VM-instruction error number, or "unknown error". */
const char *vm_instruction_error_name(unsigned error);

/* Iteration over the field table, for VMCS dumps. */
size_t vmcs_field_count(void);
unsigned vmcs_field_at(size_t i);

#endif
