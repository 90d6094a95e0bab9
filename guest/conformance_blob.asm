; The flat binary of guest/conformance/main.s, built by the Makefile,
; embedded in the kernel image.
section .rodata
global conformance_start
global conformance_end
conformance_start:
	incbin "conformance.bin"
conformance_end:
