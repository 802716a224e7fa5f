package dev.ferry.disk.vmdk;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A stretch of a VMDK's guest bytes stored one way: a flat file, a sparse extent, or nothing (zeros). Offsets are
 * relative to the start of the extent. Implementations are safe for concurrent use.
 */
interface VmdkExtent extends Closeable {

    /** Guest bytes this extent covers. */
    long length();

    /** Fills {@code destination} from {@code offset}; unallocated and zeroed ranges read as zeros. */
    void read(long offset, ByteBuffer destination) throws IOException;

    /** The longest run of one allocation kind starting at {@code offset}, at most {@code maxLength} bytes long. */
    AllocationRun run(long offset, long maxLength) throws IOException;

    /** The file holding the extent's bytes, or null for an extent that has none. */
    ExtentFile file();
}
