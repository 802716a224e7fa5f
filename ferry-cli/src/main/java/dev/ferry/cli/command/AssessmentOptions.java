package dev.ferry.cli.command;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.ferry.cli.UsageException;
import dev.ferry.cli.http.ApiClient;
import dev.ferry.events.EventCodec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A target profile and the machines to assess against it: by id, by filters, or all of them. */
public class AssessmentOptions {

    @Option(names = { "-p",
            "--profile" }, paramLabel = "PROFILE", description = "target profile id (ferry profiles list), e.g. hyperv-2019-gen2")
    String profile;

    @Option(names = { "-m",
            "--machine" }, paramLabel = "ID", split = ",", description = "a machine to assess (repeat, or separate with commas)")
    List<String> machineIds;

    @Option(names = "--all", description = "every machine the scheduler knows")
    boolean all;

    @Mixin
    MachineFilterOptions filter;

    /** The assessment request; a usage error unless exactly one way of selecting machines is used. */
    ObjectNode request(ApiClient inventory) {
        if (profile == null || profile.isBlank()) {
            throw new UsageException("say which target profile: --profile ID (ferry profiles list)");
        }
        boolean byId = machineIds != null && !machineIds.isEmpty();
        int ways = (byId ? 1 : 0) + (all ? 1 : 0) + (filter.any() ? 1 : 0);
        if (ways == 0) {
            throw new UsageException("say which machines: --machine ID..., filters (--source, --name, --os, "
                    + "--power, --firmware), or --all");
        }
        if (ways > 1) {
            throw new UsageException("select machines one way: --machine, filters or --all");
        }
        ObjectNode selection = filter.selection(inventory);
        if (byId) {
            ArrayNode ids = selection.putArray("machineIds");
            machineIds.forEach(id -> ids.add(id.strip()));
        }
        ObjectNode request = EventCodec.mapper().createObjectNode().put("profileId", profile);
        request.set("machines", selection);
        return request;
    }

    /** Assesses the selected machines; the stored assessment's report. */
    JsonNode assess(ApiClient scheduler, ApiClient inventory) {
        return scheduler.post("/api/v1/assessments", request(inventory));
    }
}
