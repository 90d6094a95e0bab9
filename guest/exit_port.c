/* The guest exit port; see exit_port.h. */
#include "guest/exit_port.h"

static void exit_port_out(void *dev, uint16_t port, unsigned size,
			  uint32_t value)
{
	struct vm *vm = dev;

	(void)port;
	if (vm->guest_exited)
		return;		/* the first code stands */
	vm->guest_exited = true;
	vm->guest_exit_code = value & io_all_ones(size);
	/* The run loop stops the vCPU after this exit, as for ACPI S5;
	 * kmain tells the two apart by guest_exited. */
	vm->vmx.poweroff_requested = true;
}

int exit_port_register(struct vm *vm)
{
	return iobus_register(&vm->vmx.io, EXIT_PORT, EXIT_PORT, "exit",
			      NULL, exit_port_out, vm);
}
