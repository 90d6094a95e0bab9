/* Unit tests for vmx/entry_checks.c: two valid guest states pass; then
 * each test breaks one rule and expects exactly the string naming it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmx/entry_checks.h"

#define CPU2_ENABLE_EPT	(1u << 1)
#define PAT_DEFAULT	0x0007040600070406ULL	/* power-on IA32_PAT */
#define NONCANON	0x0000800000000000ULL	/* bit 47 set, 63:48 clear */

static const struct vmentry_seg unusable = { 0, 0, 0, VMX_AR_UNUSABLE };

/* (a) 32-bit flat protected mode, paging off, unrestricted guest. */
static void base32(struct vmentry_guest *g, struct vmentry_controls *c)
{
	const struct vmentry_seg code = { 0x10, 0, 0xFFFFFFFF, 0xC09B };
	const struct vmentry_seg data = { 0x18, 0, 0xFFFFFFFF, 0xC093 };

	memset(g, 0, sizeof(*g));
	memset(c, 0, sizeof(*c));
	c->proc = CPU_ACTIVATE_SECONDARY_CONTROLS;
	c->proc2 = CPU2_UNRESTRICTED_GUEST | CPU2_ENABLE_EPT;
	c->entry = ENTRY_LOAD_DEBUG_CONTROLS | ENTRY_LOAD_IA32_PAT |
		   ENTRY_LOAD_IA32_EFER;
	c->cr0_fixed0 = 0x80000021;	/* PG | NE | PE */
	c->cr0_fixed1 = 0xFFFFFFFF;
	c->cr4_fixed0 = 0x2000;		/* VMXE */
	c->cr4_fixed1 = 0xF727FF;
	c->maxphyaddr = 39;

	g->cr0 = X86_CR0_PE | X86_CR0_NE | X86_CR0_ET;
	g->cr4 = X86_CR4_VMXE;
	g->dr7 = 0x400;
	g->rsp = 0x7000;
	g->rip = 0x100000;
	g->rflags = X86_RFLAGS_FIXED;
	g->pat = PAT_DEFAULT;
	g->cs = code;
	g->ss = g->ds = g->es = g->fs = g->gs = data;
	g->tr = (struct vmentry_seg){ 0x20, 0x1000, 0x67, 0x8B };
	g->ldtr = unusable;
	g->gdtr_base = 0x1000;
	g->gdtr_limit = 0x2F;
	g->idtr_limit = 0x7FF;
	g->vmcs_link_ptr = ~0ULL;
}

/* (b) 64-bit long mode, no unrestricted guest, virtual NMIs. */
static void base64(struct vmentry_guest *g, struct vmentry_controls *c)
{
	memset(g, 0, sizeof(*g));
	memset(c, 0, sizeof(*c));
	c->pin = 0x01 | 0x08 | PIN_VIRTUAL_NMIS;
	c->proc = CPU_ACTIVATE_SECONDARY_CONTROLS;
	c->proc2 = CPU2_ENABLE_EPT;
	c->entry = ENTRY_IA32E_MODE_GUEST | ENTRY_LOAD_DEBUG_CONTROLS |
		   ENTRY_LOAD_IA32_PAT | ENTRY_LOAD_IA32_EFER;
	c->cr0_fixed0 = 0x80000021;
	c->cr0_fixed1 = 0xFFFFFFFF;
	c->cr4_fixed0 = 0x2000;
	c->cr4_fixed1 = 0xF727FF;
	c->maxphyaddr = 39;

	g->cr0 = 0x80050033;		/* PG AM WP NE ET MP PE */
	g->cr3 = 0x1000;
	g->cr4 = 0x26A0;		/* VMXE OSXMMEXCPT OSFXSR PGE PAE */
	g->dr7 = 0x400;
	g->rsp = 0xFFFFFFFF82003F58;
	g->rip = 0xFFFFFFFF81000000;
	g->rflags = X86_RFLAGS_FIXED | X86_RFLAGS_IF;
	g->efer = X86_EFER_SCE | X86_EFER_LME | X86_EFER_LMA | X86_EFER_NXE;
	g->pat = PAT_DEFAULT;
	g->cs = (struct vmentry_seg){ 0x10, 0, 0xFFFFFFFF, 0xA09B };
	g->ss = (struct vmentry_seg){ 0x18, 0, 0xFFFFFFFF, 0xC093 };
	g->ds = g->ss;
	g->es = unusable;
	g->fs = (struct vmentry_seg){ 0, 0x00007FFFF7FF0000, 0, VMX_AR_UNUSABLE };
	g->gs = (struct vmentry_seg){ 0, 0xFFFF888000000000, 0, VMX_AR_UNUSABLE };
	g->tr = (struct vmentry_seg){ 0x40, 0xFFFFFE0000003000, 0x4087, 0x8B };
	g->ldtr = unusable;
	g->gdtr_base = 0xFFFFFE0000001000;
	g->gdtr_limit = 0x7F;
	g->idtr_base = 0xFFFFFE0000000000;
	g->idtr_limit = 0xFFF;
	g->vmcs_link_ptr = ~0ULL;
}

/* Real-address-style virtual-8086 segments on top of (a). */
static void make_v86(struct vmentry_guest *g)
{
	struct vmentry_seg *segs[] = { &g->cs, &g->ss, &g->ds, &g->es,
				       &g->fs, &g->gs };

	g->rflags |= X86_RFLAGS_VM;
	for (unsigned i = 0; i < 6; i++) {
		uint16_t sel = (uint16_t)(0x1000 + 0x100 * i);

		*segs[i] = (struct vmentry_seg){ sel, (uint64_t)sel << 4,
						 0xFFFF, 0xF3 };
	}
}

typedef void (*baseline_fn)(struct vmentry_guest *, struct vmentry_controls *);
typedef void (*mutate_fn)(struct vmentry_guest *, struct vmentry_controls *);

/* Builds the baseline, checks it passes, breaks it, and expects 'want'
 * (NULL: the change is allowed and must still pass). */
static void run_case(baseline_fn base, mutate_fn mutate, const char *want)
{
	struct vmentry_guest g;
	struct vmentry_controls c;
	const char *got;

	base(&g, &c);
	assert_null(vmentry_check_guest(&g, &c));
	mutate(&g, &c);
	got = vmentry_check_guest(&g, &c);
	if (want == NULL) {
		if (got != NULL)
			fail_msg("expected pass, got \"%s\"", got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	assert_int_equal(strcmp(got, want), 0);
}

/* CASE(name, baseline, expected) { body mutating g and c } */
#define CASE(name, base, want)						\
	static void name##_mut(struct vmentry_guest *g,			\
			       struct vmentry_controls *c);		\
	static void name(void **state)					\
	{								\
		run_case(base, name##_mut, want);			\
	}								\
	static void name##_mut(struct vmentry_guest *g,			\
			       struct vmentry_controls *c)

#define PASS NULL

/* (c) real mode (CR0.PE=0) with unrestricted guest, as after reset or a
 * guest's switch back: segments base = selector << 4, limit 0xFFFF. */
static void base_real(struct vmentry_guest *g, struct vmentry_controls *c)
{
	base32(g, c);
	g->cr0 = X86_CR0_NE | X86_CR0_ET;	/* NE forced by CR0_FIXED0 */
	g->rip = 0xFFF0;
	g->rsp = 0;
	g->cs = (struct vmentry_seg){ 0xF000, 0xF0000, 0xFFFF, 0x9B };
	g->ss = (struct vmentry_seg){ 0, 0, 0xFFFF, 0x93 };
	g->ds = g->es = g->fs = g->gs = g->ss;
	g->tr = (struct vmentry_seg){ 0, 0, 0xFFFF, 0x8B };
	g->gdtr_base = 0;
	g->gdtr_limit = 0xFFFF;
	g->idtr_limit = 0x3FF;
}

/* (d) 64-bit mode with 5-level paging on a processor that has it. */
static void base_la57(struct vmentry_guest *g, struct vmentry_controls *c)
{
	base64(g, c);
	c->linear_bits = 57;
	c->cr4_fixed1 |= X86_CR4_LA57;
	g->cr4 |= X86_CR4_LA57;
	/* Linux's 5-level layout: direct map and fixmap above the 48-bit
	 * canonical range. */
	g->rip = 0xFFFFFFFF81000000;
	g->gs.base = 0xFF11000000000000;
	g->gdtr_base = 0xFFFBFE0000001000;
	g->idtr_base = 0xFFFBFE0000000000;
	g->tr.base = 0xFFFBFE0000003000;
}

#define CANON57_ONLY 0x00FF800000000000ULL	/* 57-bit canonical, not 48 */

/* ---- baselines ---- */

static void test_baselines(void **state)
{
	struct vmentry_guest g;
	struct vmentry_controls c;

	base32(&g, &c);
	assert_null(vmentry_check_guest(&g, &c));
	base64(&g, &c);
	assert_null(vmentry_check_guest(&g, &c));
	base32(&g, &c);
	make_v86(&g);
	assert_null(vmentry_check_guest(&g, &c));
	base_real(&g, &c);
	assert_null(vmentry_check_guest(&g, &c));
	base_la57(&g, &c);
	assert_null(vmentry_check_guest(&g, &c));
}

/* ---- linear-address width (5-level paging) ---- */

CASE(la57_fs_base_57bit, base_la57, PASS) { g->fs.base = CANON57_ONLY; }
/* The processor checks its own width, whatever the guest's CR4.LA57. */
CASE(la57_cpu_guest_4level, base_la57, PASS)
{
	g->cr4 &= ~X86_CR4_LA57;
	g->fs.base = CANON57_ONLY;
	g->gdtr_base = CANON57_ONLY;
}
CASE(la57_fs_base_bit56, base_la57, "27.3.1.2: FS.base must be canonical")
{
	g->fs.base = 0x0100000000000000ULL;
}
CASE(la57_tr_base, base_la57, "27.3.1.2: TR.base must be canonical")
{
	g->tr.base = 0x7F00000000000000ULL;
}
CASE(la57_ldtr_base, base_la57, PASS)
{
	g->ldtr = (struct vmentry_seg){ 0x28, 0xFF80000000000000ULL, 0xFF, 0x82 };
}
CASE(la57_idtr_base, base_la57, "27.3.1.3: IDTR.base must be canonical")
{
	g->idtr_base = 0x8000000000000000ULL;
}
CASE(la57_rip_57bit, base_la57, PASS) { g->rip = 0xFF00000000001000ULL; }
/* RIP: bits 63:57 identical; bit 56 may differ from them. */
CASE(la57_rip_bit56, base_la57, PASS) { g->rip = 0x0100000000001000ULL; }
CASE(la57_rip_bit57, base_la57, "27.3.1.4: RIP bits 63:57 must be identical in 64-bit mode")
{
	g->rip = 0x0200000000001000ULL;
}
CASE(la48_fs_base_57bit, base64, "27.3.1.2: FS.base must be canonical")
{
	g->fs.base = CANON57_ONLY;
}
CASE(la48_rip_57bit, base64, "27.3.1.4: RIP bits 63:48 must be identical in 64-bit mode")
{
	g->rip = 0xFF00000000001000ULL;
}
CASE(la48_explicit, base64, PASS) { c->linear_bits = 48; }
CASE(linear_bits_bad, base64, "vmentry_check_guest: linear_bits must be 0, 48 or 57")
{
	c->linear_bits = 52;
}

/* ---- modes a guest reaches ---- */

CASE(real_mode_high_cs, base_real, PASS)
{
	g->cs = (struct vmentry_seg){ 0x9000, 0x90000, 0xFFFF, 0x93 };
}
CASE(real_mode_big_real, base_real, PASS)
{
	/* "Unreal" mode: 4 GiB data limits left from protected mode. */
	g->ds = (struct vmentry_seg){ 0, 0, 0xFFFFFFFF, 0xC093 };
}
CASE(real_mode_ss_dpl3, base_real, "27.3.1.2: SS.AR.DPL must be 0 if CS.AR type is 3 or CR0.PE=0")
{
	g->cs.ar = 0x93;	/* type 3: no CS/SS DPL pairing */
	g->ss.ar = 0xF3;
}
CASE(real_mode_vm_flag, base_real, "27.3.1.4: RFLAGS.VM must be 0 in IA-32e mode or with CR0.PE=0")
{
	g->rflags |= X86_RFLAGS_VM;
}
CASE(pae_paging_32bit, base32, PASS)
{
	g->cr0 |= X86_CR0_PG;
	g->cr4 |= X86_CR4_PAE | X86_CR4_PSE;
	g->cr3 = 0x9000;
}
CASE(compat_mode, base64, PASS)
{
	/* IA-32e mode, CS.L=0 D=1: a 32-bit program under a 64-bit kernel. */
	g->cs = (struct vmentry_seg){ 0x23, 0, 0xFFFFFFFF, 0xC0FB };
	g->ss = (struct vmentry_seg){ 0x2B, 0, 0xFFFFFFFF, 0xC0F3 };
	g->ds = g->es = g->ss;
	g->rip = 0x08049000;
}
CASE(compat_mode_rip_high, base64, "27.3.1.4: RIP bits 63:32 must be 0 outside 64-bit mode")
{
	g->cs = (struct vmentry_seg){ 0x23, 0, 0xFFFFFFFF, 0xC0FB };
	g->ss = (struct vmentry_seg){ 0x2B, 0, 0xFFFFFFFF, 0xC0F3 };
	g->rip = 0x100000000ULL;
}
CASE(user_mode_64, base64, PASS)
{
	/* CPL 3 in 64-bit mode, as the guest's user space. */
	g->cs = (struct vmentry_seg){ 0x33, 0, 0xFFFFFFFF, 0xA0FB };
	g->ss = (struct vmentry_seg){ 0x2B, 0, 0xFFFFFFFF, 0xC0F3 };
	g->rip = 0x00007F0000001000ULL;
}


static void test_bad_args(void **state)
{
	struct vmentry_guest g;
	struct vmentry_controls c;

	base64(&g, &c);
	assert_string_equal(vmentry_check_guest(NULL, &c),
			    "vmentry_check_guest: NULL argument");
	assert_string_equal(vmentry_check_guest(&g, NULL),
			    "vmentry_check_guest: NULL argument");
	c.maxphyaddr = 31;
	assert_string_equal(vmentry_check_guest(&g, &c),
			    "vmentry_check_guest: maxphyaddr must be 32..52");
	c.maxphyaddr = 53;
	assert_string_equal(vmentry_check_guest(&g, &c),
			    "vmentry_check_guest: maxphyaddr must be 32..52");
	c.maxphyaddr = 52;
	assert_null(vmentry_check_guest(&g, &c));
}

/* ---- 27.3.1.1 ---- */

#define MSG_CR0_FIXED0 "27.3.1.1: CR0 must set every bit IA32_VMX_CR0_FIXED0 sets " \
		       "(PE and PG exempt with unrestricted guest)"

CASE(cr0_fixed0_ne, base64, MSG_CR0_FIXED0) { g->cr0 &= ~X86_CR0_NE; }
CASE(cr0_fixed0_pe_restricted, base64, MSG_CR0_FIXED0) { g->cr0 &= ~X86_CR0_PE; }
CASE(cr0_fixed0_pg_restricted, base64, MSG_CR0_FIXED0)
{
	g->cr0 &= ~X86_CR0_PG;
	g->efer &= ~X86_EFER_LMA;
}
CASE(cr0_real_mode_unrestricted, base32, PASS) { g->cr0 &= ~X86_CR0_PE; }
CASE(cr0_fixed1, base32, "27.3.1.1: CR0 must clear every bit IA32_VMX_CR0_FIXED1 clears")
{
	g->cr0 |= 1ULL << 32;
}
CASE(cr0_nw_cd_never_checked, base32, PASS)
{
	c->cr0_fixed0 |= X86_CR0_CD;
	c->cr0_fixed1 &= ~(X86_CR0_NW | X86_CR0_CD);
	g->cr0 |= X86_CR0_NW;
}
CASE(cr0_pg_without_pe, base32, "27.3.1.1: CR0.PG=1 requires CR0.PE=1")
{
	g->cr0 = (g->cr0 & ~X86_CR0_PE) | X86_CR0_PG;
}
CASE(cr4_fixed0, base32, "27.3.1.1: CR4 must set every bit IA32_VMX_CR4_FIXED0 sets")
{
	g->cr4 &= ~X86_CR4_VMXE;
}
CASE(cr4_fixed1, base32, "27.3.1.1: CR4 must clear every bit IA32_VMX_CR4_FIXED1 clears")
{
	g->cr4 |= 1ULL << 12;	/* LA57, not in the baseline's FIXED1 */
}
CASE(cr4_cet_without_wp, base32, "27.3.1.1: CR4.CET=1 requires CR0.WP=1")
{
	g->cr4 |= X86_CR4_CET;
}
CASE(cr4_cet_with_wp, base32, PASS)
{
	g->cr4 |= X86_CR4_CET;
	g->cr0 |= X86_CR0_WP;
}
CASE(ia32e_needs_pg, base64, "27.3.1.1: IA-32e mode guest requires CR0.PG=1")
{
	c->proc2 |= CPU2_UNRESTRICTED_GUEST;
	g->cr0 &= ~X86_CR0_PG;
}
CASE(ia32e_needs_pae, base64, "27.3.1.1: IA-32e mode guest requires CR4.PAE=1")
{
	g->cr4 &= ~X86_CR4_PAE;
}
CASE(pcide_outside_ia32e, base32, "27.3.1.1: CR4.PCIDE must be 0 outside IA-32e mode")
{
	g->cr4 |= X86_CR4_PCIDE;
}
CASE(pcide_in_ia32e, base64, PASS) { g->cr4 |= X86_CR4_PCIDE; }
CASE(cr3_above_maxphyaddr, base64, "27.3.1.1: CR3 bits 63:MAXPHYADDR must be 0")
{
	g->cr3 = 1ULL << 39;
}
CASE(cr3_bit63, base64, "27.3.1.1: CR3 bits 63:MAXPHYADDR must be 0")
{
	g->cr3 |= 1ULL << 63;
}
CASE(cr3_below_maxphyaddr, base64, PASS) { g->cr3 = (1ULL << 39) - 0x1000; }
CASE(dr7_high, base64, "27.3.1.1: DR7 bits 63:32 must be 0 (load debug controls)")
{
	g->dr7 |= 1ULL << 32;
}
CASE(dr7_high_not_loaded, base64, PASS)
{
	c->entry &= ~ENTRY_LOAD_DEBUG_CONTROLS;
	g->dr7 |= 1ULL << 32;
}

#define MSG_PAT "27.3.1.1: each IA32_PAT entry must be 0, 1, 4, 5, 6 or 7 (load IA32_PAT)"

CASE(pat_type2, base64, MSG_PAT) { g->pat = 0x0007040600070402; }
CASE(pat_type3_top, base64, MSG_PAT) { g->pat = 0x0307040600070406; }
CASE(pat_type8, base64, MSG_PAT) { g->pat = 0x0007040608070406; }
CASE(pat_all_valid_types, base64, PASS) { g->pat = 0x0706050401000706; }
CASE(pat_not_loaded, base64, PASS)
{
	c->entry &= ~ENTRY_LOAD_IA32_PAT;
	g->pat = 0x0202020202020202;
}
CASE(efer_reserved, base64, "27.3.1.1: IA32_EFER reserved bits must be 0 (load IA32_EFER)")
{
	g->efer |= 1ULL << 12;
}

#define MSG_LMA "27.3.1.1: IA32_EFER.LMA must equal the IA-32e mode guest control " \
		"(load IA32_EFER)"

CASE(efer_lma_clear_in_ia32e, base64, MSG_LMA) { g->efer &= ~X86_EFER_LMA; }
CASE(efer_lma_set_outside_ia32e, base32, MSG_LMA) { g->efer |= X86_EFER_LMA; }
CASE(efer_lme_differs_with_pg, base64,
     "27.3.1.1: IA32_EFER.LME must equal IA32_EFER.LMA when CR0.PG=1 (load IA32_EFER)")
{
	g->efer &= ~X86_EFER_LME;
}
CASE(efer_lme_without_pg, base32, PASS) { g->efer |= X86_EFER_LME; }
CASE(efer_not_loaded, base64, PASS)
{
	c->entry &= ~ENTRY_LOAD_IA32_EFER;
	g->efer = 0;
}

/* ---- 27.3.1.4 ---- */

#define MSG_RIP32 "27.3.1.4: RIP bits 63:32 must be 0 outside 64-bit mode"

CASE(rip_high_32bit, base32, MSG_RIP32) { g->rip = 1ULL << 32; }
CASE(rip_high_compat_mode, base64, MSG_RIP32) { g->cs.ar &= ~VMX_AR_L; }
CASE(rip_64bit_top_bits, base64, "27.3.1.4: RIP bits 63:48 must be identical in 64-bit mode")
{
	g->rip = 0x0001000000000000;
}
CASE(rip_64bit_bit47_only, base64, PASS) { g->rip = NONCANON; }

#define MSG_RFLAGS_RSVD "27.3.1.4: RFLAGS bits 63:22, 15, 5 and 3 must be 0"

CASE(rflags_bit3, base32, MSG_RFLAGS_RSVD) { g->rflags |= 1ULL << 3; }
CASE(rflags_bit5, base32, MSG_RFLAGS_RSVD) { g->rflags |= 1ULL << 5; }
CASE(rflags_bit15, base32, MSG_RFLAGS_RSVD) { g->rflags |= 1ULL << 15; }
CASE(rflags_bit22, base32, MSG_RFLAGS_RSVD) { g->rflags |= 1ULL << 22; }
CASE(rflags_bit63, base64, MSG_RFLAGS_RSVD) { g->rflags |= 1ULL << 63; }
CASE(rflags_bit1, base32, "27.3.1.4: RFLAGS bit 1 must be 1") { g->rflags = 0; }

#define MSG_VM "27.3.1.4: RFLAGS.VM must be 0 in IA-32e mode or with CR0.PE=0"

CASE(rflags_vm_ia32e, base64, MSG_VM) { g->rflags |= X86_RFLAGS_VM; }
CASE(rflags_vm_real_mode, base32, MSG_VM)
{
	make_v86(g);
	g->cr0 &= ~X86_CR0_PE;
}
CASE(rflags_if_ext_intr, base32,
     "27.3.1.4: RFLAGS.IF must be 1 to inject an external interrupt")
{
	c->entry_intr_info = INTR_INFO_VALID | INTR_TYPE_EXT_INTR | 0x20;
}
CASE(rflags_if_ext_intr_not_valid, base32, PASS)
{
	c->entry_intr_info = INTR_TYPE_EXT_INTR | 0x20;
}

/* ---- 27.3.1.2: CS ---- */

CASE(cs_base_high, base32, "27.3.1.2: CS.base bits 63:32 must be 0") { g->cs.base = 1ULL << 32; }
CASE(cs_type_data_restricted, base64,
     "27.3.1.2: CS.AR type must be 9, 11, 13 or 15 (accessed code) without unrestricted guest")
{
	g->cs.ar = (g->cs.ar & ~VMX_AR_TYPE_MASK) | 3;
}
CASE(cs_type_not_accessed_restricted, base64,
     "27.3.1.2: CS.AR type must be 9, 11, 13 or 15 (accessed code) without unrestricted guest")
{
	g->cs.ar &= ~1u;
}
CASE(cs_type_data_unrestricted, base32, PASS) { g->cs.ar = 0xC093; }

#define MSG_CS_TYPE_UG "27.3.1.2: CS.AR type must be 3, 9, 11, 13 or 15 with unrestricted guest"

CASE(cs_type_not_accessed_unrestricted, base32, MSG_CS_TYPE_UG) { g->cs.ar = 0xC09A; }
CASE(cs_type_ro_data_unrestricted, base32, MSG_CS_TYPE_UG) { g->cs.ar = 0xC091; }
CASE(cs_unusable_still_checked, base32, MSG_CS_TYPE_UG) { g->cs.ar = VMX_AR_UNUSABLE; }
CASE(cs_s, base32, "27.3.1.2: CS.AR.S must be 1") { g->cs.ar &= ~VMX_AR_S; }
CASE(cs_p, base32, "27.3.1.2: CS.AR.P must be 1") { g->cs.ar &= ~VMX_AR_P; }
CASE(cs_rsvd_11_8, base32, "27.3.1.2: CS.AR bits 11:8 must be 0") { g->cs.ar |= 0x100; }
CASE(cs_g_clear, base32, "27.3.1.2: CS.AR.G must be 0 if any of limit bits 11:0 is 0")
{
	g->cs.limit = 0xFFFFF000;
}
CASE(cs_g_set, base32, "27.3.1.2: CS.AR.G must be 1 if any of limit bits 31:20 is 1")
{
	g->cs.ar &= ~VMX_AR_G;
}
CASE(cs_byte_granular_1m, base32, PASS)
{
	g->cs.ar &= ~VMX_AR_G;
	g->cs.limit = 0xFFFFF;
}
CASE(cs_rsvd_31_17, base32, "27.3.1.2: CS.AR bits 31:17 must be 0") { g->cs.ar |= 1u << 17; }
CASE(cs_dpl_type3, base32, "27.3.1.2: CS.AR.DPL must be 0 if CS.AR type is 3")
{
	g->cs.ar = 0xC0B3;
}
CASE(cs_dpl_nonconforming, base32,
     "27.3.1.2: CS.AR.DPL must equal SS.AR.DPL for non-conforming code (type 9 or 11)")
{
	g->cs.ar |= 1u << VMX_AR_DPL_SHIFT;
}
CASE(cs_dpl_conforming, base32,
     "27.3.1.2: CS.AR.DPL must be <= SS.AR.DPL for conforming code (type 13 or 15)")
{
	g->cs.ar = 0xC0FF;
}
CASE(cs_dpl_conforming_ok, base32, PASS)
{
	g->cs.ar = 0xC09F;
	g->ss.ar |= 3u << VMX_AR_DPL_SHIFT;
}
CASE(cs_l_and_d, base64,
     "27.3.1.2: CS.AR.L and CS.AR.D/B must not both be 1 in IA-32e mode")
{
	g->cs.ar |= VMX_AR_DB;
}
CASE(cs_l_and_d_outside_ia32e, base32, PASS) { g->cs.ar |= VMX_AR_L; }

/* ---- 27.3.1.2: SS ---- */

CASE(ss_rpl_vs_cs_rpl, base64,
     "27.3.1.2: SS.selector RPL must equal CS.selector RPL (no unrestricted guest)")
{
	g->ss.selector |= 3;
}
CASE(ss_rpl_unrestricted, base32, PASS) { g->ss.selector |= 3; }
CASE(ss_base_high, base32, "27.3.1.2: SS.base bits 63:32 must be 0") { g->ss.base = 1ULL << 32; }
CASE(ss_type, base32, "27.3.1.2: SS.AR type must be 3 or 7 (read/write accessed data)")
{
	g->ss.ar = 0xC091;
}
CASE(ss_type_code, base32, "27.3.1.2: SS.AR type must be 3 or 7 (read/write accessed data)")
{
	g->ss.ar = 0xC09B;
}
CASE(ss_type_expand_down, base32, PASS) { g->ss.ar = 0xC097; }
CASE(ss_p, base32, "27.3.1.2: SS.AR.P must be 1") { g->ss.ar &= ~VMX_AR_P; }
CASE(ss_s, base32, "27.3.1.2: SS.AR.S must be 1") { g->ss.ar &= ~VMX_AR_S; }
CASE(ss_g_set, base32, "27.3.1.2: SS.AR.G must be 1 if any of limit bits 31:20 is 1")
{
	g->ss.ar &= ~VMX_AR_G;
}

#define MSG_SS_DPL_RPL "27.3.1.2: SS.AR.DPL must equal SS.selector RPL (no unrestricted guest)"

CASE(ss_dpl_vs_rpl, base64, MSG_SS_DPL_RPL)
{
	g->cs.ar |= 3u << VMX_AR_DPL_SHIFT;
	g->ss.ar |= 3u << VMX_AR_DPL_SHIFT;
}
CASE(ss_unusable_dpl_still_checked, base64, MSG_SS_DPL_RPL)
{
	g->cs.ar |= 1u << VMX_AR_DPL_SHIFT;
	g->ss.ar = VMX_AR_UNUSABLE | (1u << VMX_AR_DPL_SHIFT);
}
CASE(ss_unusable_64bit, base64, PASS)
{
	g->ss = unusable;
}

#define MSG_SS_DPL0 "27.3.1.2: SS.AR.DPL must be 0 if CS.AR type is 3 or CR0.PE=0"

CASE(ss_dpl_real_mode, base32, MSG_SS_DPL0)
{
	g->cr0 &= ~X86_CR0_PE;
	g->cs.ar |= 3u << VMX_AR_DPL_SHIFT;
	g->ss.ar |= 3u << VMX_AR_DPL_SHIFT;
}
CASE(ss_dpl_cs_type3, base32, MSG_SS_DPL0)
{
	g->cs.ar = 0xC093;
	g->ss.ar |= 1u << VMX_AR_DPL_SHIFT;
}

/* ---- 27.3.1.2: DS, ES, FS, GS ---- */

CASE(ds_base_high, base32, "27.3.1.2: DS.base bits 63:32 must be 0") { g->ds.base = 1ULL << 32; }
CASE(es_base_high_unusable, base32, PASS)
{
	g->es.ar = VMX_AR_UNUSABLE;
	g->es.base = 1ULL << 32;
}
CASE(fs_base_noncanonical_unusable, base64, "27.3.1.2: FS.base must be canonical")
{
	g->fs.base = NONCANON;
}
CASE(gs_base_noncanonical, base32, "27.3.1.2: GS.base must be canonical")
{
	g->gs.base = 0x8000000000000000;
}
CASE(fs_base_high_canonical, base32, PASS) { g->fs.base = 0xFFFFFFFF00000000; }
CASE(ds_not_accessed, base32, "27.3.1.2: DS.AR type must be accessed (bit 0 = 1)")
{
	g->ds.ar = 0xC092;
}
CASE(es_code_not_readable, base32, "27.3.1.2: ES.AR type must be readable if code (bit 1 = 1)")
{
	g->es.ar = 0xC099;
}
CASE(fs_readable_code, base32, PASS) { g->fs.ar = 0xC09B; }
CASE(fs_s, base32, "27.3.1.2: FS.AR.S must be 1") { g->fs.ar &= ~VMX_AR_S; }
CASE(gs_p, base32, "27.3.1.2: GS.AR.P must be 1") { g->gs.ar &= ~VMX_AR_P; }
CASE(ds_rsvd_11_8, base32, "27.3.1.2: DS.AR bits 11:8 must be 0") { g->ds.ar |= 0x200; }
CASE(es_g_clear, base32, "27.3.1.2: ES.AR.G must be 0 if any of limit bits 11:0 is 0")
{
	g->es.limit = 0xFFFFFFFE;
}
CASE(fs_g_set, base32, "27.3.1.2: FS.AR.G must be 1 if any of limit bits 31:20 is 1")
{
	g->fs.ar &= ~VMX_AR_G;
}
CASE(gs_rsvd_31_17, base32, "27.3.1.2: GS.AR bits 31:17 must be 0") { g->gs.ar |= 1u << 31; }
CASE(ds_unusable_garbage, base32, PASS) { g->ds.ar = VMX_AR_UNUSABLE | 0x0F00; }
CASE(ds_dpl_below_rpl, base64,
     "27.3.1.2: DS.AR.DPL must be >= DS.selector RPL for data or non-conforming code "
     "(no unrestricted guest)")
{
	g->ds.selector |= 3;
}
CASE(ds_dpl_below_rpl_unrestricted, base32, PASS) { g->ds.selector |= 3; }
CASE(ds_dpl_below_rpl_conforming, base64, PASS)
{
	g->ds.ar = 0xC09F;
	g->ds.selector |= 3;
}

/* ---- 27.3.1.2: virtual-8086 ---- */

CASE(v86_base, base32, "27.3.1.2: DS.base must be selector << 4 in virtual-8086 mode")
{
	make_v86(g);
	g->ds.base += 1;
}
CASE(v86_limit, base32, "27.3.1.2: CS.limit must be 0xFFFF in virtual-8086 mode")
{
	make_v86(g);
	g->cs.limit = 0xFFFFF;
}
CASE(v86_ar, base32, "27.3.1.2: SS.AR must be 0xF3 in virtual-8086 mode")
{
	make_v86(g);
	g->ss.ar = 0xF2;
}
CASE(v86_gs_ar, base32, "27.3.1.2: GS.AR must be 0xF3 in virtual-8086 mode")
{
	make_v86(g);
	g->gs.ar = 0xC093;
}

/* ---- 27.3.1.2: TR ---- */

CASE(tr_ti, base32, "27.3.1.2: TR.selector TI (bit 2) must be 0") { g->tr.selector |= 4; }
CASE(tr_base_noncanonical, base64, "27.3.1.2: TR.base must be canonical") { g->tr.base = NONCANON; }
CASE(tr_unusable, base32, "27.3.1.2: TR must be usable (AR bit 16 = 0)") { g->tr.ar |= VMX_AR_UNUSABLE; }
CASE(tr_type3_ia32e, base64,
     "27.3.1.2: TR.AR type must be 11 (busy 64-bit TSS) in IA-32e mode")
{
	g->tr.ar = 0x83;
}
CASE(tr_type3_legacy, base32, PASS) { g->tr.ar = 0x83; }
CASE(tr_type9_legacy, base32,
     "27.3.1.2: TR.AR type must be 3 or 11 (busy TSS) outside IA-32e mode")
{
	g->tr.ar = 0x89;
}
CASE(tr_s, base32, "27.3.1.2: TR.AR.S must be 0") { g->tr.ar |= VMX_AR_S; }
CASE(tr_p, base32, "27.3.1.2: TR.AR.P must be 1") { g->tr.ar &= ~VMX_AR_P; }
CASE(tr_rsvd_11_8, base64, "27.3.1.2: TR.AR bits 11:8 must be 0") { g->tr.ar |= 0x800; }
CASE(tr_g_clear, base64, "27.3.1.2: TR.AR.G must be 0 if any of limit bits 11:0 is 0")
{
	g->tr.ar |= VMX_AR_G;
}
CASE(tr_rsvd_31_17, base64, "27.3.1.2: TR.AR bits 31:17 must be 0") { g->tr.ar |= 1u << 20; }

/* ---- 27.3.1.2: LDTR ---- */

CASE(ldtr_usable_ok, base32, PASS) { g->ldtr = (struct vmentry_seg){ 0x28, 0x2000, 0xFF, 0x82 }; }
CASE(ldtr_ti, base32, "27.3.1.2: LDTR.selector TI (bit 2) must be 0 if usable")
{
	g->ldtr = (struct vmentry_seg){ 0x2C, 0x2000, 0xFF, 0x82 };
}
CASE(ldtr_unusable_ti, base32, PASS) { g->ldtr.selector = 0x2C; }
CASE(ldtr_base_noncanonical, base64, "27.3.1.2: LDTR.base must be canonical if usable")
{
	g->ldtr = (struct vmentry_seg){ 0x28, NONCANON, 0xFF, 0x82 };
}
CASE(ldtr_unusable_base, base64, PASS) { g->ldtr.base = NONCANON; }
CASE(ldtr_type, base32, "27.3.1.2: LDTR.AR type must be 2 (LDT) if usable")
{
	g->ldtr = (struct vmentry_seg){ 0x28, 0x2000, 0xFF, 0x83 };
}
CASE(ldtr_s, base32, "27.3.1.2: LDTR.AR.S must be 0")
{
	g->ldtr = (struct vmentry_seg){ 0x28, 0x2000, 0xFF, 0x92 };
}
CASE(ldtr_p, base32, "27.3.1.2: LDTR.AR.P must be 1")
{
	g->ldtr = (struct vmentry_seg){ 0x28, 0x2000, 0xFF, 0x02 };
}
CASE(ldtr_g_set, base32, "27.3.1.2: LDTR.AR.G must be 1 if any of limit bits 31:20 is 1")
{
	g->ldtr = (struct vmentry_seg){ 0x28, 0x2000, 0x100000, 0x82 };
}
CASE(ldtr_rsvd_31_17, base32, "27.3.1.2: LDTR.AR bits 31:17 must be 0")
{
	g->ldtr = (struct vmentry_seg){ 0x28, 0x2000, 0xFF, 0x82 | (1u << 24) };
}

/* ---- 27.3.1.3 ---- */

CASE(gdtr_base, base64, "27.3.1.3: GDTR.base must be canonical") { g->gdtr_base = NONCANON; }
CASE(idtr_base, base64, "27.3.1.3: IDTR.base must be canonical") { g->idtr_base = 0x8000000000000000; }
CASE(gdtr_limit, base32, "27.3.1.3: GDTR.limit bits 31:16 must be 0") { g->gdtr_limit = 0x10000; }
CASE(idtr_limit, base32, "27.3.1.3: IDTR.limit bits 31:16 must be 0") { g->idtr_limit = 0xFFFFFFFF; }
CASE(dtr_limits_max, base32, PASS)
{
	g->gdtr_limit = 0xFFFF;
	g->idtr_limit = 0xFFFF;
}

/* ---- 27.3.1.5: activity state ---- */

CASE(activity_range, base32,
     "27.3.1.5: activity state must be 0 (active), 1 (HLT), 2 (shutdown) or 3 (wait-for-SIPI)")
{
	g->activity_state = 4;
}
CASE(activity_hlt, base32, PASS) { g->activity_state = GUEST_ACTIVITY_HLT; }
CASE(activity_hlt_cpl3, base32, "27.3.1.5: activity state HLT requires SS.AR.DPL = 0")
{
	g->cs.ar |= 3u << VMX_AR_DPL_SHIFT;
	g->ss.ar |= 3u << VMX_AR_DPL_SHIFT;
	g->activity_state = GUEST_ACTIVITY_HLT;
}
CASE(activity_hlt_sti, base32,
     "27.3.1.5: activity state must be active while blocking by STI or MOV SS")
{
	g->rflags |= X86_RFLAGS_IF;
	g->interruptibility = GUEST_INTR_STATE_STI;
	g->activity_state = GUEST_ACTIVITY_HLT;
}

#define MSG_HLT_INJECT "27.3.1.5: only an external interrupt, NMI, #DB, #MC or " \
		       "pending MTF may be injected in the HLT state"

CASE(hlt_inject_ext_intr, base32, PASS)
{
	g->rflags |= X86_RFLAGS_IF;
	g->activity_state = GUEST_ACTIVITY_HLT;
	c->entry_intr_info = INTR_INFO_VALID | INTR_TYPE_EXT_INTR | 0x30;
}
CASE(hlt_inject_db, base32, PASS)
{
	g->activity_state = GUEST_ACTIVITY_HLT;
	c->entry_intr_info = INTR_INFO_VALID | INTR_TYPE_HW_EXCEPTION | X86_EXC_DB;
}
CASE(hlt_inject_mtf, base32, PASS)
{
	g->activity_state = GUEST_ACTIVITY_HLT;
	c->entry_intr_info = INTR_INFO_VALID | INTR_TYPE_OTHER_EVENT;
}
CASE(hlt_inject_gp, base32, MSG_HLT_INJECT)
{
	g->activity_state = GUEST_ACTIVITY_HLT;
	c->entry_intr_info = INTR_INFO_VALID | INTR_TYPE_HW_EXCEPTION | 13;
}
CASE(hlt_inject_soft_int, base32, MSG_HLT_INJECT)
{
	g->activity_state = GUEST_ACTIVITY_HLT;
	c->entry_intr_info = INTR_INFO_VALID | (4u << 8) | 0x80;
}
CASE(shutdown_inject_nmi, base32, PASS)
{
	g->activity_state = GUEST_ACTIVITY_SHUTDOWN;
	c->entry_intr_info = INTR_INFO_VALID | INTR_TYPE_NMI | 2;
}
CASE(shutdown_inject_mc, base32, PASS)
{
	g->activity_state = GUEST_ACTIVITY_SHUTDOWN;
	c->entry_intr_info = INTR_INFO_VALID | INTR_TYPE_HW_EXCEPTION | X86_EXC_MC;
}
CASE(shutdown_inject_ext_intr, base32,
     "27.3.1.5: only an NMI or #MC may be injected in the shutdown state")
{
	g->rflags |= X86_RFLAGS_IF;
	g->activity_state = GUEST_ACTIVITY_SHUTDOWN;
	c->entry_intr_info = INTR_INFO_VALID | INTR_TYPE_EXT_INTR | 0x30;
}
CASE(wait_sipi, base32, PASS) { g->activity_state = GUEST_ACTIVITY_WAIT_SIPI; }
CASE(wait_sipi_inject, base32,
     "27.3.1.5: no event may be injected in the wait-for-SIPI state")
{
	g->activity_state = GUEST_ACTIVITY_WAIT_SIPI;
	c->entry_intr_info = INTR_INFO_VALID | INTR_TYPE_NMI | 2;
}

/* ---- 27.3.1.5: interruptibility state ---- */

CASE(intr_reserved, base32, "27.3.1.5: interruptibility state bits 31:5 must be 0")
{
	g->interruptibility = 1u << 5;
}
CASE(intr_sti_and_movss, base32,
     "27.3.1.5: interruptibility state must not have both blocking by STI and blocking by MOV SS")
{
	g->rflags |= X86_RFLAGS_IF;
	g->interruptibility = GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS;
}
CASE(intr_sti_if0, base32, "27.3.1.5: blocking by STI requires RFLAGS.IF = 1")
{
	g->interruptibility = GUEST_INTR_STATE_STI;
}
CASE(intr_sti_if1, base32, PASS)
{
	g->rflags |= X86_RFLAGS_IF;
	g->interruptibility = GUEST_INTR_STATE_STI;
}
CASE(intr_movss_if0, base32, PASS) { g->interruptibility = GUEST_INTR_STATE_MOV_SS; }
CASE(intr_ext_intr_movss, base32,
     "27.3.1.5: blocking by STI and by MOV SS must be 0 to inject an external interrupt")
{
	g->rflags |= X86_RFLAGS_IF;
	g->interruptibility = GUEST_INTR_STATE_MOV_SS;
	c->entry_intr_info = INTR_INFO_VALID | INTR_TYPE_EXT_INTR | 0x20;
}
CASE(intr_ext_intr_sti, base32,
     "27.3.1.5: blocking by STI and by MOV SS must be 0 to inject an external interrupt")
{
	g->rflags |= X86_RFLAGS_IF;
	g->interruptibility = GUEST_INTR_STATE_STI;
	c->entry_intr_info = INTR_INFO_VALID | INTR_TYPE_EXT_INTR | 0x20;
}
CASE(intr_nmi_movss, base32, "27.3.1.5: blocking by MOV SS must be 0 to inject an NMI")
{
	g->interruptibility = GUEST_INTR_STATE_MOV_SS;
	c->entry_intr_info = INTR_INFO_VALID | INTR_TYPE_NMI | 2;
}
CASE(intr_smi, base32,
     "27.3.1.5: blocking by SMI must be 0 (VM entry is never made from SMM here)")
{
	g->interruptibility = GUEST_INTR_STATE_SMI;
}
CASE(intr_nmi_blocked_virtual_nmis, base64,
     "27.3.1.5: blocking by NMI must be 0 to inject an NMI with virtual NMIs")
{
	g->interruptibility = GUEST_INTR_STATE_NMI;
	c->entry_intr_info = INTR_INFO_VALID | INTR_TYPE_NMI | 2;
}
CASE(intr_nmi_blocked_no_virtual_nmis, base32, PASS)
{
	g->interruptibility = GUEST_INTR_STATE_NMI;
	c->entry_intr_info = INTR_INFO_VALID | INTR_TYPE_NMI | 2;
}
CASE(intr_enclave_movss, base32,
     "27.3.1.5: enclave interruption requires blocking by MOV SS = 0")
{
	g->interruptibility = GUEST_INTR_STATE_ENCLAVE | GUEST_INTR_STATE_MOV_SS;
}
CASE(intr_enclave, base32, PASS) { g->interruptibility = GUEST_INTR_STATE_ENCLAVE; }

/* ---- 27.3.1.5: pending debug exceptions ---- */

#define MSG_PDBG_RSVD "27.3.1.5: pending debug exceptions bits 63:17, 15, 13 and 11:4 must be 0"
#define MSG_BS1 "27.3.1.5: pending debug BS must be 1 if RFLAGS.TF=1 and DEBUGCTL.BTF=0 " \
		"while blocking by STI/MOV SS or in HLT"
#define MSG_BS0 "27.3.1.5: pending debug BS must be 0 if RFLAGS.TF=0 or DEBUGCTL.BTF=1 " \
		"while blocking by STI/MOV SS or in HLT"

CASE(pdbg_bit4, base32, MSG_PDBG_RSVD) { g->pending_dbg = 1u << 4; }
CASE(pdbg_bit13, base32, MSG_PDBG_RSVD) { g->pending_dbg = 1u << 13; }
CASE(pdbg_bit15, base32, MSG_PDBG_RSVD) { g->pending_dbg = 1u << 15; }
CASE(pdbg_bit17, base32, MSG_PDBG_RSVD) { g->pending_dbg = 1u << 17; }
CASE(pdbg_b0_b3_bs_rtm, base32, PASS) { g->pending_dbg = 0x1500F; }
CASE(pdbg_bs_needed, base32, MSG_BS1)
{
	g->rflags |= X86_RFLAGS_IF | X86_RFLAGS_TF;
	g->interruptibility = GUEST_INTR_STATE_STI;
}
CASE(pdbg_bs_needed_hlt, base32, MSG_BS1)
{
	g->rflags |= X86_RFLAGS_TF;
	g->activity_state = GUEST_ACTIVITY_HLT;
}
CASE(pdbg_bs_present, base32, PASS)
{
	g->rflags |= X86_RFLAGS_TF;
	g->interruptibility = GUEST_INTR_STATE_MOV_SS;
	g->pending_dbg = PENDING_DBG_BS;
}
CASE(pdbg_bs_without_tf, base32, MSG_BS0)
{
	g->interruptibility = GUEST_INTR_STATE_MOV_SS;
	g->pending_dbg = PENDING_DBG_BS;
}
CASE(pdbg_bs_with_btf, base32, MSG_BS0)
{
	g->rflags |= X86_RFLAGS_TF;
	g->debugctl = X86_DEBUGCTL_BTF;
	g->interruptibility = GUEST_INTR_STATE_MOV_SS;
	g->pending_dbg = PENDING_DBG_BS;
}
CASE(pdbg_tf_btf_no_bs, base32, PASS)
{
	g->rflags |= X86_RFLAGS_TF;
	g->debugctl = X86_DEBUGCTL_BTF;
	g->interruptibility = GUEST_INTR_STATE_MOV_SS;
}
CASE(pdbg_bs_not_blocked, base32, PASS) { g->pending_dbg = PENDING_DBG_BS; }

/* ---- 27.3.1.5: VMCS link pointer ---- */

#define MSG_LINK "27.3.1.5: VMCS link pointer must be FFFFFFFF_FFFFFFFFH (no VMCS shadowing)"

CASE(link_ptr_zero, base64, MSG_LINK) { g->vmcs_link_ptr = 0; }
CASE(link_ptr_page, base32, MSG_LINK) { g->vmcs_link_ptr = 0x1000; }

/* ---- order: the first broken rule is the one reported ---- */

static void test_first_rule_wins(void **state)
{
	struct vmentry_guest g;
	struct vmentry_controls c;

	base64(&g, &c);
	g.vmcs_link_ptr = 0;
	g.gdtr_limit = 0x10000;
	g.tr.selector |= 4;
	g.rflags = 0;
	g.cr0 &= ~X86_CR0_NE;
	assert_string_equal(vmentry_check_guest(&g, &c), MSG_CR0_FIXED0);
	g.cr0 |= X86_CR0_NE;
	assert_string_equal(vmentry_check_guest(&g, &c),
			    "27.3.1.4: RFLAGS bit 1 must be 1");
	g.rflags = X86_RFLAGS_FIXED;
	assert_string_equal(vmentry_check_guest(&g, &c),
			    "27.3.1.2: TR.selector TI (bit 2) must be 0");
	g.tr.selector &= ~4;
	assert_string_equal(vmentry_check_guest(&g, &c),
			    "27.3.1.3: GDTR.limit bits 31:16 must be 0");
	g.gdtr_limit = 0;
	assert_string_equal(vmentry_check_guest(&g, &c), MSG_LINK);
	g.vmcs_link_ptr = ~0ULL;
	assert_null(vmentry_check_guest(&g, &c));
}

#define T(name) cmocka_unit_test(name)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_baselines), T(test_bad_args), T(test_first_rule_wins),
		/* 27.3.1.1 */
		T(cr0_fixed0_ne), T(cr0_fixed0_pe_restricted),
		T(cr0_fixed0_pg_restricted), T(cr0_real_mode_unrestricted),
		T(cr0_fixed1), T(cr0_nw_cd_never_checked), T(cr0_pg_without_pe),
		T(cr4_fixed0), T(cr4_fixed1), T(cr4_cet_without_wp),
		T(cr4_cet_with_wp), T(ia32e_needs_pg), T(ia32e_needs_pae),
		T(pcide_outside_ia32e), T(pcide_in_ia32e),
		T(cr3_above_maxphyaddr), T(cr3_bit63), T(cr3_below_maxphyaddr),
		T(dr7_high), T(dr7_high_not_loaded),
		T(pat_type2), T(pat_type3_top), T(pat_type8),
		T(pat_all_valid_types), T(pat_not_loaded),
		T(efer_reserved), T(efer_lma_clear_in_ia32e),
		T(efer_lma_set_outside_ia32e), T(efer_lme_differs_with_pg),
		T(efer_lme_without_pg), T(efer_not_loaded),
		/* 27.3.1.4 */
		T(rip_high_32bit), T(rip_high_compat_mode), T(rip_64bit_top_bits),
		T(rip_64bit_bit47_only), T(rflags_bit3), T(rflags_bit5),
		T(rflags_bit15), T(rflags_bit22), T(rflags_bit63), T(rflags_bit1),
		T(rflags_vm_ia32e), T(rflags_vm_real_mode), T(rflags_if_ext_intr),
		T(rflags_if_ext_intr_not_valid),
		/* 27.3.1.2 CS */
		T(cs_base_high), T(cs_type_data_restricted),
		T(cs_type_not_accessed_restricted), T(cs_type_data_unrestricted),
		T(cs_type_not_accessed_unrestricted), T(cs_type_ro_data_unrestricted),
		T(cs_unusable_still_checked), T(cs_s), T(cs_p), T(cs_rsvd_11_8),
		T(cs_g_clear), T(cs_g_set), T(cs_byte_granular_1m), T(cs_rsvd_31_17),
		T(cs_dpl_type3), T(cs_dpl_nonconforming), T(cs_dpl_conforming),
		T(cs_dpl_conforming_ok), T(cs_l_and_d), T(cs_l_and_d_outside_ia32e),
		/* SS */
		T(ss_rpl_vs_cs_rpl), T(ss_rpl_unrestricted), T(ss_base_high),
		T(ss_type), T(ss_type_code), T(ss_type_expand_down), T(ss_p),
		T(ss_s), T(ss_g_set), T(ss_dpl_vs_rpl),
		T(ss_unusable_dpl_still_checked), T(ss_unusable_64bit),
		T(ss_dpl_real_mode), T(ss_dpl_cs_type3),
		/* DS ES FS GS */
		T(ds_base_high), T(es_base_high_unusable),
		T(fs_base_noncanonical_unusable), T(gs_base_noncanonical),
		T(fs_base_high_canonical), T(ds_not_accessed),
		T(es_code_not_readable), T(fs_readable_code), T(fs_s), T(gs_p),
		T(ds_rsvd_11_8), T(es_g_clear), T(fs_g_set), T(gs_rsvd_31_17),
		T(ds_unusable_garbage), T(ds_dpl_below_rpl),
		T(ds_dpl_below_rpl_unrestricted), T(ds_dpl_below_rpl_conforming),
		/* virtual-8086 */
		T(v86_base), T(v86_limit), T(v86_ar), T(v86_gs_ar),
		/* TR */
		T(tr_ti), T(tr_base_noncanonical), T(tr_unusable), T(tr_type3_ia32e),
		T(tr_type3_legacy), T(tr_type9_legacy), T(tr_s), T(tr_p),
		T(tr_rsvd_11_8), T(tr_g_clear), T(tr_rsvd_31_17),
		/* LDTR */
		T(ldtr_usable_ok), T(ldtr_ti), T(ldtr_unusable_ti),
		T(ldtr_base_noncanonical), T(ldtr_unusable_base), T(ldtr_type),
		T(ldtr_s), T(ldtr_p), T(ldtr_g_set), T(ldtr_rsvd_31_17),
		/* 27.3.1.3 */
		T(gdtr_base), T(idtr_base), T(gdtr_limit), T(idtr_limit),
		T(dtr_limits_max),
		/* 27.3.1.5 */
		T(activity_range), T(activity_hlt), T(activity_hlt_cpl3),
		T(activity_hlt_sti), T(hlt_inject_ext_intr), T(hlt_inject_db),
		T(hlt_inject_mtf), T(hlt_inject_gp), T(hlt_inject_soft_int),
		T(shutdown_inject_nmi), T(shutdown_inject_mc),
		T(shutdown_inject_ext_intr), T(wait_sipi), T(wait_sipi_inject),
		T(intr_reserved), T(intr_sti_and_movss), T(intr_sti_if0),
		T(intr_sti_if1), T(intr_movss_if0), T(intr_ext_intr_movss),
		T(intr_ext_intr_sti), T(intr_nmi_movss), T(intr_smi),
		T(intr_nmi_blocked_virtual_nmis), T(intr_nmi_blocked_no_virtual_nmis),
		T(intr_enclave_movss), T(intr_enclave),
		T(pdbg_bit4), T(pdbg_bit13), T(pdbg_bit15), T(pdbg_bit17),
		T(pdbg_b0_b3_bs_rtm), T(pdbg_bs_needed), T(pdbg_bs_needed_hlt),
		T(pdbg_bs_present), T(pdbg_bs_without_tf), T(pdbg_bs_with_btf),
		T(pdbg_tf_btf_no_bs), T(pdbg_bs_not_blocked),
		T(link_ptr_zero), T(link_ptr_page),
		/* linear-address width */
		T(la57_fs_base_57bit), T(la57_cpu_guest_4level),
		T(la57_fs_base_bit56), T(la57_tr_base), T(la57_ldtr_base),
		T(la57_idtr_base), T(la57_rip_57bit), T(la57_rip_bit56),
		T(la57_rip_bit57), T(la48_fs_base_57bit), T(la48_rip_57bit),
		T(la48_explicit), T(linear_bits_bad),
		/* modes */
		T(real_mode_high_cs), T(real_mode_big_real), T(real_mode_ss_dpl3),
		T(real_mode_vm_flag), T(pae_paging_32bit), T(compat_mode),
		T(compat_mode_rip_high), T(user_mode_64),
	};


	return cmocka_run_group_tests_name("entry_checks", tests, NULL, NULL);
}
