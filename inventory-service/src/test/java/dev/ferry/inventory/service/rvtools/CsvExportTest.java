package dev.ferry.inventory.service.rvtools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ferry.inventory.service.discovery.DiscoveryException;

class CsvExportTest {

    private final List<SheetRow> rows = new ArrayList<>();
    private final SheetHandler collect = new SheetHandler() {
        @Override
        public boolean wants(String sheet) {
            return true;
        }

        @Override
        public void row(SheetRow row) {
            rows.add(row);
        }
    };

    @Test
    void quotedFieldsMayHoldDelimitersQuotesAndLineBreaks() throws Exception {
        read("\ufeff\"VM\",\"Annotation\",\"CPUs\"\r\n\"web01\",\"a, \"\"b\"\"\nc\",\"2\"\r\n");

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).text("VM")).isEqualTo("web01");
        assertThat(rows.get(0).text("annotation")).isEqualTo("a, \"b\"\nc");
        assertThat(rows.get(0).number("CPUs")).isEqualTo(2);
    }

    @Test
    void semicolonSeparatedExportsAndTolerantHeadersAreRead() throws Exception {
        read("VM;Capacity MB;Cores p/s\ndb01;1,024;4\n");

        assertThat(rows.get(0).number("Capacity MiB", "Capacity MB")).isEqualTo(1024);
        assertThat(rows.get(0).integer(0, "Cores p/s")).isEqualTo(4);
    }

    @Test
    void brokenRowsAreNamedByLine() {
        assertThatThrownBy(() -> read("VM,CPUs\nweb01,2,extra,more\n"))
                .isInstanceOf(DiscoveryException.class).hasMessageContaining("line 2");
        assertThatThrownBy(() -> read("VM,CPUs\n\"web01\"x,2\n"))
                .hasMessageContaining("text after a closing quote");
    }

    @Test
    void textWhereANumberBelongsIsReportedWithItsPlace() throws Exception {
        read("VM,CPUs\nweb01,many\n");

        assertThatThrownBy(() -> rows.get(0).number("CPUs")).hasMessageContaining("vInfo row 2")
                .hasMessageContaining("'many'");
    }

    private void read(String csv) throws Exception {
        CsvExport.read(RvToolsSheets.INFO, "RVTools_tabvInfo.csv",
                new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), collect);
    }
}
