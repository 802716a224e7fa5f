package dev.ferry.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HumanUnitsTest {

    @Test
    void bytesUseTheLargestBinaryUnitWithOneDecimal() {
        assertThat(HumanUnits.bytes(0)).isEqualTo("0 B");
        assertThat(HumanUnits.bytes(1023)).isEqualTo("1023 B");
        assertThat(HumanUnits.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(HumanUnits.bytes(256L << 20)).isEqualTo("256.0 MiB");
        assertThat(HumanUnits.bytes((3L << 40) / 2)).isEqualTo("1.5 TiB");
        assertThat(HumanUnits.rate(35L << 20)).isEqualTo("35.0 MiB/s");
    }

    @Test
    void durationsReadAsSecondsMinutesOrHours() {
        assertThat(HumanUnits.duration(null)).isEqualTo("-");
        assertThat(HumanUnits.duration(45L)).isEqualTo("45s");
        assertThat(HumanUnits.duration(187L)).isEqualTo("3m 07s");
        assertThat(HumanUnits.duration(7500L)).isEqualTo("2h 05m");
    }

    @Test
    void timesAreShownToTheSecond() {
        assertThat(HumanUnits.time("2026-11-24T09:29:52.386396Z")).isEqualTo("2026-11-24T09:29:52Z");
        assertThat(HumanUnits.time("2026-11-24T09:29:52Z")).isEqualTo("2026-11-24T09:29:52Z");
        assertThat(HumanUnits.time(null)).isNull();
    }

    @Test
    void percentIsWholeAndZeroWhenTheTotalIsUnknown() {
        assertThat(HumanUnits.percent(1, 3)).isEqualTo(33);
        assertThat(HumanUnits.percent(5, 0)).isZero();
        assertThat(HumanUnits.percent(7, 5)).isEqualTo(100);
    }
}
