package dev.ferry.conversion.service.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.ferry.conversion.service.job.RequestRefusedException;
import dev.ferry.events.conversion.DiskResult;
import dev.ferry.events.machine.DiskContent;
import dev.ferry.events.machine.Firmware;
import dev.ferry.events.machine.Nic;
import dev.ferry.events.plan.ConversionPlan;
import dev.ferry.events.plan.DiskPlan;
import dev.ferry.events.plan.DiskSlot;
import dev.ferry.events.plan.NicPlan;
import dev.ferry.events.plan.Remediation;
import dev.ferry.events.plan.TargetPlatform;

/** The definitions written for each platform carry the plan, slot by slot, and refuse what the platform lacks. */
class VmDefinitionsTest {

    private static final Path FOLDER = Path.of("/targets/wave-1/vm");
    private final VmDefinitions definitions = new VmDefinitions();

    @Test
    void hyperVScriptAddsScsiControllersAndAttachesEachDiskOnItsSlot() throws Exception {
        ConversionPlan plan = plan(TargetPlatform.HYPERV, 2, Firmware.Type.EFI, List.of(
                disk("a", new DiskSlot(DiskSlot.Bus.SCSI, 0, 0), true),
                disk("b", new DiskSlot(DiskSlot.Bus.SCSI, 1, 3), false)), NicPlan.Kind.SYNTHETIC);

        String script = definitions.render(plan, results(plan), FOLDER, "job-1").get(0).content();

        assertThat(script)
                .contains("while (@(Get-VMScsiController -VM $vm).Count -lt 2) { Add-VMScsiController -VM $vm }")
                .contains("-ControllerType SCSI -ControllerNumber 1 -ControllerLocation 3 -Path (Join-Path "
                        + "$PSScriptRoot 'disk-b.vhdx')")
                .contains("$bootDisk = Get-VMHardDiskDrive -VM $vm -ControllerType SCSI -ControllerNumber 0 "
                        + "-ControllerLocation 0")
                .contains("-EnableSecureBoot On -SecureBootTemplate 'MicrosoftWindows'");
    }

    @Test
    void hyperVScriptQuotesNamesSoTheyCannotRunCode() throws Exception {
        ConversionPlan plan = new ConversionPlan("m-1", "it's $(Remove-Item C:\\ -Recurse)", "hyperv-2019",
                TargetPlatform.HYPERV, 1, Firmware.Type.BIOS, false, 1, 1L << 30, List.of(disk("a",
                        new DiskSlot(DiskSlot.Bus.IDE, 0, 0), true)),
                List.of(), List.of());

        String script = definitions.render(plan, results(plan), FOLDER, "job-1").get(0).content();

        assertThat(script).contains("New-VM -Name 'it''s $(Remove-Item C:\\ -Recurse)' -Generation 1");
    }

    @Test
    void hyperVRefusesSlotsAndAdaptersTheGenerationLacks() {
        ConversionPlan ideOnGen2 = plan(TargetPlatform.HYPERV, 2, Firmware.Type.EFI, List.of(disk("a",
                new DiskSlot(DiskSlot.Bus.IDE, 0, 0), true)), NicPlan.Kind.SYNTHETIC);
        ConversionPlan legacyOnGen2 = plan(TargetPlatform.HYPERV, 2, Firmware.Type.EFI, List.of(disk("a",
                new DiskSlot(DiskSlot.Bus.SCSI, 0, 0), true)), NicPlan.Kind.LEGACY);

        assertThatThrownBy(() -> definitions.render(ideOnGen2, results(ideOnGen2), FOLDER, "j"))
                .isInstanceOf(RequestRefusedException.class).hasMessageContaining("Generation 2");
        assertThatThrownBy(() -> definitions.render(legacyOnGen2, results(legacyOnGen2), FOLDER, "j"))
                .isInstanceOf(RequestRefusedException.class).hasMessageContaining("legacy");
    }

    @Test
    void libvirtDomainNamesDevicesPerBusAndUsesI440fxForIde() throws Exception {
        ConversionPlan plan = plan(TargetPlatform.KVM, 0, Firmware.Type.BIOS, List.of(
                disk("a", new DiskSlot(DiskSlot.Bus.IDE, 0, 0), true),
                disk("b", new DiskSlot(DiskSlot.Bus.VIRTIO, 0, 0), false),
                disk("c", new DiskSlot(DiskSlot.Bus.VIRTIO, 0, 1), false),
                disk("d", new DiskSlot(DiskSlot.Bus.SATA, 0, 2), false)), NicPlan.Kind.E1000E);

        String xml = definitions.render(plan, results(plan), FOLDER, "job-1").get(0).content();

        assertThat(xml).contains("machine=\"pc\"").doesNotContain("firmware=\"efi\"")
                .contains("<target bus=\"ide\" dev=\"hda\"/>").contains("<target bus=\"virtio\" dev=\"vda\"/>")
                .contains("<target bus=\"virtio\" dev=\"vdb\"/>").contains("<target bus=\"sata\" dev=\"sda\"/>")
                .contains("<source file=\"/targets/wave-1/vm/disk-a.vhdx\"/>")
                .contains("<driver name=\"qemu\" type=\"vhdx\"/>").contains("<model type=\"e1000e\"/>")
                .contains("<mac address=\"00:50:56:aa:bb:cc\"/>");
    }

