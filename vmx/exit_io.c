/* I/O instruction (exit reason 30): IN, OUT, INS and OUTS to ports the I/O
 * bitmaps intercept, dispatched to the VM's port table (vmx/iobus.c). A
 * port no device claims reads as all ones and ignores writes, as on a PC.
 *
 * The exit qualification (28.2.1, Table 28-5) gives size, direction, port
 * and whether it is a string instruction with REP. For INS/OUTS the
 * VM-exit instruction-information field (28.2.5, Table 28-8) gives the
 * address size and OUTS's segment; the guest's page tables give the
 * buffer (vmx/guest_walk.c). The CPU has already checked IOPL and the TSS
 * I/O bitmap before the exit. */
#include "arch/cpu.h"
#include "arch/cr.h"
#include "kernel/kstring.h"
#include "kernel/log.h"
#include "vmx/exits.h"
#include "vmx/guest_memory.h"
#include "vmx/guest_walk.h"
#include "vmx/string_io.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"
#include "vmx/vmx_vm.h"

/* At most this many elements of a REP INS/OUTS per exit: the instruction
 * is then re-executed (RIP stays) with RCX counted down, so interrupts are
 * not held off by a long transfer. */
#define STRING_IO_BATCH 4096

/* After an access a device answered: the device may have raised or
 * dropped an interrupt line or moved a timer, so the run loop works out
 * interrupt delivery again, unless the device reports that itself and
 * said nothing changed (the UART on the console path, two exits a
 * byte). */
static void device_events(struct vcpu *v, const struct io_device *d)
{
	if (!d->reports_events || v->vm->events_changed) {
		v->events_dirty = true;
		v->vm->events_changed = false;
	}
}

static uint32_t port_in(struct vcpu *v, uint16_t port, unsigned size)
{
	struct io_device *d = iobus_find(&v->vm->io, port);
	uint32_t val = io_all_ones(size);

	if (!d) {
		v->stats.io_absent++;
		vcpu_trace(v, "IN%u port 0x%x: no device, reads 0x%x", size * 8,
			   port, val);
		return val;
	}
	d->accesses++;
	if (d->in)
		val = d->in(d->dev, port, size) & io_all_ones(size);
	device_events(v, d);
	vcpu_trace(v, "IN%u port 0x%x (%s) -> 0x%x", size * 8, port, d->name,
		   val);
	return val;
}

static void port_out(struct vcpu *v, uint16_t port, unsigned size,
		     uint32_t val)
{
	struct io_device *d = iobus_find(&v->vm->io, port);

	val &= io_all_ones(size);
	if (!d) {
		v->stats.io_absent++;
		vcpu_trace(v, "OUT%u port 0x%x <- 0x%x: no device, ignored",
			   size * 8, port, val);
		return;
	}
	d->accesses++;
	if (d->out)
		d->out(d->dev, port, size, val);
	device_events(v, d);
	vcpu_trace(v, "OUT%u port 0x%x (%s) <- 0x%x", size * 8, port, d->name,
		   val);
}

/* The last guest page a string instruction's buffer was found in: the
 * guest's page tables are walked once per 4 KiB page, not per byte. */
struct page_cache {
	uint64_t gla_page;	/* linear address of the page, or ~0 */
	uint8_t *hva_page;	/* where the hypervisor reaches it */
};

/* Where a string instruction's bytes in absent space go: the page reads
 * all ones, and what INS writes there is dropped (it is filled again
 * each time a page is looked up: one instruction only reads or only
 * writes memory). */
static uint8_t absent_page[4096] __attribute__((aligned(4096)));

/* The guest-physical byte behind linear address gla, or NULL after
 * queueing the fault the access would raise. */
static uint8_t *guest_byte(struct vcpu *v, const struct guest_walk_ctx *w,
			   struct page_cache *pc, uint64_t gla,
			   unsigned access)
{
	uint64_t gpa;
	uint32_t err;
	uint8_t *p;
	int err_code;

	if ((gla & ~0xFFFULL) == pc->gla_page)
		return pc->hva_page + (gla & 0xFFF);
	err_code = guest_walk(w, gla, access, &gpa, &err);
	switch (err_code) {
	case GW_OK:
		/* RAM or mapped device memory (the framebuffer). */
		p = guest_memory_page(v->vm, gpa);
		if (!p && guest_phys_kind(v->vm, gpa) == GUEST_PHYS_ABSENT) {
			memset(absent_page, 0xFF, sizeof(absent_page));
			p = absent_page;
		}
		if (p) {
			pc->gla_page = gla & ~0xFFFULL;
			pc->hva_page = p;
			return p + (gla & 0xFFF);
		}
		log_error("string I/O buffer at guest-physical 0x%llx is a device's registers: not emulated",
			  (unsigned long long)gpa);
		vcpu_stop(v, VCPU_STOP_ERROR, EXIT_REASON_IO_INSTRUCTION);
		return NULL;
	case GW_PAGE_FAULT:
		/* #PF with CR2 = the address. The host never takes a page
		 * fault, so CR2 keeps this value until the guest runs. */
		write_cr2(gla);
		vcpu_inject_exception(v, X86_EXC_PF, err);
		return NULL;
	case GW_NONCANONICAL:
		vcpu_inject_exception(v, X86_EXC_GP, 0);
		return NULL;
	default:
		log_error("string I/O at guest-linear 0x%llx: %s",
			  (unsigned long long)gla, guest_walk_strerror(err_code));
		vcpu_stop(v, VCPU_STOP_ERROR, EXIT_REASON_IO_INSTRUCTION);
		return NULL;
	}
}

