/* The kernel's log and panic for host unit tests of kernel code
 * (tests/unit/kernel_stub.c): klog keeps the last line and counts the
 * lines per level instead of printing on COM1; panic prints its message
 * and aborts the test program (a panic is always a bug). A test links it
 * through $(UNIT_VCPU_STUB) in its UNIT_LINK_ variable (Makefile). */
#ifndef TESTS_UNIT_KERNEL_STUB_H
#define TESTS_UNIT_KERNEL_STUB_H

#include "kernel/log.h"

/* Lines logged per level, and the last one's text, since the reset. */
extern unsigned kernel_stub_lines[LOG_DEBUG + 1];
extern char kernel_stub_last_line[256];
void kernel_stub_reset(void);

#endif
