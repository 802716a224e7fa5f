package dev.ferry.events.machine;

/**
 * Processors as the guest sees them.
 *
 * @param count virtual (or logical) processors
 * @param sockets sockets, or 0 when unknown
 * @param coresPerSocket cores per socket, or 0 when unknown
 */
public record Cpu(int count, int sockets, int coresPerSocket) {
}
