package dev.ferry.inventory.service.vsphere;

/**
 * A datastore path as vSphere writes it: {@code [datastore1] folder/disk.vmdk}.
 *
 * @param datastore the datastore's name
 * @param path the file's path inside the datastore
 */
record DatastorePath(String datastore, String path) {

    /** Parses a datastore path; null when it is not one. */
    static DatastorePath parse(String value) {
        if (value == null || !value.startsWith("[")) {
            return null;
        }
        int close = value.indexOf(']');
        if (close < 0) {
            return null;
        }
        return new DatastorePath(value.substring(1, close), value.substring(close + 1).strip());
    }
}
