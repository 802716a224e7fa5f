package dev.ferry.inventory;

import static dev.ferry.inventory.InventoryApi.awaitRun;
import static dev.ferry.inventory.InventoryApi.createSource;
import static dev.ferry.inventory.InventoryApi.machinesOf;
import static dev.ferry.inventory.InventoryApi.upload;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.UUID;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.source.FileByteSource;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.localstack.testing.FerryTestResources;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** OVA packages made here from a qemu-img streamOptimized VMDK and an OVF descriptor, imported through the API. */
@QuarkusTest
@WithTestResource(FerryTestResources.class)
class OvaImportTest {

    private static final int DISK_BYTES = 3 << 20;

    @TempDir
    Path folder;

    @Test
    void ovaYieldsOneMachineWhoseDiskReadsBackInPlace() throws Exception {
        Path raw = folder.resolve("disk.raw");
        byte[] content = new byte[DISK_BYTES];
        new Random(7).nextBytes(content);
        java.util.Arrays.fill(content, 1 << 20, 2 << 20, (byte) 0);
        Files.write(raw, content);
        Path vmdk = folder.resolve("web01-disk1.vmdk");
        QemuImg.convert(raw, "raw", vmdk, "vmdk", "subformat=streamOptimized");
        Path ova = ova(folder.resolve("web01.ova"), descriptor(Files.size(vmdk)), vmdk);

        String source = createSource("OVF", "ova-" + UUID.randomUUID());
        JsonPath run = awaitRun(upload(source, ova));

        assertThat(run.getString("state")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(machinesOf(source)).hasSize(1);
        JsonPath machine = JsonPath.from(new com.fasterxml.jackson.databind.ObjectMapper()
                .valueToTree(machinesOf(source).get(0)).toString());
        assertThat(machine.getString("name")).isEqualTo("web01");
        assertThat(machine.getInt("cpu.count")).isEqualTo(2);
        assertThat(machine.getInt("cpu.coresPerSocket")).isEqualTo(2);
        assertThat(machine.getLong("memoryBytes")).isEqualTo(2048L << 20);
        assertThat(machine.getString("firmware.type")).isEqualTo("EFI");
        assertThat(machine.getString("guestOs.family")).isEqualTo("LINUX");
        assertThat(machine.getString("nics[0].adapterType")).isEqualTo("VMXNET3");
        assertThat(machine.getString("nics[0].network")).isEqualTo("VM Network");
        assertThat(machine.getString("disks[0].controller")).isEqualTo("SCSI");
        assertThat(machine.getLong("disks[0].capacityBytes")).isEqualTo(DISK_BYTES);
        assertThat(machine.getBoolean("disks[0].boot")).isTrue();
        assertThat(machine.getString("disks[0].content.kind")).isEqualTo("OVA_MEMBER");
        assertThat(machine.getString("disks[0].content.member")).isEqualTo("web01-disk1.vmdk");
        Path stored = Path.of(machine.getString("disks[0].content.location"));
        long offset = machine.getLong("disks[0].content.offset");
        long length = machine.getLong("disks[0].content.length");
        assertThat(length).isEqualTo(Files.size(vmdk));

        // Read the member in place through disk-image's readers, as a conversion worker does.
        try (DiskImage image = DiskImages.open(new OvaMemberSource(FileByteSource.open(stored), offset, length,
                "web01-disk1.vmdk"))) {
            assertThat(image.format()).isEqualTo(ImageFormat.VMDK);
            assertThat(image.virtualSize()).isEqualTo(DISK_BYTES);
            ByteBuffer all = ByteBuffer.allocate(DISK_BYTES);
            image.read(0, all);
            assertThat(all.array()).isEqualTo(content);
        }
        // And qemu-img agrees: the bytes at that offset are the VMDK it wrote, holding the raw disk.
        Path extracted = folder.resolve("extracted.vmdk");
        try (FileChannel in = FileChannel.open(stored);
                FileChannel out = FileChannel.open(extracted,
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            in.transferTo(offset, length, out);
        }
        assertThat(QemuImg.compare(raw, "raw", extracted, "vmdk").ok()).isTrue();
    }

    @Test
    void fileThatIsNotATarFailsTheRun() throws Exception {
        String source = createSource("OVF", "ova-bad-" + UUID.randomUUID());
        Path notTar = Files.writeString(folder.resolve("broken.ova"), "this is not a tar archive at all".repeat(40));

        JsonPath run = awaitRun(upload(source, notTar));

        assertThat(run.getString("state")).isEqualTo("FAILED");
        assertThat(run.getString("failure")).contains("broken.ova is not an OVA");
    }

    @Test
    void malformedDescriptorFailsTheRun() throws Exception {
        String source = createSource("OVF", "ova-xml-" + UUID.randomUUID());
        Path disk = Files.write(folder.resolve("disk.vmdk"), new byte[512]);
        Path ova = ova(folder.resolve("bad.ova"), "<Envelope><VirtualSystem></Envelope>", disk);

        JsonPath run = awaitRun(upload(source, ova));

        assertThat(run.getString("state")).isEqualTo("FAILED");
        assertThat(run.getString("failure")).contains("not well-formed XML");
    }

    private static Path ova(Path ova, String descriptor, Path disk) throws IOException {
        try (OutputStream file = Files.newOutputStream(ova);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
            byte[] ovf = descriptor.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry("web01.ovf");
            entry.setSize(ovf.length);
            tar.putArchiveEntry(entry);
            tar.write(ovf);
            tar.closeArchiveEntry();
            TarArchiveEntry member = new TarArchiveEntry(disk.toFile(), disk.getFileName().toString());
            tar.putArchiveEntry(member);
            Files.copy(disk, tar);
            tar.closeArchiveEntry();
        }
        return ova;
    }

    private static String descriptor(long vmdkSize) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Envelope vmw:buildId="build-1" xmlns="http://schemas.dmtf.org/ovf/envelope/1"
                    xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"
                    xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData"
                    xmlns:vssd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData"
                    xmlns:vmw="http://www.vmware.com/schema/ovf">
                  <References>
                    <File ovf:href="web01-disk1.vmdk" ovf:id="file1" ovf:size="%d"/>
                  </References>
                  <DiskSection>
                    <Info>Virtual disk information</Info>
                    <Disk ovf:capacity="3" ovf:capacityAllocationUnits="byte * 2^20" ovf:diskId="vmdisk1"
                        ovf:fileRef="file1"
                        ovf:format="http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized"/>
                  </DiskSection>
                  <NetworkSection>
                    <Info>The list of logical networks</Info>
                    <Network ovf:name="VM Network"><Description>The VM Network network</Description></Network>
                  </NetworkSection>
                  <VirtualSystem ovf:id="web01">
                    <Info>A virtual machine</Info>
                    <Name>web01</Name>
                    <OperatingSystemSection ovf:id="94" vmw:osType="ubuntu64Guest">
                      <Info>The kind of installed guest operating system</Info>
                      <Description>Ubuntu Linux (64-bit)</Description>
                    </OperatingSystemSection>
                    <VirtualHardwareSection>
                      <Info>Virtual hardware requirements</Info>
                      <System>
                        <vssd:ElementName>Virtual Hardware Family</vssd:ElementName>
                        <vssd:InstanceID>0</vssd:InstanceID>
                        <vssd:VirtualSystemIdentifier>web01</vssd:VirtualSystemIdentifier>
                        <vssd:VirtualSystemType>vmx-14</vssd:VirtualSystemType>
                      </System>
                      <Item>
                        <rasd:AllocationUnits>hertz * 10^6</rasd:AllocationUnits>
                        <rasd:ElementName>2 virtual CPU(s)</rasd:ElementName>
                        <rasd:InstanceID>1</rasd:InstanceID>
                        <rasd:ResourceType>3</rasd:ResourceType>
                        <rasd:VirtualQuantity>2</rasd:VirtualQuantity>
                        <vmw:CoresPerSocket ovf:required="false">2</vmw:CoresPerSocket>
                      </Item>
                      <Item>
                        <rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits>
                        <rasd:ElementName>2048MB of memory</rasd:ElementName>
                        <rasd:InstanceID>2</rasd:InstanceID>
                        <rasd:ResourceType>4</rasd:ResourceType>
                        <rasd:VirtualQuantity>2048</rasd:VirtualQuantity>
                      </Item>
                      <Item>
                        <rasd:Address>0</rasd:Address>
                        <rasd:ElementName>SCSI Controller 0</rasd:ElementName>
                        <rasd:InstanceID>3</rasd:InstanceID>
                        <rasd:ResourceSubType>lsilogic</rasd:ResourceSubType>
                        <rasd:ResourceType>6</rasd:ResourceType>
                      </Item>
                      <Item>
                        <rasd:Address>0</rasd:Address>
                        <rasd:ElementName>IDE 0</rasd:ElementName>
                        <rasd:InstanceID>4</rasd:InstanceID>
                        <rasd:ResourceType>5</rasd:ResourceType>
                      </Item>
                      <Item>
                        <rasd:AddressOnParent>0</rasd:AddressOnParent>
                        <rasd:ElementName>Hard disk 1</rasd:ElementName>
                        <rasd:HostResource>ovf:/disk/vmdisk1</rasd:HostResource>
                        <rasd:InstanceID>5</rasd:InstanceID>
                        <rasd:Parent>3</rasd:Parent>
                        <rasd:ResourceType>17</rasd:ResourceType>
                      </Item>
                      <Item>
                        <rasd:AddressOnParent>7</rasd:AddressOnParent>
                        <rasd:AutomaticAllocation>true</rasd:AutomaticAllocation>
                        <rasd:Connection>VM Network</rasd:Connection>
                        <rasd:ElementName>Network adapter 1</rasd:ElementName>
                        <rasd:InstanceID>6</rasd:InstanceID>
                        <rasd:ResourceSubType>VmxNet3</rasd:ResourceSubType>
                        <rasd:ResourceType>10</rasd:ResourceType>
                      </Item>
                      <vmw:Config ovf:required="false" vmw:key="firmware" vmw:value="efi"/>
                    </VirtualHardwareSection>
                  </VirtualSystem>
                </Envelope>
                """.formatted(vmdkSize);
    }
}
