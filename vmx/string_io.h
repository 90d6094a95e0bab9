/* INS/OUTS decoding: the pure arithmetic of a string I/O exit, apart from
 * the VMCS reads and guest memory accesses of vmx/exit_io.c.
 *
 * SDM Vol. 3C 28.2.1 Table 28-5 (exit qualification for I/O instructions:
 * size in bits 2:0, direction bit 3, string bit 4, REP bit 5, port 31:16)
 * and 28.2.5 Table 28-8 (VM-exit instruction information for INS/OUTS:
 * address size in bits 9:7, segment register in bits 17:15, undefined for
 * INS, which always writes ES:[(E|R)DI]). SDM Vol. 2B INS/OUTS: each
 * element moves the index register by the element size, down if
 * RFLAGS.DF; REP counts (E|R)CX down to 0. SDM Vol. 1 3.4.1.1: a 16-bit
 * register write keeps bits 63:16, a 32-bit one zeroes bits 63:32. SDM
 * Vol. 3A 3.4.4: in 64-bit mode only FS and GS have bases.
 *
 * Everything here comes from the CPU's exit information and the guest's
 * registers: a combination the SDM does not define (element size 3 or 5
 * to 8, address size 3 to 7, a 16-bit address in 64-bit mode, a segment
 * number above GS) is refused by string_io_decode, not guessed at. Not
 * modelled: segment limits and access rights (the CPU has checked neither
 * for us: a buffer past a segment's limit is accessed). */
#ifndef VMX_STRING_IO_H
#define VMX_STRING_IO_H

#include <stdbool.h>
#include <stdint.h>

/* Segment registers as instruction information bits 17:15 number them. */
enum string_io_seg { SIO_ES = 0, SIO_CS, SIO_SS, SIO_DS, SIO_FS, SIO_GS };

struct string_io {
	uint16_t port;
	unsigned size;		/* bytes per element: 1, 2 or 4 */
	unsigned addr_bits;	/* address size: 16, 32 or 64 */
	bool in;		/* INS (memory written); else OUTS */
	bool rep;
	bool df;		/* RFLAGS.DF: the index counts down */
	bool long_mode;		/* 64-bit mode (IA32_EFER.LMA and CS.L) */
	unsigned seg;		/* enum string_io_seg of the memory operand */
};

/* Decodes a string I/O exit. Returns 0, or -1 if the fields describe no
 * INS/OUTS the SDM defines (then *s is zeroed). */
int string_io_decode(uint64_t qualification, uint32_t instruction_info,
		     uint64_t rflags, bool long_mode, struct string_io *s);

/* Whether the memory operand's segment base is added (3.4.4). */
bool string_io_has_base(const struct string_io *s);

/* How many elements the instruction moves: (E|R)CX at the address size for
 * REP, else 1. */
uint64_t string_io_count(const struct string_io *s, uint64_t rcx);

/* The linear address of byte 'byte' of the element at index register
 * value 'index', with the segment base 'base' (0 if !string_io_has_base):
 * base + the index at the address size, cut to 32 bits outside 64-bit
 * mode. */
uint64_t string_io_linear(const struct string_io *s, uint64_t base,
			  uint64_t index, unsigned byte);

/* The index register after one element. */
uint64_t string_io_next_index(const struct string_io *s, uint64_t index);

/* The count register holding 'count' elements left (REP only). */
uint64_t string_io_set_count(const struct string_io *s, uint64_t rcx,
			     uint64_t count);

/* What a string I/O run does with guest memory and the port: vmx/exit_io.c
 * reaches the buffer through the guest's page tables and the port through
 * the VM's port table. */
struct string_io_ops {
	void *ctx;
	/* The guest byte at linear address gla, to be read (OUTS) or
	 * written (INS); NULL when the access faulted (the fault is queued)
	 * or the vCPU stopped. */
	uint8_t *(*byte)(void *ctx, uint64_t gla);
	uint32_t (*in)(void *ctx, uint16_t port, unsigned size);
	void (*out)(void *ctx, uint16_t port, unsigned size, uint32_t val);
};

enum string_io_result {
	STRING_IO_DONE,		/* the count reached 0: RIP moves past it */
	STRING_IO_MORE,		/* max elements moved, more left: RIP stays,
				 * the instruction runs again */
	STRING_IO_FAULT,	/* ops->byte refused an element: RIP stays */
};

/* The instruction's loop: moves up to max elements between port s->port
 * and memory at base + *index, element by element, as the CPU does. Each
 * element's bytes are all found (ops->byte) before the port is touched,
 * so a faulting element reaches no device; after each element *index
 * moves by s->size and, with REP, *rcx counts down (the registers are
 * those after the last whole element, as after an interrupted REP). A
 * REP with a count of 0 moves nothing and is done. */
enum string_io_result string_io_run(const struct string_io *s, uint64_t base,
				    uint64_t *index, uint64_t *rcx,
				    unsigned max,
				    const struct string_io_ops *ops);

#endif
