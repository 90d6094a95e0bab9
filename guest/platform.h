/* The PC platform the guest sees: which device answers at which port or
 * address, how device interrupts reach the guest (guest/irq_router.c: the
 * 8259 pair, the IOAPIC, a local APIC per vCPU), and the guest's clock.
 *
 *   0x020-0x021, 0x0A0-0x0A1, 0x4D0-0x4D1  8259A pair + ELCR (pic8259.c)
 *   0x040-0x043, 0x061                     8254 PIT + port B (pit8254.c)
 *   0x060, 0x064, 0x092                    i8042 and port 92: reset line
 *   0x070-0x071                            CMOS RTC (cmos.c)
 *   0x0E9                                  debug marker (see below)
 *   0x3F8-0x3FF                            COM1, 16550A (uart16550.c)
 *   0x600-0x60B                            ACPI PM1a event/control, PM timer
 *                                          (acpi_pm.c; SCI on IRQ 9)
 *   0xCF8-0xCFF                            PCI config: no devices; 0xCF9 reset
 * Every other port is absent: reads all ones, writes dropped, counted.
 *
 *   0xFEC00000-0xFEC00FFF                  IOAPIC, 24 pins (ioapic.c)
 *   0xFEE00000-0xFEE00FFF                  local APIC of the accessing
 *                                          vCPU (lapic.c)
 * ISA IRQ n goes to 8259 input n and IOAPIC pin n, IRQ 0 to pin 2. The
 * vCPUs reach all this through vm->vcpu_ops. */
#ifndef GUEST_PLATFORM_H
#define GUEST_PLATFORM_H

#include <stdint.h>
#include "guest/vm.h"

#define DEBUG_MARKER_PORT 0xE9
/* The PIIX reset control register, also the FADT's RESET_REG: RST_CPU
 * (bit 2) with SYS_RST (bit 1) resets the machine. */
#define PCI_RESET_PORT	0xCF9
#define PCI_RESET_VALUE	0x06

/* Registers the devices on vm->vmx.io and vm->vmx.mmio, resets them, and
 * fills in vm->vcpu_ops. */
void platform_init(struct vm *vm);

/* Guest time in PIT input-clock ticks since the VM was made. */
uint64_t platform_pit_now(struct vm *vm);

/* Samples the device interrupt lines into the router (PIT channel 0
 * edges, COM1's line) at host TSC now. Call before deciding what to
 * inject. */
void platform_update_irqs(struct vm *vm, uint64_t now);

/* Presses one of the machine's buttons (enum vcpu_button): the NMI
 * button pulses every local APIC's LINT1, the power button raises the
 * ACPI SCI (guest/platform_acpi.c). */
void platform_press_button(struct vm *vm, unsigned button);

/* Host TSC value at which the PIT's next IRQ 0 edge is due, or
 * UINT64_MAX. (The vCPUs' own question, vcpu_ops.next_event_tsc, adds
 * their local APIC timers.) */
uint64_t platform_next_event_tsc(struct vm *vm);

#endif
