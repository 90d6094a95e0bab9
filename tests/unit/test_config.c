/*
 * Unit tests for the hv.conf parser (boot/config.c).
 *
 * Every text is copied into a heap buffer of exactly its length, with no
 * NUL after it, before it is parsed: the parser is told the text need not
 * be NUL-terminated, and AddressSanitizer catches any read past the end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "boot/config.h"

/* What the messages say is accepted. */
#define KEYS	"guest, kernel, initrd, cmdline, memory, on_exit, trace, on_reset, queue"
#define PATHS	"a path on the ESP of at most 63 characters, e.g. \\hv\\bzImage"
#define QPATHS	"up to 48 paths on the ESP one blank apart, e.g. \\k\\a.flat \\k\\b.flat"
#define TEXT	"(accepted: text; hv.conf must be plain text)"

/* Parses len bytes of text from an exactly-sized, unterminated copy. */
static int parse_n(const char *text, size_t len, struct hv_config *c,
		   struct hv_config_error *e)
{
	char *copy = malloc(len ? len : 1);
	int rc;

	assert_non_null(copy);
	memcpy(copy, text, len);
	/* Garbage in the output, to see that the parser overwrites it all. */
	memset(c, 0xA5, sizeof(*c));
	memset(e, 0xA5, sizeof(*e));
	rc = hv_config_parse(copy, len, c, e);
	free(copy);
	return rc;
}

/* Every accepted configuration also passes the kernel's check. */
static void assert_checks(const struct hv_config *c)
{
	struct hv_config_error e;

	assert_int_equal(hv_config_check(c, &e), 0);
	assert_string_equal(e.msg, "");
}

static void assert_ok_n(const char *text, size_t len, struct hv_config *c)
{
	struct hv_config_error e;

	assert_int_equal(parse_n(text, len, c, &e), 0);
	assert_int_equal(e.line, 0);
	assert_string_equal(e.msg, "");
	assert_checks(c);
}

static void assert_ok(const char *text, struct hv_config *c)
{
	assert_ok_n(text, strlen(text), c);
}

static void assert_error_n(const char *text, size_t len, unsigned line,
			   const char *msg)
{
	struct hv_config c;
	struct hv_config_error e;

	assert_int_equal(parse_n(text, len, &c, &e), -1);
	assert_string_equal(e.msg, msg);
	assert_int_equal(e.line, line);
}

static void assert_error(const char *text, unsigned line, const char *msg)
{
	assert_error_n(text, strlen(text), line, msg);
}

/* A string of n copies of ch, in a static buffer big enough for a line. */
static const char *rep(char ch, size_t n)
{
	static char buf[4][2048];
	static int which;
	char *b = buf[which++ & 3];

	assert_true(n < sizeof(buf[0]));
	memset(b, ch, n);
	b[n] = '\0';
	return b;
}

static void test_defaults(void **state)
{
	struct hv_config c;

	assert_ok("guest = test", &c);
	assert_int_equal(c.guest, HV_GUEST_TEST);
	assert_string_equal(c.kernel, "");
	assert_string_equal(c.initrd, "");
	assert_string_equal(c.cmdline, "");
	assert_int_equal(c.memory_mib, 256);
	assert_int_equal(c.on_exit, HV_EXIT_POWEROFF);
	assert_int_equal(c.on_reset, HV_RESET_RESTART);
	assert_int_equal(c.set, 1);		/* only keys[0], guest */
	assert_int_equal(HV_CONF_DEFAULT_MEMORY_MIB, 256);
}

/* No silent choice of a guest: an empty file, or one without a guest
 * line, is refused. */
static void test_guest_required(void **state)
{
	assert_error("", 0,
		     "empty file: it must name the guest (accepted: test, linux, conformance, multiboot)");
	assert_error("\xEF\xBB\xBF", 0,
		     "empty file: it must name the guest (accepted: test, linux, conformance, multiboot)");
	assert_error("\n\n\n", 0,
		     "no guest line: it must name the guest (accepted: test, linux, conformance, multiboot)");
	assert_error("# nothing but a comment\n   \t \r\n#another", 0,
		     "no guest line: it must name the guest (accepted: test, linux, conformance, multiboot)");
	assert_error("memory = 64\non_exit = halt\n", 0,
		     "no guest line: it must name the guest (accepted: test, linux, conformance, multiboot)");
}

