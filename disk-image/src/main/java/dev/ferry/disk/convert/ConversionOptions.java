package dev.ferry.disk.convert;

import java.time.Duration;
import java.util.Objects;

import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.write.WriteOptions;

/**
 * How to run a conversion: the target's format, parallelism and memory, durability and checkpoints, digest, progress,
 * limits.
 */
public final class ConversionOptions {

    /** Default guest bytes per chunk: a large transfer (qemu-img moves 2 MiB too), small enough for many in flight. */
    public static final int DEFAULT_CHUNK_SIZE = 2 << 20;
    /**
     * Default worker threads: twice the processors, at least 8 and at most 32. Workers spend much of their time
     * waiting for reads, and several reads in flight keep a disk or a remote source busy where one per core does not
     * (on a busy 2-core machine, 8 workers converted a 4 GiB VMDK in half the time 2 took); CPU-bound work such as
     * deflate still gets every core. Their buffers stay within {@link #DEFAULT_BUFFER_BYTES}.
     */
    public static final int DEFAULT_THREADS = Math.min(32, Math.max(8, 2 * Runtime.getRuntime().availableProcessors()));
    /**
     * What the chunk buffers may take in all unless {@link Builder#buffers} says otherwise: two buffers per thread
     * (so workers never wait for the writer) as long as they fit, but at least one per thread.
     */
    public static final int DEFAULT_BUFFER_BYTES = 32 << 20;
    /** Chunks larger than this are refused: buffers are allocated whole. */
    public static final int MAX_CHUNK_SIZE = 256 << 20;

    private final ImageFormat targetFormat;
    private final WriteOptions writeOptions;
    private final int chunkSize;
    private final int threads;
    private final int buffers;
    private final boolean digest;
    private final boolean overwrite;
    private final boolean durable;
    private final String sourceFingerprint;
    private final long checkpointEveryBytes;
    private final Duration checkpointEveryTime;
    private final Duration progressInterval;
    private final ConversionListener listener;
    private final CancellationToken cancellation;
    private final Throttle throttle;

    private ConversionOptions(Builder builder) {
        this.targetFormat = builder.targetFormat;
        this.writeOptions = builder.writeOptions;
        this.chunkSize = builder.chunkSize;
        this.threads = builder.threads;
        this.buffers = builder.buffers;
        this.digest = builder.digest;
        this.overwrite = builder.overwrite;
        this.durable = builder.durable;
        this.sourceFingerprint = builder.sourceFingerprint;
        this.checkpointEveryBytes = builder.checkpointEveryBytes;
        this.checkpointEveryTime = builder.checkpointEveryTime;
        this.progressInterval = builder.progressInterval;
        this.listener = builder.listener;
        this.cancellation = builder.cancellation;
        this.throttle = builder.throttle;
    }

    public static Builder builder() {
        return new Builder();
    }

    public ImageFormat targetFormat() {
        return targetFormat;
    }

    public WriteOptions writeOptions() {
        return writeOptions;
    }

    /**
     * Guest bytes per chunk as configured. The pipeline rounds it up to a multiple of the writer's alignment, and of
     * {@link TreeDigest#LEAF_SIZE} when a digest is computed (chunks then hold whole leaves).
     */
    public int chunkSize() {
        return chunkSize;
    }

    /** Worker threads that read, check for zeros, encode and hash chunks. */
    public int threads() {
        return threads;
    }

    /**
     * Chunk buffers, and so chunks in flight, at most, for chunks of the configured size: memory is about
     * {@code buffers * chunkSize}.
     */
    public int buffers() {
        return buffersFor(chunkSize);
    }

    /** Chunk buffers for chunks of {@code effectiveChunkSize} (the pipeline rounds chunks up to whole granules). */
    int buffersFor(int effectiveChunkSize) {
        if (buffers > 0) {
            return buffers;
        }
        return Math.max(threads, Math.min(2 * threads, DEFAULT_BUFFER_BYTES / effectiveChunkSize));
    }

    public boolean digest() {
        return digest;
    }

    public boolean overwrite() {
        return overwrite;
    }

    /** Whether the target is made durable (fsync) at checkpoints and before it gets its name. */
    public boolean durable() {
        return durable;
    }

    /** Identifies the source's content, so a checkpoint is only resumed against the same source. */
    public String sourceFingerprint() {
        return sourceFingerprint;
    }

    /** Bytes read between checkpoints; 0 for no byte-based checkpoints. */
    public long checkpointEveryBytes() {
        return checkpointEveryBytes;
    }

    /** Time between checkpoints; zero for no time-based checkpoints. */
    public Duration checkpointEveryTime() {
        return checkpointEveryTime;
    }

    /** Whether checkpoints are written: only in a durable conversion, where they are worth resuming from. */
    public boolean checkpoints() {
        return durable && (checkpointEveryBytes > 0 || !checkpointEveryTime.isZero());
    }

