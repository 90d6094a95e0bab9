#!/usr/bin/env bash
# End-to-end: the guest's reboot restarts it, its poweroff ends the run.
# Linux boots under the hypervisor (Bochs, emulated VT-x) with
# "hv.reboot_once" on its command line: /init runs its checks and reboots
# (`reboot -f`: the FADT's reset register 0xCF9 with ACPI, the i8042
# without); the hypervisor restarts the guest with fresh RAM and reloads
# kernel and initrd; /init's lines appear a second time, it sees its CMOS
# flag and powers off (`poweroff -f`: ACPI S5 with ACPI, a halt without).
# Checks the restart line and count, the end, Bochs' clean power off, and
# for an ACPI kernel that it found no fault with the tables.
#   scripts/test-lifecycle-bochs.sh [KERNEL ESP-NAME CONF NAME RELEASE_FILE ACPI]
# ACPI is "yes" or "no" (default: whether guest/linux-tiny.config enables
# CONFIG_ACPI, for the small kernel).
set -u
cd "$(dirname "$0")/.."
. scripts/lib/expect.sh

kernel=${1:-build/linux/bzImage}
esp_name=${2:-/hv/bzImage}
conf_in=${3:-guest/conf/linux.conf}
name=${4:-linux}-reboot
release_file=${5:-build/linux/bzImage.release}
acpi=${6:-$(grep -q '^CONFIG_ACPI=y' guest/linux-tiny.config && echo yes || echo no)}
out=build/test/bochs
mkdir -p "$out"
serial=$out/$name.serial
conf=$out/$name.conf
digest=$(cat guest/initramfs/hv-test.sha256)
release=$(cat "$release_file")
ok=0

sed 's/^cmdline = /cmdline = hv.reboot_once /' "$conf_in" >"$conf"
scripts/mkimage.sh "$out/$name.img" "$conf" "$kernel=$esp_name" \
	build/linux/initramfs.cpio.gz=/hv/initrd.img >/dev/null
rm -f "$serial" "$out/$name.log"

if [ "$acpi" = yes ]; then
	reason="port 0xCF9 bit 2 (reset control register)" end="hv: guest powered off (ACPI S5)"
else
	reason="i8042 command 0xFE (pulse reset line)" end="hv: guest halted"
fi
start=$(date +%s)
timeout 1500 scripts/bochs.sh "$out/$name.img" "$serial" "$out/$name.log" \
	>"$out/$name.out" 2>&1
[ $? -eq 124 ] && { echo "  Bochs did not finish within 25 minutes"; ok=1; }

boot=("hv: VMLAUNCH (guest RIP 0x1000000)" "hv-init: start"
	"hv-init: hypervisor-flag 1" "hv-init: sha256 $digest  /hv-test.txt"
	"hv-init: uname $release" "hv-init: done")
expect_in_order "$serial" \
	"${boot[@]}" "hv-init: rebooting" \
	"hv: guest reset ($reason): restarting it (restart 1)" \
	"${boot[@]}" "hv-init: second boot" \
	"$end" "hv: guest restarts: 1" "hv: powering off" || ok=1
for line in "hv-init: start" "hv-init: done" "hv: VMLAUNCH (guest RIP 0x1000000)"; do
	n=$(count_lines "$serial" "$line")
	[ "$n" -eq 2 ] || { echo "  '$line' appears $n times, not twice"; ok=1; }
done
[ "$(count_lines "$serial" "hv-init: rebooting")" -eq 1 ] ||
	{ echo "  /init rebooted other than once"; ok=1; }
grep -q "ACPI control: soft power off" "$out/$name.out" ||
	{ echo "  Bochs did not end by ACPI power off"; ok=1; }
for bad in "hv: error" "ACPI BIOS Error" "ACPI Error" "A valid RSDP was not found"; do
	if grep -aq "$bad" "$serial"; then
		echo "  the log shows '$bad':"
		grep -a "$bad" "$serial" | head -3 | sed 's/^/  | /'
		ok=1
	fi
done
[ $ok -eq 0 ] || show_tail "$serial"
echo "bochs/$name: $(( $(date +%s) - start )) s wall; $(tr -d '\r' <"$serial" | grep -a '^hv: guest ran' | sed 's/^hv: //')"
result "bochs: $name: reboot restarts the guest, poweroff ends the run (ACPI $acpi)" $ok
exit $ok
