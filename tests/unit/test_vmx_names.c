/*
 * Unit tests for the VMX name tables (vmx/vmx_names.c) and the VMCS field
 * encodings they are built from (vmx/vmcs_fields.h).
 *
 * Encodings are checked against SDM Vol. 3D Appendix B: bit 0 access type
 * (0 = full), bits 9:1 index, bits 11:10 type (0 control, 1 VM-exit
 * information, 2 guest state, 3 host state), bit 12 reserved (0), bits
 * 14:13 width (0 16-bit, 1 64-bit, 2 32-bit, 3 natural).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmx/vmcs_fields.h"
#include "vmx/vmx_names.h"

#define TYPE_CONTROL	0
#define TYPE_EXIT_INFO	1
#define TYPE_GUEST	2
#define TYPE_HOST	3

static unsigned enc_type(unsigned enc)
{
	return (enc >> 10) & 3;
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void test_field_names(void **state)
{
	assert_string_equal(vmcs_field_name(0x681E), "GUEST_RIP");
	assert_string_equal(vmcs_field_name(0x4402), "VM_EXIT_REASON");
	assert_string_equal(vmcs_field_name(0x0000), "VIRTUAL_PROCESSOR_ID");
	assert_string_equal(vmcs_field_name(0x6C16), "HOST_RIP");
	assert_string_equal(vmcs_field_name(0x0802), "GUEST_CS_SELECTOR");
	assert_string_equal(vmcs_field_name(0x2800), "VMCS_LINK_POINTER");
	assert_string_equal(vmcs_field_name(0x4802), "GUEST_CS_LIMIT");
	assert_string_equal(vmcs_field_name(0x201A), "EPT_POINTER");
	assert_string_equal(vmcs_field_name(0x401E),
			    "SECONDARY_VM_EXEC_CONTROL");
	assert_string_equal(vmcs_field_name(0x6400), "EXIT_QUALIFICATION");
	/* The enum and the names come from the same table. */
	assert_string_equal(vmcs_field_name(VMCS_GUEST_CR3), "GUEST_CR3");
	assert_int_equal(VMCS_GUEST_CR3, 0x6802);
}

static void test_unknown_field(void **state)
{
	assert_null(vmcs_field_name(0x0001));	/* high half of nothing */
	assert_null(vmcs_field_name(0x2001));	/* IO_BITMAP_A "high" */
	assert_null(vmcs_field_name(0x681F));
	assert_null(vmcs_field_name(0x7FFF));
	assert_null(vmcs_field_name(0xFFFFFFFFu));
	assert_null(vmcs_field_name(0x1681E));	/* GUEST_RIP + bit 16 */
}

static void test_table_unique_and_named(void **state)
{
	size_t n = vmcs_field_count();

	assert_true(n >= 100);
	for (size_t i = 0; i < n; i++) {
		unsigned e = vmcs_field_at(i);
		const char *name = vmcs_field_name(e);
		assert_non_null(name);
		assert_true(strlen(name) > 0);
		for (size_t j = i + 1; j < n; j++) {
			assert_int_not_equal(vmcs_field_at(j), e);
			assert_string_not_equal(vmcs_field_name(vmcs_field_at(j)),
						name);
		}
	}
	/* Past the end: 0. */
	assert_int_equal(vmcs_field_at(n), 0);
	assert_int_equal(vmcs_field_at((size_t)-1), 0);
	/* The first entry is VIRTUAL_PROCESSOR_ID (encoding 0). */
	assert_int_equal(vmcs_field_at(0), 0x0000);
}

static void test_encoding_shape(void **state)
{
	for (size_t i = 0; i < vmcs_field_count(); i++) {
		unsigned e = vmcs_field_at(i);
		const char *name = vmcs_field_name(e);

		/* Full access, bit 12 and bits 31:15 clear. */
		if ((e & 1) || (e & (1u << 12)) || (e >> 15))
			fail_msg("%s: bad encoding %#x", name, e);
		/* The type agrees with the name's prefix. GUEST_PHYSICAL_
		 * and GUEST_LINEAR_ADDRESS are VM-exit information. */
		unsigned t = enc_type(e);
		if (!strcmp(name, "GUEST_PHYSICAL_ADDRESS") ||
		    !strcmp(name, "GUEST_LINEAR_ADDRESS")) {
			if (t != TYPE_EXIT_INFO)
				fail_msg("%s: type %u", name, t);
		} else if (starts_with(name, "GUEST_") ||
			   !strcmp(name, "VMCS_LINK_POINTER") ||
			   !strcmp(name, "VMX_PREEMPTION_TIMER_VALUE")) {
			if (t != TYPE_GUEST)
				fail_msg("%s: type %u", name, t);
		} else if (starts_with(name, "HOST_")) {
			if (t != TYPE_HOST)
				fail_msg("%s: type %u", name, t);
		}
		/* The width agrees with the name's suffix. */
		enum vmcs_width w = vmcs_field_width(e);
		if ((ends_with(name, "_SELECTOR") && w != VMCS_W16) ||
		    (ends_with(name, "_LIMIT") && w != VMCS_W32) ||
		    (ends_with(name, "_AR_BYTES") && w != VMCS_W32) ||
		    (ends_with(name, "_COUNT") && w != VMCS_W32) ||
		    (ends_with(name, "_CONTROL") && w != VMCS_W32) ||
		    (ends_with(name, "_ADDR") && w != VMCS_W64) ||
		    (ends_with(name, "_BASE") && w != VMCS_WNAT) ||
		    (starts_with(name, "GUEST_CR") && w != VMCS_WNAT) ||
		    (starts_with(name, "HOST_CR") && w != VMCS_WNAT) ||
		    (ends_with(name, "_EFER") && w != VMCS_W64) ||
		    (ends_with(name, "_PAT") && w != VMCS_W64) ||
		    (ends_with(name, "SYSENTER_CS") && w != VMCS_W32) ||
		    (ends_with(name, "SYSENTER_ESP") && w != VMCS_WNAT) ||
		    (ends_with(name, "SYSENTER_EIP") && w != VMCS_WNAT))
			fail_msg("%s: width %d", name, (int)w);
	}
}

static void test_known_widths(void **state)
{
	/* vmcs_field_width(), and the encodings, for known fields. */
	assert_int_equal(vmcs_field_width(VMCS_GUEST_RIP), VMCS_WNAT);
	assert_int_equal(vmcs_field_width(VMCS_HOST_RSP), VMCS_WNAT);
	assert_int_equal(vmcs_field_width(VMCS_EXIT_QUALIFICATION), VMCS_WNAT);
	assert_int_equal(vmcs_field_width(VMCS_GUEST_CS_SELECTOR), VMCS_W16);
	assert_int_equal(vmcs_field_width(VMCS_VIRTUAL_PROCESSOR_ID),
			 VMCS_W16);
	assert_int_equal(vmcs_field_width(VMCS_HOST_TR_SELECTOR), VMCS_W16);
	assert_int_equal(vmcs_field_width(VMCS_VMCS_LINK_POINTER), VMCS_W64);
	assert_int_equal(vmcs_field_width(VMCS_EPT_POINTER), VMCS_W64);
	assert_int_equal(vmcs_field_width(VMCS_GUEST_PHYSICAL_ADDRESS),
			 VMCS_W64);
	assert_int_equal(vmcs_field_width(VMCS_TSC_OFFSET), VMCS_W64);
	assert_int_equal(vmcs_field_width(VMCS_GUEST_CS_LIMIT), VMCS_W32);
	assert_int_equal(vmcs_field_width(VMCS_VM_EXIT_REASON), VMCS_W32);
	assert_int_equal(vmcs_field_width(VMCS_GUEST_INTERRUPTIBILITY_INFO),
			 VMCS_W32);
	assert_int_equal(vmcs_field_width(VMCS_HOST_IA32_SYSENTER_CS),
			 VMCS_W32);
	/* The width values themselves (SDM B: 0, 1, 2, 3). */
	assert_int_equal(VMCS_W16, 0);
	assert_int_equal(VMCS_W64, 1);
	assert_int_equal(VMCS_W32, 2);
	assert_int_equal(VMCS_WNAT, 3);
	assert_int_equal(vmcs_field_width(0x2001), VMCS_W64);	/* high */
}

static void test_exit_reason_names(void **state)
{
	assert_string_equal(exit_reason_name(0), "exception or NMI");
	assert_string_equal(exit_reason_name(1), "external interrupt");
	assert_string_equal(exit_reason_name(10), "CPUID");
	assert_string_equal(exit_reason_name(12), "HLT");
	assert_string_equal(exit_reason_name(30), "I/O instruction");
	assert_string_equal(exit_reason_name(33),
			    "VM-entry failure: invalid guest state");
	assert_string_equal(exit_reason_name(48), "EPT violation");
	assert_string_equal(exit_reason_name(49), "EPT misconfiguration");
	assert_string_equal(exit_reason_name(68), "TPAUSE");
	/* Holes in the table and numbers past it. */
	assert_string_equal(exit_reason_name(35), "unknown exit reason");
	assert_string_equal(exit_reason_name(38), "unknown exit reason");
	assert_string_equal(exit_reason_name(42), "unknown exit reason");
	assert_string_equal(exit_reason_name(65), "unknown exit reason");
	assert_string_equal(exit_reason_name(69), "unknown exit reason");
	assert_string_equal(exit_reason_name(1000), "unknown exit reason");
	assert_string_equal(exit_reason_name(0x80000021u),
			    "unknown exit reason");
	assert_string_equal(exit_reason_name(0xFFFFFFFFu),
			    "unknown exit reason");
}

static void test_vm_instruction_error_names(void **state)
{
	assert_string_equal(vm_instruction_error_name(7),
			    "VM entry with invalid control field(s)");
	assert_string_equal(vm_instruction_error_name(8),
			    "VM entry with invalid host-state field(s)");
	assert_string_equal(vm_instruction_error_name(12),
			    "VMREAD/VMWRITE from/to unsupported VMCS component");
	assert_string_equal(vm_instruction_error_name(1),
			    "VMCALL executed in VMX root operation");
	assert_string_equal(vm_instruction_error_name(28),
			    "Invalid operand to INVEPT/INVVPID");
	assert_string_equal(vm_instruction_error_name(0), "unknown error");
	assert_string_equal(vm_instruction_error_name(14), "unknown error");
	assert_string_equal(vm_instruction_error_name(21), "unknown error");
	assert_string_equal(vm_instruction_error_name(27), "unknown error");
	assert_string_equal(vm_instruction_error_name(29), "unknown error");
	assert_string_equal(vm_instruction_error_name(999), "unknown error");
	assert_string_equal(vm_instruction_error_name(0xFFFFFFFFu),
			    "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_field_names),
		cmocka_unit_test(test_unknown_field),
		cmocka_unit_test(test_table_unique_and_named),
		cmocka_unit_test(test_encoding_shape),
		cmocka_unit_test(test_known_widths),
		cmocka_unit_test(test_exit_reason_names),
		cmocka_unit_test(test_vm_instruction_error_names),
	};

	return cmocka_run_group_tests_name("vmx_names", tests, NULL, NULL);
}
