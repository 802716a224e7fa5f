package dev.ferry.scheduler.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import dev.ferry.scheduler.service.job.JobState;

/** A state a job entered, when, why and in which attempt. */
@Entity
@Table(name = "job_transition")
public class JobTransition extends StateTransition<JobState> {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "job_transition_seq")
    @SequenceGenerator(name = "job_transition_seq", sequenceName = "job_transition_seq", allocationSize = 50)
    public Long id;

    @Column(name = "job_id", nullable = false)
    public UUID jobId;

    @Column(nullable = false)
    public int attempt;

    /** The transition of {@code job}, in its current attempt, from {@code from} to its current state. */
    public static JobTransition of(Job job, JobState from, String reason, Instant at) {
        JobTransition transition = new JobTransition();
        transition.jobId = job.id;
        transition.attempt = job.attempt;
        transition.change(from, job.state, reason, at);
        return transition;
    }
}
