#!/usr/bin/env bash
# The conformance guest (guest/conformance/) under Bochs with emulated
# VT-x, seven boots run side by side:
#   suite         every case in real, protected and long mode: the PASS
#                 lines must be exactly tests/conformance/bochs-haswell.pass,
#                 with no FAIL or SKIP line, the guest's count and the
#                 hypervisor's verdict agreeing, and no hypervisor error;
#   reset=cf9, reset=92, reset=64
#                 the guest pulls one reset line: the hypervisor names it
#                 and either ends the run or restarts the guest (which then
#                 finds its mark in CMOS RAM and reports the reset done);
#   triple-fault  the guest shuts the CPU down: the hypervisor names the
#                 triple fault at the RIP the guest printed and stops the
#                 guest with a dump or restarts it, without a panic;
#   double-fault-shutdown
#                 a #GP whose stacks all lie behind a page table in absent
#                 space: #PF, #PF, #DF, then a fault delivering #DF: the
#                 hypervisor names the shutdown and restarts the guest;
#   idt-absent    the IDT in absent space: the hypervisor names the event
#                 whose delivery it cannot emulate and stops the guest.
# A restarted guest also checks that XCR0 is back to 1.
# Every run must end with the hypervisor's "hv: powering off" and Bochs'
# ACPI power off: the hypervisor survived.
#   scripts/test-conformance.sh [RUN...]    (default: all five)
set -u
cd "$(dirname "$0")/.."
. scripts/lib/expect.sh

