package dev.ferry.scheduler.service.planning;

import java.util.List;

/**
 * The target hosts machines may be placed on: either as many identical hosts as needed (up to a count, if given), or
 * an explicit list of hosts, used in the order given.
 *
 * @param template the hardware of each identical host, or null for an explicit list
 * @param count the most identical hosts available, or null for as many as needed
 * @param hosts the explicit list, or empty for identical hosts
 */
public record HostPool(HostSpec template, Integer count, List<HostSpec> hosts) {

    public HostPool {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        if ((template == null) == hosts.isEmpty()) {
            throw new IllegalArgumentException("give either identical hosts or a list of hosts");
        }
    }

    /** Up to {@code count} (null: unlimited) hosts like {@code template}. */
    public static HostPool identical(HostSpec template, Integer count) {
        return new HostPool(template, count, null);
    }

    /** Exactly these hosts. */
    public static HostPool of(List<HostSpec> hosts) {
        return new HostPool(null, null, hosts);
    }

    /** Whether the pool is of identical hosts. */
    public boolean identical() {
        return template != null;
    }
}
