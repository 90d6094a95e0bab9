/* The conformance guest (guest/conformance/): a freestanding guest that
 * starts in real mode, moves to protected mode and long mode, performs in
 * each mode what a hostile guest would, checks the architectural result
 * and prints one PASS/FAIL line per case on COM1. */
#ifndef GUEST_CONFORMANCE_GUEST_H
#define GUEST_CONFORMANCE_GUEST_H

#include "guest/vm.h"

/* Guest-physical layout the guest relies on (guest/conformance/layout.inc
 * repeats it): the image at 0x1000 (entered at 0000:1000, real mode), all
 * of it below 64 KiB so real mode reaches it with segment bases 0, and
 * hv.conf's cmdline, NUL-terminated, at 0x500. */
#define CONFORMANCE_LOAD_GPA    0x1000ULL
#define CONFORMANCE_MAX_SIZE    0xE000ULL	/* 0xF000 up is its scratch */
#define CONFORMANCE_CMDLINE_GPA 0x500ULL
#define CONFORMANCE_CMDLINE_MAX 0x400ULL

const char *conformance_guest_load(struct vm *vm, struct vcpu *v,
				   const char *cmdline);

#endif
