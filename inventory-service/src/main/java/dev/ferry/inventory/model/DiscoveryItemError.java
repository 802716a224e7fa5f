package dev.ferry.inventory.model;

/**
 * One item a discovery could not take in, while the rest of the source was read.
 *
 * @param item the item: a VM's name or managed object id, a sheet row, a disk
 * @param message what is wrong with it
 */
public record DiscoveryItemError(String item, String message) {
}
