#!/usr/bin/env bash
# End-to-end tests under QEMU with TCG (no VT-x) and OVMF: the loader and
# the kernel start, a bad kernel file is refused by name, and without VMX
# the kernel prints exactly one line with the reason, then halts: no reset,
# no triple fault (QEMU runs with -no-reboot, so either would end it).
set -u
cd "$(dirname "$0")/.."
. scripts/lib/expect.sh

out=build/test/qemu
mkdir -p "$out"
fails=0

# run_case NAME IMAGE CPU LAST_LINE EXPECTED_LINE...
run_case() {
	local name=$1 image=$2 cpu=$3 last=$4
	shift 4
	local serial=$out/$name.serial ok=0
	rm -f "$serial"
	qemu-system-x86_64 -machine q35 -m 512 -cpu "$cpu" \
		-bios /usr/share/ovmf/OVMF.fd \
		-drive "file=$image,format=raw,if=ide,snapshot=on" \
		-display none -monitor none -serial "file:$serial" \
		-no-reboot 2>"$out/$name.stderr" &
	local pid=$!
	if ! wait_for_line "$serial" "$last" 180 "$pid"; then
		echo "  '$last' did not appear within 180 s"
		ok=1
	else
		sleep 2	# a halted machine stays up; a reset would end QEMU
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "  QEMU exited after '$last': reset or triple fault"
			ok=1
		fi
	fi
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	expect_in_order "$serial" "$@" || ok=1
	[ $ok -eq 0 ] || show_tail "$serial"
	result "qemu: $name" $ok
	[ $ok -eq 0 ] || fails=$((fails + 1))
}

scripts/mkimage.sh "$out/hv.img" guest/conf/test.conf >/dev/null
# Long enough to hold an ELF header, so the magic check is what refuses it.
for _ in 1 2 3 4 5 6 7 8; do echo "this is not an ELF file"; done >"$out/bad.elf"
scripts/mkimage.sh "$out/bad-kernel.img" guest/conf/test.conf \
	"$out/bad.elf=/hv/kernel.elf" >/dev/null

# An Intel CPU without VMX (what KVM without nesting looks like).
run_case no-vmx "$out/hv.img" qemu64,vendor=GenuineIntel "hv: error: halted" \
	"hv-loader: hv loader starting" \
	'hv-loader: \hv\hv.conf: guest = test, memory = 16, on_exit = poweroff, trace = exits, on_reset = restart (default)' \
	"hv-loader: jumping to the kernel" \
	"hv: hv 0.1: bare-metal VT-x hypervisor" \
	"hv: error: VT-x unavailable: CPUID.1:ECX.VMX[bit 5] is 0: this CPU (or emulator) offers no VMX" \
	"hv: error: halted"
n=$(count_lines "$out/no-vmx.serial" "hv: hv 0.1: bare-metal VT-x hypervisor")
if [ "$n" -ne 1 ]; then
	echo "  the kernel banner appeared $n times: the machine restarted"
	result "qemu: no-vmx starts once" 1
	fails=$((fails + 1))
else
	result "qemu: no-vmx starts once" 0
fi

# QEMU's default CPU model reports AuthenticAMD.
run_case non-intel "$out/hv.img" qemu64 "hv: error: halted" \
	"hv: hv 0.1: bare-metal VT-x hypervisor" \
	"hv: error: VT-x unavailable: CPU vendor is not GenuineIntel" \
	"hv: error: halted"

# The loader checks the kernel file before loading it.
run_case bad-kernel "$out/bad-kernel.img" qemu64,vendor=GenuineIntel \
	"hv-loader: halted" \
	"hv-loader: hv loader starting" \
	'hv-loader: \hv\kernel.elf: refused: not an ELF file (bad magic)' \
	"hv-loader: halted"

# The Linux guest's files are checked before VT-x is needed, so QEMU
# without VMX shows these errors as they appear on hardware.
head -c 65536 /dev/zero >"$out/dummy-initrd"
scripts/mkimage.sh "$out/linux-bad-kernel.img" guest/conf/linux.conf \
	build/kernel.elf=/hv/bzImage "$out/dummy-initrd=/hv/initrd.img" >/dev/null
run_case linux-bad-kernel "$out/linux-bad-kernel.img" \
	qemu64,vendor=GenuineIntel "hv: error: halted" \
	"hv: hv 0.1: bare-metal VT-x hypervisor" \
	'hv: error: \hv\bzImage: not a bzImage: no 0xAA55 boot flag' \
	"hv: error: halted"