static void test_every_key(void **state)
{
	struct hv_config c;

	assert_ok("guest = linux\n"
		  "kernel = \\hv\\bzImage\n"
		  "initrd = \\hv\\initrd.img\n"
		  "cmdline = console=ttyS0,115200 earlyprintk=serial quiet\n"
		  "memory = 512\n"
		  "on_exit = halt\n", &c);
	assert_int_equal(c.guest, HV_GUEST_LINUX);
	assert_string_equal(c.kernel, "\\hv\\bzImage");
	assert_string_equal(c.initrd, "\\hv\\initrd.img");
	assert_string_equal(c.cmdline,
			    "console=ttyS0,115200 earlyprintk=serial quiet");
	assert_int_equal(c.memory_mib, 512);
	assert_int_equal(c.on_exit, HV_EXIT_HALT);
	assert_int_equal(c.set, 0x3F);

	/* The other value of each enumerated key. */
	assert_ok("guest = test\non_exit = poweroff\n", &c);
	assert_int_equal(c.guest, HV_GUEST_TEST);
	assert_int_equal(c.on_exit, HV_EXIT_POWEROFF);
	assert_int_equal(c.memory_mib, 256);
	assert_int_equal(c.set, 0x21);
	assert_ok("guest = conformance\ncmdline = reset=cf9\n", &c);
	assert_int_equal(c.guest, HV_GUEST_CONFORMANCE);
	assert_string_equal(c.cmdline, "reset=cf9");
}

static void test_duplicate_key(void **state)
{
	assert_error("guest = test\nmemory = 64\nmemory = 128\n", 3,
		     "duplicate key 'memory' (first on line 2, again on line 3)");
	assert_error("on_exit = halt\r\n\r\nguest = test\r\n# x\r\non_exit = halt\r\n",
		     5, "duplicate key 'on_exit' (first on line 1, again on line 5)");
	assert_error("guest = linux\nkernel = \\a\nguest = test\n", 3,
		     "duplicate key 'guest' (first on line 1, again on line 3)");
	/* Even with the same value, and for an empty cmdline. */
	assert_error("guest = test\ncmdline =\ncmdline =\n", 3,
		     "duplicate key 'cmdline' (first on line 2, again on line 3)");
}

static void test_memory_limits_accepted(void **state)
{
	struct hv_config c;

	assert_ok("guest = test\nmemory = 16", &c);
	assert_int_equal(c.memory_mib, 16);
	assert_ok("guest = test\nmemory = 3072", &c);
	assert_int_equal(c.memory_mib, 3072);
	assert_int_equal(HV_CONF_MAX_MEMORY_MIB, 3072);
	assert_ok("guest = test\nmemory = 01024", &c);	/* five digits */
	assert_int_equal(c.memory_mib, 1024);
}

static void test_comments_blanks_crlf_spaces(void **state)
{
	struct hv_config c;

	assert_ok("# hv.conf\r\n"
		  "\r\n"
		  "   \t\r\n"
		  "\tguest\t=\tlinux\t\r\n"
		  "kernel=\\hv\\k # the kernel\r\n"
		  "   memory   =   32   \r\n"
		  "cmdline =   a  b   c  \r\n"
		  "#memory = 9999\r\n"
		  "on_exit=halt", &c);	/* last line without a newline */
	assert_int_equal(c.guest, HV_GUEST_LINUX);
	assert_string_equal(c.kernel, "\\hv\\k");
	assert_int_equal(c.memory_mib, 32);
	/* Inner spaces of a value are kept, outer ones dropped. */
	assert_string_equal(c.cmdline, "a  b   c");
	assert_int_equal(c.on_exit, HV_EXIT_HALT);
}

