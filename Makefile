# hv: a bare-metal VT-x hypervisor.
#
#   make run     boot the hypervisor and its guest (QEMU+KVM if the host
#                exposes VMX to KVM, otherwise Bochs with emulated VT-x)
#   make test    every test: host unit tests, QEMU and Bochs end to end
#
# Both install the Debian packages they need (scripts/deps.sh).
# Everything is built under build/.

BUILD    := build
CC       ?= gcc
LD       := ld
NASM     := nasm
OBJCOPY  := objcopy

# DEBUG=1 checks the guest state against the SDM's VM-entry rules before
# every VM entry (vmx/entry_checks.c): about 60 VMREADs and the rules, more
# than the rest of a cheap exit costs. The default build (make all, make run,
# make bench) is DEBUG=0; make test (scripts/test-all.sh) builds with DEBUG=1.
# Changing DEBUG or NAIVE rebuilds the kernel ($(BUILD)/k/debug.flag).
DEBUG    ?= 0
# NAIVE=1 builds the intercept-everything hypervisor make bench compares
# against (RDTSC, CR3, INVLPG, #PF and #UD, port 0x80 all exit). Never the
# default.
NAIVE    ?= 0

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wno-unused-parameter

# ---------------------------------------------------------------------------
# Kernel: freestanding x86-64, identity mapped, linked at a fixed physical
# address (linker.ld), no red zone (interrupts arrive on the same stack), no
# SSE (the guest's FPU state is the guest's), frame pointers for backtraces.
KCFLAGS  := -std=c11 $(WARN) -O2 -g -ffreestanding -fno-builtin -nostdlib \
            -fno-pic -fno-pie -mno-red-zone -mgeneral-regs-only \
            -mcmodel=small -fno-stack-protector -fno-omit-frame-pointer \
            -fno-asynchronous-unwind-tables -fno-strict-aliasing \
            -I. -DHV_DEBUG=$(DEBUG) -DHV_NAIVE=$(NAIVE)
KLDFLAGS := -nostdlib -static -no-pie -z max-page-size=0x1000 \
            -z noexecstack -T linker.ld

