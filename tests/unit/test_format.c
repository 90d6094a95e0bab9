/*
 * Unit tests for kvsnprintf/ksnprintf (kernel/format.c).
 *
 * Expected strings are written out by hand (they agree with C's printf
 * for every conversion tested here). Buffers are filled with a sentinel
 * first so a stray write past the NUL, or past size, shows.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/format.h"

#define SENTINEL 0x5A

/* Goes through kvsnprintf without the compiler's format checking, for
 * formats C does not define (unknown conversions, a lone '%'). */
static int vfmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Formats into a 128-byte buffer; checks the text, the returned length,
 * and that nothing after the NUL was touched. */
#define CHECK(expect, ...)						\
	do {								\
		char b_[128];						\
		size_t l_ = strlen(expect);				\
		memset(b_, SENTINEL, sizeof(b_));			\
		int n_ = ksnprintf(b_, sizeof(b_), __VA_ARGS__);	\
		assert_string_equal(b_, expect);			\
		assert_int_equal(n_, l_);				\
		for (size_t i_ = l_ + 1; i_ < sizeof(b_); i_++)		\
			assert_int_equal((unsigned char)b_[i_], SENTINEL); \
	} while (0)

#define VCHECK(expect, ...)						\
	do {								\
		char b_[128];						\
		memset(b_, SENTINEL, sizeof(b_));			\
		int n_ = vfmt(b_, sizeof(b_), __VA_ARGS__);		\
		assert_string_equal(b_, expect);			\
		assert_int_equal(n_, strlen(expect));			\
	} while (0)

static void test_plain_text(void **state)
{
	CHECK("", "%s", "");
	CHECK("hello, world\n", "hello, world\n");
	CHECK("tab\there", "tab\there");
}

static void test_signed(void **state)
{
	CHECK("0", "%d", 0);
	CHECK("-1", "%d", -1);
	CHECK("42", "%i", 42);
	CHECK("-2147483648", "%d", INT_MIN);
	CHECK("2147483647", "%d", INT_MAX);
	CHECK("-9223372036854775808", "%ld", LONG_MIN);
	CHECK("9223372036854775807", "%ld", LONG_MAX);
	CHECK("-9223372036854775808", "%lld", LLONG_MIN);
	CHECK("-32768", "%hd", (short)-32768);
	CHECK("-1", "%hhd", (signed char)-1);
	CHECK("-5|", "%d|", -5);
}

static void test_unsigned(void **state)
{
	CHECK("0", "%u", 0u);
	CHECK("4294967295", "%u", UINT_MAX);
	CHECK("18446744073709551615", "%lu", ULONG_MAX);
	CHECK("18446744073709551615", "%llu", ULLONG_MAX);
	CHECK("18446744073709551615", "%zu", SIZE_MAX);
	CHECK("123", "%zu", (size_t)123);
	CHECK("65535", "%hu", (unsigned short)0xFFFF);
}

static void test_hex(void **state)
{
	CHECK("deadbeef", "%x", 0xDEADBEEFu);
	CHECK("DEADBEEF", "%X", 0xDEADBEEFu);
	CHECK("0", "%x", 0u);
	CHECK("0x1f", "%#x", 0x1Fu);
	CHECK("0123456789abcdef", "%016llx", 0x0123456789ABCDEFULL);
	CHECK("ffffffffffffffff", "%016llx", ULLONG_MAX);
	CHECK("000000000000002a", "%016llx", 42ULL);
	CHECK("ff", "%hhx", 0x1FFu);	/* converted to unsigned char */
	CHECK("2345", "%hx", 0x12345u);
	CHECK("7fffffffffffffff", "%lx", (unsigned long)LONG_MAX);
	CHECK("0000beef", "%08x", 0xBEEFu);
	CHECK("0x0000beef", "%#010x", 0xBEEFu);	/* width counts the 0x */
	CHECK("  0xbeef", "%#8x", 0xBEEFu);
}

static void test_width_and_flags(void **state)
{
	CHECK("   42|", "%5d|", 42);
	CHECK("42   |", "%-5d|", 42);
	CHECK("00042", "%05d", 42);
	CHECK("-0042", "%05d", -42);
	CHECK("  -42", "%5d", -42);
	CHECK("-42  |", "%-5d|", -42);
	VCHECK("42   |", "%-05d|", 42);	/* '-' wins over '0' */
	CHECK("123456", "%3d", 123456);	/* width is a minimum */
	CHECK("     7", "%*d", 6, 7);
	CHECK("beef    |", "%-8x|", 0xBEEFu);
}

