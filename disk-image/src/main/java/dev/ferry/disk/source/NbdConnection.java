package dev.ferry.disk.source;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import dev.ferry.disk.Extent;

/**
 * One NBD connection in transmission, shared by many threads: requests are written under a lock and tagged with a
 * cookie; a reader thread matches replies to requests by cookie, so several requests are in flight at once and the
 * server may answer them in any order. This works with every server, including qemu-nbd's default of a single client.
 *
 * <p>
 * A request not answered within the request timeout, a protocol violation or a lost connection fails the whole
 * connection: the channel is closed, which also wakes a reader blocked on a silent server, and every waiting request
 * fails with the cause.
 */
final class NbdConnection implements Closeable {

    private static final int REQUEST_HEADER = 28;
    private static final Duration DISCONNECT_GRACE = Duration.ofSeconds(2);

    private final SocketChannel channel;
    private final ChannelInput in;
    private final NbdExport export;
    private final String peer;
    private final Duration requestTimeout;
    private final Semaphore inFlight;
    private final AtomicLong cookies = new AtomicLong();
    private final ReentrantLock sendLock = new ReentrantLock();
    private final ByteBuffer requestHeader = ByteBuffer.allocate(REQUEST_HEADER);
    private final Map<Long, NbdCommand<?>> pending = new HashMap<>();
    private final Thread reader;
    private final AtomicBoolean closing = new AtomicBoolean();
    private boolean terminated;
    private IOException failure;

    private NbdConnection(SocketChannel channel, ChannelInput in, NbdExport export, String peer,
            SourceOptions options) {
        this.channel = channel;
        this.in = in;
        this.export = export;
        this.peer = peer;
        this.requestTimeout = options.requestTimeout();
        this.inFlight = new Semaphore(options.maxRequestsInFlight());
        this.reader = new Thread(this::readReplies, "ferry-nbd-reader " + peer);
        reader.setDaemon(true);
    }

    /** Connects, negotiates and starts the reader; the connect and the handshake each get their own deadline. */
    static NbdConnection open(NbdUri uri, SourceOptions options) throws IOException {
        String peer = uri.describe();
        SocketChannel channel = uri.socket() != null ? SocketChannel.open(StandardProtocolFamily.UNIX)
                : SocketChannel.open();
        AtomicBoolean timedOut = new AtomicBoolean();
        Runnable expire = () -> {
            timedOut.set(true);
            closeQuietly(channel);
        };
        try {
            ScheduledFuture<?> connectDeadline = Watchdog.after(options.connectTimeout(), expire);
            try {
                channel.connect(uri.address());
            } finally {
                connectDeadline.cancel(false);
            }
            if (uri.socket() == null) {
                // Requests are small and latency-bound; do not let Nagle hold them back.
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            ChannelInput in = new ChannelInput(channel, peer);
            ScheduledFuture<?> handshakeDeadline = Watchdog.after(options.requestTimeout(), expire);
            NbdExport export;
            try {
                export = NbdHandshake.negotiate(in, channel, peer, uri.exportName());
            } finally {
                handshakeDeadline.cancel(false);
            }
            if (timedOut.get()) {
                throw new IOException("deadline passed");
            }
            NbdConnection connection = new NbdConnection(channel, in, export, peer, options);
            connection.reader.start();
            return connection;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            if (timedOut.get()) {
                throw new RemoteSourceException(peer + ": NBD server did not connect and complete the handshake "
                        + "within the timeout (connect " + options.connectTimeout().toMillis() + " ms, handshake "
                        + options.requestTimeout().toMillis() + " ms)", true, e);
            }
            if (e instanceof RemoteSourceException) {
                throw e;
            }
            if (e instanceof IOException io) {
                throw new RemoteSourceException(peer + ": " + describe(io), true, io);
            }
            throw e;
        }
    }

    NbdExport export() {
        return export;
    }

    String peer() {
        return peer;
    }

    /** Reads {@code destination.remaining()} bytes (at most the export's maximum request) at {@code offset}. */
    CompletableFuture<Void> read(long offset, ByteBuffer destination) throws IOException {
        return submit(new NbdReadCommand(offset, destination, peer));
    }

    /** Asks for {@code base:allocation} status of {@code [offset, offset + length)}; the answer may cover less. */
    CompletableFuture<List<Extent>> blockStatus(long offset, int length) throws IOException {
        return submit(new NbdBlockStatusCommand(offset, length, export.allocationContextId(), peer));
    }

    /**
     * Waits for a request to finish. On interrupt the connection is failed (the reader could otherwise still be
     * writing into the caller's buffer), the request is waited for, and InterruptedIOException is thrown.
     */
    <T> T await(CompletableFuture<T> request) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    T value = request.get();
                    if (interrupted) {
                        throw new InterruptedIOException(peer + ": interrupted while waiting for the server");
                    }
                    return value;
                } catch (InterruptedException e) {
                    interrupted = true;
                    fail(new InterruptedIOException(peer + ": interrupted while waiting for the server"));
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException(peer + ": request failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sends NBD_CMD_DISC, lets the server hang up, and stops the reader. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> deadline = Watchdog.after(DISCONNECT_GRACE, () -> closeQuietly(channel));
        try {
            sendLock.lock();
            try {
                writeRequest((short) NbdProtocol.CMD_DISC, 0, 0, 0);
            } finally {
                sendLock.unlock();
            }
            channel.shutdownOutput();
            reader.join(DISCONNECT_GRACE.toMillis());
        } catch (IOException e) {
            // Already broken: nothing to say goodbye to.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deadline.cancel(false);
            closeQuietly(channel);
        }
    }

    private <T> CompletableFuture<T> submit(NbdCommand<T> command) throws IOException {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(peer + ": interrupted while waiting to send a request");
        }
        command.result.whenComplete((value, error) -> inFlight.release());
        command.cookie = cookies.incrementAndGet();
        // Set before the command is visible to the reader, which cancels it (the monitor publishes it).
        command.deadline = Watchdog.after(requestTimeout, () -> expire(command));
        synchronized (this) {
            if (terminated || closing.get()) {
                command.deadline.cancel(false);
                command.fail(failure != null ? failure : new IOException(peer + ": connection is closed"));
                return command.result;
            }
            pending.put(command.cookie, command);
        }
        sendLock.lock();
        try {
            writeRequest(command.type, command.cookie, command.offset, command.length);
        } catch (IOException e) {
            fail(new RemoteSourceException(peer + ": sending a " + command.describe() + " failed: " + describe(e),
                    true, e));
        } finally {
            sendLock.unlock();
        }
        return command.result;
    }

