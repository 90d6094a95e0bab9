; The guest's DSDT: guest/acpi/dsdt.asl compiled by iasl (the Makefile
; builds build/guest/dsdt.aml), embedded in the kernel image for
; guest/acpi_tables.c to copy into guest memory.
section .rodata
global dsdt_aml_start
global dsdt_aml_end
dsdt_aml_start:
	incbin "dsdt.aml"
dsdt_aml_end:
