#!/usr/bin/env bash
# End-to-end: gdb in batch mode against QEMU's gdb stub (TCG, OVMF, an
# Intel CPU without VMX), through scripts/gdb/hv.py as `make gdb` uses it.
# Boot 1: a hardware breakpoint on kmain is hit, the backtrace names
# kernel/main.c and a line, the boot information's magic prints; the
# loader prints its image base. Boot 2 (a fresh QEMU, same image: OVMF
# loads the loader at the same address): the script loads the loader's
# symbols at that base from boot 1's log and a breakpoint on efi_main is
# hit in boot/main.c.
set -u
cd "$(dirname "$0")/.."
. scripts/lib/expect.sh

out=build/test/gdb
mkdir -p "$out"
scripts/mkimage.sh "$out/hv.img" guest/conf/test.conf >/dev/null

# boot N GDB-ARGS...: make debug's QEMU (scripts/debug.sh: stopped at
# reset, its stub on a free port, serial logged in $out) and gdb with
# make gdb's script, then GDB-ARGS; transcript in $out/gdbN.txt, serial in
# $out/serialN.log.
boot() {
	local n=$1 port=$((20000 + RANDOM % 20000))
	shift
	HV_GDB_PORT=$port HV_DEBUG_DIR=$out scripts/debug.sh "$out/hv.img" \
		</dev/null >"$out/qemu$n.out" 2>&1 &
	local qpid=$!
	sleep 1
	HV_GDB_PORT=$port HV_DEBUG_DIR=$out timeout 180 \
		gdb -q -batch -nx -x scripts/gdb/hv.py "$@" -ex kill \
		>"$out/gdb$n.txt" 2>&1
	kill $qpid 2>/dev/null
	wait $qpid 2>/dev/null
	cp "$out/serial.log" "$out/serial$n.log"
	sed 's/^/  | /' "$out/gdb$n.txt"
}

rm -f "$out/serial.log" "$out/serial.prev.log"
ok=0
boot 1 -ex continue -ex bt -ex 'p/x bi->magic' -ex 'p bi->version'
# Line numbers move with the code; the file and function do not.
grep -Eq '^Breakpoint 1, kmain \(bi=0x[0-9a-f]+\) at kernel/main\.c:[0-9]+$' "$out/gdb1.txt" ||
	{ echo "  the kmain breakpoint was not hit"; ok=1; }
grep -Eq '^#0  kmain \(bi=0x[0-9a-f]+\) at kernel/main\.c:[0-9]+$' "$out/gdb1.txt" ||
	{ echo "  no backtrace with kernel/main.c and a line"; ok=1; }
grep -Eq '^#1  0x[0-9a-f]+ in kernel_entry \(\)$' "$out/gdb1.txt" ||
	{ echo "  the backtrace does not reach kernel_entry"; ok=1; }
magic=$(printf '0x%x' "$(sed -n 's/^#define HV_BOOTINFO_MAGIC *\(0x[0-9a-fA-F]*\)ULL.*/\1/p' boot/bootinfo.h)")
version=$(sed -n 's/^#define HV_BOOTINFO_VERSION *\([0-9]*\).*/\1/p' boot/bootinfo.h)
grep -qx "\$1 = $magic" "$out/gdb1.txt" || { echo "  bi->magic is not $magic"; ok=1; }
grep -qx "\$2 = $version" "$out/gdb1.txt" || { echo "  bi->version is not $version"; ok=1; }
result "gdb: hardware breakpoint on kmain, backtrace, boot information" $ok

ok2=0
base=$(tr -d '\r' <"$out/serial1.log" | sed -n 's/^hv-loader: image base \(0x[0-9a-f]*\)$/\1/p' | head -1)
if [ -z "$base" ]; then
	echo "  the loader printed no image base"
	ok2=1
else
	boot 2 -ex 'hbreak efi_main' -ex continue -ex bt -ex 'info symbol $pc'
	grep -Eqx "hv: loader symbols at image base $base \\(from .*/serial\\.prev\\.log\\); efi_main at 0x[0-9a-f]+" "$out/gdb2.txt" ||
		{ echo "  the script did not load the loader's symbols at $base"; ok2=1; }
	grep -Eq '^Breakpoint 2, efi_main \(image=0x[0-9a-f]+, systab=0x[0-9a-f]+\) at boot/main\.c:[0-9]+$' "$out/gdb2.txt" ||
		{ echo "  the efi_main breakpoint was not hit with the loader's symbols"; ok2=1; }
	grep -Eq '^efi_main in section \.text of .*/build/bootx64\.so$' "$out/gdb2.txt" ||
		{ echo "  \$pc is not in the loader's .text"; ok2=1; }
	# Before the breakpoint, the loader had not printed anything.
	n=$(count_lines "$out/serial2.log" "hv-loader: hv loader starting")
	[ "$n" -eq 0 ] || { echo "  the loader ran past efi_main's breakpoint"; ok2=1; }
fi
result "gdb: breakpoint on the loader's efi_main with its symbols" $ok2
exit $((ok | ok2))
