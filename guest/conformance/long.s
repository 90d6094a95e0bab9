; Long mode (64-bit, 4-level paging): the cases at CPL 0 and CPL 3,
; string I/O into an unmapped page, hidden instructions, then the last
; act: the verdict, a reset or a triple fault. Exceptions go through
; 64-bit interrupt gates: the CPU aligns RSP to 16 and pushes SS, RSP,
; RFLAGS, CS, RIP (+ the error code) at every privilege level.
bits 64
%undef M
%define M lm
%define WAX rax
%define WBX rbx
%define WCX rcx
%define WDX rdx
%define WSI rsi
%define WDI rdi
%undef MODE_NAME
%define MODE_NAME "long mode"
%include "lib.inc"

%unmacro TRY 1+
%macro TRY 1+
	mov qword [exp + EV_RIP], %%insn
	mov qword [fixup], %%done
	mov byte [got + EV_VEC], NONE
	mov [saved_sp], rsp
	mov [frame_top], rsp
%%insn:	%1
%%done:
%endmacro

%unmacro TRY_USER 1+
%macro TRY_USER 1+
	mov qword [exp + EV_RIP], %%insn
	mov qword [fixup], %%done
	mov byte [got + EV_VEC], NONE
	mov [saved_sp], rsp
	mov qword [frame_top], RING0_FRAME_TOP
	push SEL_UDATA | 3
	push USER_STACK_TOP
	push 0x3002			; IOPL 3, interrupts off
	push SEL_UCODE64 | 3
	push %%insn
	iretq
%%insn:	%1
	int VEC_BACK
%%done:
%endmacro

; rdi: 64-bit gate at rdi to handler rax, type/DPL byte in dl.
lm_set_gate:
	mov [rdi], ax
	mov word [rdi + 2], SEL_CODE64
	mov byte [rdi + 4], 0
	mov [rdi + 5], dl
	shr rax, 16
	mov [rdi + 6], ax
	shr rax, 16
	mov [rdi + 8], eax
	mov dword [rdi + 12], 0
	ret

lm_entry:
	mov ax, SEL_DATA
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov rsp, STACK_TOP
	mov rdi, lm_idt
	mov rax, lm_stubs
	mov ecx, 32
.idt:	push rax
	mov dl, 0x8E			; present, DPL 0, 64-bit interrupt gate
	call lm_set_gate
	pop rax
	add rax, 8
	add rdi, 16
	loop .idt
	mov rdi, lm_idt + VEC_BACK * 16
	mov rax, lm_back_stub
	mov dl, 0xEE			; the same, DPL 3
	call lm_set_gate
	lidt [lm_idt_desc]
	mov ax, SEL_TSS64
	ltr ax
	PRINT "conformance: long mode", 10
	cmp byte [run_suite], 0
	je .act
	call lm_cases
.act:	movzx eax, byte [act]
	cmp al, ACT_CF9
	je lm_reset_cf9
	cmp al, ACT_92
	je lm_reset_92
	cmp al, ACT_64
	je lm_reset_64
	cmp al, ACT_TRIPLE
	je lm_triple_fault
	cmp al, ACT_DF_SHUTDOWN
	je lm_df_shutdown
	cmp al, ACT_IDT_ABSENT
	je lm_idt_absent
	jmp lm_verdict

lm_cases:
	MSR_CASES
	mov ecx, MSR_UNKNOWN
	EXPECT EXC_GP, 1, 0
	TRY_USER rdmsr
	CHECK_EXC MODE_NAME, ": RDMSR at CPL 3 -> #GP(0)"
	CR4_CASES
	IN_CASES
	mov dx, ABSENT_PORT
	mov rax, -1
	in eax, dx
	mov ebx, 0xFFFFFFFF
	CHECK_VAL MODE_NAME, ": IN EAX from absent port 0x84 zero-extends RAX"
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
	call lm_string_io_cases
	call lm_cr8_cases
	call lm_cpuid_cases
	call lm_hidden_cases
	call lm_tsc_cases
	call lm_event_cases
	ret

; CR8, the task priority: what is written reads back; bits 63:4 are
; reserved (SDM Vol. 3A 2.5).
lm_cr8_cases:
	mov eax, 5
	mov cr8, rax
	mov rax, cr8
	mov ebx, 5
	CHECK_VAL MODE_NAME, ": MOV to CR8 0x5 reads back 0x5"
	mov eax, 0x10
	EXPECT EXC_GP, 1, 0
	TRY mov cr8, rax
	CHECK_EXC MODE_NAME, ": MOV to CR8 with reserved bit 4 -> #GP(0)"
	mov rax, cr8
	mov ebx, 5
	CHECK_VAL MODE_NAME, ": CR8 still 0x5 after the refused write"
	xor eax, eax
	mov cr8, rax
	ret

