#!/usr/bin/env bash
# Boots a disk image: under QEMU with KVM when the host's KVM exposes VMX
# (nested virtualization), otherwise under Bochs with emulated VT-x. The
# machine's serial port is this terminal. Ctrl-C ends it.
#   scripts/run.sh IMAGE
set -euo pipefail
image=$1

if [ -w /dev/kvm ] && grep -qw vmx /proc/cpuinfo; then
	echo "run: QEMU with KVM (-cpu host, nested VT-x); serial below, Ctrl-A X quits"
	exec qemu-system-x86_64 -machine q35,accel=kvm -cpu host -m 1024 \
		-bios /usr/share/ovmf/OVMF.fd \
		-drive "file=$image,format=raw,if=ide,snapshot=on" \
		-display none -monitor none -serial mon:stdio -no-reboot
fi

echo "run: no VMX through KVM here; Bochs with emulated VT-x (OVMF takes about 10 s)"
echo "run: serial below; Bochs' own log in build/bochs.log"
if [ -t 0 ] && [ -t 1 ]; then
	# COM1 is this terminal both ways; Bochs puts it in raw mode.
	saved=$(stty -g)
	trap 'stty "$saved" 2>/dev/null || stty sane' EXIT
	"$(dirname "$0")/bochs.sh" "$image" tty build/bochs.log
else
	"$(dirname "$0")/bochs.sh" "$image" /dev/stdout build/bochs.log
fi
