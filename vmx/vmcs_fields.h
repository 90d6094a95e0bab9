/* VMCS field encodings (SDM Vol. 3D Appendix B "Field Encoding in VMCS";
 * layout of the fields in Vol. 3C 25.4-25.9). One X-macro table: the enum
 * of encodings and the printable names (vmx/vmx_names.c) both come from it,
 * so every dump and error names the field. X(name, encoding). */
#ifndef VMX_VMCS_FIELDS_H
#define VMX_VMCS_FIELDS_H

#define VMCS_FIELDS(X)                                              \
	/* 16-bit control fields (B.1.1) */                         \
	X(VIRTUAL_PROCESSOR_ID,            0x0000)                  \
	X(POSTED_INTR_NOTIFICATION_VECTOR, 0x0002)                  \
	X(EPTP_INDEX,                      0x0004)                  \
	/* 16-bit guest-state fields (B.1.2) */                     \
	X(GUEST_ES_SELECTOR,               0x0800)                  \
	X(GUEST_CS_SELECTOR,               0x0802)                  \
	X(GUEST_SS_SELECTOR,               0x0804)                  \
	X(GUEST_DS_SELECTOR,               0x0806)                  \
	X(GUEST_FS_SELECTOR,               0x0808)                  \
	X(GUEST_GS_SELECTOR,               0x080A)                  \
	X(GUEST_LDTR_SELECTOR,             0x080C)                  \
	X(GUEST_TR_SELECTOR,               0x080E)                  \
	X(GUEST_INTR_STATUS,               0x0810)                  \
	/* 16-bit host-state fields (B.1.3) */                      \
	X(HOST_ES_SELECTOR,                0x0C00)                  \
	X(HOST_CS_SELECTOR,                0x0C02)                  \
	X(HOST_SS_SELECTOR,                0x0C04)                  \
	X(HOST_DS_SELECTOR,                0x0C06)                  \
	X(HOST_FS_SELECTOR,                0x0C08)                  \
	X(HOST_GS_SELECTOR,                0x0C0A)                  \
	X(HOST_TR_SELECTOR,                0x0C0C)                  \
	/* 64-bit control fields (B.2.1) */                         \
	X(IO_BITMAP_A,                     0x2000)                  \
	X(IO_BITMAP_B,                     0x2002)                  \
	X(MSR_BITMAP,                      0x2004)                  \
	X(VM_EXIT_MSR_STORE_ADDR,          0x2006)                  \
	X(VM_EXIT_MSR_LOAD_ADDR,           0x2008)                  \
	X(VM_ENTRY_MSR_LOAD_ADDR,          0x200A)                  \
	X(EXECUTIVE_VMCS_POINTER,          0x200C)                  \
	X(TSC_OFFSET,                      0x2010)                  \
	X(VIRTUAL_APIC_PAGE_ADDR,          0x2012)                  \
	X(APIC_ACCESS_ADDR,                0x2014)                  \
	X(EPT_POINTER,                     0x201A)                  \
	X(XSS_EXITING_BITMAP,              0x202C)                  \
	/* 64-bit read-only data field (B.2.2) */                   \
	X(GUEST_PHYSICAL_ADDRESS,          0x2400)                  \
	/* 64-bit guest-state fields (B.2.3) */                     \
	X(VMCS_LINK_POINTER,               0x2800)                  \
	X(GUEST_IA32_DEBUGCTL,             0x2802)                  \
	X(GUEST_IA32_PAT,                  0x2804)                  \
	X(GUEST_IA32_EFER,                 0x2806)                  \
	X(GUEST_IA32_PERF_GLOBAL_CTRL,     0x2808)                  \
	X(GUEST_PDPTE0,                    0x280A)                  \
	X(GUEST_PDPTE1,                    0x280C)                  \
	X(GUEST_PDPTE2,                    0x280E)                  \
	X(GUEST_PDPTE3,                    0x2810)                  \
	/* 64-bit host-state fields (B.2.4) */                      \
	X(HOST_IA32_PAT,                   0x2C00)                  \
	X(HOST_IA32_EFER,                  0x2C02)                  \
	X(HOST_IA32_PERF_GLOBAL_CTRL,      0x2C04)                  \
	/* 32-bit control fields (B.3.1) */                         \
	X(PIN_BASED_VM_EXEC_CONTROL,       0x4000)                  \
	X(CPU_BASED_VM_EXEC_CONTROL,       0x4002)                  \
	X(EXCEPTION_BITMAP,                0x4004)                  \
	X(PAGE_FAULT_ERROR_CODE_MASK,      0x4006)                  \
	X(PAGE_FAULT_ERROR_CODE_MATCH,     0x4008)                  \
	X(CR3_TARGET_COUNT,                0x400A)                  \
	X(VM_EXIT_CONTROLS,                0x400C)                  \
	X(VM_EXIT_MSR_STORE_COUNT,         0x400E)                  \
	X(VM_EXIT_MSR_LOAD_COUNT,          0x4010)                  \
	X(VM_ENTRY_CONTROLS,               0x4012)                  \
	X(VM_ENTRY_MSR_LOAD_COUNT,         0x4014)                  \
	X(VM_ENTRY_INTR_INFO,              0x4016)                  \
	X(VM_ENTRY_EXCEPTION_ERROR_CODE,   0x4018)                  \
	X(VM_ENTRY_INSTRUCTION_LEN,        0x401A)                  \
	X(TPR_THRESHOLD,                   0x401C)                  \
	X(SECONDARY_VM_EXEC_CONTROL,       0x401E)                  \
	X(PLE_GAP,                         0x4020)                  \
	X(PLE_WINDOW,                      0x4022)                  \
	/* 32-bit read-only data fields (B.3.2) */                  \
	X(VM_INSTRUCTION_ERROR,            0x4400)                  \
	X(VM_EXIT_REASON,                  0x4402)                  \
	X(VM_EXIT_INTR_INFO,               0x4404)                  \
	X(VM_EXIT_INTR_ERROR_CODE,         0x4406)                  \
	X(IDT_VECTORING_INFO,              0x4408)                  \
	X(IDT_VECTORING_ERROR_CODE,        0x440A)                  \
	X(VM_EXIT_INSTRUCTION_LEN,         0x440C)                  \
	X(VMX_INSTRUCTION_INFO,            0x440E)                  \
	/* 32-bit guest-state fields (B.3.3) */                     \
	X(GUEST_ES_LIMIT,                  0x4800)                  \
	X(GUEST_CS_LIMIT,                  0x4802)                  \
	X(GUEST_SS_LIMIT,                  0x4804)                  \
	X(GUEST_DS_LIMIT,                  0x4806)                  \
	X(GUEST_FS_LIMIT,                  0x4808)                  \
	X(GUEST_GS_LIMIT,                  0x480A)                  \
	X(GUEST_LDTR_LIMIT,                0x480C)                  \
	X(GUEST_TR_LIMIT,                  0x480E)                  \
	X(GUEST_GDTR_LIMIT,                0x4810)                  \
	X(GUEST_IDTR_LIMIT,                0x4812)                  \
	X(GUEST_ES_AR_BYTES,               0x4814)                  \
	X(GUEST_CS_AR_BYTES,               0x4816)                  \
	X(GUEST_SS_AR_BYTES,               0x4818)                  \
	X(GUEST_DS_AR_BYTES,               0x481A)                  \
	X(GUEST_FS_AR_BYTES,               0x481C)                  \
	X(GUEST_GS_AR_BYTES,               0x481E)                  \
	X(GUEST_LDTR_AR_BYTES,             0x4820)                  \
	X(GUEST_TR_AR_BYTES,               0x4822)                  \
	X(GUEST_INTERRUPTIBILITY_INFO,     0x4824)                  \
	X(GUEST_ACTIVITY_STATE,            0x4826)                  \
	X(GUEST_SMBASE,                    0x4828)                  \
	X(GUEST_SYSENTER_CS,               0x482A)                  \
	X(VMX_PREEMPTION_TIMER_VALUE,      0x482E)                  \
	/* 32-bit host-state field (B.3.4) */                       \
	X(HOST_IA32_SYSENTER_CS,           0x4C00)                  \
	/* Natural-width control fields (B.4.1) */                  \
	X(CR0_GUEST_HOST_MASK,             0x6000)                  \
	X(CR4_GUEST_HOST_MASK,             0x6002)                  \
	X(CR0_READ_SHADOW,                 0x6004)                  \
	X(CR4_READ_SHADOW,                 0x6006)                  \
	X(CR3_TARGET_VALUE0,               0x6008)                  \
	/* Natural-width read-only data fields (B.4.2) */           \
	X(EXIT_QUALIFICATION,              0x6400)                  \
	X(GUEST_LINEAR_ADDRESS,            0x640A)                  \
	/* Natural-width guest-state fields (B.4.3) */              \
	X(GUEST_CR0,                       0x6800)                  \
	X(GUEST_CR3,                       0x6802)                  \
	X(GUEST_CR4,                       0x6804)                  \
	X(GUEST_ES_BASE,                   0x6806)                  \
	X(GUEST_CS_BASE,                   0x6808)                  \
	X(GUEST_SS_BASE,                   0x680A)                  \
	X(GUEST_DS_BASE,                   0x680C)                  \
	X(GUEST_FS_BASE,                   0x680E)                  \
	X(GUEST_GS_BASE,                   0x6810)                  \
	X(GUEST_LDTR_BASE,                 0x6812)                  \
	X(GUEST_TR_BASE,                   0x6814)                  \
	X(GUEST_GDTR_BASE,                 0x6816)                  \
	X(GUEST_IDTR_BASE,                 0x6818)                  \
	X(GUEST_DR7,                       0x681A)                  \
	X(GUEST_RSP,                       0x681C)                  \
	X(GUEST_RIP,                       0x681E)                  \
	X(GUEST_RFLAGS,                    0x6820)                  \
	X(GUEST_PENDING_DBG_EXCEPTIONS,    0x6822)                  \
	X(GUEST_SYSENTER_ESP,              0x6824)                  \
	X(GUEST_SYSENTER_EIP,              0x6826)                  \
	/* Natural-width host-state fields (B.4.4) */               \
	X(HOST_CR0,                        0x6C00)                  \
	X(HOST_CR3,                        0x6C02)                  \
	X(HOST_CR4,                        0x6C04)                  \
	X(HOST_FS_BASE,                    0x6C06)                  \
	X(HOST_GS_BASE,                    0x6C08)                  \
	X(HOST_TR_BASE,                    0x6C0A)                  \
	X(HOST_GDTR_BASE,                  0x6C0C)                  \
	X(HOST_IDTR_BASE,                  0x6C0E)                  \
	X(HOST_IA32_SYSENTER_ESP,          0x6C10)                  \
	X(HOST_IA32_SYSENTER_EIP,          0x6C12)                  \
	X(HOST_RSP,                        0x6C14)                  \
	X(HOST_RIP,                        0x6C16)

enum vmcs_field {
#define VMCS_ENUM(name, enc) VMCS_##name = enc,
	VMCS_FIELDS(VMCS_ENUM)
#undef VMCS_ENUM
};

/* The field's width from bits 14:13 of its encoding (SDM Vol. 3D B, "access type, width"). */
enum vmcs_width { VMCS_W16 = 0, VMCS_W64 = 1, VMCS_W32 = 2, VMCS_WNAT = 3 };

static inline enum vmcs_width vmcs_field_width(unsigned enc)
{
	return (enum vmcs_width)((enc >> 13) & 3);
}

#endif
