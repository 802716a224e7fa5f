package dev.ferry.disk.source;

import static dev.ferry.disk.source.NbdProtocol.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * The client side of NBD's fixed newstyle negotiation: asks for structured replies and the {@code base:allocation}
 * metadata context where the server offers them, then enters transmission with {@code NBD_OPT_GO} (falling back to
 * {@code NBD_OPT_EXPORT_NAME} for servers without it). Every length the server sends is checked before anything is
 * allocated.
 */
final class NbdHandshake {

    /** Option replies carry short strings and small structures; anything larger is a broken or hostile server. */
    private static final int MAX_OPTION_REPLY = 64 * 1024;

    private final ChannelInput in;
    private final WritableByteChannel out;
    private final String peer;
    private final byte[] exportName;

    private NbdHandshake(ChannelInput in, WritableByteChannel out, String peer, String exportName) {
        this.in = in;
        this.out = out;
        this.peer = peer;
        this.exportName = exportName.getBytes(StandardCharsets.UTF_8);
    }

    /** Negotiates over a freshly connected channel and returns what was agreed; the channel is then in transmission. */
    static NbdExport negotiate(ChannelInput in, WritableByteChannel out, String peer, String exportName)
            throws IOException {
        return new NbdHandshake(in, out, peer, exportName).run();
    }

    private NbdExport run() throws IOException {
        ByteBuffer greeting = in.read(18);
        long magic = greeting.getLong();
        long style = greeting.getLong();
        int handshakeFlags = greeting.getShort() & 0xffff;
        if (magic != NBDMAGIC) {
            throw protocolError("not an NBD server: expected NBDMAGIC, got 0x" + Long.toHexString(magic));
        }
        if (style == OLDSTYLE_MAGIC) {
            throw protocolError("server speaks the oldstyle handshake, which has no export names; use newstyle");
        }
        if (style != IHAVEOPT) {
            throw protocolError("unknown handshake magic 0x" + Long.toHexString(style));
        }
        if ((handshakeFlags & FLAG_FIXED_NEWSTYLE) == 0) {
            throw protocolError("server does not support fixed newstyle negotiation");
        }
        boolean noZeroes = (handshakeFlags & FLAG_NO_ZEROES) != 0;
        write(ByteBuffer.allocate(4).putInt(FLAG_C_FIXED_NEWSTYLE | (noZeroes ? FLAG_C_NO_ZEROES : 0)).flip());

        boolean structured = negotiateStructuredReplies();
        int allocationContext = structured ? negotiateAllocationContext() : -1;
        return go(structured, allocationContext, noZeroes);
    }

    private boolean negotiateStructuredReplies() throws IOException {
        sendOption(OPT_STRUCTURED_REPLY, ByteBuffer.allocate(0));
        OptionReply reply = readReply(OPT_STRUCTURED_REPLY);
        if (reply.type() == REP_ACK) {
            return true;
        }
        failOnFatal(reply);
        return false;
    }

    private int negotiateAllocationContext() throws IOException {
        byte[] query = BASE_ALLOCATION.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer data = ByteBuffer.allocate(4 + exportName.length + 4 + 4 + query.length);
        data.putInt(exportName.length).put(exportName).putInt(1).putInt(query.length).put(query).flip();
        sendOption(OPT_SET_META_CONTEXT, data);
        int contextId = -1;
        while (true) {
            OptionReply reply = readReply(OPT_SET_META_CONTEXT);
            if (reply.type() == REP_ACK) {
                return contextId;
            }
            if (reply.type() != REP_META_CONTEXT) {
                failOnFatal(reply);
                // The server cannot say which ranges are holes; reads still work.
                return -1;
            }
            ByteBuffer payload = reply.data();
            if (payload.remaining() < 4) {
                throw protocolError("metadata context reply of " + payload.remaining() + " bytes is too short");
            }
            int id = payload.getInt();
            String name = StandardCharsets.UTF_8.decode(payload).toString();
            if (name.equals(BASE_ALLOCATION)) {
                contextId = id;
            }
        }
    }

