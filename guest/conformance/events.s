; Events as the SDM delivers them, in long mode (assembled after long.s,
; with its TRY and CHECK macros): NMIs from the local APIC and the IOAPIC
; (Vol. 3A 6.7.1, 11.6.1), NMI blocking until IRET (6.7.1), HLT woken by an
; NMI with interrupts off (Vol. 2A "HLT"), a fault while delivering a fault
; (6.15, Table 6-5), MOV to CR0 leaving paging in 64-bit mode (4.1.1), an
; instruction the hypervisor cannot emulate on absent space, and the two
; last acts that end a run: a shutdown while delivering #DF, and an IDT in
; absent space.

[section .data]
align 8
nmi_rip:	dq 0		; where the last NMI interrupted
nmi_count:	dd 0		; NMIs taken
nmi_inside:	dd 0		; nmi_count just after the handler sent one
nmi_resend:	db 0		; the handler sends itself one more NMI
align 4
sci_count:	dd 0		; SCIs taken
sci_sts:	dd 0		; PM1_STS as the SCI handler found it
__SECT__

; The NMI handler (vector 2) for these cases: counts, notes where, and
; returns with IRET, which ends NMI blocking. With nmi_resend it sends an
; NMI to itself first: blocked until the IRET, so it must not nest.
lm_nmi_handler:
	push rax
	inc dword [nmi_count]
	mov rax, [rsp + 8]
	mov [nmi_rip], rax
	cmp byte [nmi_resend], 0
	je .out
	mov byte [nmi_resend], 0
	mov eax, LAPIC_ICR_LO		; above 2 GiB: not a disp32
	mov dword [rax], ICR_SELF_NMI
	mov eax, [nmi_count]
	mov [nmi_inside], eax
.out:	pop rax
	iretq

; The SCI (vector VEC_SCI): counts, notes PM1_STS, clears the power
; button's status (the level drops) and ends the interrupt with an EOI.
lm_sci_handler:
	push rax
	push rdx
	inc dword [sci_count]
	mov dx, ACPI_PM1_STS
	in ax, dx
	mov [sci_sts], ax
	mov ax, ACPI_PWRBTN		; write 1 to clear
	out dx, ax
	mov eax, LAPIC_BASE + 0xB0	; EOI
	mov dword [rax], 0
	pop rdx
	pop rax
	iretq

; Gate 2 to the handler above, or back to the common stub.
lm_nmi_gate_handler:
	mov rdi, lm_idt + EXC_NMI * 16
	mov rax, lm_nmi_handler
	mov dl, 0x8E
	jmp lm_set_gate
lm_nmi_gate_stub:
	mov rdi, lm_idt + EXC_NMI * 16
	mov rax, lm_stubs + EXC_NMI * 8
	mov dl, 0x8E
	jmp lm_set_gate

; The 4th GiB: 2 MiB pages at the IOAPIC and the local APIC, uncached
; (PCD, PWT), and the 2nd GiB through a page table in absent space.
lm_map_event_pages:
	mov edi, PD_HIGH
	xor eax, eax
	mov ecx, 2 * 4096 / 4
	rep stosd
	mov dword [PD_HIGH + ((IOAPIC_BASE - 0xC0000000) >> 21) * 8], IOAPIC_BASE | 0x9B
	mov dword [PD_HIGH + ((LAPIC_BASE - 0xC0000000) >> 21) * 8], LAPIC_BASE | 0x9B
	mov dword [PDPT + 3 * 8], PD_HIGH | 3
	mov dword [PD_BADPT], ABSENT_PT_GPA | 3
	mov dword [PDPT + 1 * 8], PD_BADPT | 3
	mov rax, cr3
	mov cr3, rax
	ret

; #DF on IST1, a good stack: the TSS's IST1 and the gate's IST field.
lm_df_on_ist:
	mov qword [tss64 + 0x24], DF_STACK_TOP
	mov byte [lm_idt + EXC_DF * 16 + 4], 1
	ret

