/*
 * Unit tests for the EPT-violation exit (vmx/exit_ept.c) on the model
 * VMCS, with the real page walker, decoder, emulator, MMIO table and guest
 * memory: what the guest's access outside RAM turns into (SDM Vol. 3C
 * 29.3.3, 28.2.1 Table 28-7 for the qualification: bit 0 read, 1 write,
 * 2 fetch, 3-5 the page's permissions, 7 linear address valid, 8 the
 * access was to that address (not to a paging structure), 12 NMI
 * unblocking by IRET). The guest is in 32-bit protected mode with paging
 * off unless a test says otherwise, CPL 0.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/kernel_stub.h"
#include "tests/unit/vcpu_stub.h"
#include "tests/unit/vmcs_model.h"
#include "vmx/exits.h"
#include "vmx/vmcs.h"

#define RAM_SIZE	0x10000u
#define DEV_GPA		0x20000u	/* a device's registers */
#define ABSENT_GPA	0x3F000000u	/* nothing */
#define Q_READ		(1u << 0)
#define Q_WRITE		(1u << 1)
#define Q_FETCH		(1u << 2)
#define Q_LINEAR	(1u << 7)
#define Q_ACCESS	(1u << 8)
#define Q_NMI_UNBLOCK	(1u << 12)

static struct test_vcpu t;
static uint8_t ram[RAM_SIZE];
static struct {
	unsigned reads, writes;
	uint64_t offset, value;
	unsigned size;
} dev;

static uint64_t dev_read(void *ctx, uint64_t offset, unsigned size)
{
	dev.reads++;
	dev.offset = offset;
	dev.size = size;
	return 0x11223344;
}

static void dev_write(void *ctx, uint64_t offset, unsigned size, uint64_t value)
{
	dev.writes++;
	dev.offset = offset;
	dev.size = size;
	dev.value = value;
}

static int setup(void **state)
{
	test_vcpu_init(&t);
	kernel_stub_reset();
	memset(ram, 0, sizeof(ram));
	memset(&dev, 0, sizeof(dev));
	t.v.held_vector = -1;
	t.vm.ram_hpa = (uint64_t)(uintptr_t)ram;
	t.vm.ram_size = RAM_SIZE;
	t.cpu.maxphyaddr = 39;
	mmio_init(&t.vm.mmio);
	assert_int_equal(mmio_register(&t.vm.mmio, DEV_GPA, 0x1000, "dev",
				       dev_read, dev_write, NULL), 0);
	vmcs_model_set(VMCS_GUEST_CR0, 0x31);
	vmcs_model_set(VMCS_GUEST_SS_AR_BYTES, 0xC093);
	vmcs_model_set(VMCS_GUEST_CS_AR_BYTES, 0xC09B);
	vmcs_model_set(VMCS_GUEST_RFLAGS, 0x2);
	return 0;
}

/* The guest ran the bytes at RIP 0x1000 and touched gpa. */
static void ept_exit(const uint8_t *insn, unsigned n, uint64_t q, uint64_t gpa)
{
	memcpy(ram + 0x1000, insn, n);
	t.v.exit.rip = 0x1000;
	t.v.exit.reason = EXIT_REASON_EPT_VIOLATION;
	t.v.exit.qualification = q;
	vmcs_model_set(VMCS_GUEST_RIP, 0x1000);
	vmcs_model_set(VMCS_GUEST_PHYSICAL_ADDRESS, gpa);
	exit_ept_violation(&t.v);
}

/* MOV [EBX], EAX into a device's register: emulated, RIP moves on. */
static void test_mov_to_device(void **state)
{
	static const uint8_t mov[] = { 0x89, 0x03 };

	t.v.regs.rax = 0xCAFEF00D;
	t.v.regs.rbx = DEV_GPA + 0x30;
	ept_exit(mov, sizeof(mov), Q_WRITE | Q_LINEAR | Q_ACCESS, DEV_GPA + 0x30);
	assert_int_equal(dev.writes, 1);
	assert_int_equal(dev.offset, 0x30);
	assert_int_equal(dev.size, 4);
	assert_int_equal(dev.value, 0xCAFEF00D);
	assert_int_equal(vcpu_stub_skips, 1);
	assert_int_equal(vcpu_stub_exceptions, 0);
	assert_int_equal(t.v.stop, VCPU_RUNNING);
}

/* XADD [EBX], EAX on absent space: not emulated, #UD, counted; the guest
 * runs on. */
static void test_unemulated_instruction_ud(void **state)
{
	static const uint8_t xadd[] = { 0x0F, 0xC1, 0x03 };

	t.v.regs.rbx = ABSENT_GPA;
	ept_exit(xadd, sizeof(xadd), Q_READ | Q_LINEAR | Q_ACCESS, ABSENT_GPA);
	assert_int_equal(vcpu_stub_exceptions, 1);
	assert_int_equal(vcpu_stub_exception_vector, 6);
	assert_int_equal(t.v.stats.mmio_unemulated, 1);
	assert_int_equal(vcpu_stub_skips, 0);
	assert_int_equal(t.v.stop, VCPU_RUNNING);
}

/* The guest's page walk read a paging structure in absent space: all
 * ones, reserved bits, #PF(P | RSVD) at the linear address; with CPL 3
 * (not during a delivery), U too. */
