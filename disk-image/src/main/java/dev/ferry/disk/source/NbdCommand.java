package dev.ferry.disk.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One NBD request in flight and the reply being assembled for it. The connection's reader thread feeds it reply
 * chunks and completes it; subclasses check each chunk against the request, since the server is not trusted.
 */
abstract class NbdCommand<T> {

    /** Error chunks carry a 16-bit message length plus a few fixed fields. */
    static final int MAX_ERROR_CHUNK = 6 + 0xffff + 8;

    final short type;
    final long offset;
    final int length;
    final String peer;
    final CompletableFuture<T> result = new CompletableFuture<>();
    long cookie;
    ScheduledFuture<?> deadline;
    private IOException serverError;

    NbdCommand(short type, long offset, int length, String peer) {
        this.type = type;
        this.offset = offset;
        this.length = length;
        this.peer = peer;
    }

    /** For messages: what was asked. */
    abstract String describe();

    /** The largest structured reply chunk this request can legitimately get. */
    abstract int maxChunkPayload();

    /** Handles a chunk that is neither NBD_REPLY_TYPE_NONE nor an error chunk. */
    abstract void onContentChunk(int chunkType, int chunkLength, ChannelInput in) throws IOException;

    /** The answer once the final chunk arrived without errors; throws when the reply is incomplete. */
    abstract T value() throws IOException;

    /** A simple (non-structured) reply; by default only an error is acceptable. */
    void onSimpleReply(int error, ChannelInput in, boolean structuredReplies) throws IOException {
        if (error == 0) {
            throw protocolError("simple reply to a " + describe() + " that needs a structured reply");
        }
        recordError(error, "");
    }

    final void onChunk(int chunkType, int chunkLength, ChannelInput in) throws IOException {
        if (chunkType == NbdProtocol.REPLY_TYPE_NONE) {
            if (chunkLength != 0) {
                throw protocolError("NBD_REPLY_TYPE_NONE chunk with " + chunkLength + " bytes of payload");
            }
        } else if ((chunkType & NbdProtocol.REPLY_TYPE_ERROR_BIT) != 0) {
            onErrorChunk(chunkType, chunkLength, in);
        } else {
            onContentChunk(chunkType, chunkLength, in);
        }
    }

    /** Completes the request after its final chunk: with the server's error if it sent one, else the value. */
    final void complete() throws IOException {
        if (serverError != null) {
            result.completeExceptionally(serverError);
        } else {
            result.complete(value());
        }
    }

    final void fail(IOException cause) {
        result.completeExceptionally(cause);
    }

    final void recordError(int error, String message) {
        if (serverError == null) {
            serverError = new RemoteSourceException(peer + ": server failed the " + describe() + ": "
                    + NbdProtocol.errorName(error) + (message.isEmpty() ? "" : " (server says: " + message + ")"),
                    error == 108);
        }
    }

    final IOException protocolError(String problem) {
        return new RemoteSourceException(peer + ": NBD protocol violation: " + problem, false);
    }

    /** Checks that {@code [chunkOffset, chunkOffset + chunkLength)} lies inside the request. */
    final void checkInside(long chunkOffset, long chunkLength, String what) throws IOException {
        if (chunkLength <= 0 || chunkOffset < offset || chunkOffset - offset > length - chunkLength) {
            throw protocolError(what + " of " + chunkLength + " bytes at " + chunkOffset + " lies outside the "
                    + describe());
        }
    }

    private void onErrorChunk(int chunkType, int chunkLength, ChannelInput in) throws IOException {
        if (chunkLength < 6) {
            throw protocolError("error chunk of " + chunkLength + " bytes, at least 6 expected");
        }
        ByteBuffer head = in.read(6);
        int error = head.getInt();
        int messageLength = head.getShort() & 0xffff;
        if (messageLength > chunkLength - 6) {
            throw protocolError("error message of " + messageLength + " bytes in a chunk of " + chunkLength);
        }
        String message = NbdHandshake.serverMessage(ByteBuffer.wrap(in.readBytes(messageLength)));
        int rest = chunkLength - 6 - messageLength;
        if (chunkType == NbdProtocol.REPLY_TYPE_ERROR_OFFSET) {
            if (rest != 8) {
                throw protocolError("NBD_REPLY_TYPE_ERROR_OFFSET with " + rest + " trailing bytes, 8 expected");
            }
            long at = in.readLong();
            checkInside(at, 1, "error offset");
            message = message.isEmpty() ? "at offset " + at : message + ", at offset " + at;
        } else {
            in.skip(rest);
        }
        if (error == 0) {
            throw protocolError("error chunk with error value 0");
        }
        recordError(error, message);
    }
}
