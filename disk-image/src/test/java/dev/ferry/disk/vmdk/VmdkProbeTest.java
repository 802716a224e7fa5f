package dev.ferry.disk.vmdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Recognising VMDK files from their first bytes. */
class VmdkProbeTest {

    private final VmdkProbe probe = new VmdkProbe();

    private boolean matches(byte[] head, long size) {
        return probe.matches(ByteBuffer.wrap(head).asReadOnlyBuffer(), ByteBuffer.allocate(0), size);
    }

    private boolean matchesText(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return matches(bytes, bytes.length);
    }

    @Test
    void recognisesSparseExtentsByMagic() {
        byte[] head = new byte[512];
        head[0] = 'K';
        head[1] = 'D';
        head[2] = 'M';
        head[3] = 'V';
        assertThat(matches(head, 1L << 40)).isTrue();
        head[0] = 'C';
        head[1] = 'O';
        head[2] = 'W';
        head[3] = 'D';
        assertThat(matches(head, 1L << 30)).as("ESX COWD, recognised so it can be refused clearly").isTrue();
    }

    @Test
    void recognisesTextDescriptors() {
        assertThat(matchesText("# Disk DescriptorFile\nversion=1\n")).isTrue();
        assertThat(matchesText("# Disk DescriptorFile\r\nversion=1\r\n")).isTrue();
        assertThat(matchesText("\uFEFF# Disk DescriptorFile\nversion=1\n")).isTrue();
        assertThat(matchesText("\n# written by a script\nversion=1\ncreateType=\"vmfs\"\n")).isTrue();
    }

    @Test
    void leavesOtherContentAlone() {
        assertThat(matchesText("hello world\n# Disk DescriptorFile\n")).isFalse();
        assertThat(matchesText("#!/bin/sh\necho version=1\n")).isFalse();
        assertThat(matches(new byte[4096], 4096)).isFalse();
        byte[] large = "# Disk DescriptorFile\nversion=1\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(matches(large, 64L << 20)).as("a raw disk that happens to start with descriptor text").isFalse();
    }
}
