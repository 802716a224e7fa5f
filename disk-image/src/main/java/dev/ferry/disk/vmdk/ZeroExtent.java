package dev.ferry.disk.vmdk;

import java.nio.ByteBuffer;

import dev.ferry.disk.ZeroBytes;

/** A ZERO extent: guest bytes that read as zeros and are stored nowhere. */
final class ZeroExtent implements VmdkExtent {

    private final long length;

    ZeroExtent(long length) {
        this.length = length;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void read(long offset, ByteBuffer destination) {
        ZeroBytes.fill(destination);
    }

    @Override
    public AllocationRun run(long offset, long maxLength) {
        return new AllocationRun(Math.min(maxLength, length - offset), Allocation.ZERO);
    }

    @Override
    public ExtentFile file() {
        return null;
    }

    @Override
    public void close() {
    }
}
