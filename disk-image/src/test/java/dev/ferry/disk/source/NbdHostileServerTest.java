package dev.ferry.disk.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The NBD client against servers that lie, stall or hang up: every case ends in a clear IOException, never a hang. */
class NbdHostileServerTest {

    private static final SourceOptions QUICK = SourceOptions.builder()
            .connectTimeout(Duration.ofSeconds(2))
            .requestTimeout(Duration.ofMillis(500))
            .build();

    @Test
    void rejectsAServerThatIsNotNbd() throws Exception {
        try (FakeNbdServer server = FakeNbdServer.start((in, out) -> {
            out.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        })) {
            assertThatThrownBy(() -> ByteSources.open(server.uri(), QUICK))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("not an NBD server");
        }
    }

    @Test
    void givesUpOnAServerThatSaysNothingDuringTheHandshake() throws Exception {
        try (FakeNbdServer server = FakeNbdServer.start((in, out) -> in.read())) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> ByteSources.open(server.uri(), QUICK))
                    .isInstanceOf(RemoteSourceException.class)
                    .hasMessageContaining("did not connect and complete the handshake");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void refusesAnOversizedOptionReply() throws Exception {
        try (FakeNbdServer server = FakeNbdServer.start((in, out) -> {
            out.writeLong(NbdProtocol.NBDMAGIC);
            out.writeLong(NbdProtocol.IHAVEOPT);
            out.writeShort(NbdProtocol.FLAG_FIXED_NEWSTYLE);
            in.readInt();
            in.readLong();
            int option = in.readInt();
            out.writeLong(NbdProtocol.OPTION_REPLY_MAGIC);
            out.writeInt(option);
            out.writeInt(NbdProtocol.REP_ACK);
            out.writeInt(Integer.MAX_VALUE);
            out.flush();
            in.read();
        })) {
            assertThatThrownBy(() -> ByteSources.open(server.uri(), QUICK))
                    .isInstanceOf(RemoteSourceException.class)
                    .hasMessageContaining("option reply of 2147483647 bytes");
        }
    }

    @Test
    void refusesAnOversizedReplyChunkWithoutAllocatingIt() throws Exception {
        assertReadFails((in, out, request) -> {
            FakeNbdServer.chunkHeader(out, NbdProtocol.REPLY_FLAG_DONE, NbdProtocol.REPLY_TYPE_OFFSET_DATA,
                    request.cookie(), 0x7fffffff);
        }, "reply chunk of 2147483647 bytes");
    }

    @Test
    void refusesDataOutsideTheRequestedRange() throws Exception {
        assertReadFails((in, out, request) -> {
            FakeNbdServer.chunkHeader(out, NbdProtocol.REPLY_FLAG_DONE, NbdProtocol.REPLY_TYPE_OFFSET_DATA,
                    request.cookie(), 8 + 100);
            out.writeLong(request.offset() + 4_000);
            out.write(new byte[100]);
        }, "lies outside the read of 4096 bytes at offset 8192");
    }

    @Test
    void refusesOverlappingChunks() throws Exception {
        assertReadFails((in, out, request) -> {
            for (long at : new long[] { request.offset(), request.offset() + 1_000 }) {
                FakeNbdServer.chunkHeader(out, 0, NbdProtocol.REPLY_TYPE_OFFSET_DATA, request.cookie(), 8 + 2_048);
                out.writeLong(at);
                out.write(new byte[2_048]);
            }
        }, "reply chunks overlap");
    }

    @Test
    void refusesAReplyThatClaimsSuccessWithoutAllTheData() throws Exception {
        assertReadFails((in, out, request) -> {
            FakeNbdServer.chunkHeader(out, 0, NbdProtocol.REPLY_TYPE_OFFSET_DATA, request.cookie(), 8 + 1_024);
            out.writeLong(request.offset());
            out.write(new byte[1_024]);
            FakeNbdServer.chunkHeader(out, NbdProtocol.REPLY_FLAG_DONE, NbdProtocol.REPLY_TYPE_NONE,
                    request.cookie(), 0);
        }, "after covering only 1024 bytes");
    }

