/* VMX architecture constants, named as the Intel SDM names them.
 * Sections are from SDM Vol. 3C (chapters 25-29) and Vol. 3D (Appendices A
 * and C) of the 2023+ editions. */
#ifndef VMX_VMX_DEFS_H
#define VMX_VMX_DEFS_H

/* Pin-based VM-execution controls (25.6.1, Table 25-5). */
#define PIN_EXTERNAL_INTERRUPT_EXITING	(1u << 0)
#define PIN_NMI_EXITING			(1u << 3)
#define PIN_VIRTUAL_NMIS		(1u << 5)
#define PIN_VMX_PREEMPTION_TIMER	(1u << 6)
#define PIN_POSTED_INTERRUPTS		(1u << 7)

/* Primary processor-based VM-execution controls (25.6.2, Table 25-6). */
#define CPU_INTERRUPT_WINDOW_EXITING	(1u << 2)
#define CPU_USE_TSC_OFFSETTING		(1u << 3)
#define CPU_HLT_EXITING			(1u << 7)
#define CPU_INVLPG_EXITING		(1u << 9)
#define CPU_MWAIT_EXITING		(1u << 10)
#define CPU_RDPMC_EXITING		(1u << 11)
#define CPU_RDTSC_EXITING		(1u << 12)
#define CPU_CR3_LOAD_EXITING		(1u << 15)
#define CPU_CR3_STORE_EXITING		(1u << 16)
#define CPU_CR8_LOAD_EXITING		(1u << 19)
#define CPU_CR8_STORE_EXITING		(1u << 20)
#define CPU_USE_TPR_SHADOW		(1u << 21)
#define CPU_NMI_WINDOW_EXITING		(1u << 22)
#define CPU_MOV_DR_EXITING		(1u << 23)
#define CPU_UNCONDITIONAL_IO_EXITING	(1u << 24)
#define CPU_USE_IO_BITMAPS		(1u << 25)
#define CPU_MONITOR_TRAP_FLAG		(1u << 27)
#define CPU_USE_MSR_BITMAPS		(1u << 28)
#define CPU_MONITOR_EXITING		(1u << 29)
#define CPU_PAUSE_EXITING		(1u << 30)
#define CPU_ACTIVATE_SECONDARY_CONTROLS	(1u << 31)

/* Secondary processor-based VM-execution controls (25.6.2, Table 25-7). */
#define CPU2_VIRTUALIZE_APIC_ACCESSES	(1u << 0)
#define CPU2_ENABLE_EPT			(1u << 1)
#define CPU2_DESCRIPTOR_TABLE_EXITING	(1u << 2)
#define CPU2_ENABLE_RDTSCP		(1u << 3)
#define CPU2_VIRTUALIZE_X2APIC_MODE	(1u << 4)
#define CPU2_ENABLE_VPID		(1u << 5)
#define CPU2_WBINVD_EXITING		(1u << 6)
#define CPU2_UNRESTRICTED_GUEST		(1u << 7)
#define CPU2_APIC_REGISTER_VIRT		(1u << 8)
#define CPU2_VIRTUAL_INTR_DELIVERY	(1u << 9)
#define CPU2_PAUSE_LOOP_EXITING		(1u << 10)
#define CPU2_RDRAND_EXITING		(1u << 11)
#define CPU2_ENABLE_INVPCID		(1u << 12)
#define CPU2_ENABLE_VMFUNC		(1u << 13)
#define CPU2_VMCS_SHADOWING		(1u << 14)
#define CPU2_RDSEED_EXITING		(1u << 16)
#define CPU2_ENABLE_PML			(1u << 17)
#define CPU2_EPT_VIOLATION_VE		(1u << 18)
#define CPU2_ENABLE_XSAVES		(1u << 20)

