package dev.ferry.inventory.model;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.ferry.events.EventCodec;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One discovery of one source: its state, what it found, and what it could not take in. */
@Entity
@Table(name = "discovery_run")
public class DiscoveryRun extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "source_id", nullable = false)
    public UUID sourceId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DiscoveryState state;

    /** The replica (process) that runs it and renews {@link #heartbeatAt}. */
    @Column(nullable = false)
    public String owner;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "heartbeat_at", nullable = false)
    public Instant heartbeatAt;

    /** Machines the source holds. */
    @Column(nullable = false)
    public int found;

    /** Machines stored for the first time (or back after being gone). */
    @Column(name = "new_count", nullable = false)
    public int newCount;

    @Column(name = "changed_count", nullable = false)
    public int changed;

    /** Machines no longer in the source. */
    @Column(name = "gone_count", nullable = false)
    public int gone;

    /** Why the run failed, in words a person can act on. */
    public String failure;

    /** Items the run could not take in, as a JSON array of {@link DiscoveryItemError}. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "item_errors", nullable = false, columnDefinition = "jsonb")
    public String itemErrors = "[]";

    @Version
    public long version;

    public List<DiscoveryItemError> itemErrors() {
        try {
            return List.of(EventCodec.mapper().readValue(itemErrors, DiscoveryItemError[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored item errors of run " + id + " are unreadable", e);
        }
    }

    public void itemErrors(List<DiscoveryItemError> errors) {
        try {
            itemErrors = EventCodec.mapper().writeValueAsString(errors);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write item errors of run " + id, e);
        }
    }
}
