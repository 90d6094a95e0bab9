#!/usr/bin/env bash
# End-to-end: the hypervisor boots the small Linux kernel (built from
# linux-source-6.1 with guest/linux-tiny.config) and the test initramfs
# under Bochs with emulated VT-x. /init's exact output must appear (the
# hypervisor bit in /proc/cpuinfo, the sha256 of a shipped file, the kernel
# release), then the guest powers off, the hypervisor prints its summary
# and the machine ends. A kernel with ACPI must find the hypervisor's
# tables (RSDP at 0xE0000, XSDT, FACP, DSDT, FACS, APIC, the PM timer at
# 0x608, S0 and S5), report no ACPI error, and power off through S5; one
# without ACPI halts. A kernel with ACPI must also find the APIC platform
# (/init's lines: the MADT, IOAPIC[0], the IRQ0 -> GSI2 override, no "No
# local APIC present", the local APIC timer as its clockevent
# (TSC-deadline mode), LOC counting, the UART's IRQ 4 through the IOAPIC). Prints the instruction counts at the first VMLAUNCH
# and at /init's markers.
# Fails on any hypervisor error line and on any WARNING:, Call Trace: or
# "unchecked MSR access" line from the guest kernel.
#   [HV_BOCHS_CPU=MODEL] [HV_BOCHS_TIMEOUT=SECONDS] \
#       scripts/test-linux-bochs.sh [IMAGE [NAME [RELEASE_FILE [ACPI]]]]
# ACPI is "yes" or "no" (default: whether guest/linux-tiny.config enables
# CONFIG_ACPI, for the small kernel).
set -u
cd "$(dirname "$0")/.."
. scripts/lib/expect.sh

image=${1:-build/linux.img}
name=${2:-linux}
release_file=${3:-build/linux/bzImage.release}
acpi=${4:-$(grep -q '^CONFIG_ACPI=y' guest/linux-tiny.config && echo yes || echo no)}
out=build/test/bochs
mkdir -p "$out"
serial=$out/$name.serial
rm -f "$serial" "$out/$name.log"
digest=$(cat guest/initramfs/hv-test.sha256)
release=$(cat "$release_file")
ok=0

start=$(date +%s)
limit=${HV_BOCHS_TIMEOUT:-1200}	# seconds of wall time
timeout "$limit" scripts/bochs.sh "$image" "$serial" "$out/$name.log" \
	>"$out/$name.out" 2>&1
rc=$?
[ $rc -eq 124 ] && { echo "  Bochs did not finish within $limit s"; ok=1; }

expect_in_order "$serial" \
	"hv: hv 0.1: bare-metal VT-x hypervisor" \
	"hv: VMLAUNCH (guest RIP 0x1000000)" \
	"hv-init: start" \
	"hv: guest marker 0x01" \
	"hv-init: hypervisor-flag 1" \
	"hv-init: sha256 $digest  /hv-test.txt" \
	"hv-init: uname $release" \
	"hv-init: done" \
	"hv: guest marker 0x02" || ok=1
if [ "$acpi" = yes ]; then
	expect_in_order "$serial" \
		"hv-init: uname $release" \
		"hv-init: dmesg ACPI: Using ACPI (MADT) for SMP configuration information" \
		"hv-init: dmesg IOAPIC[0]: apic_id 0, version 32, address 0xfec00000, GSI 0-23" \
		"hv-init: dmesg ACPI: INT_SRC_OVR (bus 0 bus_irq 0 global_irq 2 dfl dfl)" \
		"hv-init: no-local-apic-messages 0" \
		"hv-init: clockevent lapic-deadline" \
		"hv-init: LOC counting" \
		"hv-init: irq 4 IO-APIC 4-edge ttyS0" \
		"hv-init: irq 4 arrived" \
		"hv-init: done" || ok=1
	# Linux's table lines carry their addresses and lengths.
	acpi_line() { tr -d '\r' <"$serial" | grep -aq "^\[ *[0-9.]*\] ACPI: $1" ||
		{ echo "  no ACPI line '$1'"; ok=1; }; }
	acpi_line "RSDP 0x00000000000E0000 000024 (v02 HVBARE)"
	acpi_line "XSDT 0x00000000000E00B0 000034 (v01 HVBARE HV       00000001 HV   00000001)"
	acpi_line "FACP 0x00000000000E00F0 000114 (v06 HVBARE HV       00000001 HV   00000001)"
	acpi_line "DSDT 0x00000000000E0270 000044 (v02 HVBARE HV       00000001 INTL 20200925)"
	acpi_line "FACS 0x00000000000E0040 000040"
	acpi_line "APIC 0x00000000000E0210 00005A (v05 HVBARE HV       00000001 HV   00000001)"
	acpi_line "PM-Timer IO Port: 0x608"
	acpi_line "PM: (supports S0 S5)"
	acpi_line "PM: Preparing to enter system sleep state S5"
	for bad in "ACPI BIOS Error" "ACPI Error" "A valid RSDP was not found"; do
		grep -aq "$bad" "$serial" && { echo "  the guest log shows '$bad'"; ok=1; }
	done
	expect_in_order "$serial" "hv-init: done" "hv: guest powered off (ACPI S5)" || ok=1
else
	expect_in_order "$serial" "hv-init: done" "hv: guest halted" || ok=1
fi
summary=$(tr -d '\r' <"$serial" | grep -a '^hv: guest ran [0-9]* ms; VM exits: ')
[ -n "$summary" ] || { echo "  no exit summary line"; ok=1; }
expect_in_order "$serial" "hv: powering off" || ok=1
grep -q "ACPI control: soft power off" "$out/$name.out" ||
	{ echo "  Bochs did not end by ACPI power off"; ok=1; }
if grep -aq "hv: error" "$serial"; then
	echo "  the hypervisor reported an error:"
	grep -a "hv: error" "$serial" | head -5 | sed 's/^/  | /'
	ok=1
fi
# The guest kernel must not complain: a warning, a call trace or an MSR
# access it did not expect to fail means the virtual CPU is not what its
# CPUID says (scripts/lib/expect.sh).
complaints=$(guest_complaints "$serial")
if [ -n "$complaints" ]; then
	echo "  the guest kernel complained ($(grep -c . <<<"$complaints") lines):"
	head -8 <<<"$complaints" | sed 's/^/  | /'
	ok=1
fi
guest_excused "$serial" | sed 's/^/  /'
[ $ok -eq 0 ] || show_tail "$serial"

ticks=($(grep -o 'Next at t=[0-9]*' "$out/$name.out" | cut -d= -f2))
echo "bochs/$name: $(( $(date +%s) - start )) s wall; instructions at VMLAUNCH ${ticks[1]:-?}, at /init ${ticks[2]:-?}, at /init's end ${ticks[3]:-?}"
echo "bochs/$name: ${summary#hv: }"
result "bochs: $name boots to /init and powers off" $ok
exit $ok
