/* Console controls on the machine's COM1; see console.h. */
#include "arch/serial.h"
#include "guest/console.h"
#include "guest/console_escape.h"
#include "guest/vm.h"
#include "kernel/log.h"

void console_input(struct vm *vm, uint8_t byte)
{
	uint8_t out;

	enum console_key key = console_escape_feed(&vm->console, byte, &out);

	if (key == CONSOLE_PASS) {
		uart16550_rx_push(&vm->com1, out);
		return;
	}
	if (key == CONSOLE_HOLD)
		return;
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
	case CONSOLE_POWEROFF:
		log_info("console: power off (Ctrl-A x)");
		vcpu_stop(&vm->vcpu[0], VCPU_STOP_POWEROFF, 0);
		break;
	case CONSOLE_UNKNOWN:
		log_info("console: unknown control Ctrl-A 0x%02x; Ctrl-A h for help",
			 byte);
		break;
	}
}
