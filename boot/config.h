/* The hypervisor's configuration file, \hv\hv.conf on the ESP.
 *
 * One "key = value" per line; '#' starts a comment; blank lines are ignored.
 *
 *   guest   = linux | test | conformance   which guest to run (default: test)
 *                                 conformance: guest/conformance/, cmdline
 *                                 picks its last act (reset=cf9, ...)
 *   kernel  = \hv\bzImage         the guest kernel (guest = linux)
 *   initrd  = \hv\initrd.img      its initramfs (optional)
 *   cmdline = console=ttyS0 ...   the guest's command line
 *   memory  = 256                 guest RAM in MiB (16 .. 3072)
 *   on_exit = poweroff | halt     what the machine does when the guest ends
 *   trace   = none | exits        exits: log every VM exit (reason, RIP,
 *                                 qualification): slow, for debugging
 *
 * The loader parses it to know which files to read; the kernel parses the
 * same text (handed over verbatim in the boot information) to configure the
 * guest. The parser is plain C with no library calls, shared by both and by
 * the host unit tests. The text comes from a file: every length is checked. */
#ifndef BOOT_CONFIG_H
#define BOOT_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#define HV_CONF_PATH_MAX    64
#define HV_CONF_CMDLINE_MAX 1024
#define HV_CONF_LINE_MAX    1100

enum hv_guest_kind { HV_GUEST_TEST = 0, HV_GUEST_LINUX = 1, HV_GUEST_CONFORMANCE = 2 };
enum hv_on_exit { HV_EXIT_POWEROFF = 0, HV_EXIT_HALT = 1 };
#define HV_TRACE_EXITS 0x1	/* hv_config.trace bits */

struct hv_config {
	enum hv_guest_kind guest;
	char kernel[HV_CONF_PATH_MAX];
	char initrd[HV_CONF_PATH_MAX];
	char cmdline[HV_CONF_CMDLINE_MAX];
	uint32_t memory_mib;
	enum hv_on_exit on_exit;
	uint32_t trace;		/* HV_TRACE_* bits */
};

struct hv_config_error {
	unsigned line;		/* 1-based line of the error */
	const char *reason;	/* static string */
};

#define HV_CONF_DEFAULT_MEMORY_MIB 256
#define HV_CONF_MIN_MEMORY_MIB     16
#define HV_CONF_MAX_MEMORY_MIB     3072	/* below the 4 GiB MMIO hole */

/* Parses len bytes of text (need not be NUL-terminated). Returns 0, or -1
 * with err filled in. Unknown keys are errors: a typo must not be ignored. */
int hv_config_parse(const char *text, size_t len, struct hv_config *out,
		    struct hv_config_error *err);

#endif
