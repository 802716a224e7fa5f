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

/** A stored capacity plan: the hosts and options asked for and the placement found for an assessment. */
@Entity
@Table(name = "capacity_plan")
public class CapacityPlan extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "assessment_id", nullable = false)
    public UUID assessmentId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String request;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String placement;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