static void test_strings(void **state)
{
	CHECK("abc     |", "%-8s|", "abc");
	CHECK("     abc", "%8s", "abc");
	CHECK("abcdefghij", "%8s", "abcdefghij");
	CHECK("abc", "%.3s", "abcdef");
	CHECK("ab", "%.*s", 2, "abcdef");
	CHECK("abcdef", "%.*s", -1, "abcdef");	/* negative: no precision */
	CHECK("", "%.0s", "abcdef");
	CHECK("abc", "%.10s", "abc");
	CHECK("   ab|", "%5.2s|", "abcdef");
	/* (through vfmt: GCC rejects a literal NULL for %s) */
	VCHECK("(null)", "%s", (char *)NULL);
	VCHECK("(nu", "%.3s", (char *)NULL);

	/* A precision stops the read: three bytes with no NUL after them
	 * (AddressSanitizer would catch a fourth read). */
	static const char xyz[3] = { 'x', 'y', 'z' };
	CHECK("[xyz]", "[%.3s]", xyz);
	CHECK("[xy]", "[%.*s]", 2, xyz);
}

static void test_char_percent_pointer(void **state)
{
	CHECK("A", "%c", 'A');
	CHECK("<a|b>", "<%c|%c>", 'a', 'b');
	CHECK("%", "%%");
	CHECK("100%", "%d%%", 100);
	CHECK("0x1234", "%p", (void *)0x1234);
	CHECK("0xffff800000001000", "%p", (void *)0xFFFF800000001000ULL);
	CHECK("0x0", "%p", (void *)0);
}

static void test_mixed(void **state)
{
	CHECK("exit 48 (EPT violation) at 0x00000000001f0000 len=3",
	      "exit %u (%s) at 0x%016llx len=%d", 48u, "EPT violation",
	      0x1F0000ULL, 3);
	CHECK("[ -1|ff|  x|z]", "[%3d|%x|%3s|%c]", -1, 255u, "x", 'z');
}

static void test_unknown_and_lone_percent(void **state)
{
	VCHECK("%q", "%q");
	VCHECK("a%yb", "a%yb");
	VCHECK("1 %k 2", "%d %k %d", 1, 2);
	VCHECK("abc", "abc%");		/* lone '%' at the end: dropped */
	VCHECK("", "%");
	VCHECK("x", "x%-");		/* a flag then the end */
	VCHECK("7", "%d%l", 7);		/* a length then the end */
}

static void test_truncation(void **state)
{
	char b[16];
	int n;

	/* size 8: seven characters and a NUL; the full length returned. */
	memset(b, SENTINEL, sizeof(b));
	n = ksnprintf(b, 8, "%s", "hello world");
	assert_int_equal(n, 11);
	assert_memory_equal(b, "hello w", 8);
	for (int i = 8; i < 16; i++)
		assert_int_equal((unsigned char)b[i], SENTINEL);

	/* Cut in the middle of a number and of padding. */
	memset(b, SENTINEL, sizeof(b));
	n = ksnprintf(b, 4, "%d", 123456);
	assert_int_equal(n, 6);
	assert_string_equal(b, "123");
	assert_int_equal((unsigned char)b[4], SENTINEL);

	memset(b, SENTINEL, sizeof(b));
	n = ksnprintf(b, 5, "%-10s|", "ab");
	assert_int_equal(n, 11);
	assert_string_equal(b, "ab  ");

	/* Exactly fitting: length size-1. */
	memset(b, SENTINEL, sizeof(b));
	n = ksnprintf(b, 4, "abc");
	assert_int_equal(n, 3);
	assert_string_equal(b, "abc");
	assert_int_equal((unsigned char)b[4], SENTINEL);

	/* One too many. */
	memset(b, SENTINEL, sizeof(b));
	n = ksnprintf(b, 3, "abc");
	assert_int_equal(n, 3);
	assert_string_equal(b, "ab");
	assert_int_equal((unsigned char)b[3], SENTINEL);

	/* size 1: only the NUL. */
	memset(b, SENTINEL, sizeof(b));
	n = ksnprintf(b, 1, "%x", 0xABCDu);
	assert_int_equal(n, 4);
	assert_int_equal(b[0], '\0');
	assert_int_equal((unsigned char)b[1], SENTINEL);
}

static void test_size_zero(void **state)
{
	char b[8];

	memset(b, SENTINEL, sizeof(b));
	assert_int_equal(ksnprintf(b, 0, "%s-%d", "abc", 12345), 9);
	for (int i = 0; i < 8; i++)
		assert_int_equal((unsigned char)b[i], SENTINEL);
	/* With no buffer at all. */
	assert_int_equal(ksnprintf(NULL, 0, "%016llx", 1ULL), 16);
}

static int via_va_list(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int via_va_list(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void test_kvsnprintf(void **state)
{
	char b[64];

	assert_int_equal(via_va_list(b, sizeof(b), "%s=%#x %c", "cr0",
				     0x80000031u, '!'), 16);
	assert_string_equal(b, "cr0=0x80000031 !");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text),
		cmocka_unit_test(test_signed),
		cmocka_unit_test(test_unsigned),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_width_and_flags),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_char_percent_pointer),
		cmocka_unit_test(test_mixed),
		cmocka_unit_test(test_unknown_and_lone_percent),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_size_zero),
		cmocka_unit_test(test_kvsnprintf),
	};

	return cmocka_run_group_tests_name("format", tests, NULL, NULL);
}
