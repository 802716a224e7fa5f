package dev.ferry.disk.convert;

import java.nio.ByteBuffer;

/**
 * SHA-256 (FIPS 180-4) whose intermediate state can be saved and restored, which the JDK's MessageDigest cannot do.
 * It hashes only the short leaf-hash list of a {@link TreeDigest} (32 bytes per 4 MiB of disk), so speed does not
 * matter here; leaves themselves are hashed with the JDK's intrinsified SHA-256.
 */
final class ResumableSha256 {

    /** Size of {@link #state()}: eight chaining words, the byte count, the pending-block length and block. */
    static final int STATE_BYTES = 8 * Integer.BYTES + Long.BYTES + 1 + 64;

    private static final int[] ROUND_CONSTANTS = {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2 };

    private static final int[] INITIAL_HASH = {
            0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

    private final int[] hash;
    private final byte[] block = new byte[64];
    private final int[] schedule = new int[64];
    private int blockLength;
    private long byteCount;

    ResumableSha256() {
        this.hash = INITIAL_HASH.clone();
    }

    private ResumableSha256(int[] hash, long byteCount, byte[] pending, int pendingLength) {
        this.hash = hash;
        this.byteCount = byteCount;
        System.arraycopy(pending, 0, block, 0, pendingLength);
        this.blockLength = pendingLength;
    }

    void update(byte[] data) {
        update(data, 0, data.length);
    }

    void update(byte[] data, int offset, int length) {
        byteCount += length;
        int position = offset;
        int end = offset + length;
        while (position < end) {
            int count = Math.min(64 - blockLength, end - position);
            System.arraycopy(data, position, block, blockLength, count);
            blockLength += count;
            position += count;
            if (blockLength == 64) {
                compress(block);
                blockLength = 0;
            }
        }
    }

    /** How many bytes have been added. */
    long byteCount() {
        return byteCount;
    }

    /** The digest of everything added so far; this instance stays usable and unchanged. */
    byte[] digest() {
        ResumableSha256 copy = restore(state());
        long bitLength = copy.byteCount * 8;
        byte[] padding = new byte[(copy.blockLength < 56 ? 56 : 120) - copy.blockLength + 8];
        padding[0] = (byte) 0x80;
        ByteBuffer.wrap(padding).putLong(padding.length - 8, bitLength);
        copy.update(padding);
        ByteBuffer result = ByteBuffer.allocate(32);
        for (int word : copy.hash) {
            result.putInt(word);
        }
        return result.array();
    }

    /** The complete intermediate state, {@link #STATE_BYTES} long, for {@link #restore}. */
    byte[] state() {
        ByteBuffer state = ByteBuffer.allocate(STATE_BYTES);
        for (int word : hash) {
            state.putInt(word);
        }
        return state.putLong(byteCount).put((byte) blockLength).put(block).array();
    }

    static ResumableSha256 restore(byte[] state) {
        if (state.length != STATE_BYTES) {
            throw new IllegalArgumentException("SHA-256 state must be " + STATE_BYTES + " bytes, got " + state.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(state);
        int[] hash = new int[8];
        for (int i = 0; i < hash.length; i++) {
            hash[i] = buffer.getInt();
        }
        long byteCount = buffer.getLong();
        int pendingLength = buffer.get();
        if (byteCount < 0 || pendingLength < 0 || pendingLength >= 64 || byteCount % 64 != pendingLength) {
            throw new IllegalArgumentException("inconsistent SHA-256 state");
        }
        byte[] pending = new byte[64];
        buffer.get(pending);
        return new ResumableSha256(hash, byteCount, pending, pendingLength);
    }

    private void compress(byte[] data) {
        int[] w = schedule;
        for (int t = 0; t < 16; t++) {
            int i = t * 4;
            w[t] = (data[i] & 0xff) << 24 | (data[i + 1] & 0xff) << 16 | (data[i + 2] & 0xff) << 8 | data[i + 3] & 0xff;
        }
        for (int t = 16; t < 64; t++) {
            int s0 = Integer.rotateRight(w[t - 15], 7) ^ Integer.rotateRight(w[t - 15], 18) ^ (w[t - 15] >>> 3);
            int s1 = Integer.rotateRight(w[t - 2], 17) ^ Integer.rotateRight(w[t - 2], 19) ^ (w[t - 2] >>> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        int a = hash[0], b = hash[1], c = hash[2], d = hash[3], e = hash[4], f = hash[5], g = hash[6], h = hash[7];
        for (int t = 0; t < 64; t++) {
            int sum1 = Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25);
            int choose = (e & f) ^ (~e & g);
            int temp1 = h + sum1 + choose + ROUND_CONSTANTS[t] + w[t];
            int sum0 = Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22);
            int majority = (a & b) ^ (a & c) ^ (b & c);
            int temp2 = sum0 + majority;
            h = g;
            g = f;
            f = e;
            e = d + temp1;
            d = c;
            c = b;
            b = a;
            a = temp1 + temp2;
        }
        hash[0] += a;
        hash[1] += b;
        hash[2] += c;
        hash[3] += d;
        hash[4] += e;
        hash[5] += f;
        hash[6] += g;
        hash[7] += h;
    }
}
