package dev.ferry.cli.demo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * The demo's sample machine, made as VMware exports one: a disk with recognisable content (a boot sector saying what
 * it is, pseudo-random data, a marker at the end, zeros between) converted by qemu-img to a streamOptimized VMDK, an
 * OVF descriptor of a Generation 1 style VM (BIOS, boot disk on IDE 0:0, an e1000 adapter, Windows Server 2016), both
 * tarred into an OVA with the descriptor first.
 */
public final class SampleVm {

    public static final String NAME = "demo-vm";
    static final String GUEST = "windows9Server64Guest";

    private static final int MIB = 1 << 20;
    private static final long SEED = 20_261_124L;

    /**
     * The files made.
     *
     * @param rawDisk the disk's content as a raw image (what the converted disk must equal)
     * @param ova the package to upload
     */
    public record SampleFiles(Path rawDisk, Path ova) {
    }

    private SampleVm() {
    }

    /** Makes the disk, the VMDK, the descriptor and the OVA in {@code folder}, with qemu-img and tar. */
    public static SampleFiles make(Path folder, long diskBytes) throws IOException {
        ExternalTool qemuImg = ExternalTool.QEMU_IMG;
        ExternalTool tar = ExternalTool.TAR;
        Files.createDirectories(folder);
        Path raw = folder.resolve(NAME + "-disk1.raw");
        writeDisk(raw, diskBytes);
        Path vmdk = folder.resolve(NAME + "-disk1.vmdk");
        Files.deleteIfExists(vmdk);
        qemuImg.run("convert", "-f", "raw", "-O", "vmdk", "-o", "subformat=streamOptimized", raw.toString(),
                vmdk.toString());
        Path ovf = folder.resolve(NAME + ".ovf");
        Files.writeString(ovf, descriptor(Files.size(vmdk), diskBytes),
                StandardCharsets.UTF_8);
        Path ova = folder.resolve(NAME + ".ova");
        Files.deleteIfExists(ova);
        // The descriptor must come first in an OVA (OVF 2.1, section 5.3).
        tar.run("--format=ustar", "-C", folder.toString(), "-cf", ova.toString(), ovf.getFileName().toString(),
                vmdk.getFileName().toString());
        Files.delete(vmdk);
        return new SampleFiles(raw, ova);
    }

    /**
     * A sparse raw disk: a boot sector naming the demo, a quarter of the disk of seeded pseudo-random data from 16 MiB
     * on (so the conversion has real work and takes long enough to watch), and a marker in the last sector.
     */
    static void writeDisk(Path raw, long diskBytes) throws IOException {
        try (FileChannel disk = FileChannel.open(raw, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SPARSE)) {
            ByteBuffer boot = ByteBuffer.allocate(512);
            boot.put("FERRY DEMO DISK: made by `ferry demo`, converted by Ferry.\r\n".getBytes(
                    StandardCharsets.US_ASCII));
            boot.put(510, (byte) 0x55).put(511, (byte) 0xAA).rewind();
            disk.write(boot, 0);
            SplittableRandom random = new SplittableRandom(SEED);
            byte[] chunk = new byte[MIB];
            long dataEnd = Math.min(diskBytes - MIB, 16L * MIB + diskBytes / 4);
            for (long offset = 16L * MIB; offset < dataEnd; offset += MIB) {
                random.nextBytes(chunk);
                disk.write(ByteBuffer.wrap(chunk, 0, (int) Math.min(MIB, dataEnd - offset)), offset);
            }
            disk.write(ByteBuffer.wrap("FERRY DEMO DISK END".getBytes(StandardCharsets.US_ASCII)), diskBytes - 512);
            disk.truncate(diskBytes);
            if (disk.size() < diskBytes) {
                disk.write(ByteBuffer.allocate(1), diskBytes - 1);
            }
        }
    }

    /** An OVF 1.0 descriptor as vSphere exports it, of a BIOS VM booting from IDE 0:0 with an e1000 adapter. */
    static String descriptor(long vmdkBytes, long diskBytes) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1"
                    xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"
                    xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData"
                    xmlns:vssd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData"
                    xmlns:vmw="http://www.vmware.com/schema/ovf">
                  <References>
                    <File ovf:href="%1$s-disk1.vmdk" ovf:id="file1" ovf:size="%2$d"/>
                  </References>
                  <DiskSection>
                    <Info>Virtual disk information</Info>
                    <Disk ovf:capacity="%3$d" ovf:capacityAllocationUnits="byte" ovf:diskId="vmdisk1"
                        ovf:fileRef="file1"
                        ovf:format="http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized"/>
                  </DiskSection>
                  <NetworkSection>
                    <Info>The list of logical networks</Info>
                    <Network ovf:name="VM Network"><Description>The VM Network network</Description></Network>
                  </NetworkSection>
                  <VirtualSystem ovf:id="%1$s">
                    <Info>A virtual machine</Info>
                    <Name>%1$s</Name>
                    <OperatingSystemSection ovf:id="112" vmw:osType="%4$s">
                      <Info>The kind of installed guest operating system</Info>
                      <Description>Microsoft Windows Server 2016 (64-bit)</Description>
                    </OperatingSystemSection>
                    <VirtualHardwareSection>
                      <Info>Virtual hardware requirements</Info>
                      <System>
                        <vssd:ElementName>Virtual Hardware Family</vssd:ElementName>
                        <vssd:InstanceID>0</vssd:InstanceID>
                        <vssd:VirtualSystemIdentifier>%1$s</vssd:VirtualSystemIdentifier>
                        <vssd:VirtualSystemType>vmx-11</vssd:VirtualSystemType>
                      </System>
                      <Item>
                        <rasd:AllocationUnits>hertz * 10^6</rasd:AllocationUnits>
                        <rasd:ElementName>2 virtual CPU(s)</rasd:ElementName>
                        <rasd:InstanceID>1</rasd:InstanceID>
                        <rasd:ResourceType>3</rasd:ResourceType>
                        <rasd:VirtualQuantity>2</rasd:VirtualQuantity>
                        <vmw:CoresPerSocket ovf:required="false">1</vmw:CoresPerSocket>
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
                        <rasd:ElementName>IDE 0</rasd:ElementName>
                        <rasd:InstanceID>3</rasd:InstanceID>
                        <rasd:ResourceType>5</rasd:ResourceType>
                      </Item>
                      <Item>
                        <rasd:AddressOnParent>0</rasd:AddressOnParent>
                        <rasd:ElementName>Hard disk 1</rasd:ElementName>
                        <rasd:HostResource>ovf:/disk/vmdisk1</rasd:HostResource>
                        <rasd:InstanceID>4</rasd:InstanceID>
                        <rasd:Parent>3</rasd:Parent>
                        <rasd:ResourceType>17</rasd:ResourceType>
                      </Item>
                      <Item>
                        <rasd:AddressOnParent>7</rasd:AddressOnParent>
                        <rasd:AutomaticAllocation>true</rasd:AutomaticAllocation>
                        <rasd:Connection>VM Network</rasd:Connection>
                        <rasd:ElementName>Network adapter 1</rasd:ElementName>
                        <rasd:InstanceID>5</rasd:InstanceID>
                        <rasd:ResourceSubType>E1000</rasd:ResourceSubType>
                        <rasd:ResourceType>10</rasd:ResourceType>
                      </Item>
                    </VirtualHardwareSection>
                  </VirtualSystem>
                </Envelope>
                """.formatted(NAME, vmdkBytes, diskBytes, GUEST);
    }
}
