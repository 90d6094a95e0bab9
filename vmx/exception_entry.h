/* A hardware exception as the VM-entry event-injection fields describe it
 * (SDM Vol. 3C 25.8.3 "VM-Entry Controls for Event Injection", and the
 * checks on them in 27.2.1.3, 26.2.1.3 in editions before 2023). Pure: the
 * rules only, for vcpu_inject_exception (vmx/vcpu.c) and the unit tests. */
#ifndef VMX_EXCEPTION_ENTRY_H
#define VMX_EXCEPTION_ENTRY_H

#include <stdbool.h>
#include <stdint.h>

/* Whether an injected hardware exception 'vector' must deliver an error
 * code. 27.2.1.3: "deliver error code" must be 1 exactly when the guest
 * will be in protected mode ("unrestricted guest" is 0, or the guest-state
 * CR0.PE is 1) and the vector is #DF, #TS, #NP, #SS, #GP, #PF or #AC. In
 * real mode (CR0.PE=0, only possible with unrestricted guest) no exception
 * pushes an error code, and VM entry fails if the bit is set. (#CP, 21,
 * would join the list with CET, which this hypervisor hides.) */
bool exception_has_error_code(unsigned vector, bool unrestricted,
			      uint64_t guest_cr0);

/* The VM-entry interruption-information field for hardware exception
 * 'vector' (0..31): valid, type 3, the vector, and "deliver error code" by
 * exception_has_error_code. *code is the VM-entry exception error code to
 * write when that bit is set: error_code with bits 31:16 cleared (they
 * must be 0, 27.2.1.3); 0 otherwise. */
uint32_t exception_entry_info(unsigned vector, uint32_t error_code,
			      bool unrestricted, uint64_t guest_cr0,
			      uint32_t *code);

/* What a CPU does when delivering hardware exception 'first' raises
 * exception 'second' (SDM Vol. 3A 6.15, Table 6-5 "Conditions for
 * Generating a Double Fault"): contributory (#DE, #TS, #NP, #SS, #GP,
 * #CP) then contributory, or #PF (or #VE) then #PF, #VE or contributory,
 * make a double fault; a contributory exception or #PF while delivering
 * #DF shuts the CPU down (a triple fault); everything else is handled
 * serially (contributory then #PF among them): the
 * second is delivered and the first comes back, or not, when the
 * faulting instruction runs again. */
enum exception_pair {
	EXC_SERIAL,
	EXC_DOUBLE_FAULT,
	EXC_TRIPLE_FAULT,
};
enum exception_pair exception_combine(unsigned first, unsigned second);

/* True for exceptions of the fault class (Vol. 3A 6.5, Table 6-1): the
 * frame's RFLAGS image has RF set (17.3.1.1). Not #DB (a trap where the
 * hypervisor raises it), #BP and #OF (traps), #DF and #MC (aborts), NMI. */
bool exception_is_fault(unsigned vector);

#endif