    @Test
    void kubeVirtManifestUsesSecureBootWithSmmAndOneDataVolumePerDisk() throws Exception {
        ConversionPlan plan = new ConversionPlan("m-1", "Web Server 01", "kubevirt", TargetPlatform.KUBEVIRT, 0,
                Firmware.Type.EFI, true, 4, 3L << 30, List.of(disk("a", new DiskSlot(DiskSlot.Bus.VIRTIO, 0, 0),
                        true), disk("b", new DiskSlot(DiskSlot.Bus.SATA, 0, 1), false)),
                List.of(
                        nic(NicPlan.Kind.VIRTIO, "VM Network"), nic(NicPlan.Kind.VIRTIO, "Backup LAN")),
                List.of());

        JsonNode vm = new YAMLMapper().readTree(definitions.render(plan, results(plan), FOLDER, "job-1").get(0)
                .content());

        assertThat(vm.at("/metadata/name").asText()).isEqualTo("web-server-01");
        JsonNode domain = vm.at("/spec/template/spec/domain");
        assertThat(domain.at("/firmware/bootloader/efi/secureBoot").asBoolean()).isTrue();
        assertThat(domain.at("/features/smm/enabled").asBoolean()).isTrue();
        assertThat(domain.at("/memory/guest").asText()).isEqualTo("3072Mi");
        assertThat(domain.at("/devices/disks/1/disk/bus").asText()).isEqualTo("sata");
        assertThat(domain.at("/devices/disks/1/bootOrder").isMissingNode()).isTrue();
        assertThat(vm.at("/spec/template/spec/volumes/1/dataVolume/name").asText())
                .isEqualTo("web-server-01-disk1");
        assertThat(vm.at("/spec/template/spec/networks/0/pod").isObject()).isTrue();
        assertThat(vm.at("/spec/template/spec/networks/1/multus/networkName").asText()).isEqualTo("backup-lan");
    }

    @Test
    void manifestListsEveryDefinitionFileAndRemediation() throws Exception {
        ConversionPlan plan = plan(TargetPlatform.KVM, 0, Firmware.Type.EFI, List.of(disk("a",
                new DiskSlot(DiskSlot.Bus.VIRTIO, 0, 0), true)), NicPlan.Kind.VIRTIO);

        List<DefinitionFile> files = definitions.render(plan, results(plan), FOLDER, "job-1");

        assertThat(files).extracting(DefinitionFile::name).containsExactly("vm01.xml", "vm01.ferry.json");
        JsonNode manifest = new com.fasterxml.jackson.databind.ObjectMapper().readTree(files.get(1).content());
        assertThat(manifest.path("definitionFiles").toString()).isEqualTo("[\"vm01.xml\",\"vm01.ferry.json\"]");
        assertThat(manifest.at("/remediations/0/ruleId").asText()).isEqualTo("rule-1");
        assertThat(manifest.at("/disks/0/digestAlgorithm").asText()).isEqualTo("sha256-tree");
    }

    private static ConversionPlan plan(TargetPlatform platform, int generation, Firmware.Type firmware,
            List<DiskPlan> disks, NicPlan.Kind nicKind) {
        return new ConversionPlan("m-1", "vm01", "profile", platform, generation, firmware, firmware == Firmware.Type.EFI,
                2, 2L << 30, disks, List.of(nic(nicKind, "VM Network")), List.of(new Remediation("rule-1",
                        "something changed")));
    }

    private static NicPlan nic(NicPlan.Kind kind, String network) {
        return new NicPlan("Network adapter 1", "00-50-56-AA-BB-CC", network, kind, Nic.AdapterType.VMXNET3);
    }

    private static DiskPlan disk(String key, DiskSlot slot, boolean boot) {
        return new DiskPlan(key, "disk " + key, 1L << 30, new DiskContent(DiskContent.Kind.FILE, "/s/" + key, null,
                null, null), "vhdx", "dynamic", "disk-" + key + ".vhdx", slot, boot);
    }

    private static List<DiskResult> results(ConversionPlan plan) {
        return plan.disks().stream().map(disk -> new DiskResult(disk.diskKey(), disk.fileName(), disk.targetFormat(),
                disk.capacityBytes(), 4096, "ab".repeat(32))).toList();
    }
}
