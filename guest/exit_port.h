/* The guest exit port: an OUT of 1, 2 or 4 bytes to port 0xf4 ends the
 * guest with the value written as its exit code, as QEMU's isa-debug-exit
 * device (iobase 0xf4, iosize 4) ends QEMU. kvm-unit-tests' exit(code)
 * writes it there (lib/x86/io.c). Only the guest kinds that ask for it
 * have it (guest = multiboot); a read gets all ones, as from an absent
 * port. The hypervisor prints `hv: guest exited with code N` and goes on
 * as on_exit (or a multiboot queue) says. */
#ifndef GUEST_EXIT_PORT_H
#define GUEST_EXIT_PORT_H

#include "guest/vm.h"

#define EXIT_PORT 0xf4

/* Claims EXIT_PORT in the VM's port table (after every reset: vm_reset
 * empties the table). Returns 0, or -1 if another device has it. */
int exit_port_register(struct vm *vm);

#endif
