package dev.ferry.disk.vmdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Test;

import dev.ferry.disk.ImageFormatException;

class GrainCompressionTest {

    private static final int GRAIN = 64 * 1024;

    private static ByteBuffer randomGrain() {
        byte[] bytes = new byte[GRAIN];
        new SplittableRandom(5).nextBytes(bytes);
        return ByteBuffer.wrap(bytes);
    }

    private static ByteBuffer textGrain() {
        byte[] line = "Ferry moves servers from VMware to Hyper-V and KVM, one disk at a time.\n"
                .getBytes(StandardCharsets.US_ASCII);
        ByteBuffer grain = ByteBuffer.allocate(GRAIN);
        while (grain.hasRemaining()) {
            grain.put(line, 0, Math.min(line.length, grain.remaining()));
        }
        return grain.flip();
    }

    /** The zlib stream of a record made by {@link GrainCompressor#record}, after its marker. */
    private static ByteBuffer zlibStream(ByteBuffer record, long lba) {
        ByteBuffer marker = record.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        assertThat(marker.getLong(0)).isEqualTo(lba);
        int size = marker.getInt(8);
        return record.slice(VmdkFormat.GRAIN_MARKER_SIZE, size);
    }

    private static ByteBuffer inflate(ByteBuffer zlib) throws ImageFormatException {
        try (GrainInflater inflater = new GrainInflater()) {
            ByteBuffer output = ByteBuffer.allocateDirect(GRAIN);
            assertThat(inflater.inflate(zlib, output, 0)).isEqualTo(GRAIN);
            return output.flip();
        }
    }

    @Test
    void storesARandomGrainInsteadOfDeflatingItAndItStillInflates() throws ImageFormatException {
        try (GrainCompressor compressor = new GrainCompressor(Deflater.BEST_SPEED, GRAIN)) {
            ByteBuffer record = compressor.record(128, randomGrain());

            ByteBuffer zlib = zlibStream(record, 128);
            // Stored blocks: the grain as it is plus a few bytes of framing per 64 KiB.
            assertThat(zlib.remaining()).isBetween(GRAIN, GRAIN + 32);
            assertThat(inflate(zlib)).isEqualTo(randomGrain());
            assertThat(record.remaining() % VmdkFormat.SECTOR_SIZE).isZero();
        }
    }

    @Test
    void deflatesACompressibleGrain() throws ImageFormatException {
        try (GrainCompressor compressor = new GrainCompressor(Deflater.BEST_SPEED, GRAIN)) {
            ByteBuffer record = compressor.record(256, textGrain());

            ByteBuffer zlib = zlibStream(record, 256);
            assertThat(zlib.remaining()).isLessThan(GRAIN / 20);
            assertThat(inflate(zlib)).isEqualTo(textGrain());
        }
    }

    @Test
    void refusesAStreamWhoseChecksumDoesNotMatchItsData() {
        ByteBuffer zlib;
        try (GrainCompressor compressor = new GrainCompressor(Deflater.BEST_SPEED, GRAIN)) {
            zlib = zlibStream(compressor.record(0, textGrain()), 0);
        }
        int adler = zlib.limit() - 4;
        zlib.put(adler, (byte) (zlib.get(adler) ^ 1));

        assertThatThrownBy(() -> inflate(zlib)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("Adler-32");
    }

    @Test
    void refusesAStreamThatAsksForAPresetDictionary() {
        // CMF 0x78 (deflate, 32 KiB window) with FDICT set and a valid header check.
        ByteBuffer zlib = ByteBuffer.wrap(new byte[] { 0x78, (byte) 0xBB, 0, 0, 0, 1, 3, 0, 0, 0, 0, 1 });

        assertThatThrownBy(() -> inflate(zlib)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("preset dictionary");
    }
}
