/* EPT violation (exit reason 48) and EPT misconfiguration (49), 29.3.3.
 *
 * Guest RAM is mapped whole and nothing else is, so a violation is the
 * guest touching guest-physical space outside RAM: device registers (the
 * MMIO table, vmx/mmio.h) or nothing. The instruction at the guest's RIP
 * is fetched through the guest's page tables (vmx/guest_walk.c), decoded
 * (vmx/decode.c) and carried out (vmx/emulate.c) with its memory operand
 * read or written through the MMIO table, which answers absent space with
 * all ones and drops writes there, as on a PC. The EPT never maps those
 * pages, so every access exits again. The VM-exit instruction length is
 * not defined for EPT violations (28.2.4): the decoder gives it.
 *
 * Two kinds of violation are not an instruction's data access:
 * - the guest's page walk reading a paging structure outside RAM: in
 *   absent space it reads all ones, so the walk finds reserved bits and
 *   the access faults with #PF (RSVD); that #PF meets an event being
 *   delivered as the CPU's would (#DF, triple fault: vcpu.c);
 * - an event's delivery (IDT-vectoring information valid, requeued by the
 *   dispatcher) reaching its IDT, GDT, TSS or stack outside RAM: the
 *   instruction at RIP never ran, and delivery itself is not emulated, so
 *   the guest stops with the reason (as KVM does: "delivery event"
 *   internal error); the hypervisor runs on.
 * An instruction the decoder or emulator does not know gets #UD, counted
 * in the guest's statistics, rather than stopping the guest. */
#include "arch/cpu.h"
#include "arch/cr.h"
#include "arch/pte.h"
#include "kernel/log.h"
#include "vmx/decode.h"
#include "vmx/emulate.h"
#include "vmx/exits.h"
#include "vmx/guest_memory.h"
#include "vmx/guest_walk.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"
#include "vmx/vmx_vm.h"

/* The processor mode for decoding: 64-bit with EFER.LMA and CS.L, else
 * CS.D picks 32 or 16 (real mode has CS.D = 0). */
static enum x86_mode guest_mode(void)
{
	uint64_t ar = vmcs_read(VMCS_GUEST_CS_AR_BYTES);

	if ((vmcs_read(VMCS_GUEST_IA32_EFER) & X86_EFER_LMA) && (ar & VMX_AR_L))
		return X86_MODE_64;
	return (ar & VMX_AR_DB) ? X86_MODE_32 : X86_MODE_16;
}

/* Copies up to X86_MAX_INSN_LEN bytes from the guest's CS:RIP into buf, a
 * page at a time, as far as they are readable guest RAM. Returns the
 * number of bytes; *fault is the walker's result for the first byte it
 * could not fetch (GW_OK if all were fetched or RAM ended), *fault_gla
 * that byte's linear address and *pf_err its #PF error code. */
static unsigned fetch_insn(struct vcpu *v, enum x86_mode mode, uint8_t *buf,
			   int *fault, uint64_t *fault_gla, uint32_t *pf_err)
{
	struct guest_walk_ctx w;
	uint64_t pdptes[4];
	uint64_t lin = v->exit.rip;
	unsigned got = 0;

	if (mode != X86_MODE_64)
		lin = (vmcs_read(VMCS_GUEST_CS_BASE) + lin) & 0xFFFFFFFFULL;
	guest_memory_walk_ctx(v, &w, pdptes, true);
	*fault = GW_OK;
	while (got < X86_MAX_INSN_LEN) {
		uint64_t gla = lin + got, gpa;
		uint32_t err;
		int r;

		if (mode != X86_MODE_64)
			gla &= 0xFFFFFFFFULL;
		r = guest_walk(&w, gla, GW_FETCH, &gpa, &err);
		if (r != GW_OK) {
			*fault = r;
			*fault_gla = gla;
			*pf_err = err;
			break;
		}
		unsigned n = 4096 - (unsigned)(gpa & 4095);
		if (n > X86_MAX_INSN_LEN - got)
			n = X86_MAX_INSN_LEN - got;
		const uint8_t *src = guest_ram_hva(v->vm, gpa, n);
		if (!src)
			break;
		for (unsigned i = 0; i < n; i++)
			buf[got + i] = src[i];
		got += n;
	}
	return got;
}

