package dev.ferry.inventory.service.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import dev.ferry.events.machine.SourceKind;
import dev.ferry.inventory.service.discovery.DiscoveryException;

/**
 * What a discovery needs to read a source, with its password already recovered. Held only while a run reads the
 * source; {@link #toString()} leaves the password out.
 *
 * @param url vSphere SDK endpoint
 * @param certificateThumbprint SHA-256 thumbprint (64 lower case hex digits) to pin, or null to verify normally
 * @param file RVTools export or OVF package, resolved under the storage root
 */
public record SourceSettings(UUID id, String name, SourceKind kind, String url, String username, String password,
        String certificateThumbprint, Path file) {

    /**
     * The source's file, which must exist.
     *
     * @param what what the file is, for the message ("RVTools export")
     */
    public Path requireFile(String what) throws DiscoveryException {
        if (file == null || !Files.exists(file)) {
            throw new DiscoveryException("the " + what + " " + (file == null ? "" : file.getFileName() + " ")
                    + "does not exist; upload it again or correct the source's path");
        }
        return file;
    }

    @Override
    public String toString() {
        return "SourceSettings[id=" + id + ", name=" + name + ", kind=" + kind + ", url=" + url + ", username="
                + username + ", file=" + file + "]";
    }
}