lm_event_cases:
	call lm_map_event_pages
	call lm_nmi_gate_handler

	; MOV to CR0 clearing PG in 64-bit mode: #GP(0), and the guest runs
	; on in long mode. The write flips NE too, a bit the hypervisor
	; owns, so that it exits and the hypervisor decides, not the CPU.
	mov rax, cr0
	btr eax, 31
	btc eax, 5
	EXPECT EXC_GP, 1, 0
	TRY mov cr0, rax
	CHECK_EXC MODE_NAME, ": MOV to CR0 clearing PG (and flipping NE: exits) in 64-bit mode -> #GP(0)"
	; Reserved bit 6 in a write that exits (NE flipped again) is
	; ignored: it reads 0.
	mov rax, cr0
	mov rcx, rax
	btc eax, 5
	bts eax, 6
	mov cr0, rax
	mov rax, cr0
	mov cr0, rcx
	and eax, 1 << 6
	xor ebx, ebx
	CHECK_VAL MODE_NAME, ": MOV to CR0 setting reserved bit 6 (and flipping NE: exits): bit 6 reads 0"

	; An NMI IPI to self arrives once, right after the ICR write.
	mov dword [nmi_count], 0
	mov r8d, LAPIC_BASE		; above 2 GiB: not a disp32
	mov r9d, IOAPIC_BASE
	mov dword [r8 + 0x310], 0	; ICR high
	mov dword [r8 + 0x300], ICR_SELF_NMI
.self:	mov eax, [nmi_count]
	mov ebx, 1
	CHECK_VAL MODE_NAME, ": NMI IPI to self (ICR) arrives once"
	mov rax, [nmi_rip]
	mov rbx, .self
	CHECK_VAL MODE_NAME, ": NMI IPI to self arrives right after the ICR write"

	; An NMI sent from the NMI handler waits for its IRET.
	mov dword [nmi_count], 0
	mov byte [nmi_resend], 1
	mov dword [r8 + 0x300], ICR_SELF_NMI
	mov eax, [nmi_inside]
	mov ebx, 1
	CHECK_VAL MODE_NAME, ": NMI sent inside the NMI handler is blocked until IRET"
	mov eax, [nmi_count]
	mov ebx, 2
	CHECK_VAL MODE_NAME, ": NMI sent inside the NMI handler arrives after IRET"

	; HLT with interrupts off, woken by an NMI: the PIT's one-shot on
	; IOAPIC pin 2 in NMI mode. The 8259 is masked.
	mov al, 0xFF
	out 0x21, al
	out 0xA1, al
	mov al, 0x30			; channel 0, lo/hi byte, mode 0
	out 0x43, al
	mov al, 0xFF			; 65535 ticks: 55 ms
	out 0x40, al
	out 0x40, al
	mov dword [r9], 0x15		; entry 2, high: APIC ID 0
	mov dword [r9 + 0x10], 0
	mov dword [r9], 0x14		; entry 2, low: NMI, edge
	mov dword [r9 + 0x10], 0x400
	mov dword [nmi_count], 0
	cli
	hlt
.woke:	mov dword [r9 + 0x10], 0x10000	; masked again
	mov eax, [nmi_count]
	mov ebx, 1
	CHECK_VAL MODE_NAME, ": HLT with IF=0 is woken by an NMI (PIT through IOAPIC pin 2)"
	mov rax, [nmi_rip]
	mov rbx, .woke
	CHECK_VAL MODE_NAME, ": the NMI that woke HLT returns after the HLT"

	; The NMI button pulses LINT1, which a BIOS leaves in NMI mode;
	; masked, it gives nothing.
	mov dword [nmi_count], 0
	mov eax, HC_PRESS_BUTTON
	mov ebx, 1
	vmcall
