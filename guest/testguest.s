; The built-in test guest: a few instructions that each cause a VM exit,
; checked by the guest itself, with the verdict reported by hypercall.
; Entered in 32-bit protected mode, flat segments, paging off, at 1 MiB
; (the same state the Linux 32-bit boot protocol uses; vmx/vmcs.c).
; Hypercall numbers: guest/hypercall.h.
bits 32
org 0x100000

HC_PING        equ 1
HC_TEST_RESULT equ 2

start:
	mov esp, 0x90000

	; 1. The hypervisor's CPUID leaf carries its signature.
	mov edi, 1
	mov eax, 0x40000000
	xor ecx, ecx
	cpuid
	cmp ebx, 'hvba'
	jne report
	cmp ecx, 'reme'
	jne report
	cmp edx, 'tal!'
	jne report

	; 2. CPUID.1: hypervisor-present bit set, VMX hidden.
	mov edi, 2
	mov eax, 1
	xor ecx, ecx
	cpuid
	bt ecx, 31
	jnc report
	mov edi, 3
	bt ecx, 5
	jc report

	; 3. OUT to the POST port, where no device listens: dropped.
	mov al, 0x42
	out 0x80, al

	; 4. IN from that absent port reads all ones.
	mov edi, 4
	xor eax, eax
	in al, 0x80
	cmp al, 0xFF
	jne report

	; 5. A hypercall: ping returns its argument plus one.
	mov edi, 5
	mov eax, HC_PING
	mov ebx, 0x1234
	vmcall
	cmp eax, 0x1235
	jne report

	; 6. HLT with interrupts enabled: the hypervisor resumes the guest.
	sti
	hlt
	cli

	xor edi, edi		; every check passed
report:
	mov eax, HC_TEST_RESULT
	mov ebx, edi
	vmcall
	; The hypervisor stops the guest at the result; should it not, halt
	; with interrupts off, which stops it too.
.hang:
	cli
	hlt
	jmp .hang
