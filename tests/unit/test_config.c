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

#define R_UNKNOWN	"unknown key"
#define R_NOEQ		"expected 'key = value'"
#define R_GUEST		"guest must be 'linux', 'test' or 'conformance'"
#define R_KERNEL	"kernel path empty or longer than 63 bytes"
#define R_INITRD	"initrd path empty or longer than 63 bytes"
#define R_CMDLINE	"cmdline longer than 1023 bytes"
#define R_MEMORY	"memory must be a number of MiB from 16 to 3072"
#define R_ON_EXIT	"on_exit must be 'poweroff' or 'halt'"
#define R_LONG		"line too long"
#define R_NOKERNEL	"guest = linux needs a kernel = line"

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
	e->line = 12345;
	e->reason = "stale";
	rc = hv_config_parse(copy, len, c, e);
	free(copy);
	return rc;
}

static int parse(const char *text, struct hv_config *c,
		 struct hv_config_error *e)
{
	return parse_n(text, strlen(text), c, e);
}

static void assert_defaults(const struct hv_config *c)
{
	assert_int_equal(c->guest, HV_GUEST_TEST);
	assert_string_equal(c->kernel, "");
	assert_string_equal(c->initrd, "");
	assert_string_equal(c->cmdline, "");
	assert_int_equal(c->memory_mib, 256);
	assert_int_equal(c->on_exit, HV_EXIT_POWEROFF);
}

static void assert_ok(const char *text, struct hv_config *c)
{
	struct hv_config_error e;

	assert_int_equal(parse(text, c, &e), 0);
	assert_int_equal(e.line, 0);
	assert_null(e.reason);
}

