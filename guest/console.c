/* Console controls on the machine's COM1; see console.h. */
#include "arch/serial.h"
#include "guest/console.h"
#include "guest/platform.h"
#include "guest/vm.h"
#include "kernel/log.h"

/* Acts on a console control (anything but a byte for the guest). */
static void control(struct vm *vm, enum console_key key, uint8_t byte)
{
	/* The answer starts on a line of its own, not after the guest's
	 * prompt. */
	serial_write("\n", 1);
	switch (key) {
	case CONSOLE_PASS:
	case CONSOLE_HOLD:
		break;
	case CONSOLE_HELP:
		for (unsigned i = 0; console_escape_help[i]; i++)
			log_info("console: %s", console_escape_help[i]);
		break;
	case CONSOLE_STATS:
		vcpu_log_exit_stats(&vm->vcpu[0], "so far (Ctrl-A s)");
		break;
	case CONSOLE_REGS:
		vcpu_show(&vm->vcpu[0]);
		break;
	case CONSOLE_POWEROFF:
		log_info("console: power off (Ctrl-A x)");
		vcpu_stop(&vm->vcpu[0], VCPU_STOP_POWEROFF, 0);
		break;
	case CONSOLE_NMI:
		log_info("console: NMI button (Ctrl-A n)");
		platform_press_button(vm, VCPU_BUTTON_NMI);
		break;
	case CONSOLE_POWER_BUTTON:
		log_info("console: ACPI power button (Ctrl-A p)");
		platform_press_button(vm, VCPU_BUTTON_POWER);
		break;
	case CONSOLE_UNKNOWN:
		log_info("console: unknown control Ctrl-A 0x%02x; Ctrl-A h for help",
			 byte);
		break;
	}
}

void console_poll(struct vm *vm)
{
	struct console *c = &vm->console;
	uint8_t out;
	int ch;

	/* Bytes held back first, in order, as far as the guest has room. */
	while (c->held_len && uart16550_rx_room(&vm->com1) > 0) {
		uart16550_rx_push(&vm->com1, c->held[c->held_head]);
		c->held_head = (uint16_t)((c->held_head + 1) % CONSOLE_HELD_MAX);
		c->held_len--;
	}
	while (c->held_len < CONSOLE_HELD_MAX && (ch = serial_getc()) >= 0) {
		enum console_key key = console_escape_feed(&c->escape,
							   (uint8_t)ch, &out);
		if (key == CONSOLE_HOLD)
			continue;
		if (key != CONSOLE_PASS) {
			control(vm, key, (uint8_t)ch);
			continue;
		}
		if (!c->held_len && uart16550_rx_room(&vm->com1) > 0)
			uart16550_rx_push(&vm->com1, out);
		else
			c->held[(c->held_head + c->held_len++) % CONSOLE_HELD_MAX] = out;
	}
}
