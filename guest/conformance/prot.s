; 32-bit protected mode, paging off: the cases at CPL 0 and CPL 3, then
; the page tables and the way to long mode. Exceptions go through 32-bit
; interrupt gates; the frame is EIP, CS, EFLAGS (+ ESP, SS from ring 3)
; and the error code where the CPU pushes one, which the common handler
; tells from the frame's depth.
bits 32
%undef M
%define M pm
%define WAX eax
%define WBX ebx
%define WCX ecx
%define WDX edx
%define WSI esi
%define WDI edi
%undef MODE_NAME
%define MODE_NAME "protected mode"
%undef GP_CODE
%define GP_CODE 1
%undef GP_TEXT
%define GP_TEXT "(0)"
%include "lib.inc"

%unmacro TRY 1+
%macro TRY 1+
	mov dword [exp + EV_RIP], %%insn
	mov dword [fixup], %%done
	mov byte [got + EV_VEC], NONE
	mov [saved_sp], esp
	mov [frame_top], esp
	mov dword [frame_plain], 12	; EFLAGS, CS, EIP
%%insn:	%1
%%done:
%endmacro

; TRY_USER instruction: runs it at CPL 3 (IOPL 3), then comes back to
; ring 0 through the VEC_BACK gate, or through the exception it raised.
; Keeps every general register for the instruction.
%macro TRY_USER 1+
	push eax
	mov ax, SEL_UDATA | 3
	mov ds, ax
	mov es, ax
	pop eax
	mov dword [exp + EV_RIP], %%insn
	mov dword [fixup], %%done
	mov byte [got + EV_VEC], NONE
	mov [saved_sp], esp
	mov dword [frame_top], RING0_FRAME_TOP
	mov dword [frame_plain], 20	; SS, ESP, EFLAGS, CS, EIP
	push SEL_UDATA | 3
	push USER_STACK_TOP
	push 0x3002			; IOPL 3, interrupts off
	push SEL_UCODE32 | 3
	push %%insn
	iretd
%%insn:	%1
	int VEC_BACK
%%done:
%endmacro

; edi: 32-bit gate at edi to handler eax, type/DPL byte in dl.
pm_set_gate:
	mov [edi], ax
	mov word [edi + 2], SEL_CODE32
	mov byte [edi + 4], 0
	mov [edi + 5], dl
	shr eax, 16
	mov [edi + 6], ax
	ret

pm_entry:
	mov ax, SEL_DATA
	mov ds, ax
	mov es, ax
	mov fs, ax
	mov gs, ax
	mov ss, ax
	mov esp, STACK_TOP
	mov edi, pm_idt
	mov eax, pm_stubs
	mov ecx, 32
.idt:	push eax
	mov dl, 0x8E			; present, DPL 0, 32-bit interrupt gate
	call pm_set_gate
	pop eax
	add eax, 8
	add edi, 8
	loop .idt
	mov edi, pm_idt + VEC_BACK * 8
	mov eax, pm_back_stub
	mov dl, 0xEE			; the same, DPL 3
	call pm_set_gate
	lidt [pm_idt_desc]
	mov ax, SEL_TSS32
	ltr ax
	PRINT "conformance: protected mode", 10
	cmp byte [run_suite], 0
	je .go
	call pm_cases
.go:	jmp pm_to_long

pm_cases:
	MSR_CASES
	mov ecx, MSR_UNKNOWN
	EXPECT EXC_GP, 1, 0
	TRY_USER rdmsr
	CHECK_EXC MODE_NAME, ": RDMSR at CPL 3 -> #GP(0)"
	CR4_CASES
	IN_CASES
	VMX_CASES TRY, "at CPL 0"
	VMX_CASES TRY_USER, "at CPL 3"
	XSETBV_CASES 1
	xor ecx, ecx
	xor edx, edx
	mov eax, 3
	EXPECT EXC_GP, 1, 0
	TRY_USER xsetbv
	CHECK_EXC MODE_NAME, ": XSETBV at CPL 3 -> #GP(0)"
	VMCALL_CASES
	mov eax, HC_PING
	EXPECT EXC_UD, 0, 0
	TRY_USER vmcall
	CHECK_EXC MODE_NAME, ": VMCALL at CPL 3 -> #UD"
	call pm_pae_cases
	ret

