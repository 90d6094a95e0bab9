; The flat binary of guest/testguest.s, built by the Makefile, embedded in
; the kernel image.
section .rodata
global testguest_start
global testguest_end
testguest_start:
	incbin "testguest.bin"
testguest_end:
