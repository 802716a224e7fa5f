package dev.ferry.disk.vmdk;

/** What a VMDK says about a range of guest bytes. */
enum Allocation {
    /** Stored in an extent file. */
    DATA,
    /** Explicitly zero (a zeroed-grain entry or a ZERO extent): reads as zeros even over a parent. */
    ZERO,
    /** Not stored here: reads from the parent of a delta disk, or as zeros without one. */
    UNALLOCATED
}
