#!/usr/bin/env bash
# Boots a disk image: under QEMU with KVM when the host's KVM exposes VMX
# (nested virtualization), otherwise under Bochs with emulated VT-x. The
# machine's serial port is this terminal; the hypervisor reads the console
# controls from it (guest/console_escape.h): Ctrl-A h help, Ctrl-A s exit
# statistics, Ctrl-A n the NMI button, Ctrl-A x power off, Ctrl-A Ctrl-A a
# literal Ctrl-A.
# The terminal's settings are restored however the run ends.
#   scripts/run.sh IMAGE
#   scripts/run.sh --controls     only prints the line about the controls
#                                 (make run's first line, before building)
set -euo pipefail
controls="run: console controls: Ctrl-A h help, Ctrl-A s exit statistics, Ctrl-A n NMI, Ctrl-A x power off, Ctrl-A Ctrl-A sends Ctrl-A"
if [ "${1:-}" = --controls ]; then
	echo "$controls"
	exit 0
fi
image=$1
build=$(dirname "$0")/../build

echo "$controls"

saved=""
if [ -t 0 ]; then
	saved=$(stty -g)
	# Raw mode ends with the emulator, on any exit or signal: a garbled
	# terminal must not outlive the run.
	restore() {
		stty "$saved" 2>/dev/null || stty sane 2>/dev/null || true
	}
	trap restore EXIT
	trap 'restore; exit 130' INT TERM HUP
fi

if [ -w /dev/kvm ] && grep -qw vmx /proc/cpuinfo; then
	echo "run: QEMU with KVM (-cpu host, nested VT-x); serial below"
	# The serial is stdio without QEMU's own Ctrl-A monitor escapes or
	# Ctrl-C handling: every key reaches the machine's COM1.
	qemu-system-x86_64 -machine q35,accel=kvm -cpu host -m 1024 \
		-bios /usr/share/ovmf/OVMF.fd \
		-drive "file=$image,format=raw,if=ide,snapshot=on" \
		-display none -monitor none \
		-chardev stdio,id=com1,signal=off -serial chardev:com1 \
		-no-reboot
	exit 0
fi

echo "run: no VMX through KVM here; Bochs with emulated VT-x (OVMF takes about 10 s)"
echo "run: serial below; Bochs' own messages in build/bochs.out and build/bochs.log"
rc=0
if [ -t 0 ] && [ -t 1 ]; then
	# COM1 is this terminal both ways; Bochs puts it in raw mode. Bochs'
	# own output goes to a file: printed on a raw terminal it would
	# stair-step; its exit message is shown below once the terminal is
	# restored.
	"$(dirname "$0")/bochs.sh" "$image" tty "$build/bochs.log" \
		>"$build/bochs.out" 2>&1 || rc=$?
	restore
	echo
	grep -a "exiting with the following message" -A1 "$build/bochs.out" |
		sed 's/^/run: bochs: /' || true
else
	"$(dirname "$0")/bochs.sh" "$image" /dev/stdout "$build/bochs.log" || rc=$?
fi
exit $rc
