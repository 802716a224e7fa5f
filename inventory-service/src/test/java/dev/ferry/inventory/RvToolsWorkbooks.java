package dev.ferry.inventory;

import java.io.IOException;
import java.nio.file.Path;

/** Access to {@link RvToolsWorkbook} for the benchmarks in {@code bench}. */
public final class RvToolsWorkbooks {

    private RvToolsWorkbooks() {
    }

    /** Writes an XLSX workbook of {@code vms} VMs with the newer "MiB" columns. */
    public static Path write(int vms, Path file) throws IOException {
        return new RvToolsWorkbook(vms, true).writeXlsx(file);
    }
}