    @Test
    void refusesAReplyForARequestThatIsNotInFlight() throws Exception {
        assertReadFails((in, out, request) -> {
            out.writeInt(NbdProtocol.SIMPLE_REPLY_MAGIC);
            out.writeInt(0);
            out.writeLong(request.cookie() + 1_000);
        }, "which is not in flight");
    }

    @Test
    void refusesAReplyWithABadMagic() throws Exception {
        assertReadFails((in, out, request) -> out.writeInt(0xdeadbeef), "bad reply magic 0xdeadbeef");
    }

    @Test
    void failsWhenTheServerHangsUpInTheMiddleOfAReply() throws Exception {
        assertReadFails((in, out, request) -> {
            FakeNbdServer.chunkHeader(out, NbdProtocol.REPLY_FLAG_DONE, NbdProtocol.REPLY_TYPE_OFFSET_DATA,
                    request.cookie(), 8 + 4_096);
            out.writeLong(request.offset());
            out.write(new byte[100]);
        }, "connection lost");
    }

    @Test
    void reportsTheServersErrorMessageWithoutControlCharacters() throws Exception {
        assertReadFails((in, out, request) -> {
            byte[] message = "disk\u001b[31m gone".getBytes(StandardCharsets.UTF_8);
            FakeNbdServer.chunkHeader(out, NbdProtocol.REPLY_FLAG_DONE, NbdProtocol.REPLY_TYPE_ERROR_BIT | 1,
                    request.cookie(), 6 + message.length);
            out.writeInt(5);
            out.writeShort(message.length);
            out.write(message);
        }, "EIO (input/output error) (server says: disk?[31m gone)");
    }

    @Test
    void assemblesAReplySentInChunksOutOfOrder() throws Exception {
        try (FakeNbdServer server = FakeNbdServer.start((in, out) -> {
            FakeNbdServer.handshake(in, out, 1 << 20, true);
            FakeNbdServer.Request request = FakeNbdServer.readRequest(in);
            int half = request.length() / 2;
            FakeNbdServer.chunkHeader(out, 0, NbdProtocol.REPLY_TYPE_OFFSET_HOLE, request.cookie(), 12);
            out.writeLong(request.offset() + half);
            out.writeInt(request.length() - half);
            FakeNbdServer.chunkHeader(out, NbdProtocol.REPLY_FLAG_DONE, NbdProtocol.REPLY_TYPE_OFFSET_DATA,
                    request.cookie(), 8 + half);
            out.writeLong(request.offset());
            for (int i = 0; i < half; i++) {
                out.write(0x5a);
            }
            out.flush();
            in.read();
        }); ByteSource source = ByteSources.open(server.uri(), QUICK)) {
            ByteBuffer buffer = ByteBuffer.allocate(4_000);
            for (int i = 0; i < buffer.capacity(); i++) {
                buffer.put(i, (byte) 1);
            }
            source.readFully(100, buffer);
            for (int i = 0; i < 4_000; i++) {
                assertThat(buffer.get(i)).as("byte %d", i).isEqualTo((byte) (i < 2_000 ? 0x5a : 0));
            }
        }
    }

    /** What the server sends in answer to the client's first read request (4096 bytes at 8192). */
    @FunctionalInterface
    private interface Answer {
        void send(DataInputStream in, DataOutputStream out, FakeNbdServer.Request request) throws IOException;
    }

    private static void assertReadFails(Answer answer, String message) throws Exception {
        try (FakeNbdServer server = FakeNbdServer.start((in, out) -> {
            FakeNbdServer.handshake(in, out, 1 << 20, true);
            answer.send(in, out, FakeNbdServer.readRequest(in));
            out.flush();
        }); ByteSource source = ByteSources.open(server.uri(), QUICK)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> source.readFully(8192, ByteBuffer.allocate(4096)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(message);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