/* Segment base of the string operand's segment (ES=0 ... GS=5). */
static uint64_t segment_base(unsigned seg)
{
	static const enum vmcs_field base[6] = {
		VMCS_GUEST_ES_BASE, VMCS_GUEST_CS_BASE, VMCS_GUEST_SS_BASE,
		VMCS_GUEST_DS_BASE, VMCS_GUEST_FS_BASE, VMCS_GUEST_GS_BASE,
	};
	return vmcs_read(base[seg < 6 ? seg : SIO_DS]);
}

/* The guest's side of an INS/OUTS run (vmx/string_io.h): its buffer
 * through its page tables, its port through the VM's. */
struct string_io_mem {
	struct vcpu *v;
	struct guest_walk_ctx w;
	struct page_cache pc;
	unsigned access;
};

static uint8_t *string_io_byte(void *ctx, uint64_t gla)
{
	struct string_io_mem *m = ctx;

	return guest_byte(m->v, &m->w, &m->pc, gla, m->access);
}

static uint32_t string_io_in(void *ctx, uint16_t port, unsigned size)
{
	return port_in(((struct string_io_mem *)ctx)->v, port, size);
}

static void string_io_out(void *ctx, uint16_t port, unsigned size,
			  uint32_t val)
{
	port_out(((struct string_io_mem *)ctx)->v, port, size, val);
}

/* INS/OUTS: the decoding, register arithmetic and the loop are
 * vmx/string_io.c. */
static void string_io(struct vcpu *v, uint64_t q)
{
	uint32_t info = (uint32_t)vmcs_read(VMCS_VMX_INSTRUCTION_INFO);
	bool long_mode = (vmcs_read(VMCS_GUEST_IA32_EFER) & X86_EFER_LMA) &&
			 (vmcs_read(VMCS_GUEST_CS_AR_BYTES) & VMX_AR_L);
	struct string_io s;

	if (string_io_decode(q, info, vmcs_read(VMCS_GUEST_RFLAGS), long_mode,
			     &s)) {
		log_error("string I/O exit with qualification 0x%llx, instruction information 0x%x: no INS/OUTS the SDM defines",
			  (unsigned long long)q, info);
		vcpu_stop(v, VCPU_STOP_ERROR, EXIT_REASON_IO_INSTRUCTION);
		return;
	}

	uint64_t base = string_io_has_base(&s) ? segment_base(s.seg) : 0;
	uint64_t pdptes[4];
	struct string_io_mem mem = {
		.v = v,
		.pc = { .gla_page = ~0ULL, .hva_page = NULL },
	};
	const struct string_io_ops ops = {
		.ctx = &mem, .byte = string_io_byte, .in = string_io_in,
		.out = string_io_out,
	};

	guest_memory_walk_ctx(v, &mem.w, pdptes, true);
	mem.access = (s.in ? GW_WRITE : 0) | (mem.w.cpl == 3 ? GW_USER : 0);
	if (string_io_run(&s, base, s.in ? &v->regs.rdi : &v->regs.rsi,
			  &v->regs.rcx, STRING_IO_BATCH, &ops) == STRING_IO_DONE)
		vcpu_skip_instruction(v);
}

void exit_io_instruction(struct vcpu *v)
{
	uint64_t q = v->exit.qualification;
	unsigned size = (unsigned)(q & IOQ_SIZE_MASK) + 1;
	uint16_t port = (uint16_t)(q >> IOQ_PORT_SHIFT);
	int in = (q & IOQ_IN) != 0;

	if (q & IOQ_STRING) {
		string_io(v, q);
		return;
	}
	if (in) {
		uint32_t val = port_in(v, port, size);
		/* IN AL/AX keep the rest of RAX; IN EAX zero-extends. */
		if (size == 4)
			v->regs.rax = val;
		else
			v->regs.rax = (v->regs.rax & ~(uint64_t)io_all_ones(size)) | val;
	} else {
		port_out(v, port, size, (uint32_t)v->regs.rax);
	}
	vcpu_skip_instruction(v);
}
