package dev.ferry.disk.vmdk;

/**
 * One extent of a descriptor, such as {@code RW 2048 FLAT "disk-flat.vmdk" 0}.
 *
 * @param access RW, RDONLY or NOACCESS
 * @param sectors extent size in sectors
 * @param type FLAT, SPARSE, ZERO, VMFS, VMFSSPARSE, ...
 * @param fileName extent file relative to the descriptor, or null for ZERO extents
 * @param startSector where the extent starts within a flat file
 * @param lineOffset byte offset of the line in the descriptor's file, for messages
 */
record ExtentLine(String access, long sectors, String type, String fileName, long startSector, long lineOffset) {

    /** The line as a descriptor spells it. */
    String render() {
        StringBuilder line = new StringBuilder().append(access).append(' ').append(sectors).append(' ').append(type);
        if (fileName != null) {
            line.append(" \"").append(fileName).append('"');
        }
        if (type.equals("FLAT")) {
            line.append(' ').append(startSector);
        }
        return line.toString();
    }
}
