package dev.ferry.inventory.rest;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.ferry.events.machine.SourceKind;
import dev.ferry.inventory.model.Source;

/**
 * A source as the API shows it. The password itself is never shown: {@code passwordStored} only says whether one is
 * kept (encrypted).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourceResponse(UUID id, String name, SourceKind kind, String url, String username,
        Boolean passwordStored, String passwordSecret, String certificateThumbprint, String path, Instant createdAt,
        Instant updatedAt) {

    static SourceResponse of(Source source) {
        return new SourceResponse(source.id, source.name, source.kind, source.url, source.username,
                source.kind == SourceKind.VSPHERE ? source.passwordCiphertext != null : null, source.passwordSecret,
                source.certificateThumbprint, source.path, source.createdAt, source.updatedAt);
    }
}