/* A lone CR ends a line as LF and CR LF do (files from old Mac editors);
 * line numbers count each line end once. */
static void test_cr_line_ends(void **state)
{
	struct hv_config c;

	assert_ok("guest = linux\rkernel = \\k\rmemory = 32\r", &c);
	assert_int_equal(c.guest, HV_GUEST_LINUX);
	assert_string_equal(c.kernel, "\\k");
	assert_int_equal(c.memory_mib, 32);
	/* Mixed: CR, LF, CR LF, CR CR (an empty line). */
	assert_ok("guest = test\rmemory = 64\non_exit = halt\r\n\r\r# end", &c);
	assert_int_equal(c.memory_mib, 64);
	assert_int_equal(c.on_exit, HV_EXIT_HALT);
	assert_error("guest = test\r\rmemroy = 64\r", 3,
		     "unknown key 'memroy' (accepted: " KEYS ")");
	assert_error("guest = test\r\n\rmemory = 64\n\rmemory = 1\r\n", 5,
		     "duplicate key 'memory' (first on line 3, again on line 5)");
	/* LF CR is two line ends. */
	assert_error("guest = test\n\rfoo = 1", 3,
		     "unknown key 'foo' (accepted: " KEYS ")");
}

static void test_byte_order_mark(void **state)
{
	struct hv_config c;

	assert_ok("\xEF\xBB\xBFguest = linux\nkernel = \\k\n", &c);
	assert_int_equal(c.guest, HV_GUEST_LINUX);
	/* Only at the start. */
	assert_error("guest = test\n\xEF\xBB\xBFmemory = 64\n", 2,
		     "unknown key '\xEF\xBB\xBFmemory' (accepted: " KEYS ")");
}

static void test_value_edge_cases(void **state)
{
	struct hv_config c;

	/* Only the first '=' separates: the rest belongs to the value. */
	assert_ok("guest = test\ncmdline = root=/dev/ram0 rdinit=/init a==b", &c);
	assert_string_equal(c.cmdline, "root=/dev/ram0 rdinit=/init a==b");
	/* An empty command line is allowed. */
	assert_ok("guest = test\ncmdline =\n", &c);
	assert_string_equal(c.cmdline, "");
	assert_ok("guest = test\ncmdline = # only a comment", &c);
	assert_string_equal(c.cmdline, "");
	/* A comment right after a value. */
	assert_ok("guest = test\nmemory = 64#comment", &c);
	assert_int_equal(c.memory_mib, 64);
	/* Bytes above 0x7F are text: in comments and the command line. */
	assert_ok("# \xC3\xA9t\xC3\xA9\nguest = test\ncmdline = x=\xC3\xA9\n", &c);
	assert_string_equal(c.cmdline, "x=\xC3\xA9");
}

static void test_unknown_key(void **state)
{
	assert_error("guest = test\n\nmemroy = 64\n", 3,
		     "unknown key 'memroy' (accepted: " KEYS ")");
	assert_error("guest = test\n\n# x\nMemory = 64\n", 4,
		     "unknown key 'Memory' (accepted: " KEYS ")");
	/* A prefix or an extension of a key is not the key. */
	assert_error("gues = test", 1,
		     "unknown key 'gues' (accepted: " KEYS ")");
	assert_error("guests = test", 1,
		     "unknown key 'guests' (accepted: " KEYS ")");
	assert_error("kernel_ = \\k", 1,
		     "unknown key 'kernel_' (accepted: " KEYS ")");
	assert_error("= 64", 1, "unknown key '' (accepted: " KEYS ")");
	assert_error("on exit = halt", 1,
		     "unknown key 'on exit' (accepted: " KEYS ")");
	/* A long key is quoted cut, at 40 characters. */
	assert_error("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz = 1", 1,
		     "unknown key 'abcdefghijklmnopqrstuvwxyzabcdefghijklmn...' (accepted: " KEYS ")");
	/* An error stops the parse: the later good line does not matter. */
	assert_error("guest = test\r\nfoo = bar\r\nmemory = 32\r\n", 2,
		     "unknown key 'foo' (accepted: " KEYS ")");
}

