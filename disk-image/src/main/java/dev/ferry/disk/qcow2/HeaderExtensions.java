package dev.ferry.disk.qcow2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import dev.ferry.disk.ImageFormatException;

/**
 * The optional header extensions that follow the qcow2 header in the first cluster, reduced to what a reader needs.
 *
 * @param backingFormat the backing file's format name as the image declares it, or null
 * @param featureNames names of feature bits, keyed by {@link #featureKey}, so unknown bits can be named
 * @param externalDataFile name of an external data file, or null
 * @param bitmapCount number of persistent dirty bitmaps (ignored for reading), 0 when there are none
 */
record HeaderExtensions(String backingFormat, Map<Integer, String> featureNames, String externalDataFile,
        int bitmapCount) {

    static final int INCOMPATIBLE_FEATURE_TYPE = 0;

    private static final int FEATURE_NAME_ENTRY = 48;
    private static final int FEATURE_NAME_LENGTH = 46;

    HeaderExtensions {
        featureNames = Map.copyOf(featureNames);
    }

    static int featureKey(int type, int bit) {
        return type << 8 | bit;
    }

    /** The name the image gives an incompatible feature bit, or null. */
    String incompatibleFeatureName(int bit) {
        return featureNames.get(featureKey(INCOMPATIBLE_FEATURE_TYPE, bit));
    }

    /**
     * Parses the extensions in {@code firstCluster} (which starts at file offset 0) from the end of the header up to
     * {@code end}: the backing file name, the end of the cluster or the end of the file, whichever comes first.
     */
    static HeaderExtensions parse(ByteBuffer firstCluster, int start, int end) throws ImageFormatException {
        String backingFormat = null;
        String externalDataFile = null;
        int bitmapCount = 0;
        Map<Integer, String> featureNames = new HashMap<>();
        int offset = start;
        while (offset + 8 <= end) {
            int type = firstCluster.getInt(offset);
            long length = Integer.toUnsignedLong(firstCluster.getInt(offset + 4));
            if (type == Qcow2.EXTENSION_END) {
                break;
            }
            int data = offset + 8;
            if (length > end - data) {
                throw new ImageFormatException(Qcow2.FORMAT, offset, "header extension 0x" + Integer.toHexString(type)
                        + " of " + length + " bytes runs past the end of the extension area at " + end);
            }
            switch (type) {
                case Qcow2.EXTENSION_BACKING_FORMAT -> backingFormat = string(firstCluster, data, (int) length);
                case Qcow2.EXTENSION_EXTERNAL_DATA_FILE -> externalDataFile = string(firstCluster, data, (int) length);
                case Qcow2.EXTENSION_BITMAPS -> bitmapCount = length >= 4 ? firstCluster.getInt(data) : 0;
                case Qcow2.EXTENSION_FEATURE_NAMES -> readFeatureNames(firstCluster, data, (int) length, featureNames);
                default -> {
                    // Unknown extensions (and the encryption header, refused through crypt_method) are safe to skip.
                }
            }
            offset = data + (int) ((length + 7) & ~7L);
        }
        return new HeaderExtensions(backingFormat, featureNames, externalDataFile, bitmapCount);
    }

    private static void readFeatureNames(ByteBuffer bytes, int start, int length, Map<Integer, String> names) {
        for (int entry = start; entry + FEATURE_NAME_ENTRY <= start + length; entry += FEATURE_NAME_ENTRY) {
            int type = Byte.toUnsignedInt(bytes.get(entry));
            int bit = Byte.toUnsignedInt(bytes.get(entry + 1));
            int nameLength = 0;
            while (nameLength < FEATURE_NAME_LENGTH && bytes.get(entry + 2 + nameLength) != 0) {
                nameLength++;
            }
            names.put(featureKey(type, bit), string(bytes, entry + 2, nameLength));
        }
    }

    private static String string(ByteBuffer bytes, int offset, int length) {
        byte[] text = new byte[length];
        bytes.get(offset, text);
        return new String(text, StandardCharsets.UTF_8);
    }
}