/* VM-exit controls (25.7.1, Table 25-13). */
#define EXIT_SAVE_DEBUG_CONTROLS	(1u << 2)
#define EXIT_HOST_ADDR_SPACE_SIZE	(1u << 9)
#define EXIT_LOAD_PERF_GLOBAL_CTRL	(1u << 12)
#define EXIT_ACK_INTR_ON_EXIT		(1u << 15)
#define EXIT_SAVE_IA32_PAT		(1u << 18)
#define EXIT_LOAD_IA32_PAT		(1u << 19)
#define EXIT_SAVE_IA32_EFER		(1u << 20)
#define EXIT_LOAD_IA32_EFER		(1u << 21)
#define EXIT_SAVE_PREEMPTION_TIMER	(1u << 22)

/* VM-entry controls (25.8.1, Table 25-15). */
#define ENTRY_LOAD_DEBUG_CONTROLS	(1u << 2)
#define ENTRY_IA32E_MODE_GUEST		(1u << 9)
#define ENTRY_SMM			(1u << 10)
#define ENTRY_LOAD_PERF_GLOBAL_CTRL	(1u << 13)
#define ENTRY_LOAD_IA32_PAT		(1u << 14)
#define ENTRY_LOAD_IA32_EFER		(1u << 15)

/* Interruption-information format, for VM-entry injection (25.8.3,
 * Table 25-16) and VM-exit interruption information (25.9.2, Table 25-19). */
#define INTR_INFO_VECTOR_MASK		0xFFu
#define INTR_INFO_TYPE_SHIFT		8
#define INTR_INFO_TYPE_MASK		(7u << 8)
#define INTR_TYPE_EXT_INTR		(0u << 8)
#define INTR_TYPE_NMI			(2u << 8)
#define INTR_TYPE_HW_EXCEPTION		(3u << 8)
#define INTR_TYPE_SW_INTR		(4u << 8)
#define INTR_TYPE_PRIV_SW_EXCEPTION	(5u << 8)
#define INTR_TYPE_SW_EXCEPTION		(6u << 8)
#define INTR_TYPE_OTHER_EVENT		(7u << 8)
#define INTR_INFO_DELIVER_CODE		(1u << 11)
#define INTR_INFO_NMI_UNBLOCKING	(1u << 12)
#define INTR_INFO_VALID			(1u << 31)

/* Guest interruptibility state (25.4.2, Table 25-3). */
#define GUEST_INTR_STATE_STI		(1u << 0)
#define GUEST_INTR_STATE_MOV_SS		(1u << 1)
#define GUEST_INTR_STATE_SMI		(1u << 2)
#define GUEST_INTR_STATE_NMI		(1u << 3)
#define GUEST_INTR_STATE_ENCLAVE	(1u << 4)

/* Guest activity state (25.4.2, Table 25-3). */
#define GUEST_ACTIVITY_ACTIVE		0
#define GUEST_ACTIVITY_HLT		1
#define GUEST_ACTIVITY_SHUTDOWN		2
#define GUEST_ACTIVITY_WAIT_SIPI	3

/* Pending debug exceptions (25.4.2, Table 25-4): bits 63:17, 15, 13 and
 * 11:4 are reserved; bit 16 is RTM. */
#define PENDING_DBG_BS			(1ULL << 14)
#define PENDING_DBG_RESERVED		0xFFFFFFFFFFFEAFF0ULL

/* Segment access rights in the VMCS (25.4.1, Table 25-2). */
#define VMX_AR_TYPE_MASK		0xFu
#define VMX_AR_S			(1u << 4)
#define VMX_AR_DPL_SHIFT		5
#define VMX_AR_DPL_MASK			(3u << 5)
#define VMX_AR_P			(1u << 7)
#define VMX_AR_RESERVED_11_8		0xF00u
#define VMX_AR_L			(1u << 13)
#define VMX_AR_DB			(1u << 14)
#define VMX_AR_G			(1u << 15)
#define VMX_AR_UNUSABLE			(1u << 16)
#define VMX_AR_RESERVED_31_17		0xFFFE0000u

/* Exit qualification for I/O instructions (28.2.1, Table 28-5). */
#define IOQ_SIZE_MASK			7u	/* size - 1 */
#define IOQ_IN				(1u << 3)
#define IOQ_STRING			(1u << 4)
#define IOQ_REP				(1u << 5)
#define IOQ_IMMEDIATE			(1u << 6)
#define IOQ_PORT_SHIFT			16

