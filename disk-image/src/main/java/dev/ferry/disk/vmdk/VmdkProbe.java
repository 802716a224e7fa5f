package dev.ferry.disk.vmdk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.FormatProbe;
import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.ImageOpener;
import dev.ferry.disk.source.ByteSource;

/**
 * Recognises VMDK files: a sparse extent (magic "KDMV", or ESX's "COWD", which is then refused), or a small text
 * descriptor starting with "# Disk DescriptorFile" (or, as qemu accepts, with a {@code version=} line after comments).
 */
public final class VmdkProbe implements FormatProbe {

    private static final String DESCRIPTOR_SIGNATURE = "# Disk DescriptorFile";

    @Override
    public ImageFormat format() {
        return ImageFormat.VMDK;
    }

    @Override
    public boolean matches(ByteBuffer head, ByteBuffer tail, long size) {
        if (head.remaining() >= Integer.BYTES) {
            int magic = head.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(head.position());
            if (magic == VmdkFormat.SPARSE_MAGIC || magic == VmdkFormat.COWD_MAGIC) {
                return true;
            }
        }
        return size <= VmdkFormat.MAX_DESCRIPTOR_SIZE && looksLikeDescriptor(head);
    }

    private static boolean looksLikeDescriptor(ByteBuffer head) {
        byte[] bytes = new byte[Math.min(head.remaining(), 4096)];
        head.duplicate().get(bytes);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.startsWith("\u00ef\u00bb\u00bf")) {
            text = text.substring(3);
        }
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.equalsIgnoreCase(DESCRIPTOR_SIGNATURE)) {
                return true;
            }
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            return trimmed.matches("version\\s*=\\s*\"?[123]\"?");
        }
        return false;
    }

    @Override
    public DiskImage open(ByteSource source, ImageOpener opener) throws IOException {
        return VmdkOpener.open(source, opener);
    }
}