; PAE paging turned on by a MOV to CR0 that exits (it sets CR0.NE, which
; the hypervisor owns), so the hypervisor, not the CPU, loads the PDPTEs
; (SDM Vol. 3A 4.4.1): valid ones are taken; one with a reserved bit set
; is #GP(0), as the CPU's own MOV to CR0 gives.
%macro PAE_CR0_CASE 2
	mov dword [PAE_PDPT], %1
	mov eax, PAE_PDPT
	mov cr3, eax
	mov eax, cr4
	or eax, 1 << 5			; PAE
	mov cr4, eax
	mov eax, cr0
	or eax, 1 << 31 | 1 << 5	; PG, NE
	TRY mov cr0, eax
	mov eax, cr0			; paging off again, NE as before
	and eax, ~(1 << 31 | 1 << 5)
	mov cr0, eax
	mov eax, cr4
	and eax, ~(1 << 5)
	mov cr4, eax
	xor eax, eax
	mov cr3, eax
	CHECK_EXC MODE_NAME, ": MOV to CR0 enabling PAE paging (exits) ", %2
%endmacro
pm_pae_cases:
	mov edi, PAE_PDPT
	xor eax, eax
	mov ecx, 2 * 4096 / 4
	rep stosd
	mov dword [PAE_PD], 0x83	; 2 MiB page at 0: present, writable
	EXPECT NONE, 0, 0
	PAE_CR0_CASE PAE_PD | 1, "with valid PDPTEs -> runs"
	EXPECT EXC_GP, 1, 0
	PAE_CR0_CASE PAE_PD | 3, "with reserved PDPTE bit 1 -> #GP(0)"
	ret

align 8
pm_stubs:
%assign i 0
%rep 32
	push strict byte i
	jmp strict near pm_exc_common
	nop
%assign i i + 1
%endrep
pm_back_stub:
	push strict byte -1		; NONE: came back without an exception
	jmp pm_exc_common

pm_exc_common:
	mov [got + EV_RAX], eax
	mov [got + EV_RBX], ebx
	mov [got + EV_RCX], ecx
	mov [got + EV_RDX], edx
	mov [got + EV_RSI], esi
	mov [got + EV_RDI], edi
	pop eax
	mov [got + EV_VEC], al
	mov ebx, [frame_top]
	sub ebx, esp
	mov byte [got + EV_HASERR], 0
	cmp ebx, [frame_plain]
	jbe .nocode
	pop eax
	mov [got + EV_ERR], eax
	mov byte [got + EV_HASERR], 1
.nocode:
	mov eax, [esp]			; EIP
	mov [got + EV_RIP], eax
	mov eax, cr2
	mov [got + EV_CR2], eax
	mov ax, SEL_DATA
	mov ds, ax
	mov es, ax
	mov esp, [saved_sp]
	jmp [fixup]

; Identity map of the first GiB (layout.inc), PAE, EFER.LME, paging: long
; mode.
pm_to_long:
	mov edi, PML4
	xor eax, eax
	mov ecx, 4 * 4096 / 4
	rep stosd
	mov dword [PML4], PDPT | 7
	mov dword [PDPT], PD | 7
	mov dword [PD], PT | 7
	mov ecx, 1
.pd:	mov eax, ecx
	shl eax, 21
	or eax, 0x87			; 2 MiB page, user, writable, present
	mov [PD + ecx * 8], eax
	inc ecx
	cmp ecx, 512
	jb .pd
	xor ecx, ecx
.pt:	mov eax, ecx
	shl eax, 12
	or eax, 7			; user, writable, present
	mov [PT + ecx * 8], eax
	inc ecx
	cmp ecx, 512
	jb .pt
	mov dword [PT + (UNMAPPED_PAGE >> 12) * 8], 0
	mov eax, cr4
	or eax, 1 << 5			; PAE
	mov cr4, eax
	mov eax, PML4
	mov cr3, eax
	mov ecx, MSR_EFER
	rdmsr
	or eax, 1 << 8			; LME
	wrmsr
	mov eax, cr0
	or eax, 1 << 31			; PG
	mov cr0, eax
	jmp SEL_CODE64:lm_entry