static void test_missing_equals(void **state)
{
	assert_error("guest linux\n", 1,
		     "expected 'key = value', found 'guest linux'");
	assert_error("\n\nkernel \\hv\\bzImage\n", 3,
		     "expected 'key = value', found 'kernel \\hv\\bzImage'");
	assert_error("memory = 64\r\n\r\nhalt\r\n", 3,
		     "expected 'key = value', found 'halt'");
	/* An '=' inside a comment does not count. */
	assert_error("memory # = 64\n", 1,
		     "expected 'key = value', found 'memory'");
}

static void test_bad_guest(void **state)
{
	static const char *const bad[] = {
		"windows", "Linux", "linuxx", "lin", "test test",
	};
	char text[64], msg[128];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "guest = %s\n", bad[i]);
		snprintf(msg, sizeof(msg),
			 "bad value '%s' for guest (accepted: test, linux, conformance, multiboot)",
			 bad[i]);
		assert_error(text, 1, msg);
	}
	assert_error("memory = 64\nguest =\n", 2,
		     "bad value '' for guest (accepted: test, linux, conformance, multiboot)");
}

static void test_bad_memory(void **state)
{
	static const char *const bad[] = {
		"0", "15", "3073", "4096", "4097", "abc", "99999999",
		"000016", "", "-64", "64M", "6 4", "0x40",
	};
	char text[64], msg[128];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "guest = test\n# m\nmemory = %s\n",
			 bad[i]);
		snprintf(msg, sizeof(msg),
			 "bad value '%s' for memory (accepted: 16 to 3072, in MiB)",
			 bad[i]);
		assert_error(text, 3, msg);
	}
}

static void test_bad_on_exit(void **state)
{
	assert_error("on_exit = reboot\n", 1,
		     "bad value 'reboot' for on_exit (accepted: poweroff, halt)");
	assert_error("guest = test\non_exit =\n", 2,
		     "bad value '' for on_exit (accepted: poweroff, halt)");
	assert_error("on_exit = Halt\n", 1,
		     "bad value 'Halt' for on_exit (accepted: poweroff, halt)");
	assert_error("on_exit = poweroffx\n", 1,
		     "bad value 'poweroffx' for on_exit (accepted: poweroff, halt)");
}

static void test_on_reset(void **state)
{
	struct hv_config c;

	assert_ok("guest = test\non_reset = poweroff\n", &c);
	assert_int_equal(c.on_reset, HV_RESET_POWEROFF);
	assert_ok("guest = test\non_reset = restart\n", &c);
	assert_int_equal(c.on_reset, HV_RESET_RESTART);
	assert_error("guest = test\non_reset = reboot\n", 2,
		     "bad value 'reboot' for on_reset (accepted: restart, poweroff)");
}

static void test_path_lengths(void **state)
{
	struct hv_config c;
	char text[256], msg[256];

	/* 63 bytes fit (with the NUL, 64 = HV_CONF_PATH_MAX). */
	snprintf(text, sizeof(text), "guest = test\nkernel = \\%s\ninitrd = \\%s\n",
		 rep('k', 62), rep('i', 62));
	assert_ok(text, &c);
	assert_int_equal(strlen(c.kernel), 63);
	assert_string_equal(c.kernel + 1, rep('k', 62));
	assert_string_equal(c.initrd + 1, rep('i', 62));

	/* 64 bytes do not. */
	snprintf(text, sizeof(text), "kernel = \\%s\n", rep('k', 63));
	snprintf(msg, sizeof(msg),
		 "bad value '\\%s...' for kernel: 64 characters (accepted: " PATHS ")",
		 rep('k', 39));
	assert_error(text, 1, msg);
	snprintf(text, sizeof(text), "guest = linux\ninitrd = \\%s\n",
		 rep('i', 63));
	snprintf(msg, sizeof(msg),
		 "bad value '\\%s...' for initrd: 64 characters (accepted: " PATHS ")",
		 rep('i', 39));
	assert_error(text, 2, msg);

	/* Empty paths are refused too. */
	assert_error("kernel =\n", 1,
		     "bad value '' for kernel: empty (accepted: " PATHS ")");
	assert_error("\ninitrd =   # none\n", 2,
		     "bad value '' for initrd: empty (accepted: " PATHS ")");
}

