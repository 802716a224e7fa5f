package dev.ferry.disk.convert;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import dev.ferry.disk.raw.RawWriterFactory;
import dev.ferry.disk.write.DiskImageWriter;
import dev.ferry.disk.write.EncodedChunk;
import dev.ferry.disk.write.WriteOptions;
import dev.ferry.disk.write.WriterFactory;

/** Raw writers that fail like a crashing disk after a number of commits, to interrupt conversions mid-way. */
final class CrashingWriterFactory implements WriterFactory {

    private final WriterFactory delegate = new RawWriterFactory();
    private final int commitsBeforeCrash;

    CrashingWriterFactory(int commitsBeforeCrash) {
        this.commitsBeforeCrash = commitsBeforeCrash;
    }

    @Override
    public DiskImageWriter create(Path file, long virtualSize, WriteOptions options) throws IOException {
        return new Crashing(delegate.create(file, virtualSize, options));
    }

    @Override
    public DiskImageWriter resume(Path file, byte[] state) throws IOException {
        return new Crashing(delegate.resume(file, state));
    }

    private final class Crashing implements DiskImageWriter {

        private final DiskImageWriter writer;
        private int commits;

        Crashing(DiskImageWriter writer) {
            this.writer = writer;
        }

        @Override
        public int alignment() {
            return writer.alignment();
        }

        @Override
        public EncodedChunk encode(long offset, ByteBuffer data) throws IOException {
            return writer.encode(offset, data);
        }

        @Override
        public void commit(EncodedChunk chunk) throws IOException {
            if (++commits > commitsBeforeCrash) {
                throw new IOException("simulated crash");
            }
            writer.commit(chunk);
        }

        @Override
        public byte[] checkpoint() throws IOException {
            return writer.checkpoint();
        }

        @Override
        public void finish(boolean durable) throws IOException {
            writer.finish(durable);
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }
}
