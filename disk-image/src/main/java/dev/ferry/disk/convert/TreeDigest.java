package dev.ferry.disk.convert;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.ferry.disk.DiskImage;

/**
 * The {@value #ALGORITHM} digest of a disk's guest-visible content, which a converter computes while it streams and
 * which a verifier recomputes from the target, so that a target can be checked against its source in any format.
 *
 * <p>
 * <b>Definition.</b> Cut the {@code virtualSize} guest bytes into leaves of {@link #LEAF_SIZE} = 4 MiB (4,194,304)
 * bytes at guest offsets 0, 4 MiB, 8 MiB, ...; the last leaf is shorter when the size is not a multiple of 4 MiB, and a
 * disk of 0 bytes has no leaves. With {@code H = SHA-256} and {@code ||} concatenation, the digest is
 * {@code H(H(leaf 0) || H(leaf 1) || ... || H(leaf n-1))}, 32 bytes, written as 64 lowercase hexadecimal digits.
 * With standard tools, for a raw file: {@code split -b 4M disk.raw leaf. && for f in leaf.*; do sha256sum <"$f" |
 * cut -c1-64; done | xxd -r -p | sha256sum}.
 *
 * <p>
 * <b>Why this shape.</b> Leaves are fixed guest ranges, so the value depends only on the content and size, never on
 * the image format, the chunk size, the number of threads or whether a conversion was resumed. Leaves are hashed in
 * parallel by the conversion workers; an all-zero leaf's hash is a constant, so ranges the source reports as zero are
 * never read or hashed. The outer hash sees 32 bytes per leaf in leaf order, and its intermediate state is small and
 * can be saved ({@link #state()}), so a checkpoint can carry it and a resumed conversion continues it.
 */
public final class TreeDigest {

    /** The algorithm's name, as shown next to digests. */
    public static final String ALGORITHM = "sha256-tree";

    /** Guest bytes per leaf. */
    public static final int LEAF_SIZE = 4 << 20;

