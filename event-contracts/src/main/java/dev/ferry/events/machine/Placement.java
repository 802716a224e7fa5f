package dev.ferry.events.machine;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Where the machine runs in its source: datacenter, cluster, host and the datastores its files live on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Placement(String datacenter, String cluster, String host, List<String> datastores) {

    public Placement {
        datastores = datastores == null ? List.of() : List.copyOf(datastores);
    }
}