static uint64_t mem_read(void *ctx, unsigned size)
{
	struct vcpu *v = ctx;
	uint64_t gpa = vmcs_read(VMCS_GUEST_PHYSICAL_ADDRESS);
	uint64_t val = mmio_read(&v->vm->mmio, gpa, size);

	vcpu_trace(v, "MMIO read%u 0x%llx -> 0x%llx", size * 8,
		   (unsigned long long)gpa, (unsigned long long)val);
	return val;
}

static void mem_write(void *ctx, unsigned size, uint64_t value)
{
	struct vcpu *v = ctx;
	uint64_t gpa = vmcs_read(VMCS_GUEST_PHYSICAL_ADDRESS);

	vcpu_trace(v, "MMIO write%u 0x%llx <- 0x%llx", size * 8,
		   (unsigned long long)gpa, (unsigned long long)value);
	mmio_write(&v->vm->mmio, gpa, size, value);
}

static const char *phys_kind_name(struct vcpu *v, uint64_t gpa)
{
	return guest_phys_kind(v->vm, gpa) == GUEST_PHYS_DEVICE ?
	       "a device's registers" : "absent space";
}

/* The guest's page walk read a paging structure at gpa outside RAM. */
static void paging_structure_outside_ram(struct vcpu *v, uint64_t q,
					 uint64_t gpa, bool delivering)
{
	uint64_t gla = vmcs_read(VMCS_GUEST_LINEAR_ADDRESS);
	unsigned cpl = (vmcs_read(VMCS_GUEST_SS_AR_BYTES) >> 5) & 3;
	uint32_t err = X86_PF_P | X86_PF_RSVD;

	if (guest_phys_kind(v->vm, gpa) != GUEST_PHYS_ABSENT) {
		log_error("guest paging structure at guest-physical 0x%llx is a device's registers (linear 0x%llx, RIP 0x%llx): not emulated",
			  (unsigned long long)gpa, (unsigned long long)gla,
			  (unsigned long long)v->exit.rip);
		vcpu_dump(v);
		vcpu_stop(v, VCPU_STOP_ERROR, EXIT_REASON_EPT_VIOLATION);
		return;
	}
	/* All ones: present, reserved bits set (4.7). The data access's
	 * direction is not in the qualification (its bits describe the
	 * paging-structure access); delivery's accesses are supervisor. */
	if (cpl == 3 && !delivering)
		err |= X86_PF_U;
	if (q & EPTQ_FETCH)
		err |= X86_PF_I;
	vcpu_trace(v, "paging structure at guest-physical 0x%llx in absent space: #PF at 0x%llx",
		   (unsigned long long)gpa, (unsigned long long)gla);
	write_cr2(gla);
	vcpu_inject_exception(v, X86_EXC_PF, err);
}

/* An instruction the hypervisor cannot carry out on MMIO: #UD, counted. */
static void unemulated(struct vcpu *v, uint64_t gpa, const char *why,
		       const uint8_t *b, unsigned n)
{
	v->stats.mmio_unemulated++;
	vcpu_trace(v, "MMIO at guest-physical 0x%llx: %s (bytes %02x %02x %02x %02x, %u fetched): #UD",
		   (unsigned long long)gpa, why, n > 0 ? b[0] : 0,
		   n > 1 ? b[1] : 0, n > 2 ? b[2] : 0, n > 3 ? b[3] : 0, n);
	vcpu_inject_exception(v, X86_EXC_UD, 0);
}

