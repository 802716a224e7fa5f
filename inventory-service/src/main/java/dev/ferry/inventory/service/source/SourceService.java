package dev.ferry.inventory.service.source;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.ferry.api.paging.Page;
import dev.ferry.api.problem.Problem;
import dev.ferry.api.problem.ProblemException;
import dev.ferry.events.machine.SourceKind;
import dev.ferry.inventory.model.DiscoveryRun;
import dev.ferry.inventory.model.DiscoveryState;
import dev.ferry.inventory.model.Source;
import dev.ferry.inventory.service.MachineService;
import dev.ferry.inventory.service.discovery.DiscoveryException;
import io.quarkus.panache.common.Sort;

/**
 * Keeps the sources admins configure. Checks each definition against its kind, stores passwords only encrypted (or
 * as a secret file's name), and hands discovery the settings it needs with the password recovered.
 */
@ApplicationScoped
public class SourceService {

    private static final Logger LOG = Logger.getLogger(SourceService.class);
    private static final Pattern THUMBPRINT = Pattern.compile("[0-9a-f]{64}");

    @Inject
    CredentialCipher cipher;

    @Inject
    SecretFiles secrets;

    @Inject
    StorageRoot storage;

    @Inject
    MachineService machines;

    @Transactional
    public Source create(SourceDefinition definition) {
        Source source = new Source();
        source.id = UUID.randomUUID();
        source.createdAt = Instant.now();
        apply(source, definition, true);
        requireUniqueName(definition.name(), null);
        source.persist();
        LOG.infof("source %s '%s' (%s) created", source.id, source.name, source.kind);
        return source;
    }

    @Transactional
    public Source update(UUID id, SourceDefinition definition) {
        Source source = get(id);
        if (definition.kind() != null && definition.kind() != source.kind) {
            throw ProblemException.invalidFields("a source's kind cannot change", List.of(new Problem.FieldError(
                    "kind", "is " + source.kind + "; create a new source for another kind")));
        }
        requireUniqueName(definition.name(), id);
        apply(source, definition, false);
        LOG.infof("source %s '%s' updated", source.id, source.name);
        return source;
    }

    /** Deletes a source with its runs, tokens, hosts, uploads and machines (consumers get a tombstone for each). */
    @Transactional
    public void delete(UUID id) {
        Source source = get(id);
        if (DiscoveryRun.count("sourceId = ?1 and state in ?2", id,
                List.of(DiscoveryState.PENDING, DiscoveryState.RUNNING)) > 0) {
            throw ProblemException.conflict("source " + id + " is being discovered; delete it when the run is over");
        }
        machines.removeAllOf(id);
        source.delete();
        deleteUploads(id);
        LOG.infof("source %s '%s' deleted", id, source.name);
    }

    public Source get(UUID id) {
        Source source = Source.findById(id);
        if (source == null) {
            throw ProblemException.notFound("source", id);
        }
        return source;
    }

    public Page<Source> list(int page, int size) {
        var query = Source.<Source> findAll(Sort.by("name"));
        return new Page<>(query.page(page, size).list(), page, size, query.count());
    }

    /** Points a file-based source at a newly uploaded file. */
    @Transactional
    public void useUpload(UUID id, Path file) {
        Source source = get(id);
        source.path = storage.nameOf(file);
        source.updatedAt = Instant.now();
    }

    /**
     * The login of a vSphere source, for a conversion worker that reads its datastores.
     *
     * @throws ProblemException 404 when the source does not exist or has no credentials, 422 when they cannot be
     *         recovered
     */
    public SourceSettings credentials(UUID id) {
        Source source = get(id);
        if (source.kind != SourceKind.VSPHERE) {
            throw ProblemException.notFound("credentials of source", id);
        }
        try {
            return settings(id);
        } catch (DiscoveryException e) {
            throw new ProblemException(dev.ferry.api.problem.ProblemType.UNPROCESSABLE, e.getMessage());
        }
    }

    /**
     * What discovery needs to read the source, password included.
     *
     * @throws DiscoveryException when the source is gone or its password cannot be recovered
     */
    @Transactional
    public SourceSettings settings(UUID id) throws DiscoveryException {
        Source source = Source.findById(id);
        if (source == null) {
            throw new DiscoveryException("source " + id + " was deleted");
        }
        String password = null;
        try {
            if (source.passwordCiphertext != null) {
                password = cipher.decrypt(source.passwordCiphertext, source.id);
            } else if (source.passwordSecret != null) {
                password = secrets.read(source.passwordSecret);
            }
        } catch (IllegalStateException | IllegalArgumentException | IOException e) {
            throw new DiscoveryException("the password of source '" + source.name + "' cannot be read: "
                    + e.getMessage());
        }
        Path file = null;
        if (source.path != null) {
            try {
                file = storage.resolve(source.path);
            } catch (IllegalArgumentException e) {
                throw new DiscoveryException("the path of source '" + source.name + "' " + e.getMessage());
            }
        }
        return new SourceSettings(source.id, source.name, source.kind, source.url, source.username, password,
                source.certificateThumbprint, file);
    }

