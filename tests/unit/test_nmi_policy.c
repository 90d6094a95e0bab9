/*
 * Unit tests for when an NMI is injected (vmx/nmi_policy.c). Guest
 * interruptibility bits (SDM Vol. 3C 25.4.2): 0 STI, 1 MOV SS, 2 SMI,
 * 3 NMI. VM-entry interruption information: bit 31 valid.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmx/nmi_policy.h"

#define VALID_GP 0x80000B0Du	/* a #GP queued by an exit handler */
#define VALID_IRQ 0x80000030u	/* an external interrupt, vector 0x30 */

static void test_nothing_pending(void **state)
{
	for (uint32_t intr = 0; intr < 16; intr++) {
		assert_int_equal(nmi_next_action(false, 0, intr, true), NMI_NONE);
		assert_int_equal(nmi_next_action(false, VALID_GP, intr, false), NMI_NONE);
	}
}

static void test_injected_when_open(void **state)
{
	assert_int_equal(nmi_next_action(true, 0, 0, true), NMI_INJECT);
	assert_int_equal(nmi_next_action(true, 0, 0, false), NMI_INJECT);
	/* Blocking by SMI alone does not hold an NMI back here. */
	assert_int_equal(nmi_next_action(true, 0, 4, true), NMI_INJECT);
	/* An invalid (bit 31 clear) leftover in the field is no event. */
	assert_int_equal(nmi_next_action(true, 0x0000030D, 0, true), NMI_INJECT);
}

static void test_blocked(void **state)
{
	static const uint32_t blocked[] = { 1, 2, 8, 9, 10, 0xB };

	for (unsigned i = 0; i < 6; i++) {
		assert_int_equal(nmi_next_action(true, 0, blocked[i], true),
				 NMI_WAIT_WINDOW);
		assert_int_equal(nmi_next_action(true, 0, blocked[i], false),
				 NMI_WAIT_EXIT);
	}
	/* Another event is queued for this entry: it goes first. */
	assert_int_equal(nmi_next_action(true, VALID_GP, 0, true), NMI_WAIT_WINDOW);
	assert_int_equal(nmi_next_action(true, VALID_IRQ, 0, false), NMI_WAIT_EXIT);
}

/* Bit 4 (enclave interruption, Table 25-3) says where the exit came
 * from, not what is blocked: with SMI blocking it holds nothing back;
 * with any of STI, MOV SS or NMI blocking the NMI still waits. Bits 31:5
 * are reserved (0); the policy looks at none of them. */
static void test_enclave_bit_blocks_nothing(void **state)
{
	assert_int_equal(nmi_next_action(true, 0, 0x10, true), NMI_INJECT);
	assert_int_equal(nmi_next_action(true, 0, 0x14, false), NMI_INJECT);
	assert_int_equal(nmi_next_action(true, 0, 0x11, true), NMI_WAIT_WINDOW);
	assert_int_equal(nmi_next_action(true, 0, 0x12, false), NMI_WAIT_EXIT);
	assert_int_equal(nmi_next_action(true, 0, 0x18, true), NMI_WAIT_WINDOW);
	assert_int_equal(nmi_next_action(true, 0, 0xFFFFFFE0u, true), NMI_INJECT);
	/* A queued event still goes first. */
	assert_int_equal(nmi_next_action(true, VALID_IRQ, 0x10, true),
			 NMI_WAIT_WINDOW);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing_pending),
		cmocka_unit_test(test_injected_when_open),
		cmocka_unit_test(test_blocked),
		cmocka_unit_test(test_enclave_bit_blocks_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
