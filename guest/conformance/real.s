; Real mode: the entry, the cmdline, the real-mode cases, and the way to
; protected mode. Exceptions arrive through the IVT at 0 with no error
; code ever (SDM Vol. 3A 21.1.4): the stubs below measure the frame the
; CPU pushed, so an error code the hypervisor wrongly delivered would show.
bits 16
	jmp start			; the image's first byte is its entry
%define M rm
%define WAX eax
%define WBX ebx
%define WCX ecx
%define WDX edx
%define WSI esi
%define WDI edi
%define MODE_NAME "real mode"
%define GP_CODE 0
%define GP_TEXT " without error code"
%include "lib.inc"
%include "cases.inc"

; TRY instruction: runs it; an exception is recorded in got and execution
; goes on after it.
%macro TRY 1+
	mov dword [exp + EV_RIP], %%insn
	mov word [fixup], %%done
	mov byte [got + EV_VEC], NONE
	mov [saved_sp], esp
	mov [frame_top], esp
	mov dword [frame_plain], 6	; FLAGS, CS, IP
%%insn:	%1
%%done:
%endmacro

start:
	cli
	cld
	xor ax, ax
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov esp, RM_STACK_TOP
	; IVT entries 0-31 to the stubs, 8 bytes apart.
	xor bx, bx
	mov ax, rm_stubs
.ivt:	mov [bx], ax
	mov word [bx + 2], 0
	add ax, 8
	add bx, 4
	cmp bx, 32 * 4
	jb .ivt
	lidt [rm_idt_desc]
	PRINT "conformance: real mode", 10
	call rm_cmdline
	call rm_reset_mark
	cmp byte [run_suite], 0
	je .go
	call rm_cases
.go:	jmp rm_to_protected

; The cmdline chooses the last act (layout.inc ACT_*).
rm_cmdline:
	mov si, CMDLINE
	cmp byte [si], 0
	je .done
	mov byte [run_suite], 0
	mov byte [act], ACT_CF9
	STRADDR di, "reset=cf9"
	call rm_streq
	je .done
	mov byte [act], ACT_92
	STRADDR di, "reset=92"
	call rm_streq
	je .done
	mov byte [act], ACT_64
	STRADDR di, "reset=64"
	call rm_streq
	je .done
	mov byte [act], ACT_TRIPLE
	STRADDR di, "triple-fault"
	call rm_streq
	je .done
	mov byte [act], ACT_DF_SHUTDOWN
	STRADDR di, "double-fault-shutdown"
	call rm_streq
	je .done
	mov byte [act], ACT_IDT_ABSENT
	STRADDR di, "idt-absent"
	call rm_streq
	je .done
	mov byte [act], ACT_NONE
	mov byte [run_suite], 1
	STRADDR esi, "cmdline is empty or one of reset=cf9, reset=92, reset=64, triple-fault, double-fault-shutdown, idt-absent"
	call rm_fail_start
	mov esi, CMDLINE
	call rm_puts
	PRINT " vs one of them)", 10
.done:	ret

; After a reset XCR0 is 1, x87 only (SDM Vol. 1 13.3), whatever the guest
; set before it (the acts set XCR0 = 3 first where there is XSAVE).
rm_xcr0_after_reset:
	mov eax, 1
	xor ecx, ecx
	cpuid
	bt ecx, 26
	jnc .out
	mov eax, cr4
	or eax, 1 << 18			; OSXSAVE
	mov cr4, eax
	xor ecx, ecx
	xgetbv
	mov ebx, 1
	CHECK_VAL MODE_NAME, ": XCR0 after the reset is 0x1 (x87 only)"
	mov eax, cr4
	and eax, ~(1 << 18)
	mov cr4, eax
.out:	ret

; ZF set if the strings at si and di are equal.
rm_streq:
	push si
	push di
.next:	mov al, [si]
	cmp al, [di]
	jne .out
	inc si
	inc di
	test al, al
	jnz .next
.out:	pop di
	pop si
	ret

