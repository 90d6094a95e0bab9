/*
 * vmx/exit_io.c on the model VMCS (tests/unit/vmcs_model.h), with the
 * VM's real port table (vmx/iobus.c) and guest RAM (vmx/guest_memory.c):
 * IN/OUT reach the device that claims the port with the access's size;
 * IN AL/AX keep the rest of RAX and IN EAX zero-extends (SDM Vol. 1
 * 3.4.1.1); a port no device claims reads all ones and is counted;
 * INS/OUTS move the guest's buffer through guest RAM, in batches of 4096
 * elements (RIP stays until the count reaches 0); an INS/OUTS the SDM does
 * not define, or a buffer outside guest RAM, stops the vCPU.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/kernel_stub.h"
#include "tests/unit/vcpu_stub.h"
#include "tests/unit/vmcs_model.h"
#include "vmx/exits.h"
#include "vmx/vmcs.h"

/* Exit qualification (28.2.1, Table 28-5) and instruction information
 * for INS/OUTS (28.2.5, Table 28-8: address size code, segment). */
#define Q(size, in, string, rep, port)                                   \
	((uint64_t)((size) - 1) | ((in) ? IOQ_IN : 0) |                  \
	 ((string) ? IOQ_STRING : 0) | ((rep) ? IOQ_REP : 0) |            \
	 ((uint64_t)(port) << IOQ_PORT_SHIFT))
#define INFO(asize, seg) (((uint32_t)(asize) << 7) | ((uint32_t)(seg) << 15))

#define RAM_SIZE 0x10000u

static struct test_vcpu t;
static uint8_t ram[RAM_SIZE];

/* The device at ports 0x3F8-0x3FF: what it was asked, and its answers. */
static struct {
	unsigned outs, ins;
	uint16_t port;
	unsigned size;
	uint32_t last_out;
	uint8_t sent[8192];
	unsigned nsent;
	uint32_t next_in;
} dev;

static uint32_t dev_in(void *d, uint16_t port, unsigned size)
{
	dev.ins++;
	dev.port = port;
	dev.size = size;
	return dev.next_in++;
}

static void dev_out(void *d, uint16_t port, unsigned size, uint32_t val)
{
	dev.outs++;
	dev.port = port;
	dev.size = size;
	dev.last_out = val;
	if (size == 1 && dev.nsent < sizeof(dev.sent))
		dev.sent[dev.nsent++] = (uint8_t)val;
}

static int setup(void **state)
{
	test_vcpu_init(&t);
	kernel_stub_reset();
	memset(&dev, 0, sizeof(dev));
	memset(ram, 0, sizeof(ram));
	iobus_init(&t.vm.io);
	assert_int_equal(iobus_register(&t.vm.io, 0x3F8, 0x3FF, "uart", dev_in,
					dev_out, NULL), 0);
	t.vm.ram_hpa = (uint64_t)(uintptr_t)ram;
	t.vm.ram_size = RAM_SIZE;
	t.cpu.maxphyaddr = 39;
	/* 32-bit protected mode, paging off (linear = physical), CPL 0. */
	vmcs_model_set(VMCS_GUEST_CR0, 0x31);
	vmcs_model_set(VMCS_GUEST_SS_AR_BYTES, 0xC093);
	vmcs_model_set(VMCS_GUEST_CS_AR_BYTES, 0xC09B);
	vmcs_model_set(VMCS_GUEST_RFLAGS, 0x2);
	return 0;
}

static void io_exit(uint64_t qualification)
{
	t.v.exit.reason = EXIT_REASON_IO_INSTRUCTION;
	t.v.exit.qualification = qualification;
	exit_io_instruction(&t.v);
}

static void test_out_reaches_device(void **state)
{
	t.v.regs.rax = 0x123456789ABCDEF0ULL;
	io_exit(Q(2, 0, 0, 0, 0x3F9));
	assert_int_equal(dev.outs, 1);
	assert_int_equal(dev.port, 0x3F9);
	assert_int_equal(dev.size, 2);
	assert_int_equal(dev.last_out, 0xDEF0);
	assert_int_equal(t.vm.io.dev[0].accesses, 1);
	assert_int_equal(vcpu_stub_skips, 1);
	/* The device does not report its own events. */
	assert_true(t.v.events_dirty);
	assert_int_equal(t.v.stop, VCPU_RUNNING);
}

