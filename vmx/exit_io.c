/* I/O instruction (exit reason 30): IN and OUT to ports the I/O bitmaps
 * intercept, dispatched to the VM's port table (guest/iobus.c). A port no
 * device claims reads as all ones and ignores writes, as on a PC. */
#include "guest/vm.h"
#include "kernel/log.h"
#include "vmx/exits.h"
#include "vmx/vmcs.h"

void exit_io_instruction(struct vcpu *v)
{
	uint64_t q = v->exit.qualification;
	unsigned size = (unsigned)(q & IOQ_SIZE_MASK) + 1;
	uint16_t port = (uint16_t)(q >> IOQ_PORT_SHIFT);
	int in = (q & IOQ_IN) != 0;
	struct io_device *d;

	if (q & IOQ_STRING) {
		/* INS/OUTS need the guest's segments and paging to find the
		 * buffer: not emulated yet. Stop loudly rather than guess. */
		log_error("string I/O (%s%s) on port 0x%x is not emulated",
			  (q & IOQ_REP) ? "REP " : "", in ? "INS" : "OUTS", port);
		vcpu_dump(v);
		vcpu_stop(v, VCPU_STOP_ERROR, EXIT_REASON_IO_INSTRUCTION);
		return;
	}

	d = iobus_find(&v->vm->io, port);
	if (in) {
		uint32_t val = io_all_ones(size);
		if (d && d->in)
			val = d->in(d->dev, port, size) & io_all_ones(size);
		if (!d) {
			v->stats.io_absent++;
			vcpu_trace(v, "IN%u port 0x%x: no device, reads 0x%x",
				   size * 8, port, val);
		} else {
			d->accesses++;
			vcpu_trace(v, "IN%u port 0x%x (%s) -> 0x%x", size * 8,
				   port, d->name, val);
		}
		/* IN AL/AX keep the rest of RAX; IN EAX zero-extends. */
		if (size == 4)
			v->regs.rax = val;
		else
			v->regs.rax = (v->regs.rax & ~(uint64_t)io_all_ones(size)) | val;
	} else {
		uint32_t val = (uint32_t)v->regs.rax & io_all_ones(size);
		if (d) {
			d->accesses++;
			if (d->out)
				d->out(d->dev, port, size, val);
			vcpu_trace(v, "OUT%u port 0x%x (%s) <- 0x%x", size * 8,
				   port, d->name, val);
		} else {
			v->stats.io_absent++;
			vcpu_trace(v, "OUT%u port 0x%x <- 0x%x: no device, ignored",
				   size * 8, port, val);
		}
	}
	vcpu_skip_instruction(v);
}
