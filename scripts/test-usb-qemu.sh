#!/usr/bin/env bash
# End-to-end: the USB stick's image (make usb-image: GPT, EF00 ESP, Debian's
# stock kernel) boots from a USB mass-storage device on an xHCI controller
# under QEMU (TCG, OVMF, an Intel CPU without VMX), the way firmware boots
# a stick: \EFI\BOOT\BOOTX64.EFI from removable media. It must reach the
# kernel's banner, check the Linux guest's files, and stop at the no-VMX
# line without a reset.
#   scripts/test-usb-qemu.sh [IMAGE]
set -u
cd "$(dirname "$0")/.."
. scripts/lib/expect.sh

image=${1:-build/hv-usb.img}
out=build/test/usb
mkdir -p "$out"
serial=$out/usb.serial
rm -f "$serial"
ok=0

# The partition table first: what a firmware reads before anything else.
table=$(sgdisk -p "$image" 2>&1 | awk '$1 ~ /^[0-9]+$/ { print $1, $2, $6 }')
if [ "$table" != "1 2048 EF00" ] || ! sgdisk -v "$image" | grep -q "^No problems found"; then
	echo "  not a valid GPT with an EF00 partition at sector 2048: $table"
	ok=1
fi
# The protective MBR: one partition of type 0xEE.
[ "$(od -An -tx1 -j 450 -N 1 "$image" | tr -d ' ')" = ee ] ||
	{ echo "  no protective MBR (type 0xEE)"; ok=1; }

qemu-system-x86_64 -machine q35 -m 512 -cpu qemu64,vendor=GenuineIntel \
	-bios /usr/share/ovmf/OVMF.fd \
	-drive "if=none,id=stick,file=$image,format=raw,snapshot=on" \
	-device qemu-xhci,id=xhci -device usb-storage,bus=xhci.0,drive=stick \
	-display none -monitor none -serial "file:$serial" \
	-no-reboot 2>"$out/usb.stderr" &
pid=$!
if ! wait_for_line "$serial" "hv: error: halted" 240 "$pid"; then
	echo "  'hv: error: halted' did not appear within 240 s"
	ok=1
else
	sleep 2		# a halted machine stays up; a reset would end QEMU
	kill -0 $pid 2>/dev/null || { echo "  QEMU exited after the halt: reset"; ok=1; }
fi
kill $pid 2>/dev/null
wait $pid 2>/dev/null
# The firmware booted the USB disk (its boot entry names the xHCI port).
tr -d '\r' <"$serial" | grep -aEq '^BdsDxe: starting Boot[0-9A-F]{4} "UEFI QEMU QEMU USB HARDDRIVE [^"]*" from PciRoot\(0x0\)/Pci\([0-9a-fx,]+\)/USB\(' ||
	{ echo "  the firmware did not start a boot entry on the USB disk"; ok=1; }
# What the kernel reports of the guest's files, from the files on the ESP.
ver=$(MTOOLS_SKIP_CHECK=1 mtype -i "$image@@1M" ::/hv/vmlinuz | od -An -tu2 -j 518 -N 2 | tr -d ' ')
initrd=$(MTOOLS_SKIP_CHECK=1 mtype -i "$image@@1M" ::/hv/initrd.img | wc -c)
expect_in_order "$serial" \
	"hv-loader: hv loader starting" \
	"hv-loader: jumping to the kernel" \
	"hv: hv 0.1: bare-metal VT-x hypervisor" \
	"$(printf 'hv: guest: Linux \\hv\\vmlinuz, boot protocol %u.%02u, %u-byte initrd' $((ver >> 8)) $((ver & 255)) "$initrd")" \
	"hv: error: VT-x unavailable: CPUID.1:ECX.VMX[bit 5] is 0: this CPU (or emulator) offers no VMX" \
	"hv: error: halted" || ok=1
[ $ok -eq 0 ] || show_tail "$serial"
tr -d '\r' <"$serial" | grep -a '^hv' | awk '!seen[$0]++' | sed 's/^/  | /'
result "qemu: the USB image boots from usb-storage on xHCI" $ok
exit $ok
