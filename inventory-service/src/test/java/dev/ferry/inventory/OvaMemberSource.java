package dev.ferry.inventory;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.ferry.disk.source.ByteSource;

/** The bytes of one OVA member, read in place at the offset the inventory recorded, as a worker reads them. */
final class OvaMemberSource implements ByteSource {

    private final ByteSource ova;
    private final long offset;
    private final long length;
    private final String name;

    OvaMemberSource(ByteSource ova, long offset, long length, String name) {
        this.ova = ova;
        this.offset = offset;
        this.length = length;
        this.name = name;
    }

    @Override
    public long size() {
        return length;
    }

    @Override
    public int read(long position, ByteBuffer destination) throws IOException {
        if (position >= length) {
            return -1;
        }
        int wanted = (int) Math.min(destination.remaining(), length - position);
        ByteBuffer window = destination.slice(destination.position(), wanted);
        int read = ova.read(offset + position, window);
        if (read > 0) {
            destination.position(destination.position() + read);
        }
        return read;
    }

    @Override
    public String describe() {
        return ova.describe() + "!" + name;
    }

    @Override
    public void close() throws IOException {
        ova.close();
    }
}
