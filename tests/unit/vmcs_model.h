/* A model of the current VMCS for host unit tests and fuzz targets: with
 * HV_HOST_TEST, vmcs_read/vmcs_write (vmx/vmcs.h) reach an array indexed by
 * field encoding instead of executing VMREAD/VMWRITE, so code that drives
 * the VMCS (VM-exit handlers, the initial guest state) runs on the host.
 *
 * As the CPU does (SDM Vol. 3C 31.3 VMREAD/VMWRITE, Vol. 3D Appendix B):
 * a write to a 16- or 32-bit field keeps only the field's width, a read
 * zero-extends, and an encoding that names no field (vmx/vmcs_fields.h)
 * fails: here the test stops with the encoding, where the kernel would
 * panic (vmcs_read_failed).
 *
 * A test sets what the CPU would have written (exit reason, qualification,
 * IDT-vectoring information, guest state) with vmcs_model_set, runs the
 * code under test, and checks what it wrote with vmcs_model_get, and which
 * fields it touched with vmcs_model_reads/vmcs_model_writes.
 *
 * A unit test links it by naming $(UNIT_VMCS_MODEL) in its UNIT_LINK_
 * variable (Makefile); one model per program, reset by each test. */
#ifndef TESTS_UNIT_VMCS_MODEL_H
#define TESTS_UNIT_VMCS_MODEL_H

#include <stdint.h>
#include "vmx/vmcs_fields.h"

/* Every field 0; the read and write counts cleared. */
void vmcs_model_reset(void);

/* Sets a field as the CPU would have (at the field's width); not counted
 * as a write by the code under test. */
void vmcs_model_set(enum vmcs_field f, uint64_t value);

/* A field's value; not counted as a read by the code under test. */
uint64_t vmcs_model_get(enum vmcs_field f);

/* How many vmcs_read/vmcs_write calls named f since the last reset. */
unsigned vmcs_model_reads(enum vmcs_field f);
unsigned vmcs_model_writes(enum vmcs_field f);

/* All vmcs_write calls since the last reset, whatever the field. */
unsigned vmcs_model_total_writes(void);

#endif
