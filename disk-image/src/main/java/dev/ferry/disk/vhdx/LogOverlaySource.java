package dev.ferry.disk.vhdx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import dev.ferry.disk.ZeroBytes;
import dev.ferry.disk.source.ByteSource;

/**
 * A VHDX file as it reads after its log has been replayed in memory: the log's sectors and zeroed ranges laid over
 * the file's bytes, the file extended to where the log says it ends. The file itself is never written.
 */
final class LogOverlaySource implements ByteSource {

    private final ByteSource file;
    private final long fileSize;
    private final long size;
    private final NavigableMap<Long, Patch> patches;

    /** Bytes {@code [start, end)} of the replayed file: a slice of {@code data}, or zeros when data is null. */
    private record Patch(long start, long end, byte[] data, int dataOffset) {

        Patch from(long newStart) {
            return new Patch(newStart, end, data, data == null ? 0 : dataOffset + (int) (newStart - start));
        }

        Patch until(long newEnd) {
            return new Patch(start, newEnd, data, dataOffset);
        }
    }

    private LogOverlaySource(ByteSource file, long fileSize, long size, NavigableMap<Long, Patch> patches) {
        this.file = file;
        this.fileSize = fileSize;
        this.size = size;
        this.patches = patches;
    }

    /** Collects the replayed writes in log order; later writes win. */
    static final class Builder {

        private final TreeMap<Long, Patch> patches = new TreeMap<>();
        private long end;

        void write(long offset, byte[] sector) {
            apply(new Patch(offset, offset + sector.length, sector, 0));
        }

        void zero(long offset, long length) {
            if (length > 0) {
                apply(new Patch(offset, offset + length, null, 0));
            }
        }

        private void apply(Patch patch) {
            Map.Entry<Long, Patch> lower = patches.lowerEntry(patch.start());
            if (lower != null && lower.getValue().end() > patch.start()) {
                Patch old = lower.getValue();
                patches.put(old.start(), old.until(patch.start()));
                if (old.end() > patch.end()) {
                    patches.put(patch.end(), old.from(patch.end()));
                }
            }
            for (Map.Entry<Long, Patch> next = patches.ceilingEntry(patch.start()); next != null
                    && next.getKey() < patch.end(); next = patches.ceilingEntry(patch.start())) {
                patches.remove(next.getKey());
                if (next.getValue().end() > patch.end()) {
                    patches.put(patch.end(), next.getValue().from(patch.end()));
                }
            }
            patches.put(patch.start(), patch);
            end = Math.max(end, patch.end());
        }

        /** The replayed file, at least {@code lastFileOffset} bytes long. */
        LogOverlaySource build(ByteSource file, long fileSize, long lastFileOffset) {
            return new LogOverlaySource(file, fileSize, Math.max(fileSize, Math.max(end, lastFileOffset)),
                    new TreeMap<>(patches));
        }
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(long position, ByteBuffer destination) throws IOException {
        if (position >= size) {
            return -1;
        }
        int count = (int) Math.min(destination.remaining(), size - position);
        long end = position + count;
        long at = position;
        while (at < end) {
            Map.Entry<Long, Patch> floor = patches.floorEntry(at);
            long next;
            if (floor != null && floor.getValue().end() > at) {
                Patch patch = floor.getValue();
                next = Math.min(end, patch.end());
                ByteBuffer part = destination.slice(destination.position(), (int) (next - at));
                if (patch.data() == null) {
                    ZeroBytes.fill(part);
                } else {
                    part.put(patch.data(), patch.dataOffset() + (int) (at - patch.start()), (int) (next - at));
                }
            } else {
                Long following = patches.higherKey(at);
                next = following == null ? end : Math.min(end, following);
                readFile(at, destination.slice(destination.position(), (int) (next - at)));
            }
            destination.position(destination.position() + (int) (next - at));
            at = next;
        }
        return count;
    }

    /** Reads the file's own bytes; past its end (but inside the replayed size) the bytes are zeros. */
    private void readFile(long position, ByteBuffer part) throws IOException {
        if (position < fileSize) {
            int inFile = (int) Math.min(part.remaining(), fileSize - position);
            file.readFully(position, part.slice(0, inFile));
            part.position(inFile);
        }
        ZeroBytes.fill(part);
    }

    @Override
    public ByteSource openSibling(String relativeName) throws IOException {
        return file.openSibling(relativeName);
    }

    @Override
    public String describe() {
        return file.describe();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
