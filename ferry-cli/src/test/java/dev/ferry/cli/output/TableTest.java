package dev.ferry.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void columnsAreAsWideAsTheirWidestCellAndNumbersAlignRight() {
        String table = new Table("NAME", ">CPUS", "OS").row("web01", 2, "Linux").row("database-server", 16, null)
                .render();

        assertThat(table).isEqualTo("""
                NAME             CPUS  OS
                web01               2  Linux
                database-server    16  -
                """);
    }

    @Test
    void missingCellsStayEmptyAndNoLineEndsInSpaces() {
        String table = new Table("A", "B", "C").row("x").render();

        assertThat(table.lines()).containsExactly("A  B  C", "x").allSatisfy(line -> assertThat(line).doesNotEndWith(
                " "));
    }

    @Test
    void detailsLeaveOutFactsWithoutValueAndAlignTheRest() {
        String details = new Details().add("id", "42").add("password", null).add("description", "a source")
                .render();

        assertThat(details).isEqualTo("id:          42\ndescription: a source\n");
    }
}
