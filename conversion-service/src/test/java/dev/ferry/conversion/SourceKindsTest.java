package dev.ferry.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.ferry.conversion.service.source.SourceCredentials;
import dev.ferry.conversion.testing.ConversionTopics;
import dev.ferry.conversion.testing.DatastoreServer;
import dev.ferry.conversion.testing.NbdServer;
import dev.ferry.conversion.testing.Plans;
import dev.ferry.conversion.testing.SourceImages;
import dev.ferry.conversion.testing.WorkerTestResources;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.events.EventTypes;
import dev.ferry.events.conversion.ConversionRequest;
import dev.ferry.events.conversion.ConversionUpdate;
import dev.ferry.events.machine.DiskContent;
import dev.ferry.events.plan.ConversionPlan;
import dev.ferry.events.plan.DiskSlot;
import dev.ferry.localstack.testing.FerryTestResources;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every kind of source a machine record can point at, read by the worker from the real peer: an NBD export served by
 * qemu-nbd (a physical host), a disk inside an OVA made with tar, and a vSphere datastore file over HTTPS behind a
 * session login with a pinned certificate.
 */
@QuarkusTest
@WithTestResource(FerryTestResources.class)
@WithTestResource(WorkerTestResources.class)
class SourceKindsTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);
    private static final long SIZE = 40L << 20;

    private final ConversionTopics topics = ConversionTopics.shared();

    @Test
    void physicalDiskServedByQemuNbdBecomesAQcow2WithALibvirtDomain() throws Exception {
        Path source = SourceImages.image(SIZE, 11, "qcow2");
        try (NbdServer nbd = NbdServer.qemuNbd(source, "qcow2", "sda")) {
            ConversionPlan plan = Plans.kvm("phys01", List.of(Plans.disk("sda", SIZE, new DiskContent(
                    DiskContent.Kind.NBD, nbd.uri(), null, null, null), "qcow2", null, "phys01-sda.qcow2",
                    new DiskSlot(DiskSlot.Bus.VIRTIO, 0, 0), true)));
            ConversionRequest request = Plans.request(plan, "kvm/phys01");

            topics.request(request);
            ConversionUpdate completed = topics.await(request.jobId(), EventTypes.CONVERSION_COMPLETED, JOB_TIMEOUT);

            Path folder = WorkerTestResources.storageRoot().resolve("kvm/phys01");
            Path target = folder.resolve("phys01-sda.qcow2");
            assertThat(QemuImg.compare(source, "qcow2", target, "qcow2").exitCode()).isZero();
            assertThat(QemuImg.check(target, "qcow2").exitCode()).isZero();
            assertThat(completed.definitionFiles()).containsExactly("phys01.xml", "phys01.ferry.json");
            Document domain = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new InputSource(new StringReader(Files.readString(folder.resolve("phys01.xml")))));
            Element root = domain.getDocumentElement();
            assertThat(root.getAttribute("type")).isEqualTo("kvm");
            assertThat(element(root, "os").getAttribute("firmware")).isEqualTo("efi");
            assertThat(element(root, "type").getTextContent()).isEqualTo("hvm");
            assertThat(element(root, "vcpu").getTextContent()).isEqualTo("2");
            assertThat(element(root, "memory").getTextContent()).isEqualTo(Long.toString(1L << 30));
            Element disk = element(root, "disk");
            assertThat(element(disk, "driver").getAttribute("type")).isEqualTo("qcow2");
            assertThat(element(disk, "source").getAttribute("file")).isEqualTo(target.toString());
            assertThat(element(disk, "target").getAttribute("dev")).isEqualTo("vda");
            assertThat(element(disk, "target").getAttribute("bus")).isEqualTo("virtio");
            assertThat(element(disk, "boot").getAttribute("order")).isEqualTo("1");
            Element nic = element(root, "interface");
            assertThat(element(nic, "mac").getAttribute("address")).isEqualTo("52:54:00:12:34:56");
            assertThat(element(nic, "model").getAttribute("type")).isEqualTo("virtio");
        }
    }

    @Test
    void diskInsideAnOvaIsReadInPlaceIntoAKubeVirtMachine() throws Exception {
        Path vmdk = SourceImages.image(SIZE, 12, "vmdk", "subformat=streamOptimized");
        Path folder = vmdk.getParent();
        Files.move(vmdk, folder.resolve("app01-disk1.vmdk"));
        Files.writeString(folder.resolve("app01.ovf"), "<Envelope/>\n");
        Path ova = folder.resolve("app01.ova");
        Process tar = new ProcessBuilder("tar", "-cf", ova.toString(), "-C", folder.toString(), "app01.ovf",
                "app01-disk1.vmdk").redirectErrorStream(true).start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).isZero();
        Files.delete(folder.resolve("app01-disk1.vmdk"));
        ConversionPlan plan = Plans.kubevirt("App01", List.of(Plans.disk("vm-disk1", SIZE, new DiskContent(
                DiskContent.Kind.OVA_MEMBER, ova.toString(), "app01-disk1.vmdk", "vmdk", null), "qcow2", null,
                "app01-disk1.qcow2", new DiskSlot(DiskSlot.Bus.SATA, 0, 0), true)));
        ConversionRequest request = Plans.request(plan, "kubevirt/app01");

        topics.request(request);
        ConversionUpdate completed = topics.await(request.jobId(), EventTypes.CONVERSION_COMPLETED, JOB_TIMEOUT);

        Path target = WorkerTestResources.storageRoot().resolve("kubevirt/app01/app01-disk1.qcow2");
        assertThat(QemuImg.compare(folder.resolve("disk.raw"), "raw", target, "qcow2").exitCode()).isZero();
        assertThat(completed.definitionFiles()).containsExactly("App01.yaml", "App01.ferry.json");
        JsonNode vm = new YAMLMapper().readTree(target.resolveSibling("App01.yaml").toFile());
        assertThat(vm.path("kind").asText()).isEqualTo("VirtualMachine");
        assertThat(vm.at("/metadata/name").asText()).isEqualTo("app01");
        JsonNode domain = vm.at("/spec/template/spec/domain");
        assertThat(domain.at("/cpu/cores").asInt()).isEqualTo(2);
        assertThat(domain.at("/memory/guest").asText()).isEqualTo("1024Mi");
        assertThat(domain.at("/firmware/bootloader/bios").isObject()).isTrue();
        assertThat(domain.at("/devices/disks/0/disk/bus").asText()).isEqualTo("sata");
        assertThat(domain.at("/devices/disks/0/bootOrder").asInt()).isEqualTo(1);
        assertThat(domain.at("/devices/interfaces/0/model").asText()).isEqualTo("e1000e");
        assertThat(domain.at("/devices/interfaces/0/macAddress").asText()).isEqualTo("00:50:56:aa:bb:04");
        assertThat(vm.at("/spec/dataVolumeTemplates/0/metadata/annotations").path("ferry.dev/source-file").asText())
                .isEqualTo("app01-disk1.qcow2");
    }

    @Test
    void vsphereDatastoreFileIsReadOverHttpsWithOneSessionLoginAndAPinnedCertificate() throws Exception {
        Path vmdk = SourceImages.image(SIZE, 13, "vmdk");
        String sourceId = UUID.randomUUID().toString();
        try (DatastoreServer datastore = DatastoreServer.start(vmdk.getParent(), vmdk, "root", "s3cret!")) {
            WorkerTestResources.registerCredentials(sourceId, new SourceCredentials("root", "s3cret!",
                    datastore.fingerprint()));
            ConversionPlan plan = Plans.hyperVGeneration2("esx01", List.of(Plans.disk("2000", SIZE,
                    new DiskContent(DiskContent.Kind.HTTP, datastore.url(), null, "vmdk", sourceId), "vhdx",
                    "dynamic", "esx01.vhdx", new DiskSlot(DiskSlot.Bus.SCSI, 0, 0), true)));
            ConversionRequest request = Plans.request(plan, "vsphere/esx01");

            topics.request(request);
            topics.await(request.jobId(), EventTypes.CONVERSION_COMPLETED, JOB_TIMEOUT);

            Path target = WorkerTestResources.storageRoot().resolve("vsphere/esx01/esx01.vhdx");
            assertThat(QemuImg.compare(vmdk, "vmdk", target, "vhdx").exitCode()).isZero();
            assertThat(datastore.logins()).isEqualTo(1);
            assertThat(datastore.refused()).isZero();
        }
    }

    @Test
    void sourceWithoutCredentialsInTheInventoryFailsWithoutRetry() throws Exception {
        ConversionPlan plan = Plans.hyperVGeneration2("nocreds01", List.of(Plans.disk("2000", SIZE,
                new DiskContent(DiskContent.Kind.HTTP, "https://127.0.0.1:9/folder/x.vmdk", null, "vmdk",
                        "unknown-source"),
                "vhdx", "dynamic", "nocreds01.vhdx", new DiskSlot(DiskSlot.Bus.SCSI, 0, 0),
                true)));
        ConversionRequest request = Plans.request(plan, "vsphere/nocreds01");

        topics.request(request);
        ConversionUpdate failed = topics.await(request.jobId(), EventTypes.CONVERSION_FAILED, JOB_TIMEOUT);

        assertThat(failed.retryable()).isFalse();
        assertThat(failed.message()).isEqualTo("the inventory has no credentials for source unknown-source");
    }

    private static Element element(Element parent, String tag) {
        return (Element) parent.getElementsByTagName(tag).item(0);
    }

}
