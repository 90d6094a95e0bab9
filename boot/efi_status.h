/* Names of UEFI status codes, for the loader's messages (UEFI 2.10,
 * Appendix D "Status Codes"). Pure: no EFI headers, host-testable. */
#ifndef BOOT_EFI_STATUS_H
#define BOOT_EFI_STATUS_H

#include <stddef.h>
#include <stdint.h>

/* The high bit of an EFI_STATUS marks an error (Appendix D). */
#define EFI_STATUS_ERROR_BIT (1ULL << 63)

/* "EFI_NOT_FOUND", or "EFI status 0x..." for a code without a name.
 * Writes into buf (size bytes) and returns it. */
const char *efi_status_str(uint64_t status, char *buf, size_t size);

#endif
