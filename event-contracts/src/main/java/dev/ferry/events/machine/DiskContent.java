package dev.ferry.events.machine;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a disk's bytes can be read, so a conversion worker can fetch them without asking the inventory.
 *
 * @param kind how to reach the bytes
 * @param location a path under a mounted storage root (FILE), an http(s) URL (HTTP), an nbd:// or nbd+unix:// URI
 *        (NBD), or the OVA's path (OVA_MEMBER)
 * @param member for OVA_MEMBER, the file name inside the OVA's tar
 * @param format the image format if known ("vmdk", "raw"...); workers still detect it from content
 * @param sourceId the inventory source whose credentials a worker needs for HTTP (a vSphere datastore), or null
 * @param offset for OVA_MEMBER, where the member's bytes start in the OVA, so a worker reads them in place; else null
 * @param length for OVA_MEMBER, the member's size in bytes; else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DiskContent(Kind kind, String location, String member, String format, String sourceId, Long offset,
        Long length) {

    /** Content that is a whole file, URL or export (anything but an OVA member). */
    public DiskContent(Kind kind, String location, String member, String format, String sourceId) {
        this(kind, location, member, format, sourceId, null, null);
    }

    /** How a disk's content is reached. */
    public enum Kind {
        FILE,
        HTTP,
        NBD,
        OVA_MEMBER
    }
}
