#!/usr/bin/env bash
# scripts/build-linux.sh OUTDIR
#
# Build the small x86-64 Linux guest kernel from Debian's linux-source-6.1
# package, configured from guest/linux-tiny.config (a fragment applied on top
# of `make tinyconfig`, then `make olddefconfig`), and copy it to
# OUTDIR/bzImage (plus OUTDIR/bzImage.config, the full resulting .config, and
# OUTDIR/bzImage.release, the `uname -r` string).
#
# Caching:
#   * the source is extracted once into build/linux-src (marker file .hv-extracted)
#   * objects live in build/linux-obj (out-of-tree, incremental)
#   * if OUTDIR/bzImage is newer than the config fragment and this script,
#     nothing is done at all.
# Environment:
#   JOBS                  make -j value (default 2)
#   SOURCE_DATE_EPOCH     build timestamp embedded in the kernel (default 0)
#   HV_FORCE=1            ignore the OUTDIR cache
set -euo pipefail

die() { echo "build-linux: error: $*" >&2; exit 1; }
log() { echo "build-linux: $*" >&2; }

[ $# -eq 1 ] || die "usage: $0 OUTDIR"
OUTDIR=$1

SCRIPT=$(readlink -f "${BASH_SOURCE[0]}")
ROOT=$(cd "$(dirname "$SCRIPT")/.." && pwd)
FRAGMENT=$ROOT/guest/linux-tiny.config
SRC=$ROOT/build/linux-src
OBJ=$ROOT/build/linux-obj
TARBALL=/usr/src/linux-source-6.1.tar.xz
JOBS=${JOBS:-2}

[ -f "$FRAGMENT" ] || die "missing $FRAGMENT"
mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)

if [ "${HV_FORCE:-0}" != 1 ] && [ -f "$OUTDIR/bzImage" ] \
   && [ "$OUTDIR/bzImage" -nt "$FRAGMENT" ] && [ "$OUTDIR/bzImage" -nt "$SCRIPT" ]; then
    log "up to date: $OUTDIR/bzImage"
    exit 0
fi

# ---------------------------------------------------------------- packages
"$ROOT/scripts/deps.sh" linux || die "cannot install the packages it needs"
[ -f "$TARBALL" ] || die "$TARBALL not found after installing linux-source-6.1"

T0=$(date +%s.%N)

# ---------------------------------------------------------------- source
if [ ! -f "$SRC/.hv-extracted" ]; then
    log "extracting $TARBALL -> $SRC"
    rm -rf "$SRC" "$SRC.tmp"
    mkdir -p "$SRC.tmp"
    tar -C "$SRC.tmp" --strip-components=1 -xJf "$TARBALL"
    mv "$SRC.tmp" "$SRC"
    dpkg-query -W -f='${Version}\n' linux-source-6.1 > "$SRC/.hv-extracted"
fi
log "source: $SRC (linux-source-6.1 $(cat "$SRC/.hv-extracted"))"

# ---------------------------------------------------------------- reproducibility
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-0}
export KBUILD_BUILD_TIMESTAMP
KBUILD_BUILD_TIMESTAMP=$(LC_ALL=C date -u -d "@$SOURCE_DATE_EPOCH" '+%a %b %e %H:%M:%S UTC %Y')
export KBUILD_BUILD_USER=hv
export KBUILD_BUILD_HOST=hv
export KBUILD_BUILD_VERSION=1
export LC_ALL=C TZ=UTC

MK=(make -C "$SRC" O="$OBJ" ARCH=x86_64 -s)
mkdir -p "$OBJ"

# ---------------------------------------------------------------- configure
log "configuring: tinyconfig + $(basename "$FRAGMENT") + olddefconfig"
"${MK[@]}" tinyconfig > "$OBJ/.hv-tinyconfig.log" 2>&1 \
    || { cat "$OBJ/.hv-tinyconfig.log" >&2; die "make tinyconfig failed"; }
# merge_config.sh -m: merge the fragment into .config without running Kconfig,
# -O: output dir; then olddefconfig resolves everything deterministically.
(cd "$OBJ" && "$SRC/scripts/kconfig/merge_config.sh" -m -O "$OBJ" "$OBJ/.config" "$FRAGMENT" >/dev/null)
"${MK[@]}" olddefconfig > "$OBJ/.hv-olddefconfig.log" 2>&1 \
    || { cat "$OBJ/.hv-olddefconfig.log" >&2; die "make olddefconfig failed"; }

# verify every option of the fragment survived
bad=0
while IFS= read -r line; do
    case $line in
        CONFIG_*=*)
            if ! grep -qxF -- "$line" "$OBJ/.config"; then
                got=$(grep -E "^(# )?${line%%=*}[= ]" "$OBJ/.config" || echo "(absent)")
                log "config check FAILED: want '$line', got '$got'"
                bad=1
            fi ;;
        "# CONFIG_"*" is not set")
            opt=${line#\# }; opt=${opt%% *}
            if grep -qE "^${opt}=" "$OBJ/.config"; then
                log "config check FAILED: want '$line', got '$(grep -E "^${opt}=" "$OBJ/.config")'"
                bad=1
            fi ;;
    esac
done < "$FRAGMENT"
[ $bad -eq 0 ] || die "required config options not set (see above)"
log "config OK: $(grep -c '^CONFIG_' "$OBJ/.config") options set"

# ---------------------------------------------------------------- build
log "building bzImage with -j$JOBS"
B0=$(date +%s.%N)
"${MK[@]}" -j"$JOBS" bzImage >&2
B1=$(date +%s.%N)

RELEASE=$(cat "$OBJ/include/config/kernel.release")
cp "$OBJ/arch/x86/boot/bzImage" "$OUTDIR/bzImage.tmp"
cp "$OBJ/.config" "$OUTDIR/bzImage.config"
echo "$RELEASE" > "$OUTDIR/bzImage.release"
mv "$OUTDIR/bzImage.tmp" "$OUTDIR/bzImage"

T1=$(date +%s.%N)
log "kernel release: $RELEASE"
log "bzImage: $OUTDIR/bzImage ($(stat -c %s "$OUTDIR/bzImage") bytes)"
printf 'build-linux: make bzImage time: %.1f s, total script time: %.1f s\n' \
    "$(awk "BEGIN{print $B1 - $B0}")" "$(awk "BEGIN{print $T1 - $T0}")" >&2