# A multiboot guest's kernels, the queued ones too, are checked before
# VT-x: a good one (a flat image with the header's address fields, MB
# 3.1.3: load at 0x100000, entry 0x100020, HLTs) and a text file queued.
printf '\x02\xb0\xad\x1b\x00\x00\x01\x00\xfe\x4f\x51\xe4\x00\x00\x10\x00\x00\x00\x10\x00' >"$out/good.flat"
printf '\x00\x00\x00\x00\x00\x00\x00\x00\x20\x00\x10\x00' >>"$out/good.flat"
printf '\xf4%.0s' $(seq 16) >>"$out/good.flat"
printf 'guest = multiboot\nkernel = /hv/good.flat\nqueue = /hv/bad.flat\n' >"$out/multiboot.conf"
scripts/mkimage.sh "$out/multiboot-bad-kernel.img" "$out/multiboot.conf" \
	"$out/good.flat=/hv/good.flat" "$out/bad.elf=/hv/bad.flat" >/dev/null
run_case multiboot-bad-kernel "$out/multiboot-bad-kernel.img" \
	qemu64,vendor=GenuineIntel "hv: error: halted" \
	"hv: hv 0.1: bare-metal VT-x hypervisor" \
	'hv: error: \hv\bad.flat: no multiboot header (magic 0x1BADB002 with a valid checksum) in the first 8192 bytes' \
	"hv: error: halted"

scripts/mkimage.sh "$out/linux-no-kernel.img" guest/conf/linux.conf \
	"$out/dummy-initrd=/hv/initrd.img" >/dev/null
run_case linux-missing-kernel "$out/linux-no-kernel.img" \
	qemu64,vendor=GenuineIntel "hv-loader: halted" \
	'hv-loader: \hv\bzImage: not found on the ESP' \
	"hv-loader: halted"

# hv.conf mistakes are refused by the loader, naming the file, the line,
# the key and what is accepted (boot/config.c); the kernel never parses it.
printf 'guest = test\n# a typo:\nmemroy = 64\n' >"$out/typo.conf"
scripts/mkimage.sh "$out/conf-typo.img" "$out/typo.conf" >/dev/null
run_case conf-unknown-key "$out/conf-typo.img" qemu64,vendor=GenuineIntel \
	"hv-loader: halted" \
	"hv-loader: hv loader starting" \
	'hv-loader: \hv\hv.conf:3: unknown key '"'memroy'"' (accepted: guest, kernel, initrd, cmdline, memory, on_exit, trace, on_reset, queue)' \
	"hv-loader: halted"

# A NUL byte: the file is refused, not read as two different files.
printf 'guest = linux\0\nkernel = \\hv\\bzImage\n' >"$out/nul.conf"
scripts/mkimage.sh "$out/conf-nul.img" "$out/nul.conf" >/dev/null
run_case conf-nul-byte "$out/conf-nul.img" qemu64,vendor=GenuineIntel \
	"hv-loader: halted" \
	'hv-loader: \hv\hv.conf:1: NUL byte at column 14 (accepted: text; hv.conf must be plain text)' \
	"hv-loader: halted"

# An empty hv.conf does not silently pick a guest.
: >"$out/empty.conf"
scripts/mkimage.sh "$out/conf-empty.img" "$out/empty.conf" >/dev/null
run_case conf-empty "$out/conf-empty.img" qemu64,vendor=GenuineIntel \
	"hv-loader: halted" \
	'hv-loader: \hv\hv.conf: empty file: it must name the guest (accepted: test, linux, conformance, multiboot)' \
	"hv-loader: halted"

# A directory named as the guest kernel; '/' is taken as '\'.
printf 'guest = linux\nkernel = /hv\n' >"$out/dir.conf"
scripts/mkimage.sh "$out/conf-dir.img" "$out/dir.conf" >/dev/null
run_case kernel-is-directory "$out/conf-dir.img" qemu64,vendor=GenuineIntel \
	"hv-loader: halted" \
	'hv-loader: \hv\hv.conf: guest = linux, memory = 256 (default), on_exit = poweroff (default), trace = none (default), on_reset = restart (default)' \
	'hv-loader: \hv: is a directory, not a file' \
	"hv-loader: halted"

# A path the firmware refuses to open for a reason other than "not found"
# is named with the EFI status instead of halting silently.
printf 'guest = linux\nkernel = \\hv\\bz*Image\n' >"$out/star.conf"
scripts/mkimage.sh "$out/conf-star.img" "$out/star.conf" >/dev/null
run_case kernel-cannot-open "$out/conf-star.img" qemu64,vendor=GenuineIntel \
	"hv-loader: halted" \
	'hv-loader: \hv\bz*Image: cannot open: EFI_INVALID_PARAMETER' \
	"hv-loader: halted"

exit $((fails > 0))
