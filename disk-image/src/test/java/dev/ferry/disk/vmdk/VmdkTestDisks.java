package dev.ferry.disk.vmdk;

import dev.ferry.disk.testing.SyntheticDisk;
import dev.ferry.disk.testing.SyntheticDisk.Content;

/** Disk shapes that both the VMDK reader tests and the VMDK writer tests run past qemu-img. */
final class VmdkTestDisks {

    private static final long MIB = 1 << 20;
    private static final int GRAIN = 64 * 1024;

    private VmdkTestDisks() {
    }

    /** 3 MiB + 5 sectors, so the last grain is partial, with data in the first and last sector. */
    static SyntheticDisk oddSizeWithDataInFirstAndLastSector() {
        return SyntheticDisk.ofSize(3 * MIB + 5 * 512)
                .with(0, 512, Content.RANDOM)
                .with(100_000, 70_001, Content.TEXT)
                .with(3 * MIB + 4 * 512, 512, Content.RANDOM);
    }

    static SyntheticDisk empty() {
        return SyntheticDisk.ofSize(2 * MIB);
    }

    static SyntheticDisk fullOfRandomData() {
        return SyntheticDisk.ofSize(MIB + GRAIN).with(0, MIB + GRAIN, Content.RANDOM);
    }
}