    private static final byte STATE_VERSION = 1;
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] ZERO_LEAF_HASH = HEX
            .parseHex("bb9f8df61474d25e71fa00722318cd387396ca1736605e1248821cc0de3d3af8");

    private final long virtualSize;
    private final ResumableSha256 root;
    private long leafCount;
    private byte[] shortZeroLeafHash;

    /** An empty digest for a disk of {@code virtualSize} bytes, to which leaves are added in order. */
    public TreeDigest(long virtualSize) {
        this(virtualSize, new ResumableSha256(), 0);
    }

    private TreeDigest(long virtualSize, ResumableSha256 root, long leafCount) {
        if (virtualSize < 0) {
            throw new IllegalArgumentException("virtual size must not be negative: " + virtualSize);
        }
        this.virtualSize = virtualSize;
        this.root = root;
        this.leafCount = leafCount;
    }

    /** Continues a digest from {@link #state()}. */
    public static TreeDigest restore(long virtualSize, byte[] state) {
        ByteBuffer buffer = ByteBuffer.wrap(state);
        if (state.length != 1 + Long.BYTES + ResumableSha256.STATE_BYTES || buffer.get() != STATE_VERSION) {
            throw new IllegalArgumentException("unsupported " + ALGORITHM + " state");
        }
        long leafCount = buffer.getLong();
        byte[] rootState = new byte[ResumableSha256.STATE_BYTES];
        buffer.get(rootState);
        ResumableSha256 root = ResumableSha256.restore(rootState);
        TreeDigest digest = new TreeDigest(virtualSize, root, leafCount);
        if (leafCount < 0 || leafCount > digest.totalLeaves() || root.byteCount() != leafCount * 32) {
            throw new IllegalArgumentException("inconsistent " + ALGORITHM + " state");
        }
        return digest;
    }

    /** Everything needed to continue this digest later: a version, the leaf count and the outer hash's state. */
    public byte[] state() {
        return ByteBuffer.allocate(1 + Long.BYTES + ResumableSha256.STATE_BYTES)
                .put(STATE_VERSION)
                .putLong(leafCount)
                .put(root.state())
                .array();
    }

    /** Guest offset of the next leaf to add: everything before it has been hashed. */
    public long nextLeafOffset() {
        return Math.min(virtualSize, leafCount * LEAF_SIZE);
    }

    /** Adds the hash of the leaf at {@code leafOffset}, which must be the next one. */
    public void addLeaf(long leafOffset, byte[] leafHash) {
        if (leafOffset != nextLeafOffset() || leafCount == totalLeaves()) {
            throw new IllegalStateException("leaf at " + leafOffset + " added out of order; next leaf is at "
                    + nextLeafOffset() + " of " + virtualSize);
        }
        if (leafHash.length != 32) {
            throw new IllegalArgumentException("a leaf hash has 32 bytes, got " + leafHash.length);
        }
        root.update(leafHash);
        leafCount++;
    }

    /** Adds the all-zero leaves covering {@code [from, to)}: leaf boundaries, or {@code to} at the end of the disk. */
    public void addZeroLeaves(long from, long to) {
        if (from != nextLeafOffset() || (to % LEAF_SIZE != 0 && to != virtualSize) || to > virtualSize || to < from) {
            throw new IllegalStateException("zero leaves " + from + ".." + to + " do not continue the digest at "
                    + nextLeafOffset() + " of " + virtualSize);
        }
        for (long offset = from; offset < to; offset += LEAF_SIZE) {
            addLeaf(offset, zeroLeafHash((int) Math.min(LEAF_SIZE, virtualSize - offset)));
        }
    }

    /** Adds the leaves of a processed chunk, which starts on a leaf boundary. */
    void add(ProcessedChunk chunk) {
        long start = chunk.range().start();
        if (chunk.range() instanceof PlannedRange.ZeroRun) {
            addZeroLeaves(start, chunk.range().end());
            return;
        }
        byte[][] leafHashes = chunk.leafHashes();
        for (int leaf = 0; leaf < leafHashes.length; leaf++) {
            long offset = start + (long) leaf * LEAF_SIZE;
            if (leafHashes[leaf] == null) {
                addZeroLeaves(offset, Math.min(virtualSize, offset + LEAF_SIZE));
            } else {
                addLeaf(offset, leafHashes[leaf]);
            }
        }
    }

    /** Whether every leaf has been added, so that {@link #hex()} is the disk's digest. */
    public boolean complete() {
        return leafCount == totalLeaves();
    }

    /** The digest as 64 lowercase hexadecimal digits; all leaves must have been added. */
    public String hex() {
        if (!complete()) {
            throw new IllegalStateException(ALGORITHM + " digest has " + leafCount + " of " + totalLeaves()
                    + " leaves");
        }
        return HEX.formatHex(root.digest());
    }

    /** SHA-256 of one leaf's bytes (the buffer's remaining bytes; its position is left unchanged). */
    public static byte[] hashLeaf(ByteBuffer leaf) {
        MessageDigest sha256 = newSha256();
        sha256.update(leaf.duplicate());
        return sha256.digest();
    }

    /** SHA-256 of {@code length} zero bytes, without hashing them when it is a full leaf. */
    public byte[] zeroLeafHash(int length) {
        if (length == LEAF_SIZE) {
            return ZERO_LEAF_HASH;
        }
        // Only the last leaf can be short, so this is computed at most once per disk.
        if (shortZeroLeafHash == null) {
            shortZeroLeafHash = hashLeaf(ByteBuffer.allocate(length));
        }
        return shortZeroLeafHash;
    }

    /** Computes the digest of a whole image with one thread per processor. */
    public static String of(DiskImage image) throws IOException {
        return of(image, ConversionOptions.builder().build());
    }

    /**
     * Computes the digest of a whole image, for example a finished target read back to verify it. Uses the options'
     * threads, chunk size, throttle, cancellation token and progress listener; the target settings are ignored.
     */
    public static String of(DiskImage image, ConversionOptions options) throws IOException {
        return new ImageDigester(image, options).digest();
    }

    private long totalLeaves() {
        return (virtualSize + LEAF_SIZE - 1) / LEAF_SIZE;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
