package dev.ferry.disk.convert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BandwidthThrottleTest {

    /** A clock that only moves when the throttle sleeps. */
    private long now = 1_000_000_000L;
    private long slept;

    private final BandwidthThrottle throttle = new BandwidthThrottle(1_000_000, () -> now, nanos -> {
        now += nanos;
        slept += nanos;
    });

    @Test
    void pacesRequestsToTheRate() throws Exception {
        CancellationToken token = new CancellationToken();
        for (int i = 0; i < 5; i++) {
            throttle.acquire(500_000, token);
        }
        // The first request starts at once; the other four wait half a second each.
        assertThat(slept).isEqualTo(2_000_000_000L);
    }

    @Test
    void savesNoCreditWhileIdle() throws Exception {
        CancellationToken token = new CancellationToken();
        throttle.acquire(1_000_000, token);
        now += 10_000_000_000L;
        throttle.acquire(1_000_000, token);
        throttle.acquire(1_000_000, token);
        assertThat(slept).isEqualTo(1_000_000_000L);
    }

    @Test
    void stopsWaitingOnceCancelled() throws Exception {
        CancellationToken token = new CancellationToken();
        throttle.acquire(100_000_000, token);
        token.cancel();
        throttle.acquire(100_000_000, token);
        assertThat(slept).isZero();
    }
}
