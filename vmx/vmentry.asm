; Entering the guest and coming back (SDM Vol. 3C 26 "VM Entries", 28 "VM
; Exits"). C cannot do this: the guest's general-purpose registers must be
; loaded right before VMLAUNCH/VMRESUME and saved right after the exit,
; before any compiled code touches them.
;
;   int vmx_enter(struct guest_regs *regs, int launched);
;
; returns 0 after a VM exit (regs hold the guest's registers), or 1
; (VMfailInvalid) / 2 (VMfailValid) if the VM entry instruction itself
; failed, in which case the guest never ran.
bits 64
section .text

%define VMCS_HOST_RSP 0x6C14

; struct guest_regs offsets (vmx/vcpu.h)
%define R_RAX 0
%define R_RBX 8
%define R_RCX 16
%define R_RDX 24
%define R_RSI 32
%define R_RDI 40
%define R_RBP 48
%define R_R8  56
%define R_R9  64
%define R_R10 72
%define R_R11 80
%define R_R12 88
%define R_R13 96
%define R_R14 104
%define R_R15 112
%define R_HOST_RSP 120

global vmx_enter
global vmx_exit_host_rip

vmx_enter:
	; The System V callee-saved registers: the guest will clobber them.
	push rbp
	push rbx
	push r12
	push r13
	push r14
	push r15
	push rdi		; regs, found again at [rsp] after the exit

	; The exit lands on this very stack (HOST_RSP), at vmx_exit_host_rip.
	; The run loop calls from the same depth every time: write HOST_RSP
	; only when it differs from what this VMCS holds.
	cmp rsp, [rdi + R_HOST_RSP]
	je .host_rsp_set
	mov rax, VMCS_HOST_RSP
	vmwrite rax, rsp
	mov [rdi + R_HOST_RSP], rsp
.host_rsp_set:

	test esi, esi		; launched? (flags survive the MOVs below)

	mov rax, [rdi + R_RAX]
	mov rbx, [rdi + R_RBX]
	mov rcx, [rdi + R_RCX]
	mov rdx, [rdi + R_RDX]
	mov rsi, [rdi + R_RSI]
	mov rbp, [rdi + R_RBP]
	mov r8,  [rdi + R_R8]
	mov r9,  [rdi + R_R9]
	mov r10, [rdi + R_R10]
	mov r11, [rdi + R_R11]
	mov r12, [rdi + R_R12]
	mov r13, [rdi + R_R13]
	mov r14, [rdi + R_R14]
	mov r15, [rdi + R_R15]
	mov rdi, [rdi + R_RDI]

	jnz .resume
	vmlaunch
	jmp .failed
.resume:
	vmresume

.failed:
	; Still in the host, with guest values in the registers: CF=1 is
	; VMfailInvalid, ZF=1 VMfailValid (31.2).
	mov eax, 1
	jc restore_host
	mov eax, 2
	jmp restore_host

vmx_exit_host_rip:
	; A VM exit: RSP is HOST_RSP, so [rsp] is regs. Every other register
	; still holds the guest's value.
	push rdi
	mov rdi, [rsp + 8]
	mov [rdi + R_RAX], rax
	mov [rdi + R_RBX], rbx
	mov [rdi + R_RCX], rcx
	mov [rdi + R_RDX], rdx
	mov [rdi + R_RSI], rsi
	mov [rdi + R_RBP], rbp
	mov [rdi + R_R8],  r8
	mov [rdi + R_R9],  r9
	mov [rdi + R_R10], r10
	mov [rdi + R_R11], r11
	mov [rdi + R_R12], r12
	mov [rdi + R_R13], r13
	mov [rdi + R_R14], r14
	mov [rdi + R_R15], r15
	pop rax			; the guest's RDI
	mov [rdi + R_RDI], rax
	xor eax, eax

restore_host:
	; EAX holds the result. Back to vmx_enter's caller.
	add rsp, 8		; drop regs
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbx
	pop rbp
	ret
