package dev.ferry.disk.vhd;

import dev.ferry.disk.DiskImage;

/** A VHD opened for reading: fixed, dynamic or differencing. */
public sealed interface VhdImage extends DiskImage permits FixedVhdImage, DynamicVhdImage {

    /** The footer the image was opened with; its unique id is what a differencing child names as its parent. */
    VhdFooter footer();
}
