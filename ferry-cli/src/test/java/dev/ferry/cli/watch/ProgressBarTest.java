package dev.ferry.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void barFillsInProportionToBytesDone() {
        assertThat(ProgressBar.render(0, 100, 10)).isEqualTo("[..........]");
        assertThat(ProgressBar.render(45, 100, 10)).isEqualTo("[####......]");
        assertThat(ProgressBar.render(100, 100, 10)).isEqualTo("[##########]");
    }

    @Test
    void barStaysWithinItsWidthWhateverTheFiguresSay() {
        assertThat(ProgressBar.render(150, 100, 10)).isEqualTo("[##########]");
        assertThat(ProgressBar.render(-5, 100, 10)).isEqualTo("[..........]");
        assertThat(ProgressBar.render(5, 0, 10)).isEqualTo("[..........]");
    }

    @Test
    void etaIsTheBytesLeftAtTheCurrentRateRoundedUp() {
        assertThat(ProgressBar.etaSeconds(40, 100, 20)).isEqualTo(3L);
        assertThat(ProgressBar.etaSeconds(100, 100, 20)).isZero();
        assertThat(ProgressBar.etaSeconds(10, 100, 0)).isNull();
    }
}
