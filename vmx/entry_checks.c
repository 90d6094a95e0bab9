/*
 * VM-entry guest-state checks (Intel SDM Vol. 3C, 27.3.1).
 *
 * Each check returns NULL or a static string that starts with the SDM
 * section of the rule it names. Nothing here formats text at run time,
 * so the per-segment messages are spelled out by the SEG_MSGS macros.
 */
#include "vmx/entry_checks.h"

#include <stdbool.h>
#include <stddef.h>

/* What the controls and RFLAGS say about the guest about to run. */
struct mode {
	bool ia32e;		/* "IA-32e mode guest" entry control */
	bool unrestricted;	/* "unrestricted guest", if secondary controls are on */
	bool v86;		/* RFLAGS.VM */
	bool pe;		/* CR0.PE */
	unsigned la_bits;	/* the processor's linear-address width: 48 or 57 */
};

/* Canonical for the processor's linear-address width N: bits 63:N-1 all
 * equal. VM entry checks bases and RIP against the width the processor
 * supports (57 with 5-level paging), whatever the guest's CR4.LA57 says
 * (27.3.1.2, 27.3.1.3, 27.3.1.4). */
static bool canonical(uint64_t a, const struct mode *m)
{
	uint64_t top = (uint64_t)((int64_t)a >> (m->la_bits - 1));

	return top == 0 || top == ~0ULL;
}

static bool event_injected(const struct vmentry_controls *c, uint32_t type)
{
	return (c->entry_intr_info & INTR_INFO_VALID) &&
	       (c->entry_intr_info & INTR_INFO_TYPE_MASK) == type;
}

/* ---- 27.3.1.1 Control registers, debug registers and MSRs ---- */

/* Each of the 8 PAT entries must be UC, WC, WT, WP, WB or UC- (0,1,4-7). */
static bool pat_valid(uint64_t pat)
{
	unsigned i;

	for (i = 0; i < 8; i++) {
		unsigned type = (pat >> (8 * i)) & 0xFF;

		if (type == 2 || type == 3 || type > 7)
			return false;
	}
	return true;
}

static const char *check_control_regs(const struct vmentry_guest *g,
				      const struct vmentry_controls *c,
				      const struct mode *m)
{
	/* VM entry leaves CR0.NW and CR0.CD alone, so they are never
	 * checked; with unrestricted guest neither are PE and PG. */
	uint64_t cr0_must1 = c->cr0_fixed0 & ~(X86_CR0_NW | X86_CR0_CD);
	uint64_t cr0_may1 = c->cr0_fixed1 | X86_CR0_NW | X86_CR0_CD;
	/* Bits of IA32_EFER that exist on Intel 64 processors. */
	uint64_t efer_ok = X86_EFER_SCE | X86_EFER_LME | X86_EFER_LMA |
			   X86_EFER_NXE;

	if (m->unrestricted)
		cr0_must1 &= ~(X86_CR0_PE | X86_CR0_PG);
	if ((g->cr0 & cr0_must1) != cr0_must1)
		return "27.3.1.1: CR0 must set every bit IA32_VMX_CR0_FIXED0 sets "
		       "(PE and PG exempt with unrestricted guest)";
	if (g->cr0 & ~cr0_may1)
		return "27.3.1.1: CR0 must clear every bit IA32_VMX_CR0_FIXED1 clears";
	if ((g->cr0 & X86_CR0_PG) && !(g->cr0 & X86_CR0_PE))
		return "27.3.1.1: CR0.PG=1 requires CR0.PE=1";
	if ((g->cr4 & c->cr4_fixed0) != c->cr4_fixed0)
		return "27.3.1.1: CR4 must set every bit IA32_VMX_CR4_FIXED0 sets";
	if (g->cr4 & ~c->cr4_fixed1)
		return "27.3.1.1: CR4 must clear every bit IA32_VMX_CR4_FIXED1 clears";
	if ((g->cr4 & X86_CR4_CET) && !(g->cr0 & X86_CR0_WP))
		return "27.3.1.1: CR4.CET=1 requires CR0.WP=1";
	if (m->ia32e && !(g->cr0 & X86_CR0_PG))
		return "27.3.1.1: IA-32e mode guest requires CR0.PG=1";
	if (m->ia32e && !(g->cr4 & X86_CR4_PAE))
		return "27.3.1.1: IA-32e mode guest requires CR4.PAE=1";
	if (!m->ia32e && (g->cr4 & X86_CR4_PCIDE))
		return "27.3.1.1: CR4.PCIDE must be 0 outside IA-32e mode";
	if (g->cr3 >> c->maxphyaddr)
		return "27.3.1.1: CR3 bits 63:MAXPHYADDR must be 0";
	if ((c->entry & ENTRY_LOAD_DEBUG_CONTROLS) && (g->dr7 >> 32))
		return "27.3.1.1: DR7 bits 63:32 must be 0 (load debug controls)";
	if ((c->entry & ENTRY_LOAD_IA32_PAT) && !pat_valid(g->pat))
		return "27.3.1.1: each IA32_PAT entry must be 0, 1, 4, 5, 6 or 7 "
		       "(load IA32_PAT)";
	if (c->entry & ENTRY_LOAD_IA32_EFER) {
		bool lma = (g->efer & X86_EFER_LMA) != 0;
		bool lme = (g->efer & X86_EFER_LME) != 0;

		if (g->efer & ~efer_ok)
			return "27.3.1.1: IA32_EFER reserved bits must be 0 "
			       "(load IA32_EFER)";
		if (lma != m->ia32e)
			return "27.3.1.1: IA32_EFER.LMA must equal the IA-32e mode "
			       "guest control (load IA32_EFER)";
		if ((g->cr0 & X86_CR0_PG) && lme != lma)
			return "27.3.1.1: IA32_EFER.LME must equal IA32_EFER.LMA "
			       "when CR0.PG=1 (load IA32_EFER)";
	}
	return NULL;
}

/* ---- 27.3.1.4 RIP and RFLAGS ---- */

static const char *check_rip_rflags(const struct vmentry_guest *g,
				    const struct vmentry_controls *c,
				    const struct mode *m)
{
	if (m->ia32e && (g->cs.ar & VMX_AR_L)) {
		/* 64-bit mode: bits 63:N identical, N the linear width. */
		uint64_t top = (uint64_t)((int64_t)g->rip >> m->la_bits);

		if (top != 0 && top != ~0ULL)
			return m->la_bits == 57 ?
			       "27.3.1.4: RIP bits 63:57 must be identical in 64-bit mode" :
			       "27.3.1.4: RIP bits 63:48 must be identical in 64-bit mode";
	} else if (g->rip >> 32) {
		return "27.3.1.4: RIP bits 63:32 must be 0 outside 64-bit mode";
	}
	if (g->rflags & X86_RFLAGS_RESERVED)
		return "27.3.1.4: RFLAGS bits 63:22, 15, 5 and 3 must be 0";
	if (!(g->rflags & X86_RFLAGS_FIXED))
		return "27.3.1.4: RFLAGS bit 1 must be 1";
	if ((g->rflags & X86_RFLAGS_VM) && (m->ia32e || !m->pe))
		return "27.3.1.4: RFLAGS.VM must be 0 in IA-32e mode or with CR0.PE=0";
	if (event_injected(c, INTR_TYPE_EXT_INTR) && !(g->rflags & X86_RFLAGS_IF))
		return "27.3.1.4: RFLAGS.IF must be 1 to inject an external interrupt";
	return NULL;
}

/* ---- 27.3.1.2 Segment registers ---- */

/* The messages for the rules one segment register can break. */
struct seg_msgs {
	const char *base;		/* bits 63:32 zero, or canonical */
	const char *v86_base, *v86_limit, *v86_ar;
	const char *accessed, *readable, *dpl;	/* DS, ES, FS, GS */
	const char *s, *p, *rsvd_11_8, *g_clear, *g_set, *rsvd_31_17;
};

#define SEG_COMMON_MSGS(N, S)						\
	.s = "27.3.1.2: " N ".AR.S must be " S,				\
	.p = "27.3.1.2: " N ".AR.P must be 1",				\
	.rsvd_11_8 = "27.3.1.2: " N ".AR bits 11:8 must be 0",		\
	.g_clear = "27.3.1.2: " N ".AR.G must be 0 if any of limit bits 11:0 is 0", \
	.g_set = "27.3.1.2: " N ".AR.G must be 1 if any of limit bits 31:20 is 1", \
	.rsvd_31_17 = "27.3.1.2: " N ".AR bits 31:17 must be 0"

#define SEG_V86_MSGS(N)							\
	.v86_base = "27.3.1.2: " N ".base must be selector << 4 in virtual-8086 mode", \
	.v86_limit = "27.3.1.2: " N ".limit must be 0xFFFF in virtual-8086 mode", \
	.v86_ar = "27.3.1.2: " N ".AR must be 0xF3 in virtual-8086 mode"

#define SEG_DATA_MSGS(N, BASE)						\
	.base = "27.3.1.2: " N ".base " BASE,				\
	.accessed = "27.3.1.2: " N ".AR type must be accessed (bit 0 = 1)", \
	.readable = "27.3.1.2: " N ".AR type must be readable if code (bit 1 = 1)", \
	.dpl = "27.3.1.2: " N ".AR.DPL must be >= " N ".selector RPL "	\
	       "for data or non-conforming code (no unrestricted guest)",	\
	SEG_V86_MSGS(N), SEG_COMMON_MSGS(N, "1")

#define HIGH_ZERO	"bits 63:32 must be 0"
#define CANONICAL	"must be canonical"

static const struct seg_msgs cs_msgs = {
	.base = "27.3.1.2: CS.base " HIGH_ZERO,
	SEG_V86_MSGS("CS"), SEG_COMMON_MSGS("CS", "1"),
};
static const struct seg_msgs ss_msgs = {
	.base = "27.3.1.2: SS.base " HIGH_ZERO,
	SEG_V86_MSGS("SS"), SEG_COMMON_MSGS("SS", "1"),
};
static const struct seg_msgs ds_msgs = { SEG_DATA_MSGS("DS", HIGH_ZERO) };
static const struct seg_msgs es_msgs = { SEG_DATA_MSGS("ES", HIGH_ZERO) };
static const struct seg_msgs fs_msgs = { SEG_DATA_MSGS("FS", CANONICAL) };
static const struct seg_msgs gs_msgs = { SEG_DATA_MSGS("GS", CANONICAL) };
static const struct seg_msgs tr_msgs = { SEG_COMMON_MSGS("TR", "0") };
static const struct seg_msgs ldtr_msgs = { SEG_COMMON_MSGS("LDTR", "0") };

static bool usable(const struct vmentry_seg *s)
{
	return !(s->ar & VMX_AR_UNUSABLE);
}

static unsigned seg_type(const struct vmentry_seg *s)
{
	return s->ar & VMX_AR_TYPE_MASK;
}

static unsigned seg_dpl(const struct vmentry_seg *s)
{
	return (s->ar & VMX_AR_DPL_MASK) >> VMX_AR_DPL_SHIFT;
}

static unsigned seg_rpl(const struct vmentry_seg *s)
{
	return s->selector & SEL_RPL_MASK;
}

/* In virtual-8086 mode the six segment registers are fixed by the
 * selector: base = selector * 16, limit 0xFFFF, AR 0xF3. */
static const char *check_v86_seg(const struct vmentry_seg *s,
				 const struct seg_msgs *msg)
{
	if (s->base != (uint64_t)s->selector << 4)
		return msg->v86_base;
	if (s->limit != 0xFFFF)
		return msg->v86_limit;
	if (s->ar != 0xF3)
		return msg->v86_ar;
	return NULL;
}

/* S, P, reserved bits and limit granularity, checked for CS and for
 * every usable segment register; 'want_s' is 1 for code and data
 * segments, 0 for TR and LDTR. */
static const char *check_ar_common(const struct vmentry_seg *s,
				   const struct seg_msgs *msg, bool want_s)
{
	if (((s->ar & VMX_AR_S) != 0) != want_s)
		return msg->s;
	if (!(s->ar & VMX_AR_P))
		return msg->p;
	if (s->ar & VMX_AR_RESERVED_11_8)
		return msg->rsvd_11_8;
	if ((s->limit & 0xFFF) != 0xFFF && (s->ar & VMX_AR_G))
		return msg->g_clear;
	if ((s->limit & 0xFFF00000) && !(s->ar & VMX_AR_G))
		return msg->g_set;
	if (s->ar & VMX_AR_RESERVED_31_17)
		return msg->rsvd_31_17;
	return NULL;
}

static const char *check_cs(const struct vmentry_guest *g,
			    const struct mode *m)
{
	const struct vmentry_seg *cs = &g->cs;
	unsigned type = seg_type(cs);
	const char *err;

	if (m->v86)
		return check_v86_seg(cs, &cs_msgs);
	if (cs->base >> 32)
		return cs_msgs.base;
	if (m->unrestricted) {
		if (type != 3 && type != 9 && type != 11 && type != 13 && type != 15)
			return "27.3.1.2: CS.AR type must be 3, 9, 11, 13 or 15 "
			       "with unrestricted guest";
	} else if (type != 9 && type != 11 && type != 13 && type != 15) {
		return "27.3.1.2: CS.AR type must be 9, 11, 13 or 15 "
		       "(accessed code) without unrestricted guest";
	}
	err = check_ar_common(cs, &cs_msgs, true);
	if (err)
		return err;
	if (type == 3 && seg_dpl(cs) != 0)
		return "27.3.1.2: CS.AR.DPL must be 0 if CS.AR type is 3";
	if ((type == 9 || type == 11) && seg_dpl(cs) != seg_dpl(&g->ss))
		return "27.3.1.2: CS.AR.DPL must equal SS.AR.DPL "
		       "for non-conforming code (type 9 or 11)";
	if ((type == 13 || type == 15) && seg_dpl(cs) > seg_dpl(&g->ss))
		return "27.3.1.2: CS.AR.DPL must be <= SS.AR.DPL "
		       "for conforming code (type 13 or 15)";
	if (m->ia32e && (cs->ar & VMX_AR_L) && (cs->ar & VMX_AR_DB))
		return "27.3.1.2: CS.AR.L and CS.AR.D/B must not both be 1 "
		       "in IA-32e mode";
	return NULL;
}

static const char *check_ss(const struct vmentry_guest *g,
			    const struct mode *m)
{
	const struct vmentry_seg *ss = &g->ss;
	const char *err;

	if (m->v86)
		return check_v86_seg(ss, &ss_msgs);
	if (!m->unrestricted && seg_rpl(ss) != seg_rpl(&g->cs))
		return "27.3.1.2: SS.selector RPL must equal CS.selector RPL "
		       "(no unrestricted guest)";
	if (usable(ss)) {
		if (ss->base >> 32)
			return ss_msgs.base;
		if (seg_type(ss) != 3 && seg_type(ss) != 7)
			return "27.3.1.2: SS.AR type must be 3 or 7 "
			       "(read/write accessed data)";
		err = check_ar_common(ss, &ss_msgs, true);
		if (err)
			return err;
	}
	/* SS.DPL is the CPL after entry: checked even if SS is unusable. */
	if (!m->unrestricted && seg_dpl(ss) != seg_rpl(ss))
		return "27.3.1.2: SS.AR.DPL must equal SS.selector RPL "
		       "(no unrestricted guest)";
	if ((seg_type(&g->cs) == 3 || !m->pe) && seg_dpl(ss) != 0)
		return "27.3.1.2: SS.AR.DPL must be 0 if CS.AR type is 3 "
		       "or CR0.PE=0";
	return NULL;
}

/* DS, ES, FS and GS. FS and GS bases must be canonical even when the
 * register is unusable (they load the FS.base and GS.base MSRs). */
static const char *check_data_seg(const struct vmentry_seg *s,
				  const struct seg_msgs *msg, bool fs_gs,
				  const struct mode *m)
{
	unsigned type = seg_type(s);
	const char *err;

	if (m->v86)
		return check_v86_seg(s, msg);
	if (fs_gs && !canonical(s->base, m))
		return msg->base;
	if (!usable(s))
		return NULL;
	if (!fs_gs && (s->base >> 32))
		return msg->base;
	if (!(type & 1))
		return msg->accessed;
	if ((type & 8) && !(type & 2))
		return msg->readable;
	err = check_ar_common(s, msg, true);
	if (err)
		return err;
	if (!m->unrestricted && type <= 11 && seg_dpl(s) < seg_rpl(s))
		return msg->dpl;
	return NULL;
}

static const char *check_tr(const struct vmentry_guest *g,
			    const struct mode *m)
{
	const struct vmentry_seg *tr = &g->tr;
	unsigned type = seg_type(tr);

	if (tr->selector & SEL_TI)
		return "27.3.1.2: TR.selector TI (bit 2) must be 0";
	if (!canonical(tr->base, m))
		return "27.3.1.2: TR.base must be canonical";
	if (!usable(tr))
		return "27.3.1.2: TR must be usable (AR bit 16 = 0)";
	if (m->ia32e && type != 11)
		return "27.3.1.2: TR.AR type must be 11 (busy 64-bit TSS) "
		       "in IA-32e mode";
	if (!m->ia32e && type != 3 && type != 11)
		return "27.3.1.2: TR.AR type must be 3 or 11 (busy TSS) "
		       "outside IA-32e mode";
	return check_ar_common(tr, &tr_msgs, false);
}

static const char *check_ldtr(const struct vmentry_guest *g,
			      const struct mode *m)
{
	const struct vmentry_seg *ldtr = &g->ldtr;

	if (!usable(ldtr))
		return NULL;
	if (ldtr->selector & SEL_TI)
		return "27.3.1.2: LDTR.selector TI (bit 2) must be 0 if usable";
	if (!canonical(ldtr->base, m))
		return "27.3.1.2: LDTR.base must be canonical if usable";
	if (seg_type(ldtr) != 2)
		return "27.3.1.2: LDTR.AR type must be 2 (LDT) if usable";
	return check_ar_common(ldtr, &ldtr_msgs, false);
}

static const char *check_segments(const struct vmentry_guest *g,
				  const struct mode *m)
{
	const char *err;

	if ((err = check_cs(g, m)) != NULL ||
	    (err = check_ss(g, m)) != NULL ||
	    (err = check_data_seg(&g->ds, &ds_msgs, false, m)) != NULL ||
	    (err = check_data_seg(&g->es, &es_msgs, false, m)) != NULL ||
	    (err = check_data_seg(&g->fs, &fs_msgs, true, m)) != NULL ||
	    (err = check_data_seg(&g->gs, &gs_msgs, true, m)) != NULL ||
	    (err = check_tr(g, m)) != NULL)
		return err;
	return check_ldtr(g, m);
}

/* ---- 27.3.1.3 GDTR and IDTR ---- */

static const char *check_descriptor_tables(const struct vmentry_guest *g,
					   const struct mode *m)
{
	if (!canonical(g->gdtr_base, m))
		return "27.3.1.3: GDTR.base must be canonical";
	if (!canonical(g->idtr_base, m))
		return "27.3.1.3: IDTR.base must be canonical";
	if (g->gdtr_limit > 0xFFFF)
		return "27.3.1.3: GDTR.limit bits 31:16 must be 0";
	if (g->idtr_limit > 0xFFFF)
		return "27.3.1.3: IDTR.limit bits 31:16 must be 0";
	return NULL;
}

/* ---- 27.3.1.5 Non-register state ---- */

/* May the event in the interruption-information field be injected
 * into a guest entering in activity state 'act'? */
static const char *check_injection_vs_activity(const struct vmentry_controls *c,
					       uint32_t act)
{
	uint32_t info = c->entry_intr_info;
	uint32_t type = info & INTR_INFO_TYPE_MASK;
	uint32_t vector = info & INTR_INFO_VECTOR_MASK;

	if (!(info & INTR_INFO_VALID) || act == GUEST_ACTIVITY_ACTIVE)
		return NULL;
	if (act == GUEST_ACTIVITY_HLT) {
		if (type == INTR_TYPE_EXT_INTR || type == INTR_TYPE_NMI ||
		    (type == INTR_TYPE_HW_EXCEPTION &&
		     (vector == X86_EXC_DB || vector == X86_EXC_MC)) ||
		    (type == INTR_TYPE_OTHER_EVENT && vector == 0))
			return NULL;
		return "27.3.1.5: only an external interrupt, NMI, #DB, #MC or "
		       "pending MTF may be injected in the HLT state";
	}
	if (act == GUEST_ACTIVITY_SHUTDOWN) {
		if (type == INTR_TYPE_NMI ||
		    (type == INTR_TYPE_HW_EXCEPTION && vector == X86_EXC_MC))
			return NULL;
		return "27.3.1.5: only an NMI or #MC may be injected "
		       "in the shutdown state";
	}
	return "27.3.1.5: no event may be injected in the wait-for-SIPI state";
}

static const char *check_non_register_state(const struct vmentry_guest *g,
					    const struct vmentry_controls *c)
{
	uint32_t act = g->activity_state;
	uint32_t intr = g->interruptibility;
	uint32_t sti_movss = GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS;
	const char *err;

	/* Activity state. */
	if (act > GUEST_ACTIVITY_WAIT_SIPI)
		return "27.3.1.5: activity state must be 0 (active), 1 (HLT), "
		       "2 (shutdown) or 3 (wait-for-SIPI)";
	if (act == GUEST_ACTIVITY_HLT && seg_dpl(&g->ss) != 0)
		return "27.3.1.5: activity state HLT requires SS.AR.DPL = 0";
	if ((intr & sti_movss) && act != GUEST_ACTIVITY_ACTIVE)
		return "27.3.1.5: activity state must be active while "
		       "blocking by STI or MOV SS";
	err = check_injection_vs_activity(c, act);
	if (err)
		return err;

	/* Interruptibility state. */
	if (intr & ~0x1Fu)
		return "27.3.1.5: interruptibility state bits 31:5 must be 0";
	if ((intr & sti_movss) == sti_movss)
		return "27.3.1.5: interruptibility state must not have both "
		       "blocking by STI and blocking by MOV SS";
	if ((intr & GUEST_INTR_STATE_STI) && !(g->rflags & X86_RFLAGS_IF))
		return "27.3.1.5: blocking by STI requires RFLAGS.IF = 1";
	if (event_injected(c, INTR_TYPE_EXT_INTR) && (intr & sti_movss))
		return "27.3.1.5: blocking by STI and by MOV SS must be 0 "
		       "to inject an external interrupt";
	if (event_injected(c, INTR_TYPE_NMI) && (intr & GUEST_INTR_STATE_MOV_SS))
		return "27.3.1.5: blocking by MOV SS must be 0 to inject an NMI";
	if (intr & GUEST_INTR_STATE_SMI)
		return "27.3.1.5: blocking by SMI must be 0 (VM entry is never "
		       "made from SMM here)";
	if ((c->pin & PIN_VIRTUAL_NMIS) && event_injected(c, INTR_TYPE_NMI) &&
	    (intr & GUEST_INTR_STATE_NMI))
		return "27.3.1.5: blocking by NMI must be 0 to inject an NMI "
		       "with virtual NMIs";
	if ((intr & GUEST_INTR_STATE_ENCLAVE) && (intr & GUEST_INTR_STATE_MOV_SS))
		return "27.3.1.5: enclave interruption requires blocking by "
		       "MOV SS = 0";

	/* Pending debug exceptions. BS (single step) must be pending
	 * exactly when a TF trap was held back by STI/MOV SS blocking or
	 * HLT, unless branch single-stepping (DEBUGCTL.BTF) was on. */
	if (g->pending_dbg & PENDING_DBG_RESERVED)
		return "27.3.1.5: pending debug exceptions bits 63:17, 15, 13 "
		       "and 11:4 must be 0";
	if ((intr & sti_movss) || act == GUEST_ACTIVITY_HLT) {
		bool tf = (g->rflags & X86_RFLAGS_TF) != 0;
		bool btf = (g->debugctl & X86_DEBUGCTL_BTF) != 0;
		bool bs = (g->pending_dbg & PENDING_DBG_BS) != 0;

		if (tf && !btf && !bs)
			return "27.3.1.5: pending debug BS must be 1 if RFLAGS.TF=1 "
			       "and DEBUGCTL.BTF=0 while blocking by STI/MOV SS "
			       "or in HLT";
		if ((!tf || btf) && bs)
			return "27.3.1.5: pending debug BS must be 0 if RFLAGS.TF=0 "
			       "or DEBUGCTL.BTF=1 while blocking by STI/MOV SS "
			       "or in HLT";
	}

	/* VMCS link pointer: this hypervisor does not use VMCS shadowing. */
	if (g->vmcs_link_ptr != ~0ULL)
		return "27.3.1.5: VMCS link pointer must be FFFFFFFF_FFFFFFFFH "
		       "(no VMCS shadowing)";
	return NULL;
}

const char *vmentry_check_guest(const struct vmentry_guest *g,
				const struct vmentry_controls *c)
{
	struct mode m;
	const char *err;

	if (g == NULL || c == NULL)
		return "vmentry_check_guest: NULL argument";
	if (c->maxphyaddr < 32 || c->maxphyaddr > 52)
		return "vmentry_check_guest: maxphyaddr must be 32..52";
	if (c->linear_bits != 0 && c->linear_bits != 48 && c->linear_bits != 57)
		return "vmentry_check_guest: linear_bits must be 0, 48 or 57";

	m.ia32e = (c->entry & ENTRY_IA32E_MODE_GUEST) != 0;
	m.unrestricted = (c->proc & CPU_ACTIVATE_SECONDARY_CONTROLS) &&
			 (c->proc2 & CPU2_UNRESTRICTED_GUEST);
	m.v86 = (g->rflags & X86_RFLAGS_VM) != 0;
	m.pe = (g->cr0 & X86_CR0_PE) != 0;
	m.la_bits = c->linear_bits == 57 ? 57 : 48;

	if ((err = check_control_regs(g, c, &m)) != NULL ||
	    (err = check_rip_rflags(g, c, &m)) != NULL ||
	    (err = check_segments(g, &m)) != NULL ||
	    (err = check_descriptor_tables(g, &m)) != NULL)
		return err;
	return check_non_register_state(g, c);
}