    public Duration progressInterval() {
        return progressInterval;
    }

    public ConversionListener listener() {
        return listener;
    }

    public CancellationToken cancellation() {
        return cancellation;
    }

    public Throttle throttle() {
        return throttle;
    }

    /** Builds {@link ConversionOptions}; every setting has a default. */
    public static final class Builder {

        private ImageFormat targetFormat = ImageFormat.RAW;
        private WriteOptions writeOptions = WriteOptions.defaults();
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private int threads = DEFAULT_THREADS;
        private int buffers;
        private boolean digest;
        private boolean overwrite;
        private boolean durable = true;
        private String sourceFingerprint = "";
        private long checkpointEveryBytes = 1L << 30;
        private Duration checkpointEveryTime = Duration.ofSeconds(60);
        private Duration progressInterval = Duration.ofSeconds(1);
        private ConversionListener listener = ConversionListener.none();
        private CancellationToken cancellation = new CancellationToken();
        private Throttle throttle = Throttle.unlimited();

        private Builder() {
        }

        /** The target format; default raw. */
        public Builder targetFormat(ImageFormat targetFormat) {
            this.targetFormat = Objects.requireNonNull(targetFormat);
            return this;
        }

        /** Subformat, block size and format-specific properties of the target; default the format's defaults. */
        public Builder writeOptions(WriteOptions writeOptions) {
            this.writeOptions = Objects.requireNonNull(writeOptions);
            return this;
        }

        /** Guest bytes per chunk; default {@link #DEFAULT_CHUNK_SIZE}. */
        public Builder chunkSize(int chunkSize) {
            if (chunkSize < 512 || chunkSize > MAX_CHUNK_SIZE) {
                throw new IllegalArgumentException("chunk size must be between 512 bytes and " + MAX_CHUNK_SIZE
                        + ", got " + chunkSize);
            }
            this.chunkSize = chunkSize;
            return this;
        }

        /** Worker threads; default {@link #DEFAULT_THREADS}. */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("threads must be between 1 and 256, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Chunk buffers (chunks in flight); default twice the threads within {@link #DEFAULT_BUFFER_BYTES}. */
        public Builder buffers(int buffers) {
            if (buffers < 1 || buffers > 1024) {
                throw new IllegalArgumentException("buffers must be between 1 and 1024, got " + buffers);
            }
            this.buffers = buffers;
            return this;
        }

        /** Whether to compute the {@link TreeDigest} of the content while converting; default no. */
        public Builder digest(boolean digest) {
            this.digest = digest;
            return this;
        }

        /** Whether an existing target may be replaced; default no. */
        public Builder overwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /**
         * Whether to make the target durable (fsync) at every checkpoint and before giving it its name; default yes.
         * Without, the conversion does not wait for the disk to write the target, which is faster where the disk is
         * the limit, as {@code qemu-img convert} is by default: the target is still complete when the conversion
         * returns and a killed process never leaves a good-looking partial one, but a crash of the machine soon after
         * can lose or damage the finished target. Such a conversion writes no checkpoints (they would promise what
         * the disk may not hold), so an interrupted one starts over, or from a checkpoint an earlier run left.
         */
        public Builder durable(boolean durable) {
            this.durable = durable;
            return this;
        }

        /**
         * What identifies the source's content (for example a snapshot id, or path, size and modification time); a
         * checkpoint is resumed only when it was made with the same fingerprint and virtual size. Default empty,
         * which matches any source of the same size: callers that resume should set it.
         */
        public Builder sourceFingerprint(String sourceFingerprint) {
            this.sourceFingerprint = Objects.requireNonNull(sourceFingerprint);
            return this;
        }

        /**
         * Checkpoint after this many bytes read or this much time, whichever comes first; 0 and zero turn either
         * off. Default 1 GiB or 60 seconds.
         */
        public Builder checkpointEvery(long bytes, Duration time) {
            if (bytes < 0 || time.isNegative()) {
                throw new IllegalArgumentException("checkpoint intervals must not be negative");
            }
            this.checkpointEveryBytes = bytes;
            this.checkpointEveryTime = time;
            return this;
        }

        /** No checkpoints: an interrupted conversion starts over. */
        public Builder noCheckpoints() {
            return checkpointEvery(0, Duration.ZERO);
        }

        /** Least time between progress reports; default one second. */
        public Builder progressInterval(Duration progressInterval) {
            this.progressInterval = Objects.requireNonNull(progressInterval);
            return this;
        }

        public Builder listener(ConversionListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        public Builder cancellation(CancellationToken cancellation) {
            this.cancellation = Objects.requireNonNull(cancellation);
            return this;
        }

        /** Caps the read rate; default unlimited. */
        public Builder throttle(Throttle throttle) {
            this.throttle = Objects.requireNonNull(throttle);
            return this;
        }

        public ConversionOptions build() {
            return new ConversionOptions(this);
        }
    }
}
