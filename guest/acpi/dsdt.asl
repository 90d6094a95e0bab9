/*
 * The guest's DSDT (ACPI 6.0, 5.2.11.1), compiled by iasl at build time
 * (Makefile: build/guest/dsdt.aml) and copied into guest memory by
 * guest/acpi_tables.c. Revision 2: integers are 64 bits.
 *
 * The sleep states the machine has (7.3.4 "System \_Sx states"): S0
 * (working) and S5 (soft off). Each package gives the SLP_TYP values for
 * PM1a_CNT and PM1b_CNT; guest/acpi_pm.c powers the machine off when the
 * OS writes SLP_TYP = ACPI_SLP_TYP_S5 (5) with SLP_EN.
 *
 * No devices are declared: the legacy ones (8259, 8254, CMOS RTC, COM1)
 * are where every PC has them, and the interrupt controllers are in the
 * MADT.
 */
DefinitionBlock ("", "DSDT", 2, "HVBARE", "HV      ", 1)
{
    Name (\_S0, Package (0x04) { 0x00, 0x00, 0x00, 0x00 })
    Name (\_S5, Package (0x04) { 0x05, 0x05, 0x00, 0x00 })

    Scope (\_SB)
    {
    }
}