    private void apply(Source source, SourceDefinition definition, boolean creating) {
        List<Problem.FieldError> errors = new ArrayList<>();
        SourceKind kind = creating ? definition.kind() : source.kind;
        switch (kind) {
            case VSPHERE -> checkVsphere(source, definition, creating, errors);
            case RVTOOLS, OVF -> checkFileSource(definition, errors);
            case PHYSICAL -> refuseAll(definition, errors, "url", "username", "password", "passwordSecret",
                    "certificateThumbprint", "path");
            default -> errors.add(new Problem.FieldError("kind", "must be one of VSPHERE, RVTOOLS, OVF, PHYSICAL"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalidFields(errors.size() == 1 ? "1 field is not valid"
                    : errors.size() + " fields are not valid", errors);
        }
        source.name = definition.name().strip();
        source.kind = kind;
        source.updatedAt = Instant.now();
        if (kind == SourceKind.VSPHERE) {
            source.url = sdkUrl(definition.url());
            source.username = definition.username();
            source.certificateThumbprint = normalizeThumbprint(definition.certificateThumbprint());
            if (definition.password() != null) {
                source.passwordCiphertext = cipher.encrypt(definition.password(), source.id);
                source.passwordSecret = null;
            } else if (definition.passwordSecret() != null) {
                source.passwordSecret = definition.passwordSecret();
                source.passwordCiphertext = null;
            }
        } else if (kind == SourceKind.RVTOOLS || kind == SourceKind.OVF) {
            if (definition.path() != null) {
                source.path = storage.nameOf(storage.resolve(definition.path()));
            }
        }
    }

    private void checkVsphere(Source source, SourceDefinition definition, boolean creating,
            List<Problem.FieldError> errors) {
        refuseAll(definition, errors, "path");
        if (definition.url() == null || definition.url().isBlank()) {
            errors.add(new Problem.FieldError("url", "is required for a VSPHERE source (https://vcenter/sdk)"));
        } else {
            try {
                URI uri = new URI(definition.url().strip());
                if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                    errors.add(new Problem.FieldError("url", "must be an https:// URL of the vCenter or ESXi host"));
                } else if (uri.getUserInfo() != null) {
                    errors.add(new Problem.FieldError("url", "must not hold credentials; use username and password"));
                }
            } catch (URISyntaxException e) {
                errors.add(new Problem.FieldError("url", "is not a valid URL"));
            }
        }
        if (definition.username() == null || definition.username().isBlank()) {
            errors.add(new Problem.FieldError("username", "is required for a VSPHERE source"));
        }
        boolean hasPassword = definition.password() != null;
        boolean hasSecret = definition.passwordSecret() != null;
        if (hasPassword && hasSecret) {
            errors.add(new Problem.FieldError("password", "give either password or passwordSecret, not both"));
        } else if (!hasPassword && !hasSecret && (creating || source.passwordCiphertext == null
                && source.passwordSecret == null)) {
            errors.add(new Problem.FieldError("password", "is required (or passwordSecret naming a secret file)"));
        }
        if (hasPassword && !cipher.available()) {
            errors.add(new Problem.FieldError("password", "cannot be stored: no ferry.inventory.credentials-key is "
                    + "configured; use passwordSecret"));
        }
        if (hasSecret) {
            try {
                secrets.locate(definition.passwordSecret());
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("passwordSecret", e.getMessage()));
            }
        }
        if (definition.certificateThumbprint() != null
                && !THUMBPRINT.matcher(normalizeThumbprint(definition.certificateThumbprint())).matches()) {
            errors.add(new Problem.FieldError("certificateThumbprint", "must be the certificate's SHA-256 "
                    + "thumbprint: 64 hex digits, colons allowed"));
        }
    }

    private void checkFileSource(SourceDefinition definition, List<Problem.FieldError> errors) {
        refuseAll(definition, errors, "url", "username", "password", "passwordSecret", "certificateThumbprint");
        if (definition.path() != null) {
            try {
                Path file = storage.resolve(definition.path());
                if (!Files.exists(file)) {
                    errors.add(new Problem.FieldError("path", "no such file under the storage root " + storage.root()));
                }
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("path", e.getMessage()));
            }
        }
    }

    private static void refuseAll(SourceDefinition definition, List<Problem.FieldError> errors, String... fields) {
        for (String field : fields) {
            Object value = switch (field) {
                case "url" -> definition.url();
                case "username" -> definition.username();
                case "password" -> definition.password();
                case "passwordSecret" -> definition.passwordSecret();
                case "certificateThumbprint" -> definition.certificateThumbprint();
                default -> definition.path();
            };
            if (value != null) {
                errors.add(new Problem.FieldError(field, "does not apply to " + definition.kind() + " sources"));
            }
        }
    }

    private void requireUniqueName(String name, UUID except) {
        Source other = Source.find("name", name.strip()).firstResult();
        if (other != null && !other.id.equals(except)) {
            throw ProblemException.conflict("a source named '" + name.strip() + "' already exists");
        }
    }

    /** The SDK endpoint: a bare host URL gets the usual {@code /sdk} path. */
    private static String sdkUrl(String url) {
        URI uri = URI.create(url.strip());
        String path = uri.getPath() == null || uri.getPath().isEmpty() || "/".equals(uri.getPath()) ? "/sdk"
                : uri.getPath();
        return "https://" + uri.getRawAuthority() + path;
    }

    private static String normalizeThumbprint(String thumbprint) {
        return thumbprint == null ? null
                : thumbprint.replace(":", "").replace(" ", "").strip().toLowerCase(Locale.ROOT);
    }

    private void deleteUploads(UUID id) {
        Path folder = storage.uploadsOf(id);
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (var files = Files.walk(folder)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.warnf("uploads of deleted source %s were not all removed from %s: %s", id, folder, e.getMessage());
        }
    }
}
