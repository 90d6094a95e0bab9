# gdb script for hv under QEMU (make gdb; make debug starts QEMU):
#   gdb -q -x scripts/gdb/hv.py
# Loads the kernel's symbols (build/kernel.elf is linked at its physical
# address, so they are right as they are), connects to QEMU's gdb stub
# (localhost:$HV_GDB_PORT, default 1234), sets a hardware breakpoint on
# kmain, and adds the command
#   hv-loader [BASE]
# which loads the UEFI loader's symbols (build/bootx64.so, with debug
# information) at its image base: BASE, or the base the loader printed
# ("hv-loader: image base 0x...") in the serial log of this or the previous
# QEMU run (serial.log, serial.prev.log in $HV_DEBUG_DIR, default
# build/debug). Under TCG, make debug runs QEMU with -icount, so OVMF loads
# the loader at the same address on every fresh boot of the same image (not
# after a warm reset: its memory use then differs); from the second
# `make debug` on, the base is known when gdb starts: the loader's symbols
# are loaded at once and "hbreak efi_main" stops in the loader.
import os
import re

import gdb

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.join(ROOT, "build")
LOADER_SO = os.path.join(BUILD, "bootx64.so")
LOADER_EFI = os.path.join(BUILD, "BOOTX64.EFI")
BASE_RE = re.compile(r"hv-loader: image base (0x[0-9a-fA-F]+)")


def serial_logs():
    d = os.environ.get("HV_DEBUG_DIR") or os.path.join(BUILD, "debug")
    return [os.path.join(d, "serial.log"), os.path.join(d, "serial.prev.log")]


def base_from_logs():
    """The last image base a log shows, from a log newer than the loader
    (an older one may show where an older loader was)."""
    try:
        built = os.path.getmtime(LOADER_EFI)
    except OSError:
        built = 0
    for path in serial_logs():
        try:
            if os.path.getmtime(path) < built:
                continue
            with open(path, "rb") as f:
                text = f.read().decode("latin-1")
        except OSError:
            continue
        found = BASE_RE.findall(text)
        if found:
            return int(found[-1], 16), path
    return None, None


class HvLoader(gdb.Command):
    """hv-loader [BASE]: load the UEFI loader's symbols at its image base."""

    loaded_at = None

    def __init__(self):
        super().__init__("hv-loader", gdb.COMMAND_FILES)

    def invoke(self, arg, from_tty):
        arg = arg.strip()
        if arg:
            base, where = int(gdb.parse_and_eval(arg)), "the command line"
        else:
            base, where = base_from_logs()
            if base is None:
                raise gdb.GdbError(
                    "hv-loader: no 'hv-loader: image base' line in %s yet: "
                    "let the loader print it (continue to kmain)"
                    % " or ".join(serial_logs()))
        if HvLoader.loaded_at == base:
            return
        if HvLoader.loaded_at is not None:
            gdb.execute("remove-symbol-file %s" % LOADER_SO, to_string=True)
        gdb.execute("add-symbol-file %s -o 0x%x" % (LOADER_SO, base),
                    to_string=True)
        HvLoader.loaded_at = base
        entry = int(gdb.parse_and_eval("(unsigned long)&efi_main"))
        print("hv: loader symbols at image base 0x%x (from %s); "
              "efi_main at 0x%x" % (base, where, entry))


gdb.execute("set pagination off")
gdb.execute("set confirm off")
gdb.execute("file %s" % os.path.join(BUILD, "kernel.elf"))
HvLoader()
gdb.execute("target remote localhost:%s" % os.environ.get("HV_GDB_PORT", "1234"))
gdb.execute("hbreak kmain")
if base_from_logs()[0] is not None:
    gdb.execute("hv-loader")
else:
    print("hv: the loader's image base is not known yet: it is printed on "
          "this boot, and the next make debug/make gdb loads its symbols")
