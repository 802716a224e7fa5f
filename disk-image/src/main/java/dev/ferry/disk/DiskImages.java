package dev.ferry.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.ferry.disk.qcow2.Qcow2Probe;
import dev.ferry.disk.raw.RawImage;
import dev.ferry.disk.source.ByteSource;
import dev.ferry.disk.source.FileByteSource;
import dev.ferry.disk.vhd.VhdProbe;
import dev.ferry.disk.vhdx.VhdxProbe;
import dev.ferry.disk.vmdk.VmdkProbe;

/** Opens images by looking at their content, never at their names. */
public final class DiskImages {

    /** Backing chains longer than this are refused: real chains are short, hostile ones are not. */
    public static final int MAX_CHAIN_DEPTH = 16;

    private static final int HEAD_BYTES = 64 * 1024;
    private static final int TAIL_BYTES = 512;

    /** Probes in the order they are tried; raw is the fallback and not listed. */
    private static final List<FormatProbe> PROBES = List.of(
            new VhdxProbe(),
            new Qcow2Probe(),
            new VmdkProbe(),
            new VhdProbe());

    private DiskImages() {
    }

    public static DiskImage open(Path file) throws IOException {
        return open(FileByteSource.open(file));
    }

    /** Opens an image; takes ownership of {@code source} (closing the image closes it, failing to open closes it). */
    public static DiskImage open(ByteSource source) throws IOException {
        return new ChainOpener().open(source, 0);
    }

    /** Opens a source as raw data, without looking at its content. */
    public static DiskImage openRaw(ByteSource source) throws IOException {
        return new RawImage(source);
    }

    /** Detects the format of {@code source} from its content without opening it as an image. */
    public static ImageFormat detect(ByteSource source) throws IOException {
        FormatProbe probe = probeFor(source);
        return probe == null ? ImageFormat.RAW : probe.format();
    }

    private static FormatProbe probeFor(ByteSource source) throws IOException {
        long size = source.size();
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(HEAD_BYTES, size));
        source.readFully(0, head);
        head.flip();
        ByteBuffer tail = ByteBuffer.allocate((int) Math.min(TAIL_BYTES, size));
        source.readFully(size - tail.capacity(), tail);
        tail.flip();
        for (FormatProbe probe : PROBES) {
            if (probe.matches(head.asReadOnlyBuffer(), tail.asReadOnlyBuffer(), size)) {
                return probe;
            }
        }
        return null;
    }

    /** Opens an image and, through itself as the {@link ImageOpener}, its chain, tracking depth and visited files. */
    private static final class ChainOpener implements ImageOpener {

        private final List<String> visited = new ArrayList<>();
        private int depth;

        DiskImage open(ByteSource source, int atDepth) throws IOException {
            try {
                String name = source.describe();
                if (visited.contains(name)) {
                    throw new ImageFormatException("image chain", "backing chain loops back to " + name);
                }
                visited.add(name);
                depth = atDepth;
                FormatProbe probe = probeFor(source);
                return probe == null ? new RawImage(source) : probe.open(source, this);
            } catch (IOException | RuntimeException e) {
                source.close();
                throw e;
            }
        }

        @Override
        public DiskImage openRelated(ByteSource referrer, String relativeName) throws IOException {
            if (depth + 1 >= MAX_CHAIN_DEPTH) {
                throw new ImageFormatException("image chain", "backing chain deeper than " + MAX_CHAIN_DEPTH
                        + " images at " + referrer.describe());
            }
            int saved = depth;
            DiskImage related = open(referrer.openSibling(relativeName), depth + 1);
            depth = saved;
            return related;
        }
    }
}