; What CPUID says about the CPU the guest runs on.
lm_cpuid_cases:
	mov eax, 0x40000000
	xor ecx, ecx
	cpuid
	mov eax, ebx
	shl rdx, 32
	or rax, rdx			; "hvba" in EAX, "tal!" above it
	mov rbx, 0x216c617461627668
	CHECK_VAL MODE_NAME, ": CPUID 0x40000000 signature hvbaremetal! (EBX, EDX)"
	mov eax, 1
	xor ecx, ecx
	cpuid
	mov eax, ecx
	and eax, 1 << 31 | 1 << 5 | 1 << 6
	mov ebx, 1 << 31
	CHECK_VAL MODE_NAME, ": CPUID.1:ECX hypervisor set, VMX and SMX clear"
	mov ecx, 0x3A			; IA32_FEATURE_CONTROL
	rdmsr
	and eax, 7
	mov ebx, 1
	CHECK_VAL MODE_NAME, ": IA32_FEATURE_CONTROL locked with VMX off"
	ret

; WRMSR IA32_TSC sets the guest's TSC: RDTSC and RDMSR then read the value
; written plus the cycles since (less than 2^32 of them).
%macro TSC_READ_CASE 2
	%1
	sub rax, rbx
	shr rax, 32
	push rbx
	xor ebx, ebx
	CHECK_VAL MODE_NAME, ": ", %2, " after WRMSR IA32_TSC reads the value written (+ < 2^32)"
	pop rbx
%endmacro
lm_tsc_cases:
	mov ecx, 0x10			; IA32_TSC
	xor eax, eax
	mov edx, 0x1000
	wrmsr
	mov rbx, 0x100000000000
	TSC_READ_CASE call lm_rdtsc, "RDTSC"
	TSC_READ_CASE call lm_rdmsr_tsc, "RDMSR IA32_TSC"
	ret
lm_rdtsc:
	rdtsc
	shl rdx, 32
	or rax, rdx
	ret
lm_rdmsr_tsc:
	mov ecx, 0x10
	rdmsr
	shl rdx, 32
	or rax, rdx
	ret

; REP INSB/OUTSB of 4 bytes starting 2 bytes below UNMAPPED_PAGE: two
; bytes move, then #PF at the page's first byte with the access's error
; code (SDM Vol. 3A 4.7: W for INS, U at CPL 3; P clear), RIP at the
; instruction, RCX and RDI/RSI counting the two bytes done.
%macro STRING_IO_CASE 5
	mov dx, ABSENT_PORT
	mov rdi, UNMAPPED_PAGE - 2
	mov rsi, UNMAPPED_PAGE - 2
	mov word [UNMAPPED_PAGE - 2], 0
	mov ecx, 4
	cld
	EXPECT EXC_PF, 1, %3
	mov dword [exp + EV_CR2], UNMAPPED_PAGE
	%1 rep %2
	CHECK_EXC MODE_NAME, ": REP ", %5, " into an unmapped page -> #PF(", %4, ") at its first byte"
	mov rax, [got + EV_RCX]
	mov ebx, 2
	CHECK_VAL MODE_NAME, ": REP ", %5, " stopped by #PF: RCX counts the 2 bytes done"
%endmacro

lm_string_io_cases:
	STRING_IO_CASE TRY, insb, 2, "0x2", "INSB at CPL 0"
	mov rax, [got + EV_RDI]
	mov ebx, UNMAPPED_PAGE
	CHECK_VAL MODE_NAME, ": REP INSB at CPL 0 stopped by #PF: RDI at the page"
	movzx eax, word [UNMAPPED_PAGE - 2]
	mov ebx, 0xFFFF
	CHECK_VAL MODE_NAME, ": REP INSB at CPL 0 stopped by #PF: the 2 bytes read all ones"
	STRING_IO_CASE TRY, outsb, 0, "0x0", "OUTSB at CPL 0"
	mov rax, [got + EV_RSI]
	mov ebx, UNMAPPED_PAGE
	CHECK_VAL MODE_NAME, ": REP OUTSB at CPL 0 stopped by #PF: RSI at the page"
	STRING_IO_CASE TRY_USER, insb, 6, "0x6", "INSB at CPL 3"
	STRING_IO_CASE TRY_USER, outsb, 4, "0x4", "OUTSB at CPL 3"
	ret