void exit_ept_violation(struct vcpu *v)
{
	uint64_t q = v->exit.qualification;
	uint64_t gpa = vmcs_read(VMCS_GUEST_PHYSICAL_ADDRESS);
	enum x86_mode mode = guest_mode();
	uint8_t bytes[X86_MAX_INSN_LEN];
	struct x86_insn in;
	uint64_t gla = 0;
	uint32_t pf_err = 0;
	int fault, err;
	/* The dispatcher requeued the event whose delivery this exit
	 * interrupted, if any. */
	bool delivering = vmcs_read(VMCS_VM_ENTRY_INTR_INFO) & INTR_INFO_VALID;

	/* An IRET that unblocked NMIs did not complete: it faulted, or
	 * the hypervisor carries out or refuses an instruction that is not
	 * IRET. Either way NMIs stay blocked as they were (28.2.3,
	 * 26.3.1.5 on "NMI unblocking due to IRET"). */
	if ((q & EPTQ_NMI_UNBLOCKING) && !delivering)
		vmcs_write(VMCS_GUEST_INTERRUPTIBILITY_INFO,
			   vmcs_read(VMCS_GUEST_INTERRUPTIBILITY_INFO) |
			   GUEST_INTR_STATE_NMI);

	if (q & (EPTQ_READABLE | EPTQ_WRITABLE | EPTQ_EXECUTABLE)) {
		/* A mapped page refused the access: guest RAM is mapped
		 * RWX, so this is the hypervisor's mistake. */
		log_error("EPT violation: %s at mapped guest-physical 0x%llx (RIP 0x%llx, qualification 0x%llx)",
			  (q & EPTQ_FETCH) ? "fetch" : (q & EPTQ_WRITE) ? "write" : "read",
			  (unsigned long long)gpa,
			  (unsigned long long)v->exit.rip, (unsigned long long)q);
		vcpu_dump(v);
		vcpu_stop(v, VCPU_STOP_ERROR, EXIT_REASON_EPT_VIOLATION);
		return;
	}
	if ((q & EPTQ_LINEAR_VALID) && !(q & EPTQ_LINEAR_ACCESS)) {
		paging_structure_outside_ram(v, q, gpa, delivering);
		return;
	}
	if (delivering) {
		uint32_t ev = (uint32_t)vmcs_read(VMCS_VM_ENTRY_INTR_INFO);
		log_error("delivering vector %u (type %u) touched guest-physical 0x%llx in %s (its IDT, GDT, TSS or stack): not emulated; the guest stops",
			  ev & INTR_INFO_VECTOR_MASK,
			  (ev & INTR_INFO_TYPE_MASK) >> 8,
			  (unsigned long long)gpa, phys_kind_name(v, gpa));
		vmcs_write(VMCS_VM_ENTRY_INTR_INFO, 0);
		vcpu_dump(v);
		vcpu_stop(v, VCPU_STOP_ERROR, EXIT_REASON_EPT_VIOLATION);
		return;
	}
	if (q & EPTQ_FETCH) {
		/* Executing from device or absent space: the bytes read as
		 * all ones there, FF FF is an invalid opcode. */
		vcpu_trace(v, "fetch from guest-physical 0x%llx: #UD",
			   (unsigned long long)gpa);
		vcpu_inject_exception(v, X86_EXC_UD, 0);
		return;
	}

	unsigned n = fetch_insn(v, mode, bytes, &fault, &gla, &pf_err);
	err = x86_decode(bytes, n, mode, &in);
	if (err == X86_DECODE_TRUNCATED && fault == GW_PAGE_FAULT) {
		/* The rest of the instruction is on a page the guest has
		 * unmapped since: the fetch faults as on the CPU. */
		write_cr2(gla);
		vcpu_inject_exception(v, X86_EXC_PF, pf_err);
		return;
	}
	if (err == X86_DECODE_TOO_LONG) {
		vcpu_inject_exception(v, X86_EXC_GP, 0);
		return;
	}
	if (err == X86_DECODE_INVALID) {
		vcpu_inject_exception(v, X86_EXC_UD, 0);
		return;
	}
	if (err) {
		unemulated(v, gpa, x86_decode_strerror(err), bytes, n);
		return;
	}

	uint64_t gpr[16], rflags = vmcs_read(VMCS_GUEST_RFLAGS);
	struct x86_emu_mem mem = { mem_read, mem_write, v };
	for (unsigned i = 0; i < 16; i++)
		gpr[i] = vcpu_gpr(v, i);
	int wrote = x86_emulate(&in, gpr, &rflags, &mem);
	if (wrote >= 0)
		vcpu_set_gpr(v, (unsigned)wrote, gpr[wrote]);
	if (in.op == X86_OP_ALU_STORE || in.op == X86_OP_ALU_LOAD)
		vmcs_write(VMCS_GUEST_RFLAGS, rflags);
	v->exit.instr_len = in.len;
	vcpu_skip_instruction(v);
}

void exit_ept_misconfig(struct vcpu *v)
{
	struct ept_walk_result w;
	uint64_t gpa = vmcs_read(VMCS_GUEST_PHYSICAL_ADDRESS);

	log_error("EPT misconfiguration at guest-physical 0x%llx (RIP 0x%llx): a hypervisor bug",
		  (unsigned long long)gpa, (unsigned long long)v->exit.rip);
	if (ept_walk(&v->vm->ept, gpa, &w) == 0)
		log_error("  walk: host-physical 0x%llx page size 0x%llx",
			  (unsigned long long)w.hpa, (unsigned long long)w.page_size);
	vcpu_dump(v);
	vcpu_stop(v, VCPU_STOP_ERROR, EXIT_REASON_EPT_MISCONFIG);
}
