package dev.ferry.scheduler.service.planning;

/**
 * A machine placement left out, and why.
 *
 * @param machineId the machine
 * @param name its name
 * @param reason why it fits nowhere, with the numbers ("needs 96 GiB of memory; a host offers 76.8 GiB")
 */
public record Unplaced(String machineId, String name, String reason) {
}
