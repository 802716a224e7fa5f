package dev.ferry.conversion.service.definition;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.ferry.disk.convert.TreeDigest;
import dev.ferry.events.EventCodec;
import dev.ferry.events.plan.ConversionPlan;
import dev.ferry.events.plan.NicPlan;
import dev.ferry.events.plan.Remediation;

/**
 * Writes the JSON manifest beside every definition: the machine, its generation and firmware, each disk with its file,
 * format, slot and digest, the network adapters and the remediations applied, for people and tools that check a
 * conversion without reading a platform's definition format.
 */
final class VmManifest {

    static final int VERSION = 1;

    private VmManifest() {
    }

    static String render(ConversionPlan plan, List<PlannedDisk> disks, String jobId, List<String> definitionFiles) {
        ObjectNode root = EventCodec.mapper().createObjectNode();
        root.put("manifestVersion", VERSION);
        root.put("jobId", jobId);
        ObjectNode machine = root.putObject("machine");
        machine.put("id", plan.machineId());
        machine.put("name", plan.machineName());
        root.put("profileId", plan.profileId());
        root.put("platform", plan.platform() == null ? null : plan.platform().name());
        root.put("generation", plan.generation());
        root.put("firmware", plan.firmware() == null ? null : plan.firmware().name());
        root.put("secureBoot", plan.secureBoot());
        root.put("secureBootTemplate", plan.secureBootTemplate());
        root.put("vcpus", plan.vcpus());
        root.put("memoryBytes", plan.memoryBytes());
        ArrayNode diskArray = root.putArray("disks");
        for (PlannedDisk disk : disks) {
            ObjectNode node = diskArray.addObject();
            node.put("diskKey", disk.plan().diskKey());
            node.put("label", disk.plan().label());
            node.put("fileName", disk.result().fileName());
            node.put("format", disk.result().format());
            node.put("subformat", disk.plan().targetSubformat());
            node.put("virtualSize", disk.result().virtualSize());
            node.put("fileSize", disk.result().fileSize());
            node.put("digestAlgorithm", TreeDigest.ALGORITHM);
            node.put("digest", disk.result().digest());
            node.set("slot", EventCodec.mapper().valueToTree(disk.plan().slot()));
            node.put("boot", disk.plan().boot());
        }
        ArrayNode nicArray = root.putArray("nics");
        for (NicPlan nic : plan.nics()) {
            nicArray.add(EventCodec.mapper().<JsonNode> valueToTree(nic));
        }
        ArrayNode remediationArray = root.putArray("remediations");
        for (Remediation remediation : plan.remediations()) {
            remediationArray.add(EventCodec.mapper().<JsonNode> valueToTree(remediation));
        }
        ArrayNode files = root.putArray("definitionFiles");
        definitionFiles.forEach(files::add);
        try {
            String json = EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
            // Parsed back, as every definition is, so a broken file is never left as the job's result.
            EventCodec.mapper().readTree(json);
            return json;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the manifest of " + plan.machineName() + " does not parse back", e);
        }
    }
}
