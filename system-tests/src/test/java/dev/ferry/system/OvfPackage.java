package dev.ferry.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An OVF package made here: a descriptor of one machine with one disk on SCSI 0:0 and one NIC, beside its VMDK or packed
 * with it into an OVA by {@code tar} in the order OVF requires (descriptor first).
 *
 * @param name the machine's name (also the OVF's and OVA's)
 * @param cpus its virtual processors
 * @param efi true for UEFI firmware, false for BIOS
 * @param osType its VMware guest id ("windows7Server64Guest")
 * @param capacityBytes the disk's virtual size
 */
record OvfPackage(String name, int cpus, boolean efi, String osType, long capacityBytes) {

    /** The file name the descriptor gives the disk's VMDK. */
    String diskFileName() {
        return name + "-disk1.vmdk";
    }

    /** Writes the descriptor beside {@code vmdk}, which must be named {@link #diskFileName()}, and returns it. */
    Path descriptorBeside(Path vmdk) throws IOException {
        if (!vmdk.getFileName().toString().equals(diskFileName())) {
            throw new IllegalArgumentException(vmdk + " is not named " + diskFileName());
        }
        return Files.writeString(vmdk.resolveSibling(name + ".ovf"), descriptor(Files.size(vmdk)));
    }

    /** Writes the OVA holding {@code vmdk} into {@code folder} and returns it. */
    Path ova(Path folder, Path vmdk) throws IOException, InterruptedException {
        Path work = Files.createDirectories(folder.resolve(name + "-ova"));
        Path disk = Files.copy(vmdk, work.resolve(diskFileName()));
        descriptorBeside(disk);
        Path ova = folder.resolve(name + ".ova");
        Process tar = new ProcessBuilder(List.of("tar", "-cf", ova.toString(), "-C", work.toString(), name + ".ovf",
                disk.getFileName().toString())).inheritIO().start();
        if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new IOException("tar could not pack " + ova);
        }
        return ova;
    }

    private String descriptor(long vmdkSize) {
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
                    <OperatingSystemSection ovf:id="1" vmw:osType="%4$s">
                      <Info>The kind of installed guest operating system</Info>
                    </OperatingSystemSection>
                    <VirtualHardwareSection>
                      <Info>Virtual hardware requirements</Info>
                      <System>
                        <vssd:ElementName>Virtual Hardware Family</vssd:ElementName>
                        <vssd:InstanceID>0</vssd:InstanceID>
                        <vssd:VirtualSystemIdentifier>%1$s</vssd:VirtualSystemIdentifier>
                        <vssd:VirtualSystemType>vmx-14</vssd:VirtualSystemType>
                      </System>
                      <Item>
                        <rasd:AllocationUnits>hertz * 10^6</rasd:AllocationUnits>
                        <rasd:ElementName>%5$d virtual CPU(s)</rasd:ElementName>
                        <rasd:InstanceID>1</rasd:InstanceID>
                        <rasd:ResourceType>3</rasd:ResourceType>
                        <rasd:VirtualQuantity>%5$d</rasd:VirtualQuantity>
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
                      <vmw:Config ovf:required="false" vmw:key="firmware" vmw:value="%6$s"/>
                    </VirtualHardwareSection>
                  </VirtualSystem>
                </Envelope>
                """.formatted(name, vmdkSize, capacityBytes, osType, cpus, efi ? "efi" : "bios");
    }
}
