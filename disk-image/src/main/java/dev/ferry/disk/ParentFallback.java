package dev.ferry.disk;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * What a child image (differencing VHD or VHDX, qcow2 overlay, VMDK delta) reads where it holds nothing: its parent's
 * bytes, zeros past the parent's end (the parent may be smaller), or zeros when there is no parent.
 */
public final class ParentFallback {

    private ParentFallback() {
    }

    /** Fills {@code part} (position to limit) for guest offset {@code position}; {@code parent} may be null. */
    public static void read(DiskImage parent, long position, ByteBuffer part) throws IOException {
        if (parent != null && position < parent.virtualSize()) {
            int fromParent = (int) Math.min(part.remaining(), parent.virtualSize() - position);
            parent.read(position, part.slice(part.position(), fromParent));
            part.position(part.position() + fromParent);
        }
        ZeroBytes.fill(part);
    }

    /**
     * What the child's {@code length} unheld bytes at {@code offset} hold, as far as one extent of the parent tells:
     * possibly shorter than {@code length}; {@code parent} may be null.
     */
    public static Extent extent(DiskImage parent, long offset, long length) throws IOException {
        if (parent == null || offset >= parent.virtualSize()) {
            return Extent.zeros(offset, length);
        }
        Extent inParent = parent.extent(offset, Math.min(length, parent.virtualSize() - offset));
        return new Extent(offset, inParent.length(), inParent.zero());
    }
}
