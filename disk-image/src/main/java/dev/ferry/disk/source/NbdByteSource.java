package dev.ferry.disk.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.ferry.disk.Extent;

/**
 * An NBD export (qemu-nbd, nbdkit, a VDDK-backed nbdkit on a conversion host) read over TCP or a Unix domain socket.
 *
 * <p>
 * Safe for concurrent readers: all share one connection on which requests are multiplexed by cookie (see
 * {@link NbdConnection}), at most {@link SourceOptions#maxRequestsInFlight()} at once. Reads longer than the server's
 * maximum request are split into requests sent together; reads not aligned to the server's minimum block go through
 * a small bounce buffer. {@link #allocation} asks the server's {@code base:allocation} context so the pipeline can
 * skip zero ranges without reading them. After a failure (timeout, protocol violation, lost connection) the source
 * stays failed; open a new one to retry. TLS ({@code nbds://}) is not supported yet.
 */
public final class NbdByteSource implements ByteSource {

    private static final int MAX_READ_PER_CALL = 64 << 20;
    private static final int MAX_UNALIGNED_READ = 4 << 20;
    private static final int MAX_STATUS_LENGTH = 1 << 30;
    /** Bounds the work of one allocation() call on a finely fragmented export; the rest is reported as data. */
    private static final int MAX_STATUS_ROUNDS = 64;
    private static final int MAX_EXTENTS = 10_000;

    private final NbdConnection connection;
    private final NbdExport export;

    private NbdByteSource(NbdConnection connection) {
        this.connection = connection;
        this.export = connection.export();
    }

    /** Connects to an {@code nbd://}, {@code nbd+unix://} URI as the NBD URI specification defines them. */
    public static NbdByteSource open(String uri, SourceOptions options) throws IOException {
        NbdUri parsed = NbdUri.parse(uri);
        if (parsed.tls()) {
            throw new IOException(parsed.describe() + ": NBD over TLS (nbds) is not supported yet; use an nbd:// "
                    + "export on a trusted network or a Unix socket");
        }
        return new NbdByteSource(NbdConnection.open(parsed, options));
    }

    @Override
    public long size() {
        return export.size();
    }

    @Override
    public int read(long position, ByteBuffer destination) throws IOException {
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position);
        }
        if (position >= export.size()) {
            return -1;
        }
        if (!destination.hasRemaining()) {
            return 0;
        }
        int length = (int) Math.min(Math.min(destination.remaining(), MAX_READ_PER_CALL), export.size() - position);
        int block = export.minimumBlock();
        if (position % block != 0 || length % block != 0 && position + length != export.size()) {
            return readUnaligned(position, Math.min(length, MAX_UNALIGNED_READ), destination);
        }
        ByteBuffer target = destination.duplicate();
        target.limit(target.position() + length);
        readSplit(position, target);
        destination.position(destination.position() + length);
        return length;
    }

    /**
     * Which parts of the range the server reports as reading zero, from {@code base:allocation}. Servers without it
     * get one data extent. A hole the server does not also call zero counts as data: its content is undefined.
     */
    @Override
    public List<Extent> allocation(long offset, long length) throws IOException {
        if (offset < 0 || length <= 0 || offset > export.size() - length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " lies outside an export of "
                    + export.size() + " bytes");
        }
        if (!export.hasAllocationContext()) {
            return List.of(Extent.data(offset, length));
        }
        long end = offset + length;
        List<Extent> extents = new ArrayList<>();
        long position = offset;
        for (int round = 0; round < MAX_STATUS_ROUNDS && position < end && extents.size() < MAX_EXTENTS; round++) {
            long covered = queryStatus(position, end, extents);
            if (covered <= position) {
                break;
            }
            position = covered;
        }
        if (position < end) {
            // Reporting data is always safe: the caller reads it and finds out for itself.
            append(extents, Extent.data(position, end - position));
        }
        return extents;
    }

    @Override
    public String describe() {
        return connection.peer();
    }

    @Override
    public void close() {
        connection.close();
    }

    /** Asks once for status from {@code position}, appends what falls inside the range and returns how far it got. */
    private long queryStatus(long position, long end, List<Extent> extents) throws IOException {
        int block = export.minimumBlock();
        long start = position - position % block;
        long stop = Math.min(export.size(), roundUp(Math.min(end, start + MAX_STATUS_LENGTH), block));
        if (stop - start > MAX_STATUS_LENGTH) {
            stop -= block;
        }
        List<Extent> answer = connection.await(connection.blockStatus(start, (int) (stop - start)));
        long reached = position;
        for (Extent extent : answer) {
            long from = Math.max(extent.offset(), position);
            long to = Math.min(extent.end(), end);
            if (to > from) {
                append(extents, new Extent(from, to - from, extent.zero()));
                reached = to;
            }
        }
        return reached;
    }

    private static void append(List<Extent> extents, Extent next) {
        int last = extents.size() - 1;
        if (last >= 0 && extents.get(last).zero() == next.zero() && extents.get(last).end() == next.offset()) {
            Extent merged = extents.get(last);
            extents.set(last, new Extent(merged.offset(), merged.length() + next.length(), next.zero()));
        } else {
            extents.add(next);
        }
    }

    /** Sends the pieces of one read together and waits for all of them, so none still writes into the buffer. */
    private void readSplit(long position, ByteBuffer target) throws IOException {
        int piece = export.maxReadLength();
        List<CompletableFuture<Void>> requests = new ArrayList<>();
        IOException failure = null;
        try {
            for (int done = 0; done < target.remaining(); done += piece) {
                ByteBuffer slice = target.duplicate();
                slice.position(target.position() + done);
                slice.limit(Math.min(target.limit(), target.position() + done + piece));
                requests.add(connection.read(position + done, slice));
            }
        } catch (IOException e) {
            failure = e;
        }
        for (CompletableFuture<Void> request : requests) {
            try {
                connection.await(request);
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Reads whole minimum-size blocks around an unaligned range and copies out the part asked for. */
    private int readUnaligned(long position, int length, ByteBuffer destination) throws IOException {
        int block = export.minimumBlock();
        long start = position - position % block;
        long end = Math.min(export.size(), roundUp(position + length, block));
        ByteBuffer bounce = ByteBuffer.allocate((int) (end - start));
        readSplit(start, bounce);
        bounce.position((int) (position - start)).limit((int) (position - start) + length);
        destination.put(bounce);
        return length;
    }

    private static long roundUp(long value, long unit) {
        return (value + unit - 1) / unit * unit;
    }
}
