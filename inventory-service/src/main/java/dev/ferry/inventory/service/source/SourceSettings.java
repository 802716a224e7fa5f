package dev.ferry.inventory.service.source;

import java.nio.file.Path;
import java.util.UUID;

import dev.ferry.events.machine.SourceKind;

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

    @Override
    public String toString() {
        return "SourceSettings[id=" + id + ", name=" + name + ", kind=" + kind + ", url=" + url + ", username="
                + username + ", file=" + file + "]";
    }
}