static void test_paging_structure_in_absent_space(void **state)
{
	vmcs_model_set(VMCS_GUEST_LINEAR_ADDRESS, 0x40000FF8);
	ept_exit(NULL, 0, Q_READ | Q_LINEAR, ABSENT_GPA);
	assert_int_equal(vcpu_stub_exceptions, 1);
	assert_int_equal(vcpu_stub_exception_vector, 14);
	assert_int_equal(vcpu_stub_exception_error_code, 0x9);
	assert_int_equal(host_test_cr2, 0x40000FF8);
	assert_int_equal(t.v.stop, VCPU_RUNNING);

	setup(state);
	vmcs_model_set(VMCS_GUEST_SS_AR_BYTES, 0xC0F3);	/* DPL 3 */
	vmcs_model_set(VMCS_GUEST_LINEAR_ADDRESS, 0x40001000);
	ept_exit(NULL, 0, Q_FETCH | Q_READ | Q_LINEAR, ABSENT_GPA);
	assert_int_equal(vcpu_stub_exception_error_code, 0x1D);	/* P RSVD U I */
}

/* A paging structure in a device's registers: not emulated, the guest
 * stops with the reason. */
static void test_paging_structure_in_device_stops(void **state)
{
	vmcs_model_set(VMCS_GUEST_LINEAR_ADDRESS, 0x400000);
	ept_exit(NULL, 0, Q_READ | Q_LINEAR, DEV_GPA);
	assert_int_equal(t.v.stop, VCPU_STOP_ERROR);
	assert_int_equal(t.v.stop_code, EXIT_REASON_EPT_VIOLATION);
	assert_int_equal(vcpu_stub_exceptions, 0);
	assert_int_equal(dev.reads + dev.writes, 0);
	assert_string_equal(kernel_stub_last_line,
			    "guest paging structure at guest-physical 0x20000 is a device's registers (linear 0x400000, RIP 0x1000): not emulated");
}

/* Delivering #UD (requeued by the dispatcher) read its IDT gate in absent
 * space: the instruction at RIP never ran and is not emulated; the guest
 * stops, naming the event and the address, and nothing is queued. */
static void test_delivery_outside_ram_stops(void **state)
{
	static const uint8_t mov[] = { 0x89, 0x03 };	/* must not run */

	vmcs_model_set(VMCS_VM_ENTRY_INTR_INFO, 0x80000306);
	t.v.regs.rbx = DEV_GPA;
	ept_exit(mov, sizeof(mov), Q_READ | Q_LINEAR | Q_ACCESS, 0x2000060);
	assert_int_equal(t.v.stop, VCPU_STOP_ERROR);
	assert_int_equal(vmcs_model_get(VMCS_VM_ENTRY_INTR_INFO), 0);
	assert_int_equal(dev.writes, 0);
	assert_int_equal(vcpu_stub_skips, 0);
	assert_string_equal(kernel_stub_last_line,
			    "delivering vector 6 (type 3) touched guest-physical 0x2000060 in absent space (its IDT, GDT, TSS or stack): not emulated; the guest stops");
}

/* A fetch from absent space: all ones, an invalid opcode: #UD. An IRET
 * that unblocked NMIs did not complete: blocking by NMI is set again. */
static void test_fetch_absent_and_nmi_unblocking(void **state)
{
	vmcs_model_set(VMCS_GUEST_INTERRUPTIBILITY_INFO, 0x1);	/* STI */
	ept_exit(NULL, 0, Q_FETCH | Q_LINEAR | Q_ACCESS | Q_NMI_UNBLOCK,
		 ABSENT_GPA);
	assert_int_equal(vcpu_stub_exception_vector, 6);
	assert_int_equal(vmcs_model_get(VMCS_GUEST_INTERRUPTIBILITY_INFO), 0x9);
	/* During a delivery bit 12 means nothing (28.2.3). */
	setup(state);
	vmcs_model_set(VMCS_VM_ENTRY_INTR_INFO, 0x80000202);	/* NMI */
	vmcs_model_set(VMCS_GUEST_LINEAR_ADDRESS, 0x40000FF8);
	ept_exit(NULL, 0, Q_WRITE | Q_LINEAR | Q_NMI_UNBLOCK, ABSENT_GPA);
	assert_int_equal(vmcs_model_get(VMCS_GUEST_INTERRUPTIBILITY_INFO), 0);
}

/* A page EPT maps refused the access: the hypervisor's own mistake. */
static void test_mapped_page_refused_stops(void **state)
{
	ept_exit(NULL, 0, Q_WRITE | (1u << 3) | Q_LINEAR | Q_ACCESS, 0x5000);
	assert_int_equal(t.v.stop, VCPU_STOP_ERROR);
	assert_int_equal(vcpu_stub_dumps, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_mov_to_device, setup),
		cmocka_unit_test_setup(test_unemulated_instruction_ud, setup),
		cmocka_unit_test_setup(test_paging_structure_in_absent_space, setup),
		cmocka_unit_test_setup(test_paging_structure_in_device_stops, setup),
		cmocka_unit_test_setup(test_delivery_outside_ram_stops, setup),
		cmocka_unit_test_setup(test_fetch_absent_and_nmi_unblocking, setup),
		cmocka_unit_test_setup(test_mapped_page_refused_stops, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
