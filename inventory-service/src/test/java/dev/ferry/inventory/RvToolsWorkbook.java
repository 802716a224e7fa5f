package dev.ferry.inventory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Writes RVTools exports for tests, in the layout RVTools uses: sheets vInfo, vCPU, vMemory, vDisk, vNetwork and
 * vHost, with the newer "MiB" or the older "MB" column names. VM {@code i} has {@code (i % 8) + 1} vCPUs,
 * {@code 1024 * ((i % 4) + 1)} MiB of memory, two disks (SCSI 0:0 of 40 GiB and SCSI 0:1 of {@code i % 100 + 1} GiB)
 * and one vmxnet3 or e1000e adapter.
 */
final class RvToolsWorkbook {

    private final int vms;
    private final boolean newerUnits;

    RvToolsWorkbook(int vms, boolean newerUnits) {
        this.vms = vms;
        this.newerUnits = newerUnits;
    }

    static int cpus(int vm) {
        return vm % 8 + 1;
    }

    static long memoryMib(int vm) {
        return 1024L * (vm % 4 + 1);
    }

    static long secondDiskGib(int vm) {
        return vm % 100 + 1;
    }

    static String adapter(int vm) {
        return vm % 2 == 0 ? "Vmxnet3" : "E1000E";
    }

    static String name(int vm) {
        return String.format("vm-%05d", vm);
    }

    /** The sheets as rows of cells, header first. */
    private List<List<List<String>>> sheets() {
        String mib = newerUnits ? "MiB" : "MB";
        List<List<String>> info = new ArrayList<>();
        info.add(List.of("VM", "Powerstate", "Template", "DNS Name", "CPUs", "Memory", "NICs", "Disks", "Firmware",
                "OS according to the configuration file", "Datacenter", "Cluster", "Host", "Path", "CBT",
                "Primary IP Address", "VM ID", "VM UUID", "VI SDK Server"));
        List<List<String>> cpu = new ArrayList<>();
        cpu.add(List.of("VM", "Powerstate", "CPUs", "Sockets", "Cores p/s", "Hot Add", "VM ID", "VM UUID",
                "VI SDK Server"));
        List<List<String>> memory = new ArrayList<>();
        memory.add(List.of("VM", "Powerstate", "Size " + mib, "Hot Add", "VM ID", "VM UUID", "VI SDK Server"));
        List<List<String>> disk = new ArrayList<>();
        disk.add(List.of("VM", "Powerstate", "Disk", "Disk Key", "Capacity " + mib, "Raw", "Disk Mode", "Thin",
                "Controller", "Unit #", "Path", "VM ID", "VM UUID", "VI SDK Server"));
        List<List<String>> network = new ArrayList<>();
        network.add(List.of("VM", "Powerstate", "NIC label", "Adapter", "Network", "Connected", "Mac Address",
                "IPv4 Address", "VM ID", "VM UUID", "VI SDK Server"));
        for (int i = 0; i < vms; i++) {
            String name = name(i);
            String uuid = String.format("50000000-0000-0000-0000-%012d", i);
            List<String> ids = List.of("vm-" + (1000 + i), uuid, "vcenter.example");
            int sockets = cpus(i) % 2 == 0 ? 2 : 1;
            info.add(concat(List.of(name, i % 3 == 0 ? "poweredOff" : "poweredOn", "False", name + ".example",
                    Integer.toString(cpus(i)), Long.toString(memoryMib(i)), "1", "2", i % 5 == 0 ? "efi" : "bios",
                    i % 2 == 0 ? "Microsoft Windows Server 2019 (64-bit)" : "Red Hat Enterprise Linux 8 (64-bit)",
                    "DC1", "Cluster-" + i % 10, "esx" + i % 50 + ".example", "[ds" + i % 20 + "] " + name + "/"
                            + name + ".vmx",
                    "True", "10.0." + i / 250 % 250 + "." + (i % 250 + 1)), ids));
            cpu.add(concat(List.of(name, "poweredOn", Integer.toString(cpus(i)), Integer.toString(sockets),
                    Integer.toString(cpus(i) / sockets), "False"), ids));
            memory.add(concat(List.of(name, "poweredOn", Long.toString(memoryMib(i)), "True"), ids));
            disk.add(concat(List.of(name, "poweredOn", "Hard disk 1", "2000", Long.toString(40 * 1024), "False",
                    "persistent", "True", "SCSI controller 0", "0", "[ds" + i % 20 + "] " + name + "/" + name
                            + ".vmdk"),
                    ids));
            disk.add(concat(List.of(name, "poweredOn", "Hard disk 2", "2001", Long.toString(secondDiskGib(i) * 1024),
                    "False", "independent_persistent", "False", "SCSI controller 0", "1", "[ds" + i % 20 + "] "
                            + name + "/" + name + "_1.vmdk"),
                    ids));
            network.add(concat(List.of(name, "poweredOn", "Network adapter 1", adapter(i), "VM Network", "True",
                    String.format("00:50:56:%02x:%02x:%02x", i >> 16 & 255, i >> 8 & 255, i & 255),
                    "10.0." + i / 250 % 250 + "." + (i % 250 + 1)), ids));
        }
        List<List<String>> hosts = new ArrayList<>();
        hosts.add(List.of("Host", "Datacenter", "Cluster", "CPU Model", "# CPU", "# Cores", "HT Active",
                "# Memory", "# VMs", "ESX Version", "Vendor", "Model"));
        for (int h = 0; h < Math.min(50, Math.max(1, vms)); h++) {
            hosts.add(List.of("esx" + h + ".example", "DC1", "Cluster-" + h % 10, "Intel Xeon Gold 6248", "2", "40",
                    "True", Long.toString(512 * 1024), "20", "VMware ESXi 7.0.3", "Dell Inc.", "PowerEdge R740"));
        }
        return List.of(info, cpu, memory, disk, network, hosts);
    }

    private static final List<String> NAMES = List.of("vInfo", "vCPU", "vMemory", "vDisk", "vNetwork", "vHost");

    /** An XLSX workbook, written with POI's streaming writer. */
    Path writeXlsx(Path file) throws IOException {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(200)) {
            List<List<List<String>>> sheets = sheets();
            for (int s = 0; s < sheets.size(); s++) {
                Sheet sheet = workbook.createSheet(NAMES.get(s));
                List<List<String>> rows = sheets.get(s);
                for (int r = 0; r < rows.size(); r++) {
                    Row row = sheet.createRow(r);
                    List<String> cells = rows.get(r);
                    for (int c = 0; c < cells.size(); c++) {
                        String value = cells.get(c);
                        if (r > 0 && value.matches("\\d{1,9}")) {
                            row.createCell(c).setCellValue(Long.parseLong(value));
                        } else {
                            row.createCell(c).setCellValue(value);
                        }
                    }
                }
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                workbook.write(out);
            }
            workbook.dispose();
        }
        return file;
    }

    /** A zip of RVTools_tab*.csv files, separated by {@code delimiter}, quoting every field. */
    Path writeCsvZip(Path file, char delimiter) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            List<List<List<String>>> sheets = sheets();
            for (int s = 0; s < sheets.size(); s++) {
                zip.putNextEntry(new ZipEntry("RVTools_tab" + NAMES.get(s) + ".csv"));
                StringBuilder text = new StringBuilder();
                for (List<String> row : sheets.get(s)) {
                    for (int c = 0; c < row.size(); c++) {
                        text.append(c == 0 ? "" : String.valueOf(delimiter)).append('"')
                                .append(row.get(c).replace("\"", "\"\"")).append('"');
                    }
                    text.append("\r\n");
                }
                zip.write(text.toString().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
