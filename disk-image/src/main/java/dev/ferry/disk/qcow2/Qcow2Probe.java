package dev.ferry.disk.qcow2;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.FormatProbe;
import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.ImageOpener;
import dev.ferry.disk.source.ByteSource;

/**
 * Recognises qcow2 by its magic alone, so that an image with an unsupported version or feature is refused with a
 * clear message instead of being taken for a raw disk.
 */
public final class Qcow2Probe implements FormatProbe {

    @Override
    public ImageFormat format() {
        return ImageFormat.QCOW2;
    }

    @Override
    public boolean matches(ByteBuffer head, ByteBuffer tail, long size) {
        return head.remaining() >= Integer.BYTES && head.getInt(head.position()) == Qcow2.MAGIC;
    }

    @Override
    public DiskImage open(ByteSource source, ImageOpener opener) throws IOException {
        return Qcow2Image.open(source, opener);
    }
}
