#!/usr/bin/env bash
# Installs the Debian packages a target needs, only those missing.
#   scripts/deps.sh build|test|run|linux|fuzz|memtest|bench
# Needs root (or sudo) the first time; afterwards it only checks.
set -euo pipefail

build=(gcc make nasm binutils gnu-efi mtools dosfstools fdisk gdisk console-setup-linux acpica-tools)
test=(libcmocka-dev ovmf qemu-system-x86 bochs bochsbios vgabios bochs-term gdb
      memtest86+ tesseract-ocr)
# libFuzzer and its sanitizer runtimes come with clang-14's runtime package.
fuzz=(clang libclang-rt-14-dev)
memtest=(memtest86+)
linux=(linux-source-6.1 busybox-static cpio xz-utils bc flex bison libelf-dev libssl-dev lz4 build-essential)

case "${1:-build}" in
build) want=("${build[@]}") ;;
test) want=("${build[@]}" "${test[@]}" "${linux[@]}" "${fuzz[@]}") ;;
run) want=("${build[@]}" "${test[@]}" "${linux[@]}") ;;
linux) want=("${build[@]}" "${linux[@]}") ;;
fuzz) want=("${build[@]}" "${fuzz[@]}") ;;
memtest) want=("${build[@]}" "${memtest[@]}") ;;
bench) want=("${build[@]}" "${test[@]}" "${linux[@]}" gnuplot-nox) ;;
*) echo "usage: $0 build|test|run|linux|fuzz|memtest|bench" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
