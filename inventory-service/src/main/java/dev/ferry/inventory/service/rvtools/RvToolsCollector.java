package dev.ferry.inventory.service.rvtools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;

import jakarta.enterprise.context.ApplicationScoped;

import dev.ferry.events.machine.SourceKind;
import dev.ferry.inventory.service.discovery.DiscoveredInventory;
import dev.ferry.inventory.service.discovery.DiscoveryException;
import dev.ferry.inventory.service.discovery.ItemErrors;
import dev.ferry.inventory.service.discovery.MachineCollector;
import dev.ferry.inventory.service.source.SourceSettings;

/**
 * Imports an RVTools export: an XLSX workbook, a CSV file, a zip of CSV files or a folder of them. The format is
 * told from the content (a zip holding {@code [Content_Types].xml} is a workbook), not from the file name.
 */
@ApplicationScoped
public class RvToolsCollector implements MachineCollector {

    @Override
    public SourceKind kind() {
        return SourceKind.RVTOOLS;
    }

    @Override
    public DiscoveredInventory collect(SourceSettings source, ItemErrors errors) throws DiscoveryException {
        Path file = source.requireFile("RVTools export");
        RvToolsAssembler assembler = new RvToolsAssembler(source.id().toString(), errors);
        switch (format(file)) {
            case XLSX -> XlsxWorkbook.read(file, assembler);
            case CSV_ZIP -> CsvExport.readZip(file, assembler);
            case CSV -> CsvExport.readFiles(file, assembler);
        }
        if (!assembler.sawInfo()) {
            throw new DiscoveryException(file.getFileName() + " has no vInfo sheet with VM rows: it is not an "
                    + "RVTools export (expected an XLSX workbook or vInfo/vCPU/vMemory/vDisk/vNetwork CSV files)");
        }
        return assembler.inventory();
    }

    /** The export's format by its content. */
    enum Format {
        XLSX,
        CSV_ZIP,
        CSV
    }

    static Format format(Path file) throws DiscoveryException {
        if (Files.isDirectory(file)) {
            return Format.CSV;
        }
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            int read = in.readNBytes(head, 0, 4);
            if (read < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
                return Format.CSV;
            }
        } catch (IOException e) {
            throw new DiscoveryException("cannot read " + file.getFileName() + ": " + e.getMessage());
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.getEntry("[Content_Types].xml") != null ? Format.XLSX : Format.CSV_ZIP;
        } catch (IOException e) {
            throw new DiscoveryException(file.getFileName() + " looks like a zip (XLSX) but cannot be opened: "
                    + e.getMessage());
        }
    }
}