; A reset this guest asked for, if the hypervisor restarted it rather than
; ending the run: the mark in CMOS RAM says which.
rm_reset_mark:
	mov al, CMOS_MARK
	out CMOS_INDEX, al
	in al, CMOS_DATA
	test al, al
	jz .none
	push ax
	mov al, 0
	out CMOS_DATA, al
	pop ax
	mov byte [act], ACT_NONE
	mov byte [run_suite], 0
	STRADDR esi, "reset through port 0xCF9 restarted the guest"
	cmp al, ACT_CF9
	je .pass
	STRADDR esi, "reset through port 0x92 restarted the guest"
	cmp al, ACT_92
	je .pass
	STRADDR esi, "reset through the i8042 (0xFE to port 0x64) restarted the guest"
	cmp al, ACT_64
	je .pass
	STRADDR esi, "shutdown while delivering #DF restarted the guest"
	cmp al, ACT_DF_SHUTDOWN
	je .pass
	STRADDR esi, "triple fault restarted the guest"
.pass:	call rm_pass
	call rm_xcr0_after_reset
.none:	ret

rm_cases:
	MSR_CASES
	CR4_CASES
	IN_CASES
	call rm_string_io_cases
	VMX_CASES TRY, "in real mode"
	XSETBV_CASES 0
	VMCALL_CASES
	ret

; String I/O with 16-bit addresses: REP INSB whose DI wraps at 64 KiB
; inside ES (base 0x20000), keeping the upper halves of EDI and ECX; OUTSB
; with an FS override, into CMOS RAM, which reads it back.
rm_string_io_cases:
	mov ax, 0x2000
	mov es, ax
	mov word [es:0xFFFE], 0
	mov word [es:0], 0
	mov edi, 0x1234FFFE
	mov ecx, 0x56780004
	mov dx, ABSENT_PORT
	cld
	rep insb
	mov ax, [es:0]
	shl eax, 16
	mov ax, [es:0xFFFE]
	push eax
	xor ax, ax
	mov es, ax
	push ecx
	mov eax, edi
	mov ebx, 0x12340002
	CHECK_VAL MODE_NAME, ": REP INSB with DI wrapping at 64 KiB: EDI 0x1234fffe -> 0x12340002"
	pop eax
	mov ebx, 0x56780000
	CHECK_VAL MODE_NAME, ": REP INSB with a 16-bit count: ECX 0x56780004 -> 0x56780000"
	pop eax
	mov ebx, 0xFFFFFFFF
	CHECK_VAL MODE_NAME, ": REP INSB with DI wrapping: ES:FFFE, ES:FFFF, ES:0, ES:1 read all ones"
	mov al, 0x7D			; a free CMOS RAM byte
	out CMOS_INDEX, al
	mov ax, 0x3000
	mov fs, ax
	mov si, RM_SCRATCH
	mov byte [si], 0x5A
	mov byte [fs:si], 0xA5
	mov dx, CMOS_DATA
	fs outsb
	xor eax, eax
	in al, CMOS_DATA
	mov ebx, 0xA5
	CHECK_VAL MODE_NAME, ": OUTSB with an FS override reads FS:SI (into CMOS RAM and back)"
	xor ax, ax
	mov fs, ax
	ret

; Exception stubs: push the vector, go to the common part.
align 8
rm_stubs:
%assign i 0
%rep 32
	push strict byte i
	jmp strict near rm_exc_common
	times 3 nop
%assign i i + 1
%endrep

rm_exc_common:
	mov [got + EV_RAX], eax
	mov [got + EV_RBX], ebx
	mov [got + EV_RCX], ecx
	mov [got + EV_RDX], edx
	mov [got + EV_RSI], esi
	mov [got + EV_RDI], edi
	pop ax
	mov [got + EV_VEC], al
	mov ebx, [frame_top]
	sub bx, sp			; depth of the CPU's frame
	mov byte [got + EV_HASERR], 0
	cmp bx, [frame_plain]
	jbe .nocode
	pop ax
	movzx eax, ax
	mov [got + EV_ERR], eax
	mov byte [got + EV_HASERR], 1
.nocode:
	mov bx, sp
	movzx eax, word [bx]		; IP
	mov [got + EV_RIP], eax
	mov esp, [saved_sp]
	jmp word [fixup]

rm_to_protected:
	o32 lgdt [gdt_desc]
	mov eax, cr0
	or eax, 1			; PE
	mov cr0, eax
	jmp dword SEL_CODE32:pm_entry