    private NbdExport go(boolean structured, int allocationContext, boolean noZeroes) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(4 + exportName.length + 2 + 2);
        data.putInt(exportName.length).put(exportName).putShort((short) 1).putShort(INFO_BLOCK_SIZE).flip();
        sendOption(OPT_GO, data);
        long size = -1;
        int flags = 0;
        int minimum = 1;
        int preferred = 4096;
        int maximum = DEFAULT_MAX_BLOCK;
        while (true) {
            OptionReply reply = readReply(OPT_GO);
            if (reply.type() == REP_ACK) {
                if (size < 0) {
                    throw protocolError("server accepted the export without saying its size");
                }
                return checked(new NbdExport(size, flags, minimum, preferred, maximum, structured,
                        allocationContext));
            }
            if (reply.type() == REP_ERR_UNSUP) {
                return exportName(structured, allocationContext, noZeroes);
            }
            if (reply.type() != REP_INFO) {
                IOException refused = optionRefused(reply, "opening export '" + exportName() + "'");
                abortQuietly();
                throw refused;
            }
            ByteBuffer payload = reply.data();
            if (payload.remaining() < 2) {
                throw protocolError("empty NBD_REP_INFO reply");
            }
            short info = payload.getShort();
            if (info == INFO_EXPORT) {
                if (payload.remaining() != 10) {
                    throw protocolError("NBD_INFO_EXPORT of " + (payload.remaining() + 2) + " bytes, expected 12");
                }
                size = payload.getLong();
                flags = payload.getShort() & 0xffff;
                if (size < 0) {
                    throw protocolError("export size " + Long.toUnsignedString(size) + " is beyond what Ferry handles");
                }
            } else if (info == INFO_BLOCK_SIZE) {
                if (payload.remaining() != 12) {
                    throw protocolError("NBD_INFO_BLOCK_SIZE of " + (payload.remaining() + 2) + " bytes, expected 14");
                }
                minimum = payload.getInt();
                preferred = payload.getInt();
                maximum = payload.getInt();
            }
            // Other information (name, description) is for people; nothing to do with it here.
        }
    }

    /** Old servers without NBD_OPT_GO: the export name option answers with size and flags, or hangs up. */
    private NbdExport exportName(boolean structured, int allocationContext, boolean noZeroes) throws IOException {
        sendOption(OPT_EXPORT_NAME, ByteBuffer.wrap(exportName));
        ByteBuffer answer;
        try {
            answer = in.read(10);
        } catch (java.io.EOFException e) {
            throw new RemoteSourceException(peer + ": server closed the connection when asked for export '"
                    + exportName() + "' (no such export, or access refused)", false, e);
        }
        long size = answer.getLong();
        int flags = answer.getShort() & 0xffff;
        if (!noZeroes) {
            in.skip(124);
        }
        if (size < 0) {
            throw protocolError("export size " + Long.toUnsignedString(size) + " is beyond what Ferry handles");
        }
        return checked(new NbdExport(size, flags, 1, 4096, DEFAULT_MAX_BLOCK, structured, allocationContext));
    }

    private NbdExport checked(NbdExport export) throws IOException {
        int minimum = export.minimumBlock();
        int preferred = export.preferredBlock();
        int maximum = export.maximumBlock();
        boolean sane = minimum >= 1 && minimum <= 64 * 1024 && Integer.bitCount(minimum) == 1
                && preferred >= minimum && maximum >= minimum && maximum % minimum == 0;
        if (!sane) {
            throw protocolError("nonsensical block sizes: minimum " + minimum + ", preferred " + preferred
                    + ", maximum " + maximum);
        }
        return export;
    }

    /** The spec's soft disconnect after a refusal; the server's answer does not matter, so it is not read. */
    private void abortQuietly() {
        try {
            sendOption(OPT_ABORT, ByteBuffer.allocate(0));
        } catch (IOException e) {
            // The server may already have hung up; the connection is closed next either way.
        }
    }

    private void sendOption(int option, ByteBuffer data) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(16 + data.remaining());
        header.putLong(IHAVEOPT).putInt(option).putInt(data.remaining()).put(data).flip();
        write(header);
    }

    private record OptionReply(int option, int type, ByteBuffer data) {
    }

    private OptionReply readReply(int option) throws IOException {
        ByteBuffer header = in.read(20);
        long magic = header.getLong();
        int echoed = header.getInt();
        int type = header.getInt();
        int length = header.getInt();
        if (magic != OPTION_REPLY_MAGIC) {
            throw protocolError("bad option reply magic 0x" + Long.toHexString(magic));
        }
        if (echoed != option) {
            throw protocolError("reply to option " + echoed + " while waiting for option " + option);
        }
        if (length < 0 || length > MAX_OPTION_REPLY) {
            throw protocolError("option reply of " + Integer.toUnsignedString(length) + " bytes (at most "
                    + MAX_OPTION_REPLY + " expected)");
        }
        return new OptionReply(echoed, type, ByteBuffer.wrap(in.readBytes(length)));
    }

    /** Errors that leave no point in going on; others mean "not supported" and negotiation continues without. */
    private void failOnFatal(OptionReply reply) throws IOException {
        if ((reply.type() & REP_ERROR_BIT) == 0) {
            throw protocolError("unexpected reply type " + reply.type() + " to option " + reply.option());
        }
        if (reply.type() == REP_ERR_TLS_REQD || reply.type() == REP_ERR_SHUTDOWN) {
            throw optionRefused(reply, "negotiating");
        }
    }

    private IOException optionRefused(OptionReply reply, String during) {
        if ((reply.type() & REP_ERROR_BIT) == 0) {
            return protocolError("unexpected reply type " + reply.type() + " while " + during);
        }
        String message = serverMessage(reply.data());
        return new RemoteSourceException(peer + ": " + during + " failed: " + optionErrorName(reply.type())
                + (message.isEmpty() ? "" : " (server says: " + message + ")"), reply.type() == REP_ERR_SHUTDOWN);
    }

    private String exportName() {
        return new String(exportName, StandardCharsets.UTF_8);
    }

    private IOException protocolError(String problem) {
        return new RemoteSourceException(peer + ": NBD handshake failed: " + problem, false);
    }

    /** A server's error text, made safe to print: bounded and without control characters. */
    static String serverMessage(ByteBuffer data) {
        byte[] bytes = new byte[Math.min(data.remaining(), 512)];
        data.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?").trim();
    }

    private void write(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
