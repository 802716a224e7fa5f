package dev.ferry.inventory.service.rvtools;

import java.util.List;

/** The RVTools sheets the inventory reads. */
final class RvToolsSheets {

    static final String INFO = "vInfo";
    static final String CPU = "vCPU";
    static final String MEMORY = "vMemory";
    static final String DISK = "vDisk";
    static final String NETWORK = "vNetwork";
    static final String HOST = "vHost";

    static final List<String> ALL = List.of(INFO, CPU, MEMORY, DISK, NETWORK, HOST);

    private RvToolsSheets() {
    }
}