/* Exit qualification for control-register accesses (28.2.1, Table 28-3). */
#define CRQ_CR_MASK			0xFu
#define CRQ_ACCESS_SHIFT		4	/* 0 mov to, 1 mov from, 2 clts, 3 lmsw */
#define CRQ_ACCESS_MASK			3u
#define CRQ_GPR_SHIFT			8
#define CRQ_GPR_MASK			0xFu
#define CRQ_LMSW_DATA_SHIFT		16

/* Exit qualification for EPT violations (28.2.1, Table 28-7). */
#define EPTQ_READ			(1u << 0)
#define EPTQ_WRITE			(1u << 1)
#define EPTQ_FETCH			(1u << 2)
#define EPTQ_READABLE			(1u << 3)
#define EPTQ_WRITABLE			(1u << 4)
#define EPTQ_EXECUTABLE			(1u << 5)
#define EPTQ_LINEAR_VALID		(1u << 7)
#define EPTQ_LINEAR_ACCESS		(1u << 8)	/* not a paging-structure access */
#define EPTQ_NMI_UNBLOCKING		(1u << 12)	/* by an IRET (28.2.3) */

/* Basic exit reasons (Appendix C, Table C-1): X(name, number, text). */
#define VMX_EXIT_REASONS(X)                                                  \
	X(EXCEPTION_NMI,        0, "exception or NMI")                        \
	X(EXTERNAL_INTERRUPT,   1, "external interrupt")                      \
	X(TRIPLE_FAULT,         2, "triple fault")                            \
	X(INIT_SIGNAL,          3, "INIT signal")                             \
	X(SIPI,                 4, "start-up IPI")                            \
	X(IO_SMI,               5, "I/O SMI")                                 \
	X(OTHER_SMI,            6, "other SMI")                               \
	X(INTERRUPT_WINDOW,     7, "interrupt window")                        \
	X(NMI_WINDOW,           8, "NMI window")                              \
	X(TASK_SWITCH,          9, "task switch")                             \
	X(CPUID,               10, "CPUID")                                   \
	X(GETSEC,              11, "GETSEC")                                  \
	X(HLT,                 12, "HLT")                                     \
	X(INVD,                13, "INVD")                                    \
	X(INVLPG,              14, "INVLPG")                                  \
	X(RDPMC,               15, "RDPMC")                                   \
	X(RDTSC,               16, "RDTSC")                                   \
	X(RSM,                 17, "RSM")                                     \
	X(VMCALL,              18, "VMCALL")                                  \
	X(VMCLEAR,             19, "VMCLEAR")                                 \
	X(VMLAUNCH,            20, "VMLAUNCH")                                \
	X(VMPTRLD,             21, "VMPTRLD")                                 \
	X(VMPTRST,             22, "VMPTRST")                                 \
	X(VMREAD,              23, "VMREAD")                                  \
	X(VMRESUME,            24, "VMRESUME")                                \
	X(VMWRITE,             25, "VMWRITE")                                 \
	X(VMXOFF,              26, "VMXOFF")                                  \
	X(VMXON,               27, "VMXON")                                   \
	X(CR_ACCESS,           28, "control-register access")                 \
	X(DR_ACCESS,           29, "MOV DR")                                  \
	X(IO_INSTRUCTION,      30, "I/O instruction")                         \
	X(MSR_READ,            31, "RDMSR")                                   \
	X(MSR_WRITE,           32, "WRMSR")                                   \
	X(INVALID_GUEST_STATE, 33, "VM-entry failure: invalid guest state")   \
	X(MSR_LOADING,         34, "VM-entry failure: MSR loading")           \
	X(MWAIT,               36, "MWAIT")                                   \
	X(MONITOR_TRAP_FLAG,   37, "monitor trap flag")                       \
	X(MONITOR,             39, "MONITOR")                                 \
	X(PAUSE,               40, "PAUSE")                                   \
	X(MACHINE_CHECK,       41, "VM-entry failure: machine check")         \
	X(TPR_BELOW_THRESHOLD, 43, "TPR below threshold")                     \
	X(APIC_ACCESS,         44, "APIC access")                             \
	X(VIRTUALIZED_EOI,     45, "virtualized EOI")                         \
	X(GDTR_IDTR_ACCESS,    46, "access to GDTR or IDTR")                  \
	X(LDTR_TR_ACCESS,      47, "access to LDTR or TR")                    \
	X(EPT_VIOLATION,       48, "EPT violation")                           \
	X(EPT_MISCONFIG,       49, "EPT misconfiguration")                    \
	X(INVEPT,              50, "INVEPT")                                  \
	X(RDTSCP,              51, "RDTSCP")                                  \
	X(PREEMPTION_TIMER,    52, "VMX-preemption timer expired")            \
	X(INVVPID,             53, "INVVPID")                                 \
	X(WBINVD,              54, "WBINVD")                                  \
	X(XSETBV,              55, "XSETBV")                                  \
	X(APIC_WRITE,          56, "APIC write")                              \
	X(RDRAND,              57, "RDRAND")                                  \
	X(INVPCID,             58, "INVPCID")                                 \
	X(VMFUNC,              59, "VMFUNC")                                  \
	X(ENCLS,               60, "ENCLS")                                   \
	X(RDSEED,              61, "RDSEED")                                  \
	X(PML_FULL,            62, "page-modification log full")              \
	X(XSAVES,              63, "XSAVES")                                  \
	X(XRSTORS,             64, "XRSTORS")                                 \
	X(UMWAIT,              67, "UMWAIT")                                  \
	X(TPAUSE,              68, "TPAUSE")

enum vmx_exit_reason {
#define EXIT_ENUM(name, nr, text) EXIT_REASON_##name = nr,
	VMX_EXIT_REASONS(EXIT_ENUM)
#undef EXIT_ENUM
};

#define VMX_EXIT_REASON_MAX		69	/* table size: reasons 0..68 */
#define VMX_EXIT_REASON_BASIC_MASK	0xFFFFu
#define VMX_EXIT_REASON_ENTRY_FAILURE	(1u << 31)

/* VM-instruction error numbers (31.4, Table 31-1): X(number, text). */
#define VMX_INSTRUCTION_ERRORS(X)                                            \
	X(1,  "VMCALL executed in VMX root operation")                        \
	X(2,  "VMCLEAR with invalid physical address")                        \
	X(3,  "VMCLEAR with VMXON pointer")                                   \
	X(4,  "VMLAUNCH with non-clear VMCS")                                 \
	X(5,  "VMRESUME with non-launched VMCS")                              \
	X(6,  "VMRESUME after VMXOFF")                                        \
	X(7,  "VM entry with invalid control field(s)")                       \
	X(8,  "VM entry with invalid host-state field(s)")                    \
	X(9,  "VMPTRLD with invalid physical address")                        \
	X(10, "VMPTRLD with VMXON pointer")                                   \
	X(11, "VMPTRLD with incorrect VMCS revision identifier")              \
	X(12, "VMREAD/VMWRITE from/to unsupported VMCS component")            \
	X(13, "VMWRITE to read-only VMCS component")                          \
	X(15, "VMXON executed in VMX root operation")                         \
	X(16, "VM entry with invalid executive-VMCS pointer")                 \
	X(17, "VM entry with non-launched executive VMCS")                    \
	X(18, "VM entry with executive-VMCS pointer not VMXON pointer")       \
	X(19, "VMCALL with non-clear VMCS")                                   \
	X(20, "VMCALL with invalid VM-exit control fields")                   \
	X(22, "VMCALL with incorrect MSEG revision identifier")               \
	X(23, "VMXOFF under dual-monitor treatment of SMIs and SMM")          \
	X(24, "VMCALL with invalid SMM-monitor features")                     \
	X(25, "VM entry with invalid VM-execution control fields in executive VMCS") \
	X(26, "VM entry with events blocked by MOV SS")                       \
	X(28, "Invalid operand to INVEPT/INVVPID")

#endif