static void test_in_merges_into_rax(void **state)
{
	dev.next_in = 0xCAFEBABE;
	t.v.regs.rax = 0x1111111122223333ULL;
	io_exit(Q(1, 1, 0, 0, 0x3F8));		/* IN AL */
	assert_int_equal(t.v.regs.rax, 0x11111111222233BEULL);
	io_exit(Q(2, 1, 0, 0, 0x3F8));		/* IN AX */
	assert_int_equal(t.v.regs.rax, 0x111111112222BABFULL);
	io_exit(Q(4, 1, 0, 0, 0x3F8));		/* IN EAX: zero-extends */
	assert_int_equal(t.v.regs.rax, 0xCAFEBAC0ULL);
	assert_int_equal(dev.ins, 3);
	assert_int_equal(vcpu_stub_skips, 3);
}

static void test_absent_port(void **state)
{
	t.v.regs.rax = 0xAAAA;
	io_exit(Q(1, 1, 0, 0, 0x84));
	assert_int_equal(t.v.regs.rax, 0xAAFF);
	io_exit(Q(4, 0, 0, 0, 0x84));
	assert_int_equal(t.v.stats.io_absent, 2);
	assert_int_equal(dev.ins + dev.outs, 0);
	assert_int_equal(vcpu_stub_skips, 2);
	/* Nothing answered: interrupt delivery is as it was. */
	assert_false(t.v.events_dirty);
}

static void test_rep_outsb_from_guest_ram(void **state)
{
	/* REP OUTSB, 32-bit addresses, DS base 0x1000, ESI 0x234. */
	memcpy(&ram[0x1234], "hello", 5);
	vmcs_model_set(VMCS_VMX_INSTRUCTION_INFO, INFO(1, 3));
	vmcs_model_set(VMCS_GUEST_DS_BASE, 0x1000);
	t.v.regs.rsi = 0xFFFFFFFF00000234ULL;
	t.v.regs.rcx = 5;
	io_exit(Q(1, 0, 1, 1, 0x3F8));
	assert_int_equal(dev.nsent, 5);
	assert_memory_equal(dev.sent, "hello", 5);
	/* A 32-bit register write zeroes bits 63:32. */
	assert_int_equal(t.v.regs.rsi, 0x239);
	assert_int_equal(t.v.regs.rcx, 0);
	assert_int_equal(vcpu_stub_skips, 1);
	assert_int_equal(vmcs_model_reads(VMCS_GUEST_DS_BASE), 1);
	assert_int_equal(t.v.stop, VCPU_RUNNING);
}

static void test_rep_insb_in_batches(void **state)
{
	/* REP INSB of 5000 bytes to ES:EDI 0x2000: 4096 in this exit, RIP
	 * stays, ECX counts the rest; the next exit finishes. */
	vmcs_model_set(VMCS_VMX_INSTRUCTION_INFO, INFO(1, 0));
	t.v.regs.rdi = 0x2000;
	t.v.regs.rcx = 5000;
	io_exit(Q(1, 1, 1, 1, 0x3F8));
	assert_int_equal(dev.ins, 4096);
	assert_int_equal(t.v.regs.rcx, 904);
	assert_int_equal(t.v.regs.rdi, 0x3000);
	assert_int_equal(vcpu_stub_skips, 0);
	assert_int_equal(ram[0x2000], 0x00);
	assert_int_equal(ram[0x2FFF], 0xFF);
	io_exit(Q(1, 1, 1, 1, 0x3F8));
	assert_int_equal(dev.ins, 5000);
	assert_int_equal(t.v.regs.rcx, 0);
	assert_int_equal(t.v.regs.rdi, 0x3388);
	assert_int_equal(ram[0x3387], (uint8_t)4999);
	assert_int_equal(ram[0x3388], 0);
	assert_int_equal(vcpu_stub_skips, 1);
}

