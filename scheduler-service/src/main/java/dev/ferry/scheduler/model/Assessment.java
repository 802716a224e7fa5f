package dev.ferry.scheduler.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A stored assessment: the selection and profile it ran with and its summary; the machines are {@link AssessedMachine}. */
@Entity
@Table(name = "assessment")
public class Assessment extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "profile_id", nullable = false)
    public String profileId;

    /** The profile as it was when the machines were last assessed (JSON). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String profile;

    /** The machine selection (JSON), selected again on a re-run. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String selection;

    /** Counts per readiness and rule (JSON). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String summary;

    /** How often the assessment ran: 1 when created, one more per re-run. */
    @Column(nullable = false)
    public int runs;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "assessed_at", nullable = false)
    public Instant assessedAt;
}
