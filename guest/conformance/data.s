; Tables and variables shared by every mode (all below 64 KiB).
section .data

; An exception record (got: what happened; exp: what should have).
EV_VEC    equ 0		; vector, or NONE
EV_HASERR equ 1		; 1 if the CPU pushed an error code
EV_ERR    equ 8
EV_CR2    equ 16
EV_RIP    equ 24	; where it happened (exp: the instruction tried)
EV_RAX    equ 32	; the registers at the exception (got only)
EV_RBX    equ 40
EV_RCX    equ 48
EV_RDX    equ 56
EV_RSI    equ 64
EV_RDI    equ 72
EV_SIZE   equ 80

align 8
got:	times EV_SIZE db 0
exp:	times EV_SIZE db 0
saved_sp:	dq 0	; stack pointer at the TRY: restored after it
frame_top:	dq 0	; where the CPU starts the exception frame
frame_plain:	dq 0	; frame depth without an error code (+ the stub's push)
fixup:		dq 0	; where the exception handler resumes
n_pass:		dd 0
n_fail:		dd 0
act:		db ACT_NONE
run_suite:	db 1
align 16
scratch:	times 16 db 0	; memory operand of VMX instructions
value:		dq 0

; Exception names by vector, 4 bytes each.
exc_names:
	db "#DE", 0, "#DB", 0, "NMI", 0, "#BP", 0, "#OF", 0, "#BR", 0
	db "#UD", 0, "#NM", 0, "#DF", 0, "#09", 0, "#TS", 0, "#NP", 0
	db "#SS", 0, "#GP", 0, "#PF", 0, "#15", 0, "#MF", 0, "#AC", 0
	db "#MC", 0, "#XM", 0, "#VE", 0, "#CP", 0, "#22", 0, "#23", 0
	db "#24", 0, "#25", 0, "#26", 0, "#27", 0, "#28", 0, "#29", 0
	db "#30", 0, "#31", 0

; GDT (selectors in layout.inc). The TSS descriptors' bases fit 16 bits.
align 8
gdt:
	dq 0
	dq 0x00CF9A000000FFFF		; 0x08 code, 32-bit, DPL 0
	dq 0x00CF92000000FFFF		; 0x10 data, DPL 0
	dq 0x00CFFA000000FFFF		; 0x18 code, 32-bit, DPL 3
	dq 0x00CFF2000000FFFF		; 0x20 data, DPL 3
	dq 0x00AF9A000000FFFF		; 0x28 code, 64-bit, DPL 0
	dq 0x00AFFA000000FFFF		; 0x30 code, 64-bit, DPL 3
	dw 0x67, tss32			; 0x38 32-bit TSS, available
	db 0, 0x89, 0, 0
	dw 0x67, tss64			; 0x40 64-bit TSS (16 bytes)
	db 0, 0x89, 0, 0
	dq 0
gdt_end:
gdt_desc:
	dw gdt_end - gdt - 1
	dq gdt

; TSS (SDM Vol. 3A 8.2.1 and 8.7): the ring-0 stack for exceptions from
; ring 3; limit 0x67, so no I/O bitmap (ring 3 uses IOPL 3).
align 16
tss32:	dd 0
	dd RING0_FRAME_TOP		; ESP0
	dd SEL_DATA			; SS0
	times 0x68 - 12 db 0
align 16
tss64:	dd 0
	dq RING0_FRAME_TOP		; RSP0
	times 0x68 - 12 db 0

rm_idt_desc:
	dw 0x3FF
	dd 0
null_idt_desc:			; for the triple fault
	dw 0
	dq 0
align 8
pm_idt:	times (VEC_BACK + 1) * 8 db 0
pm_idt_desc:
	dw (VEC_BACK + 1) * 8 - 1
	dd pm_idt
align 16
lm_idt:	times (VEC_SCI + 1) * 16 db 0
lm_idt_desc:
	dw (VEC_SCI + 1) * 16 - 1
	dq lm_idt

section .text
