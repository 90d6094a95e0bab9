/* The hypervisor's configuration file, \hv\hv.conf on the ESP.
 *
 * One "key = value" per line; '#' starts a comment; blank lines are ignored.
 * Lines end with LF, CR LF or a lone CR. A UTF-8 byte-order mark at the
 * start is skipped. Each key may appear once.
 *
 *   guest   = linux | test | conformance | multiboot
 *                                 which guest to run (required)
 *                                 conformance: guest/conformance/, cmdline
 *                                 picks its last act (reset=cf9, ...);
 *                                 multiboot: a multiboot v1 kernel
 *   kernel  = \hv\bzImage         the guest kernel (guest = linux or
 *                                 multiboot)
 *   initrd  = \hv\initrd.img      its initramfs (optional); for multiboot
 *                                 the one module
 *   queue   = \k\b.flat \k\c.flat  multiboot only: more kernels, run one
 *                                 after another once the one before exits
 *                                 through port 0xf4, with the same module
 *                                 and cmdline (at most HV_CONF_QUEUE_MAX)
 *   cmdline = console=ttyS0 ...   the guest's command line
 *   memory  = 256                 guest RAM in MiB (16 .. 3072; default 256)
 *   on_exit = poweroff | halt     what the machine does when the guest ends
 *                                 (default poweroff)
 *   trace   = none | exits        exits: log every VM exit (reason, RIP,
 *                                 qualification): slow, for debugging
 *   on_reset = restart | poweroff what a guest's reset does (default
 *                                 restart: fresh state, as a PC would)
 *
 * Paths are absolute paths on the ESP, 1 to 63 printable ASCII characters;
 * '/' is taken as '\' (so /hv/bzImage is \hv\bzImage), and a '.' or '..'
 * component is refused. A missing or empty hv.conf is an error: the file
 * must name the guest.
 *
 * Read once: the loader parses the file and hands the parsed struct
 * hv_config to the kernel in the boot information (boot/bootinfo.h); the
 * kernel checks it with hv_config_check and never sees the text. The
 * parser is plain C with no library calls, shared by the loader, the
 * kernel (for the check) and the host unit tests and fuzz target. The text
 * comes from a file: every length is checked, and every refusal names the
 * line, the key and what is accepted. */
#ifndef BOOT_CONFIG_H
#define BOOT_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#define HV_CONF_PATH_MAX    64
#define HV_CONF_CMDLINE_MAX 1024
#define HV_CONF_LINE_MAX    1100
#define HV_CONF_MSG_MAX     200

enum hv_guest_kind { HV_GUEST_TEST = 0, HV_GUEST_LINUX = 1, HV_GUEST_CONFORMANCE = 2,
		     HV_GUEST_MULTIBOOT = 3 };
/* Most kernels a queue line names. */
#define HV_CONF_QUEUE_MAX 48
enum hv_on_exit { HV_EXIT_POWEROFF = 0, HV_EXIT_HALT = 1 };
#define HV_TRACE_EXITS 0x1	/* hv_config.trace: "exits" */
enum hv_on_reset { HV_RESET_RESTART = 0, HV_RESET_POWEROFF = 1 };

/* Only fixed-width types: the loader hands this to the kernel as it is. A
 * word-valued key (guest, on_exit) holds the index of its value in the key
 * table's list, which is the enum above. */
struct hv_config {
	uint32_t guest;			/* enum hv_guest_kind */
	uint32_t on_exit;		/* enum hv_on_exit */
	uint32_t memory_mib;
	uint32_t set;			/* bit i: key i of the table was given */
	uint32_t trace;			/* 0 none, HV_TRACE_EXITS */
	uint32_t on_reset;		/* enum hv_on_reset */
	char kernel[HV_CONF_PATH_MAX];
	char initrd[HV_CONF_PATH_MAX];
	char cmdline[HV_CONF_CMDLINE_MAX];
	char queue[HV_CONF_CMDLINE_MAX];	/* paths, one space apart */
};

struct hv_config_error {
	unsigned line;			/* 1-based; 0 for the whole file */
	char msg[HV_CONF_MSG_MAX];	/* names the key and what is accepted */
};

#define HV_CONF_DEFAULT_MEMORY_MIB 256
#define HV_CONF_MIN_MEMORY_MIB     16
#define HV_CONF_MAX_MEMORY_MIB     3072	/* below the 4 GiB MMIO hole */

/* Parses len bytes of text (need not be NUL-terminated). Returns 0, or -1
 * with err filled in. Unknown keys are errors: a typo must not be ignored. */
int hv_config_parse(const char *text, size_t len, struct hv_config *out,
		    struct hv_config_error *err);

/* Checks a struct hv_config that arrived from elsewhere (the boot
 * information) by the parser's rules: every word in its list, numbers in
 * range, strings terminated and valid, guest = linux with a kernel.
 * Returns 0, or -1 with err->msg saying what is wrong (err->line 0). */
int hv_config_check(const struct hv_config *c, struct hv_config_error *err);

/* The next path of a queue value (struct hv_config's queue, checked):
 * copies it into path (HV_CONF_PATH_MAX bytes) and advances *pos. Returns
 * 0, or -1 at the end of the list. */
int hv_config_queue_next(const char *queue, size_t *pos, char *path);

/* "guest = linux, memory = 256 (default), on_exit = poweroff (default)":
 * the word and number keys, for the log. Returns what ksnprintf returns. */
int hv_config_describe(const struct hv_config *c, char *buf, size_t size);

#endif
