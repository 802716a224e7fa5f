package dev.ferry.scheduler.model;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One machine's verdict within an assessment: readiness, findings and conversion plan. */
@Entity
@Table(name = "assessed_machine")
@IdClass(AssessedMachine.Key.class)
public class AssessedMachine extends PanacheEntityBase {

    @Id
    @Column(name = "assessment_id")
    public UUID assessmentId;

    /** Order within the assessment (machines sorted by name). */
    @Id
    public int position;

    @Column(name = "machine_id", nullable = false)
    public UUID machineId;

    @Column(nullable = false)
    public String name;

    @Embedded
    public MachineVerdict verdict;

    /** The composite key: assessment and position. */
    public static class Key implements Serializable {

        public UUID assessmentId;
        public int position;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.position == position
                    && Objects.equals(key.assessmentId, assessmentId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(assessmentId, position);
        }
    }
}
