package dev.ferry.scheduler.service.job;

import java.time.Duration;

import dev.ferry.scheduler.model.Wave;

/**
 * How often a wave's jobs are tried and how long to wait between attempts: the back-off doubles from {@code backoff}
 * for each retry, up to {@code maxBackoff}.
 *
 * @param attempts attempts per job, the first included
 * @param backoff wait before the first retry
 * @param maxBackoff the longest wait
 */
public record RetryPolicy(int attempts, Duration backoff, Duration maxBackoff) {

    public static RetryPolicy of(Wave wave) {
        return new RetryPolicy(wave.retryAttempts, Duration.ofMillis(wave.retryBackoffMillis),
                Duration.ofMillis(wave.retryMaxBackoffMillis));
    }

    /** Whether another attempt may follow the {@code used}-th. */
    public boolean allowsAnotherAfter(int used) {
        return used < attempts;
    }

    /** The wait before retry number {@code retry} (1 for the second attempt). */
    public Duration delayBefore(int retry) {
        Duration delay = backoff;
        for (int step = 1; step < retry && delay.compareTo(maxBackoff) < 0; step++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }
}
