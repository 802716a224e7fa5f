package dev.ferry.inventory.service.source;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.ferry.events.machine.SourceKind;

/**
 * A source as an admin describes it. Which fields apply depends on the kind: VSPHERE takes url, username, a password
 * (or passwordSecret) and optionally certificateThumbprint; RVTOOLS and OVF take path (or get it from an upload);
 * PHYSICAL takes none.
 *
 * @param password write-only: stored encrypted, never returned; on update, omit it to keep the stored one
 * @param passwordSecret a file under the mounted secrets folder holding the password (a Kubernetes secret)
 * @param certificateThumbprint SHA-256 thumbprint of the vCenter's certificate to trust instead of the system trust
 *        store (64 hex digits, colons allowed)
 * @param path RVTools export (.xlsx, .csv, .zip of CSVs, or a folder of CSVs) or OVF package (.ova or .ovf) under the
 *        storage root
 */
public record SourceDefinition(
        @NotBlank @Size(max = 200) String name,
        @NotNull SourceKind kind,
        @Size(max = 2000) String url,
        @Size(max = 256) String username,
        @Schema(writeOnly = true) @Size(max = 1024) String password,
        @Size(max = 512) String passwordSecret,
        @Size(max = 200) String certificateThumbprint,
        @Size(max = 4096) String path) {

    @Override
    public String toString() {
        return "SourceDefinition[name=" + name + ", kind=" + kind + ", url=" + url + ", username=" + username
                + ", password=" + (password == null ? "none" : "(hidden)") + ", passwordSecret=" + passwordSecret
                + ", certificateThumbprint=" + certificateThumbprint + ", path=" + path + "]";
    }
}