/* '/' is taken as '\'; relative paths, '.' and '..' components and a
 * trailing '\' are refused, naming the key and the value. */
static void test_path_rules(void **state)
{
	struct hv_config c;

	assert_ok("guest = linux\nkernel = /hv/bzImage\ninitrd = /hv\\initrd.img\n",
		  &c);
	assert_string_equal(c.kernel, "\\hv\\bzImage");
	assert_string_equal(c.initrd, "\\hv\\initrd.img");
	/* Dots inside names are fine. */
	assert_ok("guest = linux\nkernel = \\.hv\\a..b\\...\\x.\n", &c);
	assert_string_equal(c.kernel, "\\.hv\\a..b\\...\\x.");

	assert_error("kernel = bzImage\n", 1,
		     "bad value 'bzImage' for kernel: not an absolute path (accepted: " PATHS ")");
	assert_error("kernel = hv/bzImage\n", 1,
		     "bad value 'hv/bzImage' for kernel: not an absolute path (accepted: " PATHS ")");
	assert_error("kernel = /hv/../../bzImage\n", 1,
		     "bad value '/hv/../../bzImage' for kernel: '.' and '..' are not accepted (accepted: " PATHS ")");
	assert_error("kernel = \\..\n", 1,
		     "bad value '\\..' for kernel: '.' and '..' are not accepted (accepted: " PATHS ")");
	assert_error("initrd = \\hv\\.\\initrd\n", 1,
		     "bad value '\\hv\\.\\initrd' for initrd: '.' and '..' are not accepted (accepted: " PATHS ")");
	assert_error("kernel = /hv/\n", 1,
		     "bad value '/hv/' for kernel: ends with '\\' (a directory) (accepted: " PATHS ")");
	assert_error("kernel = \\\n", 1,
		     "bad value '\\' for kernel: ends with '\\' (a directory) (accepted: " PATHS ")");
	assert_error("kernel = \\hv\\b\xC3\xA9\n", 1,
		     "bad value '\\hv\\b\xC3\xA9' for kernel: not printable ASCII (accepted: " PATHS ")");
}

static void test_cmdline_length(void **state)
{
	struct hv_config c;
	static char text[2048];

	snprintf(text, sizeof(text), "guest = test\ncmdline = %s\n",
		 rep('c', 1023));
	assert_ok(text, &c);
	assert_int_equal(strlen(c.cmdline), 1023);
	assert_string_equal(c.cmdline, rep('c', 1023));

	snprintf(text, sizeof(text), "memory = 64\ncmdline = %s\n",
		 rep('c', 1024));
	assert_error(text, 2, "bad value for cmdline: 1024 bytes (accepted: at most 1023)");
}

static void test_line_length(void **state)
{
	struct hv_config c;
	static char text[4096];

	/* HV_CONF_LINE_MAX (1100) bytes before the newline are fine... */
	snprintf(text, sizeof(text), "#%s\nguest = test\nmemory = 64\n",
		 rep('x', 1099));
	assert_ok(text, &c);
	assert_int_equal(c.memory_mib, 64);
	/* ...also as the last line without a newline... */
	snprintf(text, sizeof(text), "guest = test\n#%s", rep('x', 1099));
	assert_ok(text, &c);

	/* ...1101 are not, even in a comment, and the line is named. */
	snprintf(text, sizeof(text), "memory = 64\n\n#%s\n", rep('x', 1100));
	assert_error(text, 3, "line of 1101 bytes (accepted: at most 1100)");
	snprintf(text, sizeof(text), "memory = 64\n#%s", rep('x', 1100));
	assert_error(text, 2, "line of 1101 bytes (accepted: at most 1100)");
	/* The carriage return ends the line, it is not part of it. */
	snprintf(text, sizeof(text), "#%s\r\nguest = test", rep('x', 1099));
	assert_ok(text, &c);
	/* A long cmdline line is a long line, not a long cmdline. */
	snprintf(text, sizeof(text), "cmdline = %s\n", rep('c', 1091));
	assert_error(text, 1, "line of 1101 bytes (accepted: at most 1100)");
}

