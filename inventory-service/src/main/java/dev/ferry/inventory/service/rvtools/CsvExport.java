package dev.ferry.inventory.service.rvtools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import dev.ferry.inventory.service.discovery.DiscoveryException;

/**
 * Reads RVTools CSV exports: one file per sheet ({@code RVTools_tabvInfo.csv}), given as a single file, a folder, or
 * a zip of them. The sheet is taken from the file name; a lone CSV without one is taken as vInfo. Fields follow RFC
 * 4180 (quotes, doubled quotes, line breaks inside quotes); the delimiter (comma, semicolon or tab, by locale) is
 * taken from the header line.
 */
final class CsvExport {

    private static final Pattern SHEET = Pattern.compile("(?i)(vInfo|vCPU|vMemory|vDisk|vNetwork|vHost)\\.csv$");
    private static final long MAX_FIELD_CHARS = 1 << 20;

    private CsvExport() {
    }

    /** Reads a single CSV file or a folder of them. */
    static void readFiles(Path path, SheetHandler handler) throws DiscoveryException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (var listing = Files.list(path)) {
                listing.filter(file -> file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
                        .sorted().forEach(files::add);
            } catch (IOException e) {
                throw new DiscoveryException("cannot list " + path.getFileName() + ": " + e.getMessage());
            }
        } else {
            files.add(path);
        }
        for (Path file : files) {
            String sheet = sheetOf(file.getFileName().toString(), files.size() == 1);
            if (sheet != null && handler.wants(sheet)) {
                try (InputStream in = Files.newInputStream(file)) {
                    read(sheet, file.getFileName().toString(), in, handler);
                } catch (IOException e) {
                    throw new DiscoveryException("cannot read " + file.getFileName() + ": " + e.getMessage());
                }
            }
        }
    }

    /** Reads the CSV files inside a zip. */
    static void readZip(Path zip, SheetHandler handler) throws DiscoveryException {
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            List<? extends ZipEntry> entries = archive.stream().filter(entry -> !entry.isDirectory()).toList();
            for (ZipEntry entry : entries) {
                String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                String sheet = sheetOf(name, false);
                if (sheet != null && handler.wants(sheet)) {
                    try (InputStream in = archive.getInputStream(entry)) {
                        read(sheet, name, in, handler);
                    }
                }
            }
        } catch (IOException e) {
            throw new DiscoveryException(zip.getFileName() + " is not a readable zip of RVTools CSV files: "
                    + e.getMessage());
        }
    }

    private static String sheetOf(String fileName, boolean alone) {
        Matcher matcher = SHEET.matcher(fileName);
        if (matcher.find()) {
            String found = matcher.group(1);
            for (String sheet : RvToolsSheets.ALL) {
                if (sheet.equalsIgnoreCase(found)) {
                    return sheet;
                }
            }
        }
        return alone && fileName.toLowerCase(Locale.ROOT).endsWith(".csv") ? RvToolsSheets.INFO : null;
    }

    static void read(String sheet, String fileName, InputStream in, SheetHandler handler)
            throws IOException, DiscoveryException {
        Reader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        Fields fields = new Fields(reader, fileName);
        List<String> header = fields.next();
        if (header == null) {
            throw new DiscoveryException(fileName + " is empty: expected a header line");
        }
        if (!header.isEmpty() && header.get(0).startsWith("\ufeff")) {
            header.set(0, header.get(0).substring(1));
        }
        List<String> headers = header.stream().map(SheetRow::normalize).toList();
        while (true) {
            int line = fields.line();
            List<String> record = fields.next();
            if (record == null) {
                break;
            }
            if (record.size() == 1 && record.get(0).isBlank()) {
                continue;
            }
            if (record.size() > headers.size()) {
                throw new DiscoveryException(fileName + " line " + line + ": " + record.size() + " fields, but the "
                        + "header has " + headers.size());
            }
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < record.size(); i++) {
                values.putIfAbsent(headers.get(i), record.get(i));
            }
            handler.row(new SheetRow(sheet, line, values));
        }
    }

    /** Splits CSV text into records of fields. */
    private static final class Fields {

        private final Reader reader;
        private final String fileName;
        private char delimiter;
        private int line = 1;
        private int pending = -2;

        Fields(Reader reader, String fileName) {
            this.reader = reader;
            this.fileName = fileName;
        }

        int line() {
            return line;
        }

        /** The next record, or null at the end of the input. */
        List<String> next() throws IOException, DiscoveryException {
            int c = read();
            if (c < 0) {
                return null;
            }
            List<String> record = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            int quoteLine = line;
            if (delimiter == 0) {
                delimiter = detectDelimiter(c);
            }
            while (true) {
                if (c < 0) {
                    if (quoted) {
                        throw new DiscoveryException(fileName + " line " + quoteLine + ": a quoted field is not "
                                + "closed");
                    }
                    record.add(field.toString());
                    return record;
                }
                char ch = (char) c;
                if (quoted) {
                    if (ch == '"') {
                        int after = read();
                        if (after == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            pending = after;
                        }
                    } else {
                        if (ch == '\n') {
                            line++;
                        }
                        field.append(ch);
                    }
                } else if (ch == '"' && field.isEmpty() && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                    quoteLine = line;
                } else if (ch == delimiter) {
                    record.add(field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                } else if (ch == '\n' || ch == '\r') {
                    if (ch == '\r') {
                        int after = read();
                        if (after != '\n') {
                            pending = after;
                        }
                    }
                    line++;
                    record.add(field.toString());
                    return record;
                } else if (wasQuoted) {
                    throw new DiscoveryException(fileName + " line " + line + ": text after a closing quote");
                } else {
                    field.append(ch);
                }
                if (field.length() > MAX_FIELD_CHARS) {
                    throw new DiscoveryException(fileName + " line " + line + ": a field longer than "
                            + MAX_FIELD_CHARS + " characters");
                }
                c = read();
            }
        }

        private int read() throws IOException {
            if (pending != -2) {
                int c = pending;
                pending = -2;
                return c;
            }
            return reader.read();
        }

        /** Looks at the header line: the most frequent of comma, semicolon and tab outside quotes. */
        private char detectDelimiter(int first) throws IOException {
            reader.mark(1 << 16);
            StringBuilder head = new StringBuilder().append((char) first);
            for (int c = reader.read(); c >= 0 && c != '\n' && head.length() < (1 << 16) - 1; c = reader.read()) {
                head.append((char) c);
            }
            reader.reset();
            int commas = 0;
            int semicolons = 0;
            int tabs = 0;
            boolean inQuotes = false;
            for (int i = 0; i < head.length(); i++) {
                char ch = head.charAt(i);
                if (ch == '"') {
                    inQuotes = !inQuotes;
                } else if (!inQuotes) {
                    commas += ch == ',' ? 1 : 0;
                    semicolons += ch == ';' ? 1 : 0;
                    tabs += ch == '\t' ? 1 : 0;
                }
            }
            return semicolons > commas && semicolons >= tabs ? ';' : tabs > commas ? '\t' : ',';
        }
    }
}
