package dev.ferry.inventory.service.rvtools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.xml.sax.SAXException;

import dev.ferry.inventory.service.discovery.DiscoveryException;
import dev.ferry.inventory.service.xml.XmlDocuments;

/**
 * Reads an RVTools XLSX workbook in a streaming way: POI's {@link XSSFReader} opens the package and the shared
 * strings, and each sheet's XML is read row by row with StAX, so memory stays bounded however large the workbook.
 * Cells are taken as stored (numbers in general format, as RVTools writes them), without POI's slower formatting.
 */
final class XlsxWorkbook {

    private XlsxWorkbook() {
    }

    static void read(Path file, SheetHandler handler) throws DiscoveryException {
        try (OPCPackage workbook = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(workbook);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(workbook, false);
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            while (sheets.hasNext()) {
                try (InputStream sheet = sheets.next()) {
                    String name = sheets.getSheetName();
                    if (handler.wants(name)) {
                        readSheet(name, sheet, strings, handler);
                    }
                }
            }
        } catch (IOException | OpenXML4JException | SAXException | XMLStreamException
                | IllegalArgumentException | org.apache.poi.ooxml.POIXMLException e) {
            // POI reports damaged and non-OOXML files with IllegalArgumentException subtypes too.
            throw new DiscoveryException(file.getFileName() + " is not a readable XLSX workbook: " + e.getMessage());
        }
    }

    private static void readSheet(String sheet, InputStream in, ReadOnlySharedStringsTable strings,
            SheetHandler handler) throws XMLStreamException {
        XMLStreamReader xml = XmlDocuments.stream(in);
        try {
            List<String> headers = null;
            Map<Integer, String> cells = new HashMap<>();
            int rowNumber = 0;
            int column = -1;
            String type = null;
            StringBuilder value = new StringBuilder();
            boolean inValue = false;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    switch (xml.getLocalName()) {
                        case "row" -> {
                            cells.clear();
                            column = -1;
                            String r = xml.getAttributeValue(null, "r");
                            rowNumber = r == null ? rowNumber + 1 : Integer.parseInt(r);
                        }
                        case "c" -> {
                            String reference = xml.getAttributeValue(null, "r");
                            column = reference == null ? column + 1 : columnOf(reference);
                            type = xml.getAttributeValue(null, "t");
                            value.setLength(0);
                        }
                        case "v", "t" -> inValue = true;
                        default -> {
                            // formulas, styles and the like carry nothing RVTools data needs
                        }
                    }
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    if (inValue) {
                        value.append(xml.getText());
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    switch (xml.getLocalName()) {
                        case "v", "t" -> inValue = false;
                        case "c" -> cells.put(column, cellText(type, value.toString(), strings));
                        case "row" -> {
                            if (headers == null) {
                                headers = headerRow(cells);
                            } else if (!cells.isEmpty()) {
                                handler.row(new SheetRow(sheet, rowNumber, values(headers, cells)));
                            }
                        }
                        default -> {
                            // nothing to finish
                        }
                    }
                }
            }
        } finally {
            xml.close();
        }
    }

    private static String cellText(String type, String raw, ReadOnlySharedStringsTable strings) {
        if (type == null || type.equals("n")) {
            return raw.endsWith(".0") ? raw.substring(0, raw.length() - 2) : raw;
        }
        return switch (type) {
            case "s" -> raw.isEmpty() ? "" : strings.getItemAt(Integer.parseInt(raw.strip())).getString();
            case "b" -> "1".equals(raw) ? "TRUE" : "FALSE";
            default -> raw;
        };
    }

    private static List<String> headerRow(Map<Integer, String> cells) {
        int last = cells.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
        List<String> headers = new ArrayList<>();
        for (int column = 0; column <= last; column++) {
            headers.add(SheetRow.normalize(cells.get(column)));
        }
        return headers;
    }

    private static Map<String, String> values(List<String> headers, Map<Integer, String> cells) {
        Map<String, String> values = new HashMap<>();
        cells.forEach((column, text) -> {
            if (column < headers.size() && !headers.get(column).isEmpty()) {
                values.putIfAbsent(headers.get(column), text);
            }
        });
        return values;
    }

    /** The zero-based column of a cell reference ("AB12" is 27). */
    static int columnOf(String reference) {
        int column = 0;
        for (int i = 0; i < reference.length(); i++) {
            char c = reference.charAt(i);
            if (c < 'A' || c > 'Z') {
                break;
            }
            column = column * 26 + (c - 'A' + 1);
        }
        return column - 1;
    }
}
