#!/usr/bin/env bash
# make debug: boots IMAGE under QEMU with its gdb stub on localhost:PORT,
# stopped before the firmware's first instruction until gdb continues it
# (make gdb, in a second terminal). KVM where this machine's KVM exposes
# VMX, otherwise TCG with an Intel CPU without VMX (the hypervisor then
# stops at its no-VMX line, after the loader and kmain). The serial is this
# terminal and is also logged to build/debug/serial.log, where make gdb
# finds the loader's image base; the previous run's log is kept as
# serial.prev.log. Ctrl-C ends QEMU.
# Under TCG the instruction counter drives virtual time (-icount), so OVMF
# does the same on every boot and loads the loader at the same address:
# gdb finds it from the previous run's log before the loader runs.
#   scripts/debug.sh [IMAGE]
# HV_GDB_PORT (default 1234); HV_DEBUG_DIR (default build/debug) for the logs.
set -euo pipefail
cd "$(dirname "$0")/.."
image=${1:-build/hv.img}
port=${HV_GDB_PORT:-1234}
dir=${HV_DEBUG_DIR:-build/debug}
mkdir -p "$dir"
[ -f "$dir/serial.log" ] && mv "$dir/serial.log" "$dir/serial.prev.log"

if [ -w /dev/kvm ] && grep -qw vmx /proc/cpuinfo; then
	accel=(-machine q35,accel=kvm -cpu host)
	echo "debug: QEMU with KVM (nested VT-x)"
else
	accel=(-machine q35 -cpu qemu64,vendor=GenuineIntel
	       -icount shift=7,sleep=off -rtc base=2000-01-01,clock=vm)
	echo "debug: QEMU with TCG (no VT-x: the hypervisor stops at its no-VMX line)"
fi
echo "debug: gdb stub on localhost:$port, waiting: run 'make gdb' in another terminal"
exec qemu-system-x86_64 "${accel[@]}" -m 512 \
	-bios /usr/share/ovmf/OVMF.fd \
	-drive "file=$image,format=raw,if=ide,snapshot=on" \
	-display none -monitor none \
	-chardev "stdio,id=com1,logfile=$dir/serial.log" -serial chardev:com1 \
	-gdb "tcp:127.0.0.1:$port" -S