static void test_undefined_string_io_stops(void **state)
{
	/* Address-size code 3 is undefined (Table 28-8). */
	vmcs_model_set(VMCS_VMX_INSTRUCTION_INFO, 3u << 7);
	t.v.regs.rcx = 1;
	io_exit(Q(1, 0, 1, 0, 0x3F8));
	assert_int_equal(t.v.stop, VCPU_STOP_ERROR);
	assert_int_equal(t.v.stop_code, EXIT_REASON_IO_INSTRUCTION);
	assert_int_equal(kernel_stub_lines[LOG_ERROR], 1);
	assert_string_equal(kernel_stub_last_line,
			    "string I/O exit with qualification 0x3f80010, instruction information 0x180: no INS/OUTS the SDM defines");
	assert_int_equal(dev.outs, 0);
	assert_int_equal(vcpu_stub_skips, 0);
}

/* Absent space, as on a PC: OUTS reads all ones there, INS's bytes go
 * nowhere (and the next OUTS still reads all ones). */
static void test_buffer_in_absent_space(void **state)
{
	/* REP OUTSB of 2 bytes from DS:ESI = 0x10000, the first byte past
	 * guest RAM; nothing claims it. */
	vmcs_model_set(VMCS_VMX_INSTRUCTION_INFO, INFO(1, 3));
	t.v.regs.rsi = RAM_SIZE;
	t.v.regs.rcx = 2;
	io_exit(Q(1, 0, 1, 1, 0x3F8));
	assert_int_equal(t.v.stop, VCPU_RUNNING);
	assert_int_equal(dev.nsent, 2);
	assert_int_equal(dev.sent[0], 0xFF);
	assert_int_equal(dev.sent[1], 0xFF);
	assert_int_equal(t.v.regs.rsi, RAM_SIZE + 2);
	assert_int_equal(t.v.regs.rcx, 0);
	assert_int_equal(vcpu_stub_skips, 1);
	/* INSB there: the device is read, the byte dropped. */
	dev.next_in = 0x12;
	t.v.regs.rdi = RAM_SIZE + 8;
	t.v.regs.rcx = 1;
	vmcs_model_set(VMCS_VMX_INSTRUCTION_INFO, INFO(1, 0));
	io_exit(Q(1, 1, 1, 1, 0x3F8));
	assert_int_equal(dev.ins, 1);
	assert_int_equal(t.v.regs.rdi, RAM_SIZE + 9);
	t.v.regs.rsi = RAM_SIZE + 8;
	t.v.regs.rcx = 1;
	vmcs_model_set(VMCS_VMX_INSTRUCTION_INFO, INFO(1, 3));
	io_exit(Q(1, 0, 1, 1, 0x3F8));
	assert_int_equal(dev.sent[2], 0xFF);
	assert_int_equal(vcpu_stub_skips, 3);
}

static uint64_t regs_read(void *ctx, uint64_t offset, unsigned size)
{
	return 0x5A;
}

/* A device's registers: string I/O there is not emulated; the guest
 * stops with the reason. */
static void test_buffer_in_device_registers_stops(void **state)
{
	mmio_init(&t.vm.mmio);
	assert_int_equal(mmio_register(&t.vm.mmio, 0x20000, 0x1000, "regs",
				       regs_read, NULL, NULL), 0);
	vmcs_model_set(VMCS_VMX_INSTRUCTION_INFO, INFO(1, 3));
	t.v.regs.rsi = 0x20010;
	io_exit(Q(1, 0, 1, 0, 0x3F8));
	assert_int_equal(t.v.stop, VCPU_STOP_ERROR);
	assert_int_equal(t.v.stop_code, EXIT_REASON_IO_INSTRUCTION);
	assert_string_equal(kernel_stub_last_line,
			    "string I/O buffer at guest-physical 0x20010 is a device's registers: not emulated");
	assert_int_equal(dev.outs, 0);
	assert_int_equal(t.v.regs.rsi, 0x20010);
	assert_int_equal(vcpu_stub_skips, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_out_reaches_device, setup),
		cmocka_unit_test_setup(test_in_merges_into_rax, setup),
		cmocka_unit_test_setup(test_absent_port, setup),
		cmocka_unit_test_setup(test_rep_outsb_from_guest_ram, setup),
		cmocka_unit_test_setup(test_rep_insb_in_batches, setup),
		cmocka_unit_test_setup(test_undefined_string_io_stops, setup),
		cmocka_unit_test_setup(test_buffer_in_absent_space, setup),
		cmocka_unit_test_setup(test_buffer_in_device_registers_stops, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