    /** Writes one request header; the caller holds the send lock. */
    private void writeRequest(short type, long cookie, long offset, int length) throws IOException {
        requestHeader.clear();
        requestHeader.putInt(NbdProtocol.REQUEST_MAGIC).putShort((short) 0).putShort(type).putLong(cookie)
                .putLong(offset).putInt(length).flip();
        while (requestHeader.hasRemaining()) {
            channel.write(requestHeader);
        }
    }

    private void expire(NbdCommand<?> command) {
        boolean stillPending;
        synchronized (this) {
            stillPending = pending.containsKey(command.cookie);
        }
        if (stillPending) {
            fail(new RemoteSourceException(peer + ": no reply to a " + command.describe() + " within "
                    + requestTimeout.toMillis() + " ms", true));
        }
    }

    /** Records the first cause and closes the channel; the reader then fails every waiting request with it. */
    private void fail(IOException cause) {
        synchronized (this) {
            if (failure == null) {
                failure = cause;
            }
        }
        closeQuietly(channel);
    }

    private void readReplies() {
        IOException cause;
        try {
            while (true) {
                readReply();
            }
        } catch (IOException e) {
            cause = e;
        } catch (RuntimeException | Error e) {
            cause = new IOException(peer + ": NBD reply reader failed: " + e, e);
        }
        closeQuietly(channel);
        List<NbdCommand<?>> orphans;
        synchronized (this) {
            terminated = true;
            if (failure == null) {
                failure = closing.get() ? new IOException(peer + ": connection is closed")
                        : cause instanceof RemoteSourceException ? cause
                                : new RemoteSourceException(peer + ": connection lost: " + describe(cause), true,
                                        cause);
            }
            orphans = new ArrayList<>(pending.values());
            pending.clear();
        }
        for (NbdCommand<?> command : orphans) {
            command.deadline.cancel(false);
            command.fail(failure);
        }
    }

    private void readReply() throws IOException {
        int magic = in.read(4).getInt();
        if (magic == NbdProtocol.SIMPLE_REPLY_MAGIC) {
            ByteBuffer header = in.read(12);
            int error = header.getInt();
            NbdCommand<?> command = lookup(header.getLong());
            command.onSimpleReply(error, in, export.structuredReplies());
            finish(command);
        } else if (magic == NbdProtocol.STRUCTURED_REPLY_MAGIC && export.structuredReplies()) {
            ByteBuffer header = in.read(16);
            int flags = header.getShort() & 0xffff;
            int type = header.getShort() & 0xffff;
            NbdCommand<?> command = lookup(header.getLong());
            long length = Integer.toUnsignedLong(header.getInt());
            if (length > command.maxChunkPayload()) {
                throw protocolError("reply chunk of " + length + " bytes to a " + command.describe()
                        + " (at most " + command.maxChunkPayload() + " expected)");
            }
            command.onChunk(type, (int) length, in);
            if ((flags & NbdProtocol.REPLY_FLAG_DONE) != 0) {
                finish(command);
            }
        } else {
            throw protocolError("bad reply magic 0x" + Integer.toHexString(magic));
        }
    }

    private synchronized NbdCommand<?> lookup(long cookie) throws IOException {
        NbdCommand<?> command = pending.get(cookie);
        if (command == null) {
            throw protocolError("reply for cookie " + cookie + ", which is not in flight");
        }
        return command;
    }

    private void finish(NbdCommand<?> command) throws IOException {
        synchronized (this) {
            pending.remove(command.cookie);
        }
        command.deadline.cancel(false);
        try {
            command.complete();
        } catch (IOException e) {
            command.fail(e);
            throw e;
        }
    }

    private IOException protocolError(String problem) {
        return new RemoteSourceException(peer + ": NBD protocol violation: " + problem, false);
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing is best effort; the connection is being abandoned anyway.
        }
    }
}
