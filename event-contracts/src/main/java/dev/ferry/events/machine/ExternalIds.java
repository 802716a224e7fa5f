package dev.ferry.events.machine;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A machine's identifiers in its source.
 *
 * @param managedObjectId vSphere managed object id (for example "vm-42")
 * @param instanceUuid vSphere instance UUID
 * @param biosUuid SMBIOS UUID (vSphere config.uuid, or DMI product_uuid on a physical host)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExternalIds(String managedObjectId, String instanceUuid, String biosUuid) {
}