; An instruction CPUID does not offer raises #UD; one it offers runs
; (SDM Vol. 3C 26.3: the secondary controls that make RDTSCP, INVPCID and
; XSAVES #UD; RDRAND/RDSEED exiting). FEATURE_CASE leaf, subleaf, register,
; bit, name, setup (one instruction), instruction.
%macro FEATURE_CASE 7+
	mov eax, %1
	mov ecx, %2
	cpuid
	bt %3, %4
	jc %%offered
	xor ecx, ecx
	%6
	EXPECT EXC_UD, 0, 0
	TRY %7
	CHECK_EXC MODE_NAME, ": ", %5, " hidden by CPUID -> #UD"
	jmp %%end
%%offered:
	xor ecx, ecx
	%6
	EXPECT NONE, 0, 0
	TRY %7
	CHECK_EXC MODE_NAME, ": ", %5, " offered by CPUID -> runs"
%%end:
%endmacro

lm_hidden_cases:
	FEATURE_CASE 1, 0, ecx, 30, "RDRAND", nop, rdrand eax
	FEATURE_CASE 7, 0, ebx, 18, "RDSEED", nop, rdseed eax
	FEATURE_CASE 0x80000001, 0, edx, 27, "RDTSCP", nop, rdtscp
	FEATURE_CASE 7, 0, ecx, 22, "RDPID", nop, rdpid rax
	FEATURE_CASE 7, 0, ebx, 10, "INVPCID", {mov eax, 2}, invpcid rax, [scratch]
	FEATURE_CASE 0xD, 1, eax, 3, "XSAVES", nop, xsaves [XSAVE_AREA]
	FEATURE_CASE 1, 0, ecx, 3, "MONITOR", {mov eax, scratch}, monitor
	FEATURE_CASE 1, 0, ecx, 3, "MWAIT", {xor eax, eax}, mwait
	ret

; eax in decimal.
lm_putdec:
	push rax
	push rbx
	push rcx
	push rdx
	mov ebx, 10
	xor ecx, ecx
.div:	xor edx, edx
	div ebx
	push rdx
	inc ecx
	test eax, eax
	jnz .div
.out:	pop rax
	add al, '0'
	call lm_putc
	loop .out
	pop rdx
	pop rcx
	pop rbx
	pop rax
	ret

; "conformance: N passed, M failed", then the verdict: HC_TEST_RESULT
; with the number of failed cases. The hypervisor ends the run there.
lm_verdict:
	PRINT "conformance: "
	mov eax, [n_pass]
	call lm_putdec
	PRINT " passed, "
	mov eax, [n_fail]
	call lm_putdec
	PRINT " failed", 10
	mov eax, HC_TEST_RESULT
	mov ebx, [n_fail]
	vmcall
lm_hang:
	cli
	hlt
	jmp lm_hang

; Marks the reset in CMOS RAM (for a restarted guest to find), then asks
; for it. A run that goes on past it fails the case. XCR0 is set to
; x87|SSE first where there is XSAVE: the restarted guest finds it 1.
lm_mark:
	push rax
	call lm_xcr0_dirty
	mov al, CMOS_MARK
	out CMOS_INDEX, al
	pop rax
	out CMOS_DATA, al
	ret

lm_reset_cf9:
	mov al, ACT_CF9
	call lm_mark
	PRINT "conformance: resetting through port 0xCF9", 10
	mov dx, 0xCF9
	mov al, 0x06			; reset CPU, hard reset
	out dx, al
	STRADDR rsi, "reset through port 0xCF9"
	jmp lm_not_reset

lm_reset_92:
	mov al, ACT_92
	call lm_mark
	PRINT "conformance: resetting through port 0x92", 10
	in al, 0x92
	or al, 1			; fast reset
	out 0x92, al
	STRADDR rsi, "reset through port 0x92"
	jmp lm_not_reset

lm_reset_64:
	mov al, ACT_64
	call lm_mark
	PRINT "conformance: resetting through the i8042 (0xFE to port 0x64)", 10
	mov al, 0xFE
	out 0x64, al
	STRADDR rsi, "reset through the i8042"
	jmp lm_not_reset

lm_not_reset:
	call lm_fail_start
	PRINT "the guest kept running vs a reset)", 10
	mov al, 0
	call lm_mark
	jmp lm_verdict

; No IDT: #UD cannot be delivered, nor the #GP that follows, nor #DF:
; the CPU shuts down (SDM Vol. 3A 6.15, interrupt 8). Marked like a reset:
; a hypervisor may stop the guest or restart it, as a PC's chipset would.
lm_triple_fault:
	mov al, ACT_TRIPLE
	call lm_mark
	PRINT "conformance: triple fault at "
	mov rax, .ud
	call lm_puthex
	PRINT 10
	lidt [null_idt_desc]
.ud:	ud2
	STRADDR rsi, "triple fault"
	jmp lm_not_reset

align 8
lm_stubs:
%assign i 0
%rep 32
	push strict byte i
	jmp strict near lm_exc_common
	nop
%assign i i + 1
%endrep
lm_back_stub:
	push strict byte -1		; NONE: came back without an exception
	jmp lm_exc_common

lm_exc_common:
	mov [got + EV_RAX], rax
	mov [got + EV_RBX], rbx
	mov [got + EV_RCX], rcx
	mov [got + EV_RDX], rdx
	mov [got + EV_RSI], rsi
	mov [got + EV_RDI], rdi
	pop rax
	mov [got + EV_VEC], al
	mov rbx, [frame_top]
	and rbx, ~0xF
	sub rbx, rsp
	mov byte [got + EV_HASERR], 0
	cmp rbx, 40			; SS, RSP, RFLAGS, CS, RIP
	jbe .nocode
	pop rax
	mov [got + EV_ERR], rax
	mov byte [got + EV_HASERR], 1
.nocode:
	mov rax, [rsp]			; RIP
	mov [got + EV_RIP], rax
	mov rax, cr2
	mov [got + EV_CR2], rax
	mov rsp, [saved_sp]
	jmp [fixup]