KERNEL_C   := $(wildcard kernel/*.c arch/*.c vmx/*.c guest/*.c) boot/config.c
KERNEL_ASM := $(wildcard arch/*.asm vmx/*.asm kernel/*.asm guest/*.asm)
KERNEL_OBJ := $(patsubst %.c,$(BUILD)/k/%.o,$(KERNEL_C)) \
              $(patsubst %.asm,$(BUILD)/k/%.asm.o,$(KERNEL_ASM)) \
              $(BUILD)/k/gen/font_default.o
# The built-in test guest: flat binary, embedded in the kernel image.
TESTGUEST  := $(BUILD)/guest/testguest.bin
# The conformance guest (guest/conformance/): the same, from several files.
CONFGUEST  := $(BUILD)/guest/conformance.bin

# ---------------------------------------------------------------------------
# UEFI loader (gnu-efi). The shared config parser (boot/config.c) is plain C
# and is compiled into both the loader and the host unit tests.
EFI_INC    := /usr/include/efi
EFI_LIB    := /usr/lib
# -g: the PE file (BOOTX64.EFI) takes only the loaded sections; the debug
# information stays in build/bootx64.so for gdb (scripts/gdb/hv.py).
EFI_CFLAGS := -std=c11 $(WARN) -Wno-strict-prototypes -O2 -g -ffreestanding \
              -fno-builtin -fpic -fshort-wchar -fno-stack-protector \
              -mno-red-zone -mgeneral-regs-only -maccumulate-outgoing-args \
              -DGNU_EFI_USE_MS_ABI -DHV_LOADER=1 -I. \
              -I$(EFI_INC) -I$(EFI_INC)/x86_64
EFI_C      := $(wildcard boot/*.c) kernel/format.c arch/serial.c
EFI_OBJ    := $(patsubst %.c,$(BUILD)/efi/%.o,$(EFI_C))

# ---------------------------------------------------------------------------
# Host unit tests (cmocka). PURE_SRCS is the hardware-free logic; every
# tests/unit/test_*.c is linked against it.
PURE_SRCS := $(wildcard \
    boot/config.c boot/elf_check.c boot/efi_status.c \
    kernel/format.c kernel/pmm.c kernel/psf.c kernel/fbcon.c \
    vmx/controls.c vmx/vmx_names.c vmx/ept.c vmx/entry_checks.c \
    vmx/decode.c vmx/cpuid_policy.c vmx/guest_walk.c vmx/xcr0_check.c \
    vmx/exception_entry.c vmx/tsc_arith.c vmx/cr_rules.c vmx/nmi_policy.c \
    vmx/emulate.c vmx/spec_ctrl.c \
    vmx/string_io.c \
    guest/acpi_tables.c guest/acpi_pm.c \
    guest/bzimage.c guest/boot_params.c guest/fb_plan.c guest/multiboot.c \
    guest/uart16550.c guest/pic8259.c \
    guest/pit8254.c guest/cmos.c guest/memlayout.c vmx/iobus.c vmx/mmio.c \
    vmx/exit_stats.c guest/console_escape.c \
    guest/hypercall.c)
HOST_CFLAGS := -std=c11 $(WARN) -O1 -g -I. -DHV_HOST_TEST=1 -DHV_DEBUG=1 \
               -fsanitize=address,undefined -fno-omit-frame-pointer
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/host/%,$(UNIT_SRCS))
# The interrupt controllers (issue 11): local APIC, IOAPIC, router.
PURE_SRCS += guest/lapic.c guest/ioapic.c guest/irq_router.c
PURE_OBJ  := $(patsubst %.c,$(BUILD)/host/obj/%.o,$(PURE_SRCS))

IMAGE := $(BUILD)/hv.img

# ---------------------------------------------------------------------------
# Fuzz targets (libFuzzer, Debian's clang). Every tests/fuzz/fuzz_*.c is a
# target, linked against PURE_SRCS built with the fuzzer's coverage
# instrumentation; its seed corpus is tests/fuzz/corpus/<target>/.
# make fuzz runs each for FUZZ_SECONDS; make fuzz-short is the bounded run
# make test does.
FUZZ_CC      := clang
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS  := -std=c11 $(WARN) -O1 -g -I. -DHV_HOST_TEST=1 -DHV_DEBUG=1 \
                -fno-omit-frame-pointer $(FUZZ_SAN)
FUZZ_SRCS    := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS    := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRCS))
FUZZ_OBJ     := $(patsubst %.c,$(BUILD)/fuzz/obj/%.o,$(PURE_SRCS))
FUZZ_SECONDS ?= 600
FUZZ_SHORT_SECONDS ?= 25

.PHONY: FORCE all kernel loader image run run-bochs run-qemu test unit-test unit-bins \
        test-qemu test-bochs test-conformance test-kvm-unit-tests test-kvm-unit-tests-full deps clean linux-image debian-image run-debian \
        test-linux test-debian test-console debug gdb test-gdb usb-image \
        fuzz fuzz-bins fuzz-short memtest-image test-memtest bench
.DELETE_ON_ERROR:

all: kernel loader image

kernel: $(BUILD)/kernel.elf
loader: $(BUILD)/BOOTX64.EFI

deps:
	@scripts/deps.sh build

$(BUILD)/k/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/k/%.asm.o: %.asm
	@mkdir -p $(dir $@)
	$(NASM) -f elf64 -g -I. $(NASMINC) -MD $(@:.o=.d) -MP $< -o $@

# The screen's font (kernel/font.h): a Debian console font (package
# console-setup-linux), converted to a C table by scripts/psf2c.c.
FONT_PSF := /usr/share/consolefonts/Lat15-Terminus16.psf.gz
$(BUILD)/tools/psf2c: scripts/psf2c.c kernel/psf.c kernel/psf.h kernel/font.h
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARN) -O1 -I. scripts/psf2c.c kernel/psf.c -o $@

$(BUILD)/gen/font_default.c: $(BUILD)/tools/psf2c
	@mkdir -p $(dir $@)
	@[ -r $(FONT_PSF) ] || scripts/deps.sh build
	gzip -dc $(FONT_PSF) >$@.psf
	$(BUILD)/tools/psf2c $@.psf $(notdir $(FONT_PSF)) >$@

# Reads the screen's text back from a screenshot (scripts/test-screen.sh).
$(BUILD)/tools/screenread: scripts/screenread.c $(BUILD)/gen/font_default.c \
		kernel/fbcon.h kernel/font.h
	$(CC) -std=c11 $(WARN) -O1 -I. scripts/screenread.c \
	    $(BUILD)/gen/font_default.c -o $@

$(BUILD)/k/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -MMD -MP -c $< -o $@

$(TESTGUEST): guest/testguest.s
	@mkdir -p $(dir $@)
	$(NASM) -f bin $< -o $@

# guest/testguest_blob.asm incbin's the flat test guest.
$(BUILD)/k/guest/testguest_blob.asm.o: $(TESTGUEST)
$(BUILD)/k/guest/testguest_blob.asm.o: NASMINC := -I$(BUILD)/guest/

$(CONFGUEST): $(wildcard guest/conformance/*)
	@mkdir -p $(dir $@)
	$(NASM) -f bin -Iguest/conformance/ guest/conformance/main.s -o $@
$(BUILD)/k/guest/conformance_blob.asm.o: $(CONFGUEST)
$(BUILD)/k/guest/conformance_blob.asm.o: NASMINC := -I$(BUILD)/guest/
# Rewritten only when DEBUG changes, so the kernel objects rebuild then.
$(BUILD)/k/debug.flag: FORCE
	@mkdir -p $(dir $@)
	@echo "$(DEBUG) $(NAIVE)" | cmp -s - $@ || echo "$(DEBUG) $(NAIVE)" >$@
$(KERNEL_OBJ): $(BUILD)/k/debug.flag
FORCE:

# The guest's DSDT: ASL compiled by iasl (acpica-tools), warnings are
# errors; guest/dsdt_blob.asm incbin's the AML.
DSDT_AML := $(BUILD)/guest/dsdt.aml
$(DSDT_AML): guest/acpi/dsdt.asl
	@mkdir -p $(dir $@)
	iasl -vs -we -p $(basename $@) $< >$@.log || { cat $@.log; exit 1; }
$(BUILD)/k/guest/dsdt_blob.asm.o: $(DSDT_AML)
$(BUILD)/k/guest/dsdt_blob.asm.o: NASMINC := -I$(BUILD)/guest/

$(BUILD)/kernel.elf: $(KERNEL_OBJ) linker.ld
	$(LD) $(KLDFLAGS) -o $@ $(KERNEL_OBJ)

$(BUILD)/efi/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(EFI_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/bootx64.so: $(EFI_OBJ)
	$(LD) -nostdlib -znocombreloc -shared -Bsymbolic \
	    -T $(EFI_LIB)/elf_x86_64_efi.lds $(EFI_LIB)/crt0-efi-x86_64.o \
	    $(EFI_OBJ) -L$(EFI_LIB) -lgnuefi -lefi -o $@

$(BUILD)/BOOTX64.EFI: $(BUILD)/bootx64.so
	$(OBJCOPY) -j .text -j .sdata -j .data -j .dynamic -j .dynsym \
	    -j .rel -j .rela -j .rel.* -j .rela.* -j .reloc \
	    --target efi-app-x86_64 --subsystem=10 $< $@

# The disk image: MBR, one FAT partition of type EF (the ESP), no root.
# HV_CONF picks the configuration file copied to \hv\hv.conf.
HV_CONF ?= guest/conf/test.conf
image: $(IMAGE)
$(IMAGE): $(BUILD)/BOOTX64.EFI $(BUILD)/kernel.elf $(HV_CONF) scripts/mkimage.sh
	scripts/mkimage.sh $@ $(HV_CONF)

# The Linux guest: a small kernel built from Debian's linux-source-6.1
# (guest/linux-tiny.config), Debian's stock kernel (fetched, not installed),
# and a busybox initramfs. The scripts cache their outputs.
LINUX      := $(BUILD)/linux
LINUX_IMG  := $(BUILD)/linux.img
DEBIAN_IMG := $(BUILD)/linux-debian.img

$(LINUX)/bzImage: guest/linux-tiny.config scripts/build-linux.sh
	@scripts/deps.sh linux
	scripts/build-linux.sh $(LINUX)

$(LINUX)/initramfs.cpio.gz: $(wildcard guest/initramfs/* $(LINUX)/msr-debian.ko) scripts/build-initramfs.sh
	@scripts/deps.sh linux
	scripts/build-initramfs.sh $@

$(LINUX)/vmlinuz-debian: scripts/fetch-debian-kernel.sh
	@scripts/deps.sh linux
	scripts/fetch-debian-kernel.sh $(LINUX)

linux-image: $(LINUX_IMG)
$(LINUX_IMG): $(BUILD)/BOOTX64.EFI $(BUILD)/kernel.elf guest/conf/linux.conf \
		$(LINUX)/bzImage $(LINUX)/initramfs.cpio.gz scripts/mkimage.sh
	scripts/mkimage.sh $@ guest/conf/linux.conf \
	    $(LINUX)/bzImage=/hv/bzImage $(LINUX)/initramfs.cpio.gz=/hv/initrd.img

debian-image: $(DEBIAN_IMG)
$(DEBIAN_IMG): $(BUILD)/BOOTX64.EFI $(BUILD)/kernel.elf guest/conf/linux-debian.conf \
		$(LINUX)/vmlinuz-debian $(LINUX)/initramfs.cpio.gz scripts/mkimage.sh
	scripts/mkimage.sh $@ guest/conf/linux-debian.conf \
	    $(LINUX)/vmlinuz-debian=/hv/vmlinuz $(LINUX)/initramfs.cpio.gz=/hv/initrd.img

# memtest86+ as the guest (Debian's package memtest86+).
MEMTEST_BIN := /boot/memtest86+x64.bin
MEMTEST_IMG := $(BUILD)/memtest.img
memtest-image: $(MEMTEST_IMG)
$(MEMTEST_IMG): $(BUILD)/BOOTX64.EFI $(BUILD)/kernel.elf guest/conf/memtest.conf \
		scripts/mkimage.sh
	@scripts/deps.sh memtest
	scripts/mkimage.sh $@ guest/conf/memtest.conf $(MEMTEST_BIN)=/hv/memtest.bin

# Images for make run: the same, with "hv.shell" on the guest's command
# line, so /init leaves a shell on the console after its checks.
$(BUILD)/%-run.conf: guest/conf/%.conf
	@mkdir -p $(dir $@)
	sed 's/^cmdline = /cmdline = hv.shell /' $< >$@

$(BUILD)/linux-run.img: $(BUILD)/BOOTX64.EFI $(BUILD)/kernel.elf $(BUILD)/linux-run.conf \
		$(LINUX)/bzImage $(LINUX)/initramfs.cpio.gz scripts/mkimage.sh
	scripts/mkimage.sh $@ $(BUILD)/linux-run.conf \
	    $(LINUX)/bzImage=/hv/bzImage $(LINUX)/initramfs.cpio.gz=/hv/initrd.img

$(BUILD)/linux-debian-run.img: $(BUILD)/BOOTX64.EFI $(BUILD)/kernel.elf \
		$(BUILD)/linux-debian-run.conf $(LINUX)/vmlinuz-debian \
		$(LINUX)/initramfs.cpio.gz scripts/mkimage.sh
	scripts/mkimage.sh $@ $(BUILD)/linux-debian-run.conf \
	    $(LINUX)/vmlinuz-debian=/hv/vmlinuz $(LINUX)/initramfs.cpio.gz=/hv/initrd.img

# The USB stick's image: a GPT disk with the loader, the hypervisor,
# Debian's stock kernel and the initramfs (with "hv.shell": a shell on the
# console after its checks). scripts/write-usb.sh writes it to a stick.
USB_IMG := $(BUILD)/hv-usb.img
usb-image: $(USB_IMG)
$(USB_IMG): $(BUILD)/BOOTX64.EFI $(BUILD)/kernel.elf \
		$(BUILD)/linux-debian-run.conf $(LINUX)/vmlinuz-debian \
		$(LINUX)/initramfs.cpio.gz scripts/mkimage.sh
	HV_PART_TABLE=gpt scripts/mkimage.sh $@ $(BUILD)/linux-debian-run.conf \
	    $(LINUX)/vmlinuz-debian=/hv/vmlinuz $(LINUX)/initramfs.cpio.gz=/hv/initrd.img

# Boots Debian's stock kernel under the hypervisor (Bochs, or QEMU+KVM).
run-debian:
	@scripts/run.sh --controls
	@scripts/deps.sh run
	@$(MAKE) --no-print-directory $(BUILD)/linux-debian-run.img
	@scripts/run.sh $(BUILD)/linux-debian-run.img

# The benchmark: bare Bochs vs the hypervisor vs the naive build, Debian's
# stock kernel (HV_BENCH_KERNEL=tiny: the small one). Not part of make test.
bench:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory all \
	    $(if $(filter tiny,$(HV_BENCH_KERNEL)),$(LINUX)/bzImage,$(LINUX)/vmlinuz-debian)
	@$(MAKE) --no-print-directory $(LINUX)/initramfs.cpio.gz
	@scripts/bench.sh

test-debian: $(DEBIAN_IMG)
	@scripts/test-linux-bochs.sh $(DEBIAN_IMG) debian $(LINUX)/vmlinuz-debian.release

# ---------------------------------------------------------------------------
$(BUILD)/host/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

# A test that needs more than PURE_SRCS names the extra sources it links in
# UNIT_LINK_<test> (<test> is the file name without .c): kernel code that
# runs on the host through the model VMCS (tests/unit/vmcs_model.h), and
# the stand-ins it needs. Only that test compiles and links them; the
# others build and link as before. E.g.
#   UNIT_LINK_test_exit_foo := vmx/exit_foo.c $(UNIT_VCPU_STUB)
# The model VMCS (tests/unit/vmcs_model.h) and the test vCPU with the
# kernel's log (tests/unit/vcpu_stub.h, tests/unit/kernel_stub.h).
UNIT_VMCS_MODEL := tests/unit/vmcs_model.c
UNIT_VCPU_STUB  := $(UNIT_VMCS_MODEL) tests/unit/vcpu_stub.c \
                   tests/unit/kernel_stub.c
UNIT_LINK_test_recorded_cpus := vmx/vmcs_guest.c $(UNIT_VMCS_MODEL)
UNIT_LINK_test_exit_dispatch := vmx/exit_dispatch.c $(UNIT_VCPU_STUB)
UNIT_LINK_test_exit_io := vmx/exit_io.c vmx/guest_memory.c $(UNIT_VCPU_STUB)
UNIT_LINK_test_exception_inject := vmx/exception_inject.c $(UNIT_VCPU_STUB)
UNIT_LINK_test_event_injection := vmx/event_injection.c vmx/nmi_injection.c \
                                  $(UNIT_VCPU_STUB)
UNIT_LINK_test_exit_ept := vmx/exit_ept.c vmx/guest_memory.c vmx/vcpu_gpr.c \
                           $(UNIT_VCPU_STUB)
unit_link_obj = $(patsubst %.c,$(BUILD)/host/obj/%.o,$(UNIT_LINK_$(1)))
$(foreach t,$(patsubst tests/unit/%.c,%,$(UNIT_SRCS)),\
    $(eval $(BUILD)/host/$(t): $(call unit_link_obj,$(t))))

$(BUILD)/host/%: tests/unit/%.c $(PURE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) $< $(PURE_OBJ) $(call unit_link_obj,$*) -lcmocka -o $@

# The ACPI tables' test parses them with the DSDT the kernel embeds.
$(BUILD)/host/test_acpi_tables: $(DSDT_AML)
$(BUILD)/host/test_acpi_tables: HOST_CFLAGS += -DHV_DSDT_AML='"$(abspath $(DSDT_AML))"'

unit-bins: $(UNIT_BINS)
# With the unit tests: the CPU matrix's judgement of a row, on made-up logs.
unit-test: $(UNIT_BINS)
	@scripts/run-unit-tests.sh $(UNIT_BINS)
	@scripts/test-matrix-eval.sh

$(BUILD)/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(BUILD)/fuzz/%: tests/fuzz/%.c $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -MMD -MP $< $(FUZZ_OBJ) -o $@

fuzz-bins: $(FUZZ_BINS)
fuzz:
	@scripts/deps.sh fuzz
	@$(MAKE) --no-print-directory fuzz-bins
	@scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_BINS)
fuzz-short: $(FUZZ_BINS)
	@scripts/fuzz.sh $(FUZZ_SHORT_SECONDS) $(FUZZ_BINS)

test-qemu: $(BUILD)/BOOTX64.EFI $(BUILD)/kernel.elf
	@scripts/test-qemu.sh

test-bochs: $(BUILD)/BOOTX64.EFI $(BUILD)/kernel.elf
	@scripts/test-bochs.sh

# The conformance guest, five boots (scripts/test-conformance.sh).
test-conformance: $(BUILD)/BOOTX64.EFI $(BUILD)/kernel.elf
	@scripts/test-conformance.sh

# kvm-unit-tests' x86 tests as guests (scripts/test-kvm-unit-tests.sh):
# KVM_UNIT_TESTS names the suite's tree or tarball (default: the pinned
# copy in ../shared/kvm-unit-tests/), KUT_TESTS a subset.
test-kvm-unit-tests: $(BUILD)/BOOTX64.EFI $(BUILD)/kernel.elf
	@scripts/test-kvm-unit-tests.sh $(KUT_TESTS)
# The same with the tests too slow for make test (sieve).
test-kvm-unit-tests-full: $(BUILD)/BOOTX64.EFI $(BUILD)/kernel.elf
	@KUT_SET=full scripts/test-kvm-unit-tests.sh

test:
	@scripts/deps.sh test
	@scripts/test-all.sh

test-memtest: $(MEMTEST_IMG)
	@scripts/test-memtest-bochs.sh

test-linux: $(LINUX_IMG)
	@scripts/test-linux-bochs.sh

test-console: $(BUILD)/linux-run.img
	@scripts/test-console-bochs.sh

# make run boots the Linux guest; HV_GUEST=test boots the built-in test guest.
HV_GUEST ?= linux
RUN_IMG := $(if $(filter test,$(HV_GUEST)),$(IMAGE),$(BUILD)/linux-run.img)
run:
	@scripts/run.sh --controls
	@scripts/deps.sh run
	@$(MAKE) --no-print-directory $(RUN_IMG)
	@scripts/run.sh $(RUN_IMG)

# gdb under QEMU: `make debug` starts QEMU (TCG, or KVM where it exposes
# VMX) stopped at reset with its gdb stub on localhost:1234 and the image
# attached; `make gdb`, in a second terminal, starts gdb with the kernel's
# and the loader's symbols (scripts/gdb/hv.py). DEBUG_IMG picks the image.
DEBUG_IMG ?= $(IMAGE)
debug: $(DEBUG_IMG)
	@scripts/debug.sh $(DEBUG_IMG)

gdb: $(BUILD)/kernel.elf $(BUILD)/bootx64.so
	gdb -q -x scripts/gdb/hv.py

test-gdb: $(BUILD)/BOOTX64.EFI $(BUILD)/kernel.elf
	@scripts/test-gdb.sh

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD)/k $(BUILD)/efi $(BUILD)/host $(BUILD)/fuzz -type f -name '*.d' 2>/dev/null)
