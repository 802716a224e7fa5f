package dev.ferry.inventory.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.ferry.events.machine.SourceKind;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * Where machines are discovered: a vCenter or ESXi endpoint, an RVTools export, an OVF/OVA package, or a group of
 * physical hosts that register themselves. The password is only ever held encrypted or as a secret file's name.
 */
@Entity
@Table(name = "source")
public class Source extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false, unique = true)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public SourceKind kind;

    /** vSphere: the SDK endpoint ({@code https://vcenter/sdk}). */
    public String url;

    /** vSphere: the user discovery logs in as. */
    public String username;

    /** vSphere: the password, AES-GCM encrypted; null when {@link #passwordSecret} names it instead. */
    @Column(name = "password_ciphertext")
    public byte[] passwordCiphertext;

    /** vSphere: a file under the mounted secrets folder that holds the password. */
    @Column(name = "password_secret")
    public String passwordSecret;

    /** vSphere: the SHA-256 thumbprint of the one certificate to trust instead of the system trust store. */
    @Column(name = "certificate_thumbprint")
    public String certificateThumbprint;

    /** RVTools and OVF: the export or package, relative to the storage root. */
    public String path;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;
}