static void test_linux_needs_kernel(void **state)
{
	struct hv_config c;
	const char *msg = "guest = linux but no kernel line (accepted: kernel = " PATHS ")";

	/* The error names the guest line. */
	assert_error("guest = linux\n", 1, msg);
	assert_error("initrd = \\i\nmemory = 64\nguest = linux\n", 3, msg);
	assert_error("\n\nguest = linux\n\n# end", 3, msg);
	/* With a kernel line, before or after the guest line: fine. */
	assert_ok("kernel = \\k\nguest = linux\n", &c);
	assert_int_equal(c.guest, HV_GUEST_LINUX);
	assert_ok("guest = linux\nkernel = \\k\n", &c);
	assert_string_equal(c.kernel, "\\k");
	/* The test guest needs none. */
	assert_ok("guest = test\n", &c);
}

static void test_not_nul_terminated(void **state)
{
	struct hv_config c;
	static const char text[] = "guest = test\nmemory = 64XYZ";

	/* Only the first 24 bytes are the file. */
	assert_ok_n(text, 24, &c);
	assert_int_equal(c.memory_mib, 64);

	/* A value that ends at the end of the buffer, no newline. */
	assert_ok_n("guest = linux\nkernel = \\hv\\k", 28, &c);
	assert_string_equal(c.kernel, "\\hv\\k");

	/* The length cuts a line in the middle of a key. */
	assert_error_n("memory = 64\nguest = linux", 15, 2,
		       "expected 'key = value', found 'gue'");

	/* Zero length. */
	assert_error_n("guest = test", 0, 0,
		       "empty file: it must name the guest (accepted: test, linux, conformance, multiboot)");
}

/* A NUL byte is refused wherever it is: the loader and anything that
 * reads the text as a C string would otherwise see different files. */
static void test_nul_byte_refused(void **state)
{
	static const char t1[] = "guest = linux\0 this is ignored\nkernel = \\k\n";
	static const char t2[] = "guest = test\nmemory = 64\0 9\n";
	static const char t3[] = "guest = test\n# comment \0\n";
	static const char t4[] = "guest = test\n\0";
	static const char t5[] = "\0guest = test\n";

	assert_error_n(t1, sizeof(t1) - 1, 1,
		       "NUL byte at column 14 " TEXT);
	assert_error_n(t2, sizeof(t2) - 1, 2,
		       "NUL byte at column 12 " TEXT);
	assert_error_n(t3, sizeof(t3) - 1, 2,
		       "NUL byte at column 11 " TEXT);
	assert_error_n(t4, sizeof(t4) - 1, 2, "NUL byte at column 1 " TEXT);
	assert_error_n(t5, sizeof(t5) - 1, 1, "NUL byte at column 1 " TEXT);
	/* Other control bytes too; a tab is text. */
	assert_error("guest = test\nmemory = \x01" "64\n", 2,
		     "control byte 0x01 at column 10 " TEXT);
	assert_error("guest = te\x7Fst\n", 1,
		     "control byte 0x7f at column 11 " TEXT);
	assert_error("guest = test\f\n", 1,
		     "control byte 0x0c at column 13 " TEXT);
}

