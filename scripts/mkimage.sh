#!/usr/bin/env bash
# Builds a bootable disk image without root, loop devices or mounts:
# an MBR with one FAT partition of type EF (the EFI system partition)
# holding \EFI\BOOT\BOOTX64.EFI, \hv\kernel.elf, \hv\hv.conf and, for a
# Linux guest, the files the configuration names.
#   scripts/mkimage.sh OUT.img CONF [FILE=ESP-PATH ...]
# HV_PART_TABLE=gpt makes a GPT disk instead (a protective MBR, one
# partition of type EF00 from 1 MiB, backup header at the end), as
# written to a USB stick (make usb-image; scripts/write-usb.sh).
# e.g. scripts/mkimage.sh build/linux.img guest/conf/linux.conf \
#          build/linux/bzImage=/hv/bzImage build/linux/initramfs.cpio.gz=/hv/initrd.img
set -euo pipefail

out=$1 conf=$2
shift 2
build=$(dirname "$0")/../build
# HV_EFI and HV_KERNEL name other builds (make bench: the naive one).
efi=${HV_EFI:-$build/BOOTX64.EFI} kernel=${HV_KERNEL:-$build/kernel.elf}

# Size the ESP for its contents, plus slack; the disk is a whole number of
# 16-head, 63-sector cylinders so Bochs accepts the geometry.
bytes=0
for f in "$efi" "$kernel" "$conf"; do
	bytes=$((bytes + $(stat -c %s "$f")))
done
for spec in "$@"; do
	bytes=$((bytes + $(stat -c %s "${spec%%=*}")))
done
esp_kib=$(( (bytes / 1024) * 11 / 10 + 8192 ))
[ $esp_kib -lt 33000 ] && esp_kib=33000		# FAT16 minimum comfort
cyl_bytes=$((16 * 63 * 512))
disk_bytes=$(( ( (esp_kib * 1024 + 1048576) / cyl_bytes + 1) * cyl_bytes ))
table=${HV_PART_TABLE:-mbr}
# GPT keeps a backup of its header and table in the last 33 sectors: 1 MiB
# after the ESP, a whole number of MiB in all.
[ "$table" = gpt ] && disk_bytes=$(( (esp_kib / 1024 + 3) * 1048576 ))

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
esp=$tmp/esp.fat
rm -f "$esp"
mkfs.fat -C -n HV-ESP "$esp" $esp_kib >/dev/null
export MTOOLS_SKIP_CHECK=1
mmd -i "$esp" ::/EFI ::/EFI/BOOT ::/hv
mcopy -i "$esp" "$efi" ::/EFI/BOOT/BOOTX64.EFI
mcopy -i "$esp" "$kernel" ::/hv/kernel.elf
mcopy -i "$esp" "$conf" ::/hv/hv.conf
for spec in "$@"; do
	mcopy -o -i "$esp" "${spec%%=*}" "::${spec#*=}"
done

truncate -s 0 "$out.tmp"
truncate -s "$disk_bytes" "$out.tmp"
if [ "$table" = gpt ]; then
	sgdisk --clear --new=1:2048:$((2048 + esp_kib * 2 - 1)) --typecode=1:EF00 \
		--change-name=1:"EFI system partition" "$out.tmp" >/dev/null
else
	echo "2048,$((esp_kib * 2)),ef" | sfdisk -q --label dos "$out.tmp" >/dev/null
fi
dd if="$esp" of="$out.tmp" bs=512 seek=2048 conv=notrunc status=none
mv "$out.tmp" "$out"
echo "image: $out ($((disk_bytes / 1048576)) MiB, $table, ESP $((esp_kib / 1024)) MiB, conf $conf)"
