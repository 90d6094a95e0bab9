; The conformance guest: a freestanding test guest in the spirit of
; kvm-unit-tests and Xen's XTF, written for this hypervisor. It starts in
; real mode (entered at 0000:1000 by guest/conformance_guest.c), moves to
; 32-bit protected mode and to long mode, and in each mode does what a
; hostile guest would (unknown MSRs, CR4.VMXE, invalid XCR0 values, VMX
; instructions at CPL 0 and 3, absent ports, string I/O into an unmapped
; page, hidden instructions). Each case checks the architectural result
; (the exception, its error code or its absence, the faulting RIP, CR2,
; register values) and prints one line on COM1:
;   PASS: <case>
;   FAIL: <case> (<what happened> vs <what the SDM says>)
;   SKIP: <case> (<why>)
; then "conformance: N passed, M failed" and the verdict by hypercall
; (HC_TEST_RESULT, RBX = M), which ends the run.
;
; hv.conf's cmdline can ask for a last act instead of the suite, one that
; ends the run: reset=cf9, reset=92, reset=64 (the three reset lines),
; triple-fault, double-fault-shutdown (a fault while delivering #DF) or
; idt-absent (the IDT in absent space). Before each the guest marks it in CMOS RAM; should the
; hypervisor restart the guest rather than end the run, the new guest finds
; the mark, reports the reset as done and gives its verdict.
;
; Files: layout.inc (memory map, constants), lib.inc (output and checks,
; once per mode), cases.inc (cases shared by the modes), real.s, prot.s,
; long.s (each mode: its exception capture and its cases), events.s (NMIs,
; #DF, faults during delivery: long mode), data.s.

%include "layout.inc"

	org LOAD_ADDR
section .text
section .data align=16 follows=.text
section .text

%include "real.s"
%include "prot.s"
%include "long.s"
%include "events.s"
%include "data.s"
