package dev.ferry.inventory.service.rvtools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.ParserConfigurationException;

import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

import dev.ferry.inventory.service.discovery.DiscoveryException;

/**
 * Reads an RVTools XLSX workbook with POI's streaming (SAX) reader: one row in memory at a time, however large the
 * workbook, instead of the whole-document model.
 */
final class XlsxWorkbook {

    private XlsxWorkbook() {
    }

    static void read(Path file, SheetHandler handler) throws DiscoveryException {
        try (OPCPackage workbook = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(workbook);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(workbook, false);
            StylesTable styles = reader.getStylesTable();
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            while (sheets.hasNext()) {
                try (InputStream sheet = sheets.next()) {
                    String name = sheets.getSheetName();
                    if (handler.wants(name)) {
                        XMLReader parser = XMLHelper.newXMLReader();
                        parser.setContentHandler(new XSSFSheetXMLHandler(styles, null, strings, new Rows(name,
                                handler), new DataFormatter(), false));
                        parser.parse(new InputSource(sheet));
                    }
                }
            }
        } catch (IOException | OpenXML4JException | SAXException | ParserConfigurationException
                | IllegalArgumentException | org.apache.poi.ooxml.POIXMLException e) {
            // POI reports damaged and non-OOXML files with IllegalArgumentException subtypes too.
            throw new DiscoveryException(file.getFileName() + " is not a readable XLSX workbook: " + e.getMessage());
        }
    }

    /** Collects a row's cells by column and hands it on with the first row's texts as headers. */
    private static final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {

        private final String sheet;
        private final SheetHandler handler;
        private final List<String> headers = new ArrayList<>();
        private final Map<Integer, String> cells = new HashMap<>();
        private boolean headerRow = true;

        Rows(String sheet, SheetHandler handler) {
            this.sheet = sheet;
            this.handler = handler;
        }

        @Override
        public void startRow(int rowNum) {
            cells.clear();
        }

        @Override
        public void endRow(int rowNum) {
            if (headerRow) {
                int last = cells.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
                for (int column = 0; column <= last; column++) {
                    headers.add(SheetRow.normalize(cells.get(column)));
                }
                headerRow = false;
                return;
            }
            if (cells.isEmpty()) {
                return;
            }
            Map<String, String> values = new HashMap<>();
            cells.forEach((column, value) -> {
                if (column < headers.size() && !headers.get(column).isEmpty()) {
                    values.putIfAbsent(headers.get(column), value);
                }
            });
            handler.row(new SheetRow(sheet, rowNum + 1, values));
        }

        @Override
        public void cell(String reference, String formattedValue, XSSFComment comment) {
            if (reference != null) {
                cells.put((int) new CellReference(reference).getCol(), formattedValue);
            }
        }
    }
}