/* The kernel's check of the struct it is handed. */
static void test_multiboot_queue(void **state)
{
	struct hv_config c;
	struct hv_config_error e;
	char path[HV_CONF_PATH_MAX], many[HV_CONF_CMDLINE_MAX + 16];
	size_t pos = 0;
	(void)state;

	assert_ok("guest = multiboot\nkernel = /k/apic.flat\ninitrd = /k/env\n"
		  "queue = /k/msr.flat  \\k\\tsc.flat\n", &c);
	assert_int_equal(c.guest, HV_GUEST_MULTIBOOT);
	assert_string_equal(c.queue, "\\k\\msr.flat  \\k\\tsc.flat");
	assert_int_equal(hv_config_queue_next(c.queue, &pos, path), 0);
	assert_string_equal(path, "\\k\\msr.flat");
	assert_int_equal(hv_config_queue_next(c.queue, &pos, path), 0);
	assert_string_equal(path, "\\k\\tsc.flat");
	assert_int_equal(hv_config_queue_next(c.queue, &pos, path), -1);
	assert_ok("guest = multiboot\nkernel = /k/apic.flat\n", &c);
	assert_string_equal(c.queue, "");

	assert_error("guest = multiboot\n", 1,
		     "guest = multiboot but no kernel line (accepted: kernel = " PATHS ")");
	assert_error("guest = linux\nkernel = /b\nqueue = /k/a.flat\n", 3,
		     "queue is for guest = multiboot only");
	assert_error("guest = multiboot\nkernel = /b\nqueue = /k/a.flat k/b.flat\n", 3,
		     "bad value 'k\\b.flat' for queue: not an absolute path (accepted: " QPATHS ")");
	assert_error("guest = multiboot\nkernel = /b\nqueue = /k/../a\n", 3,
		     "bad value '\\k\\..\\a' for queue: '.' and '..' are not accepted (accepted: " QPATHS ")");
	assert_error("guest = multiboot\nkernel = /b\nqueue =\n", 3,
		     "bad value '' for queue: empty (accepted: " QPATHS ")");
	assert_error("guest = multiboot\nkernel = /b\nqueue = /0123456789012345678901234567890123456789012345678901234567890123\n", 3,
		     "bad value '\\012345678901234567890123456789012345678...' for queue: a path longer than 63 characters (accepted: " QPATHS ")");
	/* 49 paths. */
	strcpy(many, "guest = multiboot\nkernel = /b\nqueue =");
	for (int i = 0; i < 49; i++)
		strcat(many, " /k");
	strcat(many, "\n");
	assert_error(many, 3,
		     "bad value '\\k' for queue: more than 48 paths (accepted: " QPATHS ")");

	/* The kernel's check, by the same rules. */
	assert_ok("guest = multiboot\nkernel = /k/apic.flat\nqueue = /k/a\n", &c);
	strcpy(c.queue, "\\k\\a k");
	assert_int_equal(hv_config_check(&c, &e), -1);
	assert_string_equal(e.msg, "bad value for queue: not an absolute path");
	c.queue[0] = '\0';
	c.kernel[0] = '\0';
	assert_int_equal(hv_config_check(&c, &e), -1);
	assert_string_equal(e.msg, "guest = multiboot but no kernel");
	assert_ok("guest = test\n", &c);
	strcpy(c.queue, "\\k\\a");
	assert_int_equal(hv_config_check(&c, &e), -1);
	assert_string_equal(e.msg, "queue is for guest = multiboot only");
}