static void assert_error(const char *text, unsigned line, const char *reason)
{
	struct hv_config c;
	struct hv_config_error e;

	assert_int_equal(parse(text, &c, &e), -1);
	assert_non_null(e.reason);
	assert_string_equal(e.reason, reason);
	assert_int_equal(e.line, line);
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

static void test_empty_gives_defaults(void **state)
{
	struct hv_config c;

	assert_ok("", &c);
	assert_defaults(&c);
	assert_ok("\n\n\n", &c);
	assert_defaults(&c);
	assert_ok("# nothing but a comment\n   \t \r\n#another", &c);
	assert_defaults(&c);
	/* The default memory is the header's constant. */
	assert_int_equal(HV_CONF_DEFAULT_MEMORY_MIB, 256);
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

	/* The other value of each enumerated key. */
	assert_ok("guest = test\non_exit = poweroff\n", &c);
	assert_int_equal(c.guest, HV_GUEST_TEST);
	assert_int_equal(c.on_exit, HV_EXIT_POWEROFF);
	assert_int_equal(c.memory_mib, 256);
	assert_ok("guest = conformance\ncmdline = reset=cf9\n", &c);
	assert_int_equal(c.guest, HV_GUEST_CONFORMANCE);
	assert_string_equal(c.cmdline, "reset=cf9");
}

static void test_later_lines_override(void **state)
{
	struct hv_config c;

	assert_ok("memory = 64\nmemory = 128\n"
		  "on_exit = halt\non_exit = poweroff\n"
		  "guest = linux\nkernel = \\a\nguest = test\n"
		  "cmdline = first\ncmdline = second\n", &c);
	assert_int_equal(c.memory_mib, 128);
	assert_int_equal(c.on_exit, HV_EXIT_POWEROFF);
	assert_int_equal(c.guest, HV_GUEST_TEST);
	assert_string_equal(c.kernel, "\\a");
	assert_string_equal(c.cmdline, "second");
}

static void test_memory_limits_accepted(void **state)
{
	struct hv_config c;

	assert_ok("memory = 16", &c);
	assert_int_equal(c.memory_mib, 16);
	assert_ok("memory = 3072", &c);
	assert_int_equal(c.memory_mib, 3072);
	assert_int_equal(HV_CONF_MAX_MEMORY_MIB, 3072);
	assert_ok("memory = 01024", &c);	/* five digits, leading zero */
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

static void test_value_edge_cases(void **state)
{
	struct hv_config c;

	/* Only the first '=' separates: the rest belongs to the value. */
	assert_ok("cmdline = root=/dev/ram0 rdinit=/init a==b", &c);
	assert_string_equal(c.cmdline, "root=/dev/ram0 rdinit=/init a==b");
	/* An empty command line is allowed. */
	assert_ok("cmdline = x\ncmdline =\n", &c);
	assert_string_equal(c.cmdline, "");
	assert_ok("cmdline = # only a comment", &c);
	assert_string_equal(c.cmdline, "");
	/* A comment right after a value. */
	assert_ok("memory = 64#comment", &c);
	assert_int_equal(c.memory_mib, 64);
}

static void test_unknown_key(void **state)
{
	assert_error("memroy = 64\n", 1, R_UNKNOWN);
	assert_error("guest = test\n\n# x\nMemory = 64\n", 4, R_UNKNOWN);
	/* A prefix or an extension of a key is not the key. */
	assert_error("gues = test", 1, R_UNKNOWN);
	assert_error("guests = test", 1, R_UNKNOWN);
	assert_error("kernel_ = \\k", 1, R_UNKNOWN);
	assert_error("= 64", 1, R_UNKNOWN);
	assert_error("on exit = halt", 1, R_UNKNOWN);
	/* An error stops the parse: the later good line does not matter. */
	assert_error("memory = 64\r\nfoo = bar\r\nmemory = 32\r\n", 2,
		     R_UNKNOWN);
}

static void test_missing_equals(void **state)
{
	assert_error("guest linux\n", 1, R_NOEQ);
	assert_error("\n\nkernel \\hv\\bzImage\n", 3, R_NOEQ);
	assert_error("memory = 64\r\n\r\nhalt\r\n", 3, R_NOEQ);
	/* An '=' inside a comment does not count. */
	assert_error("memory # = 64\n", 1, R_NOEQ);
}

static void test_bad_guest(void **state)
{
	assert_error("guest = windows\n", 1, R_GUEST);
	assert_error("memory = 64\nguest =\n", 2, R_GUEST);
	assert_error("guest = Linux\n", 1, R_GUEST);
	assert_error("guest = linuxx\n", 1, R_GUEST);
	assert_error("guest = lin\n", 1, R_GUEST);
	assert_error("guest = test test\n", 1, R_GUEST);
}

static void test_bad_memory(void **state)
{
	assert_error("memory = 0\n", 1, R_MEMORY);
	assert_error("memory = 15\n", 1, R_MEMORY);
	assert_error("memory = 3073\n", 1, R_MEMORY);
	assert_error("memory = 4096\n", 1, R_MEMORY);	/* the MMIO hole */
	assert_error("memory = 4097\n", 1, R_MEMORY);
	assert_error("# m\nmemory = abc\n", 2, R_MEMORY);
	assert_error("memory = 99999999\n", 1, R_MEMORY);
	assert_error("memory = 000016\n", 1, R_MEMORY);	/* six digits */
	assert_error("memory =\n", 1, R_MEMORY);
	assert_error("memory = -64\n", 1, R_MEMORY);
	assert_error("memory = 64M\n", 1, R_MEMORY);
	assert_error("memory = 6 4\n", 1, R_MEMORY);
	assert_error("memory = 0x40\n", 1, R_MEMORY);
}

static void test_bad_on_exit(void **state)
{
	assert_error("on_exit = reboot\n", 1, R_ON_EXIT);
	assert_error("guest = test\non_exit =\n", 2, R_ON_EXIT);
	assert_error("on_exit = Halt\n", 1, R_ON_EXIT);
	assert_error("on_exit = poweroffx\n", 1, R_ON_EXIT);
}

static void test_path_lengths(void **state)
{
	struct hv_config c;
	char text[256];

	/* 63 bytes fit (with the NUL, 64 = HV_CONF_PATH_MAX). */
	snprintf(text, sizeof(text), "kernel = %s\ninitrd = %s\n",
		 rep('k', 63), rep('i', 63));
	assert_ok(text, &c);
	assert_int_equal(strlen(c.kernel), 63);
	assert_string_equal(c.kernel, rep('k', 63));
	assert_string_equal(c.initrd, rep('i', 63));

	/* 64 bytes do not. */
	snprintf(text, sizeof(text), "kernel = %s\n", rep('k', 64));
	assert_error(text, 1, R_KERNEL);
	snprintf(text, sizeof(text), "guest = linux\ninitrd = %s\n",
		 rep('i', 64));
	assert_error(text, 2, R_INITRD);

	/* Empty paths are refused too. */
	assert_error("kernel =\n", 1, R_KERNEL);
	assert_error("\ninitrd =   # none\n", 2, R_INITRD);
}

static void test_cmdline_length(void **state)
{
	struct hv_config c;
	static char text[2048];

	snprintf(text, sizeof(text), "cmdline = %s\n", rep('c', 1023));
	assert_ok(text, &c);
	assert_int_equal(strlen(c.cmdline), 1023);
	assert_string_equal(c.cmdline, rep('c', 1023));

	snprintf(text, sizeof(text), "memory = 64\ncmdline = %s\n",
		 rep('c', 1024));
	assert_error(text, 2, R_CMDLINE);
}

static void test_line_length(void **state)
{
	struct hv_config c;
	static char text[4096];

	/* HV_CONF_LINE_MAX (1100) bytes before the newline are fine... */
	snprintf(text, sizeof(text), "#%s\nmemory = 64\n", rep('x', 1099));
	assert_ok(text, &c);
	assert_int_equal(c.memory_mib, 64);
	/* ...also as the last line without a newline... */
	snprintf(text, sizeof(text), "memory = 64\n#%s", rep('x', 1099));
	assert_ok(text, &c);

	/* ...1101 are not, even in a comment, and the line is named. */
	snprintf(text, sizeof(text), "memory = 64\n\n#%s\n", rep('x', 1100));
	assert_error(text, 3, R_LONG);
	snprintf(text, sizeof(text), "memory = 64\n#%s", rep('x', 1100));
	assert_error(text, 2, R_LONG);
	/* The carriage return counts as a byte of the line. */
	snprintf(text, sizeof(text), "#%s\r\n", rep('x', 1100));
	assert_error(text, 1, R_LONG);
	/* A long cmdline line is "line too long", not "cmdline ...". */
	snprintf(text, sizeof(text), "cmdline = %s\n", rep('c', 1091));
	assert_error(text, 1, R_LONG);
}

static void test_linux_needs_kernel(void **state)
{
	struct hv_config c;

	/* The error names the last line read (the check is at the end). */
	assert_error("guest = linux\n", 1, R_NOKERNEL);
	assert_error("guest = linux\ninitrd = \\i\nmemory = 64\n", 3,
		     R_NOKERNEL);
	assert_error("guest = linux\n\n# end", 3, R_NOKERNEL);
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
	struct hv_config_error e;
	static const char text[] = "memory = 64XYZ";

	/* Only the first 11 bytes are the file. */
	assert_int_equal(parse_n(text, 11, &c, &e), 0);
	assert_int_equal(c.memory_mib, 64);

	/* A value that ends at the end of the buffer, no newline. */
	assert_int_equal(parse_n("kernel = \\hv\\k", 14, &c, &e), 0);
	assert_string_equal(c.kernel, "\\hv\\k");

	/* The length cuts a line in the middle of a key. */
	assert_int_equal(parse_n("memory = 64\nguest = linux", 15, &c, &e),
			 -1);
	assert_int_equal(e.line, 2);
	assert_string_equal(e.reason, R_NOEQ);

	/* Zero length. */
	assert_int_equal(parse_n("guest = nonsense", 0, &c, &e), 0);
	assert_defaults(&c);
}

static void test_embedded_nul(void **state)
{
	struct hv_config c;
	struct hv_config_error e;
	static const char text[] =
		"guest = linux\0 this is ignored\n"
		"kernel = \\k\0 = whatever # x\n"
		"\0unknown = 1\n"
		"memory = 64\0 9\n"
		"cmdline = a b\0\0\0\n";

	assert_int_equal(parse_n(text, sizeof(text) - 1, &c, &e), 0);
	assert_int_equal(c.guest, HV_GUEST_LINUX);
	assert_string_equal(c.kernel, "\\k");
	assert_int_equal(c.memory_mib, 64);
	assert_string_equal(c.cmdline, "a b");

	/* A NUL before the '=' leaves a line with no '='. */
	static const char bad[] = "memory = 64\nguest\0 = linux\n";
	assert_int_equal(parse_n(bad, sizeof(bad) - 1, &c, &e), -1);
	assert_int_equal(e.line, 2);
	assert_string_equal(e.reason, R_NOEQ);
}

/* trace = exits | none; the default is none; anything else is refused. */
static void test_trace(void **state)
{
	struct hv_config c;

	assert_ok("guest = test\n", &c);
	assert_int_equal(c.trace, 0);
	assert_ok("trace = exits\n", &c);
	assert_int_equal(c.trace, HV_TRACE_EXITS);
	assert_ok("trace = exits\ntrace = none\n", &c);
	assert_int_equal(c.trace, 0);
	assert_error("trace = exit\n", 1, "trace must be 'none' or 'exits'");
	assert_error("guest = test\ntrace =\n", 2,
		     "trace must be 'none' or 'exits'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_gives_defaults),
		cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_later_lines_override),
		cmocka_unit_test(test_memory_limits_accepted),
		cmocka_unit_test(test_comments_blanks_crlf_spaces),
		cmocka_unit_test(test_value_edge_cases),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_missing_equals),
		cmocka_unit_test(test_bad_guest),
		cmocka_unit_test(test_bad_memory),
		cmocka_unit_test(test_bad_on_exit),
		cmocka_unit_test(test_path_lengths),
		cmocka_unit_test(test_cmdline_length),
		cmocka_unit_test(test_line_length),
		cmocka_unit_test(test_linux_needs_kernel),
		cmocka_unit_test(test_not_nul_terminated),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_trace),
	};

	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
