package dev.ferry.scheduler.service.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.ferry.scheduler.service.wave.WaveState;

class JobStateTest {

    @Test
    void finishedJobsOnlyComeBackByARetryAndCompletedOnesNever() {
        assertThat(JobState.COMPLETED.next()).isEmpty();
        assertThat(JobState.BLOCKED.next()).isEmpty();
        assertThat(JobState.FAILED.next()).containsExactlyInAnyOrder(JobState.QUEUED, JobState.PENDING);
        assertThat(JobState.CANCELLED.next()).containsExactlyInAnyOrder(JobState.QUEUED, JobState.PENDING);
    }

    @Test
    void onlyDispatchedAndRunningJobsCountAgainstTheLimits() {
        assertThat(JobState.inFlightStates()).containsExactlyInAnyOrder(JobState.DISPATCHED, JobState.CONVERTING,
                JobState.VERIFYING, JobState.CANCELLING);
        assertThat(JobState.QUEUED.canMoveTo(JobState.CONVERTING)).isFalse();
        assertThat(JobState.CANCELLING.canMoveTo(JobState.QUEUED)).isFalse();
    }

    @Test
    void aCompletedWaveCannotBePausedOrResumed() {
        assertThat(WaveState.COMPLETED.next()).isEmpty();
        assertThat(WaveState.COMPLETED.canMoveTo(WaveState.PAUSED)).isFalse();
        assertThat(WaveState.PLANNED.canMoveTo(WaveState.PAUSED)).isFalse();
        assertThat(WaveState.PAUSED.canMoveTo(WaveState.RUNNING)).isTrue();
    }

    @Test
    void backOffDoublesUpToItsCeiling() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(30), Duration.ofMinutes(2));

        assertThat(policy.delayBefore(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.delayBefore(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.delayBefore(3)).isEqualTo(Duration.ofSeconds(120));
        assertThat(policy.delayBefore(9)).isEqualTo(Duration.ofSeconds(120));
        assertThat(policy.allowsAnotherAfter(4)).isTrue();
        assertThat(policy.allowsAnotherAfter(5)).isFalse();
    }
}