.lint1:	mov eax, [nmi_count]
	mov ebx, 1
	CHECK_VAL MODE_NAME, ": NMI button (LINT1 in NMI mode) gives one NMI"
	mov rax, [nmi_rip]
	mov rbx, .lint1
	CHECK_VAL MODE_NAME, ": the LINT1 NMI arrives right after the button's VMCALL"
	mov dword [r8 + 0x360], 0x10400	; LVT LINT1: NMI, masked
	mov eax, HC_PRESS_BUTTON
	mov ebx, 1
	vmcall
	mov eax, [nmi_count]
	mov ebx, 1
	CHECK_VAL MODE_NAME, ": NMI button with LINT1 masked gives none"
	mov dword [r8 + 0x360], 0x400
	call lm_nmi_gate_stub

	; The ACPI SCI in APIC mode: the power button's status with
	; PWRBTN_EN raises the SCI, a level on GSI 9 (the MADT's override:
	; level, active high), which the IOAPIC sends to vector VEC_SCI.
	mov rdi, lm_idt + VEC_SCI * 16
	mov rax, lm_sci_handler
	mov dl, 0x8E
	call lm_set_gate
	mov dword [sci_count], 0
	mov dword [r9], 0x23		; entry 9, high: APIC ID 0
	mov dword [r9 + 0x10], 0
	mov dword [r9], 0x22		; entry 9, low: fixed, level, high
	mov dword [r9 + 0x10], 0x8000 | VEC_SCI
	mov dx, ACPI_PM1_EN
	mov ax, ACPI_PWRBTN
	out dx, ax
	mov eax, HC_PRESS_BUTTON
	mov ebx, 2
	sti
	vmcall
	nop
	cli
	mov eax, [sci_count]
	mov ebx, 1
	CHECK_VAL MODE_NAME, ": power button raises the SCI once through IOAPIC pin 9 (APIC mode)"
	mov eax, [sci_sts]
	and eax, ACPI_PWRBTN
	mov ebx, ACPI_PWRBTN
	CHECK_VAL MODE_NAME, ": the SCI handler finds PWRBTN_STS set"
	mov dx, ACPI_PM1_STS
	in ax, dx
	movzx eax, ax
	and eax, ACPI_PWRBTN
	xor ebx, ebx
	CHECK_VAL MODE_NAME, ": PWRBTN_STS clears on a write of 1"
	mov dword [r9 + 0x10], 0x10000	; entry 9 masked again
	mov dx, ACPI_PM1_EN
	xor eax, eax
	out dx, ax

	; #GP whose delivery pushes onto a stack whose page table lies in
	; absent space: the walk reads all ones, so #PF (RSVD) during the
	; #GP's delivery (handled serially), #PF again during the #PF's,
	; which makes #DF (Table 6-5); #DF runs on IST1.
	call lm_df_on_ist
	EXPECT EXC_DF, 1, 0
	mov qword [exp + EV_RIP], .gp
	mov qword [fixup], .gp_done
	mov byte [got + EV_VEC], NONE
	mov [saved_sp], rsp
	mov qword [frame_top], DF_STACK_TOP
	mov ecx, MSR_UNKNOWN
	mov rsp, BAD_STACK_TOP
.gp:	rdmsr
.gp_done:
	mov rsp, [saved_sp]
	CHECK_EXC MODE_NAME, ": #GP with its stack's page table in absent space -> #PF, #PF -> #DF(0)"
	mov byte [lm_idt + EXC_DF * 16 + 4], 0

	; An instruction the hypervisor does not emulate (XADD), on absent
	; space: #UD rather than a stopped machine.
	mov ebx, ABSENT_ADDR
	xor eax, eax
	EXPECT EXC_UD, 0, 0
	TRY xadd [rbx], eax
	CHECK_EXC MODE_NAME, ": XADD on absent space (not emulated) -> #UD"
	ret

; Last act: the same #GP with #DF on the bad stack too: a fault while
; delivering #DF shuts the CPU down; marked like a reset.
lm_df_shutdown:
	call lm_map_event_pages
	mov al, ACT_DF_SHUTDOWN
	call lm_mark
	PRINT "conformance: #GP with every stack in absent space at "
	mov rax, .gp
	call lm_puthex
	PRINT 10
	mov ecx, MSR_UNKNOWN
	mov rsp, BAD_STACK_TOP
.gp:	rdmsr
	mov rsp, STACK_TOP
	STRADDR rsi, "shutdown while delivering #DF"
	jmp lm_not_reset

; Last act: the IDT in absent space. Delivering #UD reads its gate there;
; the hypervisor does not emulate delivery, and stops the guest.
lm_idt_absent:
	PRINT "conformance: IDT in absent space, #UD at "
	mov rax, .ud
	call lm_puthex
	PRINT 10
	lidt [absent_idt_desc]
.ud:	ud2
	lidt [lm_idt_desc]
	STRADDR rsi, "IDT in absent space"
	jmp lm_not_reset

; XCR0 = x87|SSE where the CPU has XSAVE (lm_mark).
lm_xcr0_dirty:
	push rax
	push rbx
	push rcx
	push rdx
	mov eax, 1
	xor ecx, ecx
	cpuid
	bt ecx, 26
	jnc .out
	mov rax, cr4
	bts rax, 18			; OSXSAVE
	mov cr4, rax
	xor ecx, ecx
	xor edx, edx
	mov eax, 3
	xsetbv
.out:	pop rdx
	pop rcx
	pop rbx
	pop rax
	ret

[section .data]
absent_idt_desc:
	dw 0xFFF
	dq ABSENT_ADDR
__SECT__
