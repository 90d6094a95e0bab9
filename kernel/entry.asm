; The kernel's entry point, jumped to by the UEFI loader (boot/main.c) with
; interrupts off, the firmware's identity-mapped page tables and the boot
; information pointer in RDI. Switches to the kernel's own stack and calls
; kmain(bootinfo), which never returns.
bits 64

section .text.entry
global kernel_entry
extern kmain

kernel_entry:
	cli
	cld
	lea rsp, [rel boot_stack_top]
	xor ebp, ebp		; ends the frame-pointer chain for backtraces
	call kmain
.hang:
	cli
	hlt
	jmp .hang

section .bss
align 16
global boot_stack_bottom
boot_stack_bottom:
	resb 65536
boot_stack_top:
