/* x86-64 instructions the kernel needs that C cannot express (SDM Vol. 2).
 * Each is a one-line inline-assembly wrapper. */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <stdint.h>
#include "arch/cpuid.h"

static inline void cpuid(uint32_t leaf, uint32_t subleaf, struct cpuid_regs *r)
{
	__asm__ volatile("cpuid"
			 : "=a"(r->eax), "=b"(r->ebx), "=c"(r->ecx), "=d"(r->edx)
			 : "a"(leaf), "c"(subleaf));
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr"
			 : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

#define DEFINE_CR(n)                                                    \
	static inline uint64_t read_cr##n(void)                         \
	{                                                               \
		uint64_t v;                                             \
		__asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));       \
		return v;                                               \
	}                                                               \
	static inline void write_cr##n(uint64_t v)                      \
	{                                                               \
		__asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory"); \
	}
DEFINE_CR(0)
#if HV_HOST_TEST
/* Host unit tests of exit handlers: CR2 is a variable the test reads
 * (tests/unit/vcpu_stub.c). */
extern uint64_t host_test_cr2;
static inline uint64_t read_cr2(void) { return host_test_cr2; }
static inline void write_cr2(uint64_t v) { host_test_cr2 = v; }
#else
DEFINE_CR(2)
#endif
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline uint64_t read_dr7(void)
{
	uint64_t v;
	__asm__ volatile("mov %%dr7, %0" : "=r"(v));
	return v;
}

static inline uint64_t read_rflags(void)
{
	uint64_t v;
	__asm__ volatile("pushfq; popq %0" : "=r"(v));
	return v;
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static inline uint64_t xgetbv(uint32_t xcr)
{
	uint32_t lo, hi;
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(xcr));
	return (uint64_t)hi << 32 | lo;
}

static inline void xsetbv(uint32_t xcr, uint64_t v)
{
	__asm__ volatile("xsetbv"
			 : : "c"(xcr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline void cli(void)
{
	__asm__ volatile("cli" ::: "memory");
}

static inline void hlt(void)
{
	__asm__ volatile("hlt" ::: "memory");
}

static inline void pause(void)
{
	__asm__ volatile("pause");
}

/* Bochs' magic breakpoint (xchg bx, bx; a no-op on hardware). With
 * magic_break enabled the emulator stops and prints the tick count. */
static inline void bochs_magic_break(void)
{
	__asm__ volatile("xchg %%bx, %%bx" ::: "memory");
}

struct __attribute__((packed)) desc_ptr {
	uint16_t limit;
	uint64_t base;
};

static inline void sgdt(struct desc_ptr *p)
{
	__asm__ volatile("sgdt %0" : "=m"(*p));
}

static inline void sidt(struct desc_ptr *p)
{
	__asm__ volatile("sidt %0" : "=m"(*p));
}

static inline uint16_t read_tr(void)
{
	uint16_t v;
	__asm__ volatile("str %0" : "=r"(v));
	return v;
}

#define read_seg(name)                                                  \
	({                                                              \
		uint16_t v__;                                           \
		__asm__ volatile("mov %%" #name ", %0" : "=r"(v__));    \
		v__;                                                    \
	})

#endif
