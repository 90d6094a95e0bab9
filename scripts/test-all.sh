#!/usr/bin/env bash
# Everything `make test` runs: host unit tests, short fuzz runs, QEMU end-to-end tests,
# Bochs end-to-end tests with the test guest, the small Linux kernel and
# Debian's stock kernel. Each prints PASS/FAIL lines; the last line sums
# them. Exits non-zero if anything failed.
set -u
cd "$(dirname "$0")/.."
export RESULTS
RESULTS=$(mktemp)
trap 'rm -f "$RESULTS"' EXIT
start=$(date +%s)
# The tests run the hypervisor with the VM-entry checker on (the default
# build, make all/run/bench, has it off: it costs more than a cheap exit).
export DEBUG=1

step() {
	echo "== $1"
	shift
	if ! "$@"; then
		echo "   ($1 failed)"
	fi
}

if ! make -s all unit-bins >/dev/null; then
	echo "FAIL: build"
	echo fail >>"$RESULTS"
else
	step "host unit tests" make -s unit-test
	step "fuzzing (short runs)" make -s fuzz-short
	if grep -aq "guest state breaks SDM" build/kernel.elf; then
		echo "PASS: the kernel under test checks the VM-entry rules (DEBUG=1)"
		echo pass >>"$RESULTS"
	else
		echo "FAIL: the kernel under test was built without the VM-entry checker"
		echo fail >>"$RESULTS"
	fi
	step "QEMU (TCG, no VT-x)" scripts/test-qemu.sh
	step "gdb against QEMU" scripts/test-gdb.sh
	step "write-usb.sh refusals (fake devices)" scripts/test-write-usb.sh
	step "QEMU: the log on the screen" scripts/test-screen.sh
	step "Bochs (emulated VT-x)" scripts/test-bochs.sh
	if make -s build/memtest.img >/dev/null; then
		step "Bochs: memtest86+" scripts/test-memtest-bochs.sh
	else
		echo "FAIL: building the memtest86+ image"
		echo fail >>"$RESULTS"
	fi
	step "Bochs: conformance guest (7 boots)" scripts/test-conformance.sh
	step "Bochs: kvm-unit-tests' x86 tests as guests" scripts/test-kvm-unit-tests.sh
	echo "== Linux guest images (first build of the kernel: about 6 minutes)"
	if make -s linux-image debian-image build/linux-run.img usb-image >"$RESULTS.build" 2>&1; then
		# The images alone under QEMU first: tells a broken image from a
		# broken hypervisor.
		if scripts/test-linux-qemu.sh build/linux >"$RESULTS.qemu" 2>&1; then
			echo pass >>"$RESULTS"
		else
			echo fail >>"$RESULTS"
		fi
		grep -a "PASS\|FAIL\|missing\|error" "$RESULTS.qemu"
		rm -f "$RESULTS.qemu"
		step "QEMU: the USB image on usb-storage" scripts/test-usb-qemu.sh
		step "Bochs: small Linux kernel" scripts/test-linux-bochs.sh
		# Debian's stock kernel on Haswell, Skylake-X, Tiger Lake and Ice
		# Lake (two at a time), with the CPUID each model offered.
		step "Bochs: Debian's stock kernel, CPU matrix" scripts/test-cpu-matrix.sh
		step "Bochs: reboot restarts the guest, poweroff ends the run" \
			scripts/test-lifecycle-bochs.sh
		step "Bochs: typing into the guest's console" scripts/test-console-bochs.sh
	else
		tail -30 "$RESULTS.build"
		echo "FAIL: building the Linux guest images"
		echo fail >>"$RESULTS"
	fi
	rm -f "$RESULTS.build"
fi

pass=$(grep -c pass "$RESULTS")
fail=$(grep -c fail "$RESULTS")
echo "== $(( $(date +%s) - start )) s"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
