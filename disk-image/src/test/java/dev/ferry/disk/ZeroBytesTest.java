package dev.ferry.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

class ZeroBytesTest {

    @Test
    void fillZeroesOnlyTheGivenRange() {
        ByteBuffer data = ByteBuffer.allocate(3 << 20);
        for (int i = 0; i < data.capacity(); i++) {
            data.put(i, (byte) 1);
        }
        ZeroBytes.fill(data, 10, (3 << 20) - 10);
        assertThat(data.get(9)).isEqualTo((byte) 1);
        assertThat(ZeroBytes.isZero(data, 10, (3 << 20) - 10)).isTrue();
        assertThat(data.get((3 << 20) - 10)).isEqualTo((byte) 1);
    }
}
