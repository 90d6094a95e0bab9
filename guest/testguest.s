; The built-in test guest: a few instructions that each cause a VM exit,
; checked by the guest itself, with the verdict reported by hypercall (the
; number of the first check that failed, in EBP, or 0).
; Entered in 32-bit protected mode, flat segments, paging off, at 1 MiB
; (the same state the Linux 32-bit boot protocol uses; vmx/vmcs.c).
; Hypercall numbers: guest/hypercall.h.
bits 32
org 0x100000

HC_PING        equ 1
HC_TEST_RESULT equ 2
HC_EXIT_STATS  equ 3
CMOS_FLAG      equ 0x7E	; a CMOS RAM byte no one else uses
CMOS_FLAG_SET  equ 0x5A
RAM_MARK       equ 0x200000	; guest RAM the image does not cover

start:
	mov esp, 0x90000

	; 0. A triple fault resets the machine, and the hypervisor restarts
	;    the guest with fresh RAM: the first time through, a flag goes
	;    into battery-backed CMOS RAM (which keeps it), a word into RAM
	;    above the image, and an IDT of limit 0 turns INT3 into #GP,
	;    #DF, shutdown. The second time, the flag is there and the RAM
	;    word must be zero again (check 12); then the other checks.
	mov al, CMOS_FLAG
	out 0x70, al
	in al, 0x71
	cmp al, CMOS_FLAG_SET
	je .restarted
	mov al, CMOS_FLAG
	out 0x70, al
	mov al, CMOS_FLAG_SET
	out 0x71, al
	mov dword [RAM_MARK], 0xDEADBEEF
	lidt [null_idt]
	int3
.restarted:
	mov ebp, 12
	cmp dword [RAM_MARK], 0
	jne report

	; 1. The hypervisor's CPUID leaf carries its signature.
	mov ebp, 1
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
	mov ebp, 2
	mov eax, 1
	xor ecx, ecx
	cpuid
	bt ecx, 31
	jnc report
	mov ebp, 3
	bt ecx, 5
	jc report

	; 3. OUT to port 0x84 (unused on PCs), where no device listens:
	;    dropped. (Port 0x80, the POST port, is passed through.)
	mov al, 0x42
	out 0x84, al

	; 4. IN from that absent port reads all ones.
	mov ebp, 4
	xor eax, eax
	in al, 0x84
	cmp al, 0xFF
	jne report

	; 5. A hypercall: ping returns its argument plus one.
	mov ebp, 5
	mov eax, HC_PING
	mov ebx, 0x1234
	vmcall
	cmp eax, 0x1235
	jne report

	; 6. HLT with interrupts enabled: the hypervisor resumes the guest.
	sti
	hlt
	cli

	; 7. REP OUTSB to the absent port: one exit for all four bytes, ESI
	;    advanced, ECX counted down to 0.
	mov ebp, 7
	cld
	mov esi, message
	mov ecx, 4
	mov dx, 0x84
	rep outsb
	test ecx, ecx
	jnz report
	cmp esi, message + 4
	jne report

	; 8. REP INSB from it: all ones written to memory, EDI advanced.
	mov ebp, 8
	mov edi, buffer
	mov ecx, 4
	rep insb
	test ecx, ecx
	jnz report
	cmp edi, buffer + 4
	jne report
	cmp dword [buffer], 0xFFFFFFFF
	jne report

	; 9. MMIO to guest-physical space with no device (the HPET's
	;    address; nothing is emulated there): reads are all ones, writes
	;    dropped, the guest goes on. Each access is decoded and emulated
	;    from an EPT violation.
	mov ebp, 9
	xor eax, eax
	mov eax, [0xFED00000]
	cmp eax, 0xFFFFFFFF
	jne report
	mov byte [0xFED00010], 0x5A
	mov ebp, 10
	xor ecx, ecx
	movzx ecx, word [0xFED00020]
	cmp ecx, 0xFFFF
	jne report

	; 11. The exit statistics hypercall prints the table and returns the
	;    number of exits so far, itself included, over both runs: the
	;    first run's 4 CMOS port accesses and the triple fault, then
	;    CMOS 2, CPUID 2, OUT 1, IN 1, VMCALL 2, HLT 1, OUTS 1, INS 1,
	;    EPT violation 3.
	mov ebp, 11
	mov eax, HC_EXIT_STATS
	vmcall
	cmp eax, 19
	jne report

	xor ebp, ebp		; every check passed
report:
	mov eax, HC_TEST_RESULT
	mov ebx, ebp
	vmcall
	; The hypervisor stops the guest at the result; should it not, halt
	; with interrupts off, which stops it too.
.hang:
	cli
	hlt
	jmp .hang

null_idt:
	dw 0
	dd 0
message:
	db "hv!", 10
buffer:
	dd 0
