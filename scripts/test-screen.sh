#!/usr/bin/env bash
# End-to-end: the hypervisor's log on the screen. QEMU (TCG, no VT-x) with
# OVMF, whose GOP drives QEMU's standard VGA (-vga std), boots the image;
# the kernel prints its banner and the no-VMX line and halts. Then QEMU's
# monitor takes a screendump, and:
#   - build/tools/screenread reads every character cell back by comparing
#     its pixels with the font's rendering (exact colours, exact glyphs):
#     the banner and the no-VMX line must be there as whole lines, in
#     order, and every cell must be some glyph;
#   - tesseract (OCR, independent of our font table) must find the words
#     of those lines in the same picture, so the glyphs are letters.
#   scripts/test-screen.sh
set -u
cd "$(dirname "$0")/.."
. scripts/lib/expect.sh

out=build/test/screen
mkdir -p "$out"
rm -f "$out"/serial "$out"/shot.ppm "$out"/monitor "$out"/screen.txt
ok=0
banner="hv: hv 0.1: bare-metal VT-x hypervisor"
novmx="hv: error: VT-x unavailable: CPUID.1:ECX.VMX[bit 5] is 0: this CPU (or emulator) offers no VMX"

make -s build/tools/screenread || exit 1
scripts/mkimage.sh "$out/hv.img" guest/conf/test.conf >/dev/null

# The monitor reads its commands from a FIFO: no socket tools needed.
mkfifo "$out/monitor"
qemu-system-x86_64 -machine q35 -m 512 -cpu qemu64,vendor=GenuineIntel \
	-bios /usr/share/ovmf/OVMF.fd \
	-drive "file=$out/hv.img,format=raw,if=ide,snapshot=on" \
	-vga std -display none -monitor stdio \
	-serial "file:$out/serial" -no-reboot \
	<"$out/monitor" >"$out/monitor.out" 2>"$out/stderr" &
pid=$!
exec 3>"$out/monitor"
if wait_for_line "$out/serial" "hv: error: halted" 180 "$pid"; then
	echo "screendump $out/shot.ppm" >&3
	for _ in $(seq 40); do
		[ -s "$out/shot.ppm" ] && break
		sleep 0.25
	done
	sleep 0.5	# the file is written in one go; let it finish
else
	echo "  'hv: error: halted' did not appear within 180 s"
	ok=1
fi
echo quit >&3
exec 3>&-
wait "$pid" 2>/dev/null
rm -f "$out/monitor"

expect_in_order "$out/serial" "$banner" "$novmx" "hv: error: halted" || ok=1
if [ -s "$out/shot.ppm" ]; then
	if ! build/tools/screenread text "$out/shot.ppm" >"$out/screen.txt"; then
		echo "  cells that are no glyph of the font on the screen"
		ok=1
	fi
	echo "screen: $(head -2 "$out/shot.ppm" | tail -1 | tr ' ' x) pixels; its text:"
	sed '/^$/d; s/^/  | /' "$out/screen.txt"
	expect_in_order "$out/screen.txt" "$banner" "$novmx" "hv: error: halted" || ok=1

	build/tools/screenread ocr "$out/shot.ppm" "$out/ocr.pgm" &&
		tesseract "$out/ocr.pgm" "$out/ocr" --psm 6 >/dev/null 2>&1
	for word in bare-metal hypervisor unavailable emulator halted; do
		grep -q -- "$word" "$out/ocr.txt" 2>/dev/null ||
			{ echo "  OCR did not read '$word'"; ok=1; }
	done
	echo "screen: OCR (tesseract) read:"
	sed '/^$/d; s/^/  | /' "$out/ocr.txt" 2>/dev/null
else
	echo "  no screendump"
	ok=1
fi
[ $ok -eq 0 ] || show_tail "$out/serial"
result "qemu: the log on the screen (banner and no-VMX line)" $ok
exit $ok
