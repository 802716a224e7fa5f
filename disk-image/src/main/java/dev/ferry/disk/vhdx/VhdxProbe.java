package dev.ferry.disk.vhdx;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.FormatProbe;
import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.ImageOpener;
import dev.ferry.disk.source.ByteSource;

/** Recognises a VHDX by the "vhdxfile" identifier at offset 0. */
public final class VhdxProbe implements FormatProbe {

    @Override
    public ImageFormat format() {
        return ImageFormat.VHDX;
    }

    @Override
    public boolean matches(ByteBuffer head, ByteBuffer tail, long size) {
        return head.remaining() >= VhdxImage.SIGNATURE.capacity()
                && head.slice(head.position(), VhdxImage.SIGNATURE.capacity()).equals(VhdxImage.SIGNATURE);
    }

    @Override
    public DiskImage open(ByteSource source, ImageOpener opener) throws IOException {
        return VhdxImage.open(source, opener);
    }
}
