package dev.ferry.disk.convert;

import java.time.Duration;
import java.util.Objects;

import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.write.WriteOptions;

/** How to run a conversion: the target's format, parallelism and memory, checkpoints, digest, progress, limits. */
public final class ConversionOptions {

    /** Default guest bytes per chunk: large enough for efficient reads, small enough to keep memory low. */
    public static final int DEFAULT_CHUNK_SIZE = 4 << 20;
    /** Chunks larger than this are refused: buffers are allocated whole. */
    public static final int MAX_CHUNK_SIZE = 256 << 20;

    private final ImageFormat targetFormat;
    private final WriteOptions writeOptions;
    private final int chunkSize;
    private final int threads;
    private final int buffers;
    private final boolean digest;
    private final boolean overwrite;
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
        this.buffers = builder.buffers == 0 ? 2 * builder.threads : builder.buffers;
        this.digest = builder.digest;
        this.overwrite = builder.overwrite;
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

    /** Chunk buffers, and so chunks in flight, at most: memory is about {@code buffers * chunkSize}. */
    public int buffers() {
        return buffers;
    }

    public boolean digest() {
        return digest;
    }

    public boolean overwrite() {
        return overwrite;
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

    public boolean checkpoints() {
        return checkpointEveryBytes > 0 || !checkpointEveryTime.isZero();
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
        private int threads = Runtime.getRuntime().availableProcessors();
        private int buffers;
        private boolean digest;
        private boolean overwrite;
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

        /** Guest bytes per chunk; default 4 MiB. */
        public Builder chunkSize(int chunkSize) {
            if (chunkSize < 512 || chunkSize > MAX_CHUNK_SIZE) {
                throw new IllegalArgumentException("chunk size must be between 512 bytes and " + MAX_CHUNK_SIZE
                        + ", got " + chunkSize);
            }
            this.chunkSize = chunkSize;
            return this;
        }

        /** Worker threads; default one per available processor. */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("threads must be between 1 and 256, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Chunk buffers (chunks in flight); default twice the threads, so workers never wait for the writer. */
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
