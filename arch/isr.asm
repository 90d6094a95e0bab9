; Interrupt entry stubs for all 256 vectors (SDM Vol. 3A 6.14.2 "64-Bit
; Mode Stack Frame"). Every stub but the NMI's leaves the same frame: an
; error code (the CPU's, or a 0 pushed here for vectors that have none),
; then the vector number; isr_common saves the general-purpose registers on
; top and calls trap_handler(frame), which reports the fault and never
; returns. See struct trap_frame in arch/trap.h.
;
; The table has all 256 vectors because VM exit loads the host's IDTR limit
; as 0xFFFF (SDM Vol. 3C 28.5.2): with 256 gates every vector the CPU can
; deliver lands on a gate of this table, whatever the limit says.
;
; An NMI (vector 2) is not a fault: it comes from the platform while the
; host runs, and belongs to the guest, the machine's only OS. nmi_entry
; counts it for the run loop to inject into the guest (vmx/nmi_injection.c)
; and returns with IRETQ, which also ends the CPU's NMI blocking.
bits 64
section .text

extern trap_handler
extern host_nmi_count
extern host_interrupt
global isr_table
global irq_table

; Vectors for which the CPU pushes an error code (Table 6-1).
%define HAS_ERR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

%macro ISR 1
isr_%1:
%if %1 == 2
	jmp nmi_entry
%else
%if HAS_ERR(%1) == 0
	push 0
%endif
	push %1
	jmp isr_common
%endif
%endmacro

%assign i 0
%rep 256
ISR i
%assign i i+1
%endrep

nmi_entry:
	lock inc qword [rel host_nmi_count]
	iretq

isr_common:
	cld
	push rax
	push rbx
	push rcx
	push rdx
	push rsi
	push rdi
	push rbp
	push r8
	push r9
	push r10
	push r11
	push r12
	push r13
	push r14
	push r15
	mov rdi, rsp
	and rsp, -16		; the ABI's stack alignment for the call
	call trap_handler
.hang:
	cli
	hlt
	jmp .hang

; External interrupts, vectors 32-255: only while the host waits in
; host_wait_until() (arch/host_irq.c) with interrupts enabled. Each stub
; pushes its vector; irq_common saves the registers a C call may clobber,
; calls host_interrupt(vector) and returns to the interrupted code.
%macro IRQ 1
irq_%1:
	push %1
	jmp irq_common
%endmacro

%assign i 32
%rep 224
IRQ i
%assign i i+1
%endrep

irq_common:
	; The CPU aligned RSP to 16 before its 5-word frame; with the vector
	; and these 9 registers one more word keeps the call aligned.
	cld
	push rax
	push rcx
	push rdx
	push rsi
	push rdi
	push r8
	push r9
	push r10
	push r11
	sub rsp, 8
	mov rdi, [rsp + 80]	; the vector
	call host_interrupt
	add rsp, 8
	pop r11
	pop r10
	pop r9
	pop r8
	pop rdi
	pop rsi
	pop rdx
	pop rcx
	pop rax
	add rsp, 8		; the vector
	iretq

section .rodata
isr_table:
%assign i 0
%rep 256
	dq isr_ %+ i
%assign i i+1
%endrep
irq_table:
%assign i 32
%rep 224
	dq irq_ %+ i
%assign i i+1
%endrep