static void test_check(void **state)
{
	struct hv_config c, good;
	struct hv_config_error e;

	assert_ok("guest = linux\nkernel = \\k\ninitrd = \\i\nmemory = 64\n", &good);

	c = good;
	c.guest = 4;
	assert_int_equal(hv_config_check(&c, &e), -1);
	assert_string_equal(e.msg, "bad value 4 for guest (accepted: test, linux, conformance, multiboot)");
	c = good;
	c.on_exit = 0xFFFFFFFF;
	assert_int_equal(hv_config_check(&c, &e), -1);
	assert_string_equal(e.msg,
			    "bad value 4294967295 for on_exit (accepted: poweroff, halt)");
	c = good;
	c.memory_mib = 8;
	assert_int_equal(hv_config_check(&c, &e), -1);
	assert_string_equal(e.msg, "bad value 8 for memory (accepted: 16 to 3072, in MiB)");
	c = good;
	memset(c.kernel, 'k', sizeof(c.kernel));
	assert_int_equal(hv_config_check(&c, &e), -1);
	assert_string_equal(e.msg, "kernel is not NUL-terminated");
	c = good;
	memset(c.cmdline, 'c', sizeof(c.cmdline));
	assert_int_equal(hv_config_check(&c, &e), -1);
	assert_string_equal(e.msg, "cmdline is not NUL-terminated");
	c = good;
	strcpy(c.initrd, "\\a\\..\\b");
	assert_int_equal(hv_config_check(&c, &e), -1);
	assert_string_equal(e.msg,
			    "bad value for initrd: '.' and '..' are not accepted");
	c = good;
	c.kernel[0] = '\0';
	assert_int_equal(hv_config_check(&c, &e), -1);
	assert_string_equal(e.msg, "guest = linux but no kernel");
	c = good;
	c.set = 0;
	assert_int_equal(hv_config_check(&c, &e), -1);
	assert_string_equal(e.msg, "no guest");
	/* All zeroes (a loader that filled nothing in) is refused. */
	memset(&c, 0, sizeof(c));
	assert_int_equal(hv_config_check(&c, &e), -1);
}

/* trace = exits | none; the default is none; anything else is refused. */
static void test_trace(void **state)
{
	struct hv_config c;

	assert_ok("guest = test\n", &c);
	assert_int_equal(c.trace, 0);
	assert_ok("guest = test\ntrace = exits\n", &c);
	assert_int_equal(c.trace, HV_TRACE_EXITS);
	assert_ok("guest = test\ntrace = none\n", &c);
	assert_int_equal(c.trace, 0);
	assert_error("trace = exit\n", 1,
		     "bad value 'exit' for trace (accepted: none, exits)");
	assert_error("guest = test\ntrace =\n", 2,
		     "bad value '' for trace (accepted: none, exits)");
}

static void test_describe(void **state)
{
	struct hv_config c;
	char buf[160];

	assert_ok("guest = linux\nkernel = \\k\nmemory = 64\n", &c);
	assert_int_equal(hv_config_describe(&c, buf, sizeof(buf)), 110);
	assert_string_equal(buf,
			    "guest = linux, memory = 64, on_exit = poweroff (default), trace = none (default), on_reset = restart (default)");
	assert_ok("guest = test\non_exit = halt\n", &c);
	hv_config_describe(&c, buf, sizeof(buf));
	assert_string_equal(buf,
			    "guest = test, memory = 256 (default), on_exit = halt, trace = none (default), on_reset = restart (default)");
	/* Cut to the buffer, terminated; the return value is the full size. */
	assert_int_equal(hv_config_describe(&c, buf, 10), 106);
	assert_string_equal(buf, "guest = t");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_guest_required),
		cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_duplicate_key),
		cmocka_unit_test(test_memory_limits_accepted),
		cmocka_unit_test(test_comments_blanks_crlf_spaces),
		cmocka_unit_test(test_cr_line_ends),
		cmocka_unit_test(test_byte_order_mark),
		cmocka_unit_test(test_value_edge_cases),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_missing_equals),
		cmocka_unit_test(test_bad_guest),
		cmocka_unit_test(test_bad_memory),
		cmocka_unit_test(test_bad_on_exit),
		cmocka_unit_test(test_on_reset),
		cmocka_unit_test(test_path_lengths),
		cmocka_unit_test(test_path_rules),
		cmocka_unit_test(test_cmdline_length),
		cmocka_unit_test(test_line_length),
		cmocka_unit_test(test_linux_needs_kernel),
		cmocka_unit_test(test_not_nul_terminated),
		cmocka_unit_test(test_nul_byte_refused),
		cmocka_unit_test(test_multiboot_queue),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_trace),
		cmocka_unit_test(test_describe),
	};

	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
