package dev.ferry.disk.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ResumableSha256Test {

    @Test
    void agreesWithTheJdkForEveryLengthAroundTheBlockAndPaddingBoundaries() throws Exception {
        SplittableRandom random = new SplittableRandom(1);
        for (int length = 0; length <= 300; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            ResumableSha256 sha = new ResumableSha256();
            sha.update(data);
            assertThat(sha.digest()).as("length %d", length).isEqualTo(MessageDigest.getInstance("SHA-256")
                    .digest(data));
        }
    }

    @Test
    void continuesFromASavedStateAsIfNeverInterrupted() throws Exception {
        byte[] data = new byte[10_000];
        new SplittableRandom(2).nextBytes(data);
        for (int split : new int[] { 0, 1, 32, 63, 64, 65, 4_000, 10_000 }) {
            ResumableSha256 first = new ResumableSha256();
            first.update(data, 0, split);
            ResumableSha256 second = ResumableSha256.restore(first.state());
            second.update(data, split, data.length - split);
            assertThat(second.digest()).as("split at %d", split)
                    .isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
        }
    }

    @Test
    void digestLeavesTheStateUnchanged() {
        ResumableSha256 sha = new ResumableSha256();
        sha.update(new byte[] { 1, 2, 3 });
        byte[] before = sha.state();
        sha.digest();
        assertThat(sha.state()).isEqualTo(before);
    }

    @Test
    void refusesADamagedState() {
        byte[] state = new ResumableSha256().state();
        state[8 * 4 + 7] = 5; // byte count 5 but no pending bytes
        assertThatThrownBy(() -> ResumableSha256.restore(state)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResumableSha256.restore(new byte[3])).isInstanceOf(IllegalArgumentException.class);
    }
}