out=build/test/conformance
expected=tests/conformance/bochs-haswell.pass
mkdir -p "$out"
runs=("$@")
[ ${#runs[@]} -gt 0 ] ||
	runs=(suite reset=cf9 reset=92 reset=64 triple-fault double-fault-shutdown idt-absent)
start=$(date +%s)

# One image per run: the suite's configuration, plus the run's cmdline.
pids=()
for run in "${runs[@]}"; do
	name=${run#reset=}
	conf=$out/$name.conf
	if [ "$run" = suite ]; then
		cp guest/conf/conformance.conf "$conf"
	else
		sed "s/^on_exit = /cmdline = $run\non_exit = /" \
			guest/conf/conformance.conf >"$conf"
	fi
	rm -f "$out/$name.serial" "$out/$name.log"
	scripts/mkimage.sh "$out/$name.img" "$conf" >/dev/null
	timeout 900 scripts/bochs.sh "$out/$name.img" "$out/$name.serial" \
		"$out/$name.log" 256 >"$out/$name.out" 2>&1 &
	pids+=($!)
done
for pid in "${pids[@]}"; do
	wait "$pid"
done

# The serial log without carriage returns.
clean() {
	tr -d '\r' <"$out/$1.serial"
}

# Checks every run shares: no panic, the hypervisor's last line, Bochs'
# power off.
common() {
	local name=$1 ok=0
	if clean "$name" | grep -aq "PANIC"; then
		echo "  $name: the hypervisor panicked"
		ok=1
	fi
	if [ "$(clean "$name" | grep -a '^hv: ' | tail -1)" != "hv: powering off" ]; then
		echo "  $name: the hypervisor's last line is not 'hv: powering off'"
		ok=1
	fi
	if ! grep -q "ACPI control: soft power off" "$out/$name.out"; then
		echo "  $name: Bochs did not end by ACPI power off"
		ok=1
	fi
	return $ok
}

check_suite() {
	local ok=0 n got want
	want=$(grep -v '^#' "$expected" | sed 's/^/PASS: /')
	got=$(clean suite | grep -a '^PASS: ')
	if [ "$got" != "$want" ]; then
		echo "  suite: the PASS lines differ from $expected:"
		diff <(echo "$want") <(echo "$got") | sed 's/^/  /' | head -40
		ok=1
	fi
	if clean suite | grep -aE '^(FAIL|SKIP): ' | sed 's/^/  /' | grep .; then
		ok=1
	fi
	n=$(echo "$want" | grep -c .)
	expect_in_order "$out/suite.serial" \
		"hv: guest: conformance guest, cmdline ''" \
		"hv: VMLAUNCH (guest RIP 0x1000)" \
		"conformance: real mode" \
		"conformance: protected mode" \
		"conformance: long mode" \
		"conformance: $n passed, 0 failed" \
		"hv: conformance guest passed" \
		"hv: powering off" || ok=1
	if clean suite | grep -a '^hv: error' | head -5 | sed 's/^/  /' | grep .; then
		echo "  suite: hypervisor errors (above)"
		ok=1
	fi
	common suite || ok=1
	[ $ok -eq 0 ] || { show_tail "$out/suite.serial"; echo; }
	echo "conformance: $(clean suite | grep -ac '^PASS: ') cases passed;" \
		"$(clean suite | grep -a '^hv: guest ran' | sed 's/^hv: guest ran [0-9]* ms; //' | cut -c1-60)"
	result "conformance guest: $n cases in real, protected and long mode" $ok
	return $ok
}

# check_reset NAME GUEST-LINE KEY REASON PASS-CASE: the guest said what it
# does; the hypervisor names the line (KEY) and ends the run (with
# REASON) or restarts the guest, which reports PASS-CASE.
check_reset() {
	local name=$1 line=$2 key=$3 reason=$4 pass=$5 ok=0
	local what=${line#conformance: resetting }
	expect_in_order "$out/$name.serial" "conformance: long mode" "$line" || ok=1
	if ! clean "$name" | sed -n "/^$line\$/,\$p" | grep -a '^hv: ' |
		grep -aiq "reset.*$key\|$key.*reset"; then
		echo "  $name: no hypervisor line names the reset ($key)"
		ok=1
	fi
	if [ "$(count_lines "$out/$name.serial" "PASS: $pass")" -gt 0 ]; then
		# The hypervisor restarted the guest.
		expect_in_order "$out/$name.serial" "$line" \
			"conformance: real mode" "PASS: $pass" \
			"PASS: real mode: XCR0 after the reset is 0x1 (x87 only)" \
			"conformance: 2 passed, 0 failed" \
			"hv: conformance guest passed" "hv: powering off" || ok=1
	else
		expect_in_order "$out/$name.serial" "$line" \
			"hv: guest reset the machine: $reason" \
			"hv: powering off" || ok=1
		if [ "$(count_lines "$out/$name.serial" "conformance: real mode")" -ne 1 ]; then
			echo "  $name: the guest started again but did not report the reset"
			ok=1
		fi
	fi
	if clean "$name" | grep -a '^FAIL: ' | sed 's/^/  /' | grep .; then
		ok=1
	fi
	common "$name" || ok=1
	[ $ok -eq 0 ] || { show_tail "$out/$name.serial"; echo; }
	result "conformance guest: reset $what: named by the hypervisor, survived" $ok
	return $ok
}

# The triple fault: the hypervisor names it at the RIP the guest printed,
# then either stops the guest with a dump or restarts it (a PC's chipset
# resets on shutdown), and the restarted guest reports it.
check_triple_fault() {
	local ok=0 rip
	rip=$(clean triple-fault | sed -n 's/^conformance: triple fault at \(0x[0-9a-f]*\)$/\1/p')
	if [ -z "$rip" ]; then
		echo "  triple-fault: the guest did not say where it faults"
		ok=1
	fi
	if ! clean triple-fault | grep -aq "^hv: .*triple fault (shutdown) at RIP $rip"; then
		echo "  triple-fault: no hypervisor line names the triple fault at RIP $rip"
		ok=1
	fi
	if [ "$(count_lines "$out/triple-fault.serial" "PASS: triple fault restarted the guest")" -gt 0 ]; then
		expect_in_order "$out/triple-fault.serial" \
			"conformance: triple fault at $rip" \
			"conformance: real mode" \
			"PASS: triple fault restarted the guest" \
			"PASS: real mode: XCR0 after the reset is 0x1 (x87 only)" \
			"conformance: 2 passed, 0 failed" \
			"hv: conformance guest passed" \
			"hv: powering off" || ok=1
	else
		expect_in_order "$out/triple-fault.serial" \
			"conformance: triple fault at $rip" \
			"hv: error: guest triple fault (shutdown) at RIP $rip: stopping the guest" \
			"hv: error:   exit reason 2 (triple fault) qualification 0000000000000000" \
			"hv: error: guest stopped after an error (exit reason 2: triple fault)" \
			"hv: powering off" || ok=1
	fi
	common triple-fault || ok=1
	[ $ok -eq 0 ] || { show_tail "$out/triple-fault.serial"; echo; }
	result "conformance guest: a triple fault is named; the guest stops or restarts, the hypervisor survives" $ok
	return $ok
}

# A fault while delivering #DF (Table 6-5): the hypervisor names the
# shutdown at the #GP's RIP and restarts the guest, which reports it.
check_df_shutdown() {
	local ok=0 rip
	rip=$(clean double-fault-shutdown |
		sed -n 's/^conformance: #GP with every stack in absent space at //p' | head -1)
	if [ -z "$rip" ]; then
		echo "  double-fault-shutdown: the guest did not say where it faults"
		ok=1
	fi
	expect_in_order "$out/double-fault-shutdown.serial" \
		"conformance: #GP with every stack in absent space at $rip" \
		"hv: warning: guest triple fault (shutdown): exception 14 while delivering #DF at RIP $rip" \
		"hv: guest reset (triple fault): restarting it (restart 1)" \
		"conformance: real mode" \
		"PASS: shutdown while delivering #DF restarted the guest" \
		"PASS: real mode: XCR0 after the reset is 0x1 (x87 only)" \
		"conformance: 2 passed, 0 failed" \
		"hv: conformance guest passed" \
		"hv: powering off" || ok=1
	common double-fault-shutdown || ok=1
	[ $ok -eq 0 ] || { show_tail "$out/double-fault-shutdown.serial"; echo; }
	result "conformance guest: a fault while delivering #DF shuts the guest down and it restarts" $ok
	return $ok
}

# The IDT in absent space: delivering #UD reads its gate there. The
# hypervisor names the event and the address, stops the guest, survives.
check_idt_absent() {
	local ok=0 rip
	rip=$(clean idt-absent | sed -n 's/^conformance: IDT in absent space, #UD at //p' | head -1)
	if [ -z "$rip" ]; then
		echo "  idt-absent: the guest did not say where it faults"
		ok=1
	fi
	expect_in_order "$out/idt-absent.serial" \
		"conformance: IDT in absent space, #UD at $rip" \
		"hv: error: delivering vector 6 (type 3) touched guest-physical 0x2000060 in absent space (its IDT, GDT, TSS or stack): not emulated; the guest stops" \
		"hv: powering off" || ok=1
	common idt-absent || ok=1
	[ $ok -eq 0 ] || { show_tail "$out/idt-absent.serial"; echo; }
	result "conformance guest: an IDT in absent space stops the guest with the reason, the hypervisor survives" $ok
	return $ok
}

fails=0
for run in "${runs[@]}"; do
	case $run in
	suite) check_suite || fails=1 ;;
	reset=cf9) check_reset cf9 "conformance: resetting through port 0xCF9" \
		"0xCF9" "port 0xCF9 bit 2 (reset control register)" \
		"reset through port 0xCF9 restarted the guest" || fails=1 ;;
	reset=92) check_reset 92 "conformance: resetting through port 0x92" \
		"0x92" "port 0x92 bit 0 (fast reset)" \
		"reset through port 0x92 restarted the guest" || fails=1 ;;
	reset=64) check_reset 64 "conformance: resetting through the i8042 (0xFE to port 0x64)" \
		"i8042" "i8042 command 0xFE (pulse reset line)" \
		"reset through the i8042 (0xFE to port 0x64) restarted the guest" || fails=1 ;;
	triple-fault) check_triple_fault || fails=1 ;;
	double-fault-shutdown) check_df_shutdown || fails=1 ;;
	idt-absent) check_idt_absent || fails=1 ;;
	*) echo "unknown run $run"; fails=1 ;;
	esac
done
echo "conformance: ${#runs[@]} boots in $(( $(date +%s) - start )) s"
exit $fails
