package dev.ferry.disk.source;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A scripted NBD server on loopback for one client connection, to test how the client copes with servers that break
 * the protocol: the script speaks raw bytes, with helpers for the well-behaved parts.
 */
final class FakeNbdServer implements AutoCloseable {

    /** What the server does with its one connection. */
    @FunctionalInterface
    interface Script {
        void run(DataInputStream in, DataOutputStream out) throws IOException;
    }

    /** A request as the client sent it. */
    record Request(int type, long cookie, long offset, int length) {
    }

    private final ServerSocket listener;
    private final Thread thread;

    private FakeNbdServer(ServerSocket listener, Script script) {
        this.listener = listener;
        this.thread = new Thread(() -> serve(script), "fake-nbd-server");
        thread.setDaemon(true);
    }

    static FakeNbdServer start(Script script) throws IOException {
        FakeNbdServer server = new FakeNbdServer(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()), script);
        server.thread.start();
        return server;
    }

    String uri() {
        return "nbd://127.0.0.1:" + listener.getLocalPort() + "/fake";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        listener.close();
        thread.join(5_000);
    }

    /**
     * The server side of a fixed newstyle handshake: structured replies if {@code structured}, no metadata contexts,
     * and an export of {@code size} bytes with default block sizes.
     */
    static void handshake(DataInputStream in, DataOutputStream out, long size, boolean structured)
            throws IOException {
        out.writeLong(NbdProtocol.NBDMAGIC);
        out.writeLong(NbdProtocol.IHAVEOPT);
        out.writeShort(NbdProtocol.FLAG_FIXED_NEWSTYLE | NbdProtocol.FLAG_NO_ZEROES);
        out.flush();
        in.readInt();
        while (true) {
            in.readLong();
            int option = in.readInt();
            in.readNBytes(in.readInt());
            if (option == NbdProtocol.OPT_STRUCTURED_REPLY) {
                optionReply(out, option, structured ? NbdProtocol.REP_ACK : NbdProtocol.REP_ERR_UNSUP, new byte[0]);
            } else if (option == NbdProtocol.OPT_GO) {
                byte[] info = java.nio.ByteBuffer.allocate(12).putShort(NbdProtocol.INFO_EXPORT).putLong(size)
                        .putShort((short) (NbdProtocol.TRANSMISSION_HAS_FLAGS | 2)).array();
                optionReply(out, option, NbdProtocol.REP_INFO, info);
                optionReply(out, option, NbdProtocol.REP_ACK, new byte[0]);
                return;
            } else {
                optionReply(out, option, NbdProtocol.REP_ERR_UNSUP, new byte[0]);
            }
        }
    }

    static void optionReply(DataOutputStream out, int option, int type, byte[] data) throws IOException {
        out.writeLong(NbdProtocol.OPTION_REPLY_MAGIC);
        out.writeInt(option);
        out.writeInt(type);
        out.writeInt(data.length);
        out.write(data);
        out.flush();
    }

    static Request readRequest(DataInputStream in) throws IOException {
        int magic = in.readInt();
        if (magic != NbdProtocol.REQUEST_MAGIC) {
            throw new IOException("bad request magic " + Integer.toHexString(magic));
        }
        in.readShort();
        int type = in.readShort();
        return new Request(type, in.readLong(), in.readLong(), in.readInt());
    }

    /** The header of a structured reply chunk; the caller writes the payload. */
    static void chunkHeader(DataOutputStream out, int flags, int type, long cookie, int length) throws IOException {
        out.writeInt(NbdProtocol.STRUCTURED_REPLY_MAGIC);
        out.writeShort(flags);
        out.writeShort(type);
        out.writeLong(cookie);
        out.writeInt(length);
    }

    private void serve(Script script) {
        try (Socket socket = listener.accept()) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            script.run(in, out);
            out.flush();
        } catch (IOException e) {
            // The client hung up or the test closed the listener: either ends the script.
        }
    }
}
