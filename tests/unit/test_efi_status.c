/* Tests for boot/efi_status.c: the names the loader prints for UEFI
 * status codes (UEFI 2.10 Appendix D). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "boot/efi_status.h"

#define ERR(n) (EFI_STATUS_ERROR_BIT | (n))

static void test_names(void **state)
{
	char b[40];

	assert_string_equal(efi_status_str(0, b, sizeof(b)), "EFI_SUCCESS");
	assert_string_equal(efi_status_str(ERR(2), b, sizeof(b)),
			    "EFI_INVALID_PARAMETER");
	assert_string_equal(efi_status_str(ERR(3), b, sizeof(b)),
			    "EFI_UNSUPPORTED");
	assert_string_equal(efi_status_str(ERR(14), b, sizeof(b)),
			    "EFI_NOT_FOUND");
	assert_string_equal(efi_status_str(ERR(15), b, sizeof(b)),
			    "EFI_ACCESS_DENIED");
	assert_string_equal(efi_status_str(ERR(1), b, sizeof(b)),
			    "EFI_LOAD_ERROR");
	assert_string_equal(efi_status_str(ERR(33), b, sizeof(b)),
			    "EFI_COMPROMISED_DATA");
	assert_string_equal(efi_status_str(ERR(35), b, sizeof(b)),
			    "EFI_HTTP_ERROR");
}

static void test_unnamed(void **state)
{
	char b[40];

	/* 29 and 30 have no name; past the table; a warning (no high bit). */
	assert_string_equal(efi_status_str(ERR(29), b, sizeof(b)),
			    "EFI status 0x800000000000001d");
	assert_string_equal(efi_status_str(ERR(36), b, sizeof(b)),
			    "EFI status 0x8000000000000024");
	assert_string_equal(efi_status_str(ERR(0), b, sizeof(b)),
			    "EFI status 0x8000000000000000");
	assert_string_equal(efi_status_str(14, b, sizeof(b)),
			    "EFI status 0xe");
	assert_string_equal(efi_status_str(~0ULL, b, sizeof(b)),
			    "EFI status 0xffffffffffffffff");
	/* A short buffer is cut, terminated. */
	assert_string_equal(efi_status_str(ERR(14), b, 8), "EFI_NOT");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_unnamed),
	};

	return cmocka_run_group_tests_name("efi_status", tests, NULL, NULL);
}
