package dev.ferry.inventory.service.rvtools;

/** Receives the rows of the RVTools sheets an export holds, sheet by sheet, in file order. */
interface SheetHandler {

    /** Whether the sheet is read at all (others are skipped without parsing). */
    boolean wants(String sheet);

    /** Called with each data row of a wanted sheet (the header row is not passed). */
    void row(SheetRow row);
}
