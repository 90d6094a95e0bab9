/* Unit tests for the console's Ctrl-A controls (guest/console_escape.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "guest/console_escape.h"

/* Feeds a byte string; writes the bytes passed to the guest into passed
 * and one letter per answer into keys (p pass, . hold, h s r x ?), and
 * returns how many bytes were passed. */
static size_t feed(struct console_escape *e, const char *in, size_t n,
		   char *passed, char *keys)
{
	static const char letter[] = { 'p', '.', 'h', 's', 'r', 'x', 'n', 'b', '?' };
	size_t np = 0;

	for (size_t i = 0; i < n; i++) {
		uint8_t out = 0xEE;
		enum console_key k = console_escape_feed(e, (uint8_t)in[i], &out);
		keys[i] = letter[k];
		if (k == CONSOLE_PASS)
			passed[np++] = (char)out;
	}
	keys[n] = '\0';
	passed[np] = '\0';
	return np;
}

static void test_plain_text_passes(void **state)
{
	struct console_escape e = { 0 };
	char p[64], k[64];

	assert_int_equal(feed(&e, "ls -l\r", 6, p, k), 6);
	assert_string_equal(p, "ls -l\r");
	assert_string_equal(k, "pppppp");
	assert_false(e.pending);
}

static void test_controls(void **state)
{
	struct console_escape e = { 0 };
	char p[64], k[64];

	assert_int_equal(feed(&e, "a\001hb\001sc\001x", 9, p, k), 3);
	assert_string_equal(p, "abc");
	assert_string_equal(k, "p.hp.sp.x");
	/* Upper case works too; '?' is help. */
	feed(&e, "\001H\001S\001X\001?", 8, p, k);
	assert_string_equal(k, ".h.s.x.h");
	/* r and R: the guest's registers. */
	assert_int_equal(feed(&e, "\001r\001R", 4, p, k), 0);
	assert_string_equal(k, ".r.r");
	/* n and N: the NMI button. */
	assert_int_equal(feed(&e, "\001n\001N", 4, p, k), 0);
	assert_string_equal(k, ".n.n");
	/* p and P: the power button ('b' here). */
	assert_int_equal(feed(&e, "\001p\001P", 4, p, k), 0);
	assert_string_equal(k, ".b.b");
}

static void test_literal_ctrl_a(void **state)
{
	struct console_escape e = { 0 };
	char p[64], k[64];

	/* Ctrl-A Ctrl-A is one Ctrl-A for the guest, and ends the escape:
	 * the s after it is text. */
	assert_int_equal(feed(&e, "\001\001s", 3, p, k), 2);
	assert_memory_equal(p, "\001s", 2);
	assert_string_equal(k, ".pp");
	/* Three in a row: one passed, then an escape pending. */
	assert_int_equal(feed(&e, "\001\001\001", 3, p, k), 1);
	assert_string_equal(k, ".p.");
	assert_true(e.pending);
}

static void test_unknown_key_dropped(void **state)
{
	struct console_escape e = { 0 };
	char p[64], k[64];

	assert_int_equal(feed(&e, "\001q\001\r\001\0z", 7, p, k), 1);
	assert_string_equal(p, "z");
	assert_string_equal(k, ".?.?.?p");
}

static void test_help_text(void **state)
{
	size_t n = 0;

	while (console_escape_help[n])
		n++;
	assert_int_equal(n, 7);
	assert_string_equal(console_escape_help[0], "Ctrl-A h  this help");
	assert_string_equal(console_escape_help[2],
			    "Ctrl-A r  the guest's registers (the guest runs on)");
	assert_string_equal(console_escape_help[3],
			    "Ctrl-A n  NMI button: an NMI to the guest (Linux prints a backtrace)");
	assert_string_equal(console_escape_help[4],
			    "Ctrl-A p  ACPI power button (the guest decides what it does)");
	assert_string_equal(console_escape_help[5], "Ctrl-A x  power the machine off");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text_passes),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_literal_ctrl_a),
		cmocka_unit_test(test_unknown_key_dropped),
		cmocka_unit_test(test_help_text),
	};

	return cmocka_run_group_tests_name("console_escape", tests, NULL, NULL);
}
