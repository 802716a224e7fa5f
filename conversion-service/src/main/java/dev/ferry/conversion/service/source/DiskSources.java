package dev.ferry.conversion.service.source;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.ferry.conversion.service.job.RequestRefusedException;
import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.source.ByteRangeSource;
import dev.ferry.disk.source.ByteSource;
import dev.ferry.disk.source.ByteSources;
import dev.ferry.disk.source.FileByteSource;
import dev.ferry.disk.source.SourceOptions;
import dev.ferry.events.machine.DiskContent;
import dev.ferry.events.plan.ConversionPlan;
import dev.ferry.events.plan.DiskPlan;

/**
 * Opens a planned disk's source wherever the machine record says it lies: a file under a source root, a member of an
 * OVA read in place, a vSphere datastore file over HTTPS logged in with its source's credentials, or an NBD export.
 */
@ApplicationScoped
public class DiskSources {

    @Inject
    SourceRoots roots;

    @Inject
    CredentialProvider credentialProvider;

    /** The credentials of every source the plan's HTTP disks need, fetched once when the job starts. */
    public Map<String, SourceCredentials> credentialsFor(ConversionPlan plan) throws IOException {
        Map<String, SourceCredentials> credentials = new HashMap<>();
        for (DiskPlan disk : plan.disks()) {
            DiskContent source = disk.source();
            if (source != null && source.kind() == DiskContent.Kind.HTTP && source.sourceId() != null
                    && !credentials.containsKey(source.sourceId())) {
                credentials.put(source.sourceId(), credentialProvider.credentials(source.sourceId()));
            }
        }
        return credentials;
    }

    /** Opens {@code disk}'s source; {@code credentials} come from {@link #credentialsFor}. */
    public OpenedSource open(DiskPlan disk, Map<String, SourceCredentials> credentials) throws IOException {
        DiskContent content = disk.source();
        if (content == null || content.kind() == null || content.location() == null) {
            throw new RequestRefusedException("disk " + disk.diskKey() + " has no readable source in its plan");
        }
        return switch (content.kind()) {
            case FILE -> openFile(content);
            case OVA_MEMBER -> openOvaMember(content);
            case HTTP -> openHttp(content, credentials);
            case NBD -> openNbd(content);
        };
    }

    private OpenedSource openFile(DiskContent content) throws IOException {
        Path file = roots.confine(content.location());
        return opened(FileByteSource.open(file), "file:" + file + ":" + stamp(file));
    }

    private OpenedSource openOvaMember(DiskContent content) throws IOException {
        if (content.member() == null || content.member().isBlank()) {
            throw new RequestRefusedException("OVA source " + content.location() + " names no member");
        }
        Path ova = roots.confine(content.location());
        FileByteSource archive = FileByteSource.open(ova);
        ByteSource member;
        try {
            TarMembers.Member found = TarMembers.find(archive, content.member());
            member = ByteRangeSource.of(archive, found.offset(), found.size(), found.name());
        } catch (IOException | RuntimeException e) {
            archive.close();
            throw e;
        }
        return opened(member, "ova:" + ova + "!" + content.member() + ":" + stamp(ova));
    }

    private OpenedSource openHttp(DiskContent content, Map<String, SourceCredentials> credentials)
            throws IOException {
        URI url;
        try {
            url = URI.create(content.location());
        } catch (IllegalArgumentException e) {
            throw new RequestRefusedException("source URL of " + content.sourceId() + " is malformed");
        }
        if (url.getUserInfo() != null) {
            throw new RequestRefusedException("source URL must not carry credentials; they come from the inventory");
        }
        String described = url.getScheme() + "://" + url.getAuthority() + url.getPath();
        SourceOptions options = SourceOptions.defaults();
        if (content.sourceId() != null) {
            if (!"https".equals(url.getScheme().toLowerCase(Locale.ROOT))) {
                throw new RequestRefusedException("refusing to send the credentials of source " + content.sourceId()
                        + " over plain " + url.getScheme() + " to " + described);
            }
            SourceCredentials login = credentials.get(content.sourceId());
            options = HttpSessionLogin.login(url, described, login);
        }
        ByteSource bytes = ByteSources.open(content.location(), options);
        return opened(bytes, "http:" + described + ":" + bytes.size());
    }

    private OpenedSource openNbd(DiskContent content) throws IOException {
        ByteSource bytes = ByteSources.open(content.location(), SourceOptions.defaults());
        return opened(bytes, "nbd:" + content.location() + ":" + bytes.size());
    }

    /** Opens the image in {@code bytes}, which it then owns. */
    private static OpenedSource opened(ByteSource bytes, String fingerprint) throws IOException {
        String description = bytes.describe();
        DiskImage image = DiskImages.open(bytes);
        return new OpenedSource(image, fingerprint, description);
    }

    /** Size and modification time: a file changed since a checkpoint is converted from the start again. */
    private static String stamp(Path file) throws IOException {
        return Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis();
    }
}
