package dev.ferry.conversion.service.definition;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.ferry.conversion.service.job.RequestRefusedException;
import dev.ferry.events.machine.Firmware;
import dev.ferry.events.plan.ConversionPlan;
import dev.ferry.events.plan.NicPlan;

/**
 * Writes the KubeVirt VirtualMachine manifest of a converted machine: firmware (UEFI with Secure Boot and SMM, or
 * BIOS), CPU cores and guest memory, one disk per converted image on its planned virtio or SATA bus with the boot disk
 * first, and interfaces with their model and MAC (the first on the pod network, the rest on Multus networks named
 * after their source networks). Each disk is a DataVolume to upload its image into ({@code virtctl image-upload dv
 * <name> --image-path=<file>}); the file is named in the DataVolume's annotations. Parsed back before it is written.
 */
final class KubeVirtMachine {

    static final String FILE_ANNOTATION = "ferry.dev/source-file";

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    private KubeVirtMachine() {
    }

    static String render(ConversionPlan plan, List<PlannedDisk> disks, String jobId) throws RequestRefusedException {
        String name = DefinitionNames.kubernetesName(DefinitionNames.fileStem(plan));
        ObjectNode root = YAML.createObjectNode();
        root.put("apiVersion", "kubevirt.io/v1");
        root.put("kind", "VirtualMachine");
        ObjectNode metadata = root.putObject("metadata");
        metadata.put("name", name);
        metadata.putObject("labels").put("app.kubernetes.io/managed-by", "ferry");
        ObjectNode annotations = metadata.putObject("annotations");
        annotations.put("ferry.dev/job-id", jobId);
        annotations.put("ferry.dev/machine-id", plan.machineId());
        annotations.put("ferry.dev/machine-name", plan.machineName());
        ObjectNode spec = root.putObject("spec");
        spec.put("runStrategy", "Halted");
        ArrayNode templates = spec.putArray("dataVolumeTemplates");
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").putObject("labels").put("kubevirt.io/domain", name);
        ObjectNode vmSpec = template.putObject("spec");
        ObjectNode domain = vmSpec.putObject("domain");
        domain.putObject("cpu").put("cores", Math.max(1, plan.vcpus()));
        domain.putObject("memory").put("guest", mebibytes(plan.memoryBytes()) + "Mi");
        ObjectNode firmware = domain.putObject("firmware");
        if (plan.firmware() == Firmware.Type.EFI) {
            firmware.putObject("bootloader").putObject("efi").put("secureBoot", plan.secureBoot());
            if (plan.secureBoot()) {
                domain.putObject("features").putObject("smm").put("enabled", true);
            }
        } else {
            firmware.putObject("bootloader").putObject("bios");
        }
        ObjectNode devices = domain.putObject("devices");
        ArrayNode diskArray = devices.putArray("disks");
        ArrayNode volumes = vmSpec.putArray("volumes");
        int index = 0;
        int bootOrder = 1;
        for (PlannedDisk disk : disks) {
            String diskName = "disk" + index;
            String volumeName = DefinitionNames.kubernetesName(name + "-" + diskName);
            ObjectNode diskNode = diskArray.addObject();
            diskNode.put("name", diskName);
            if (disk.plan().boot()) {
                diskNode.put("bootOrder", bootOrder++);
            }
            diskNode.putObject("disk").put("bus", bus(disk));
            volumes.addObject().put("name", diskName).putObject("dataVolume").put("name", volumeName);
            ObjectNode dataVolume = templates.addObject();
            ObjectNode dvMetadata = dataVolume.putObject("metadata");
            dvMetadata.put("name", volumeName);
            ObjectNode dvAnnotations = dvMetadata.putObject("annotations");
            dvAnnotations.put(FILE_ANNOTATION, disk.result().fileName());
            dvAnnotations.put("ferry.dev/digest", disk.result().digest());
            ObjectNode dvSpec = dataVolume.putObject("spec");
            dvSpec.putObject("source").putObject("upload");
            dvSpec.putObject("storage").putObject("resources").putObject("requests")
                    .put("storage", Long.toString(disk.result().virtualSize()));
            index++;
        }
        ArrayNode interfaces = devices.putArray("interfaces");
        ArrayNode networks = vmSpec.putArray("networks");
        int nicIndex = 0;
        for (NicPlan nic : plan.nics()) {
            String nicName = "nic" + nicIndex;
            ObjectNode iface = interfaces.addObject();
            iface.put("name", nicName);
            iface.put("model", nic.kind() == NicPlan.Kind.E1000E ? "e1000e" : "virtio");
            String mac = DefinitionNames.macColons(nic.macAddress());
            if (mac != null) {
                iface.put("macAddress", mac);
            }
            ObjectNode network = networks.addObject().put("name", nicName);
            if (nicIndex == 0) {
                iface.putObject("masquerade");
                network.putObject("pod");
            } else {
                iface.putObject("bridge");
                network.putObject("multus").put("networkName", DefinitionNames.kubernetesName(
                        nic.network() == null ? nicName : nic.network()));
            }
            nicIndex++;
        }
        try {
            String yaml = YAML.writeValueAsString(root);
            check(YAML.readTree(yaml), plan, disks);
            return yaml;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the KubeVirt manifest does not parse back: " + e.getOriginalMessage(), e);
        }
    }

    /** Checks the parsed-back manifest against the plan. */
    static void check(JsonNode parsed, ConversionPlan plan, List<PlannedDisk> disks) {
        JsonNode domain = parsed.at("/spec/template/spec/domain");
        boolean ok = "VirtualMachine".equals(parsed.path("kind").asText())
                && domain.at("/cpu/cores").asInt() == Math.max(1, plan.vcpus())
                && domain.at("/devices/disks").size() == disks.size()
                && parsed.at("/spec/template/spec/volumes").size() == disks.size()
                && parsed.at("/spec/dataVolumeTemplates").size() == disks.size()
                && domain.at("/devices/interfaces").size() == plan.nics().size()
                && (plan.firmware() == Firmware.Type.EFI) == domain.at("/firmware/bootloader/efi").isObject();
        if (!ok) {
            throw new IllegalStateException("the KubeVirt manifest does not carry the plan of " + plan.machineName());
        }
    }

    /** KubeVirt has no IDE: a disk planned there goes on SATA. */
    private static String bus(PlannedDisk disk) throws RequestRefusedException {
        return switch (disk.bus()) {
            case VIRTIO -> "virtio";
            case SCSI -> "scsi";
            case SATA, IDE, UNKNOWN -> "sata";
        };
    }

    private static long mebibytes(long bytes) {
        return Math.max(1, (bytes + (1 << 20) - 1) >> 20);
    }
}
