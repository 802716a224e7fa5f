package dev.ferry.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.events.EventCodec;
import dev.ferry.inventory.testing.VsphereSimulator;

/**
 * One wave of three kinds of machines, each found through the inventory's own API: an OVA made here, a VM on govmomi's
 * vSphere simulator whose datastore disk is a VMDK made by qemu-img (read by the worker over HTTPS), and a physical host
 * whose disk qemu-nbd exports over NBD. Converted to Hyper-V 2008 R2 (VHD, Generation 1, vCPUs capped, boot disk moved
 * to IDE 0:0) and to Hyper-V 2019 Generation 2 (VHDX); every output must hold its source's bytes and the definitions
 * the remediations. A corrupt disk fails its own job only.
 */
class ConversionWaveIT {

    private static final long OVA_DISK = 24L << 20;
    private static final long PHYSICAL_DISK = 16L << 20;
    private static final long VM_DISK = 16L << 20;
    private static final Duration WAVE_TIMEOUT = Duration.ofMinutes(4);

    private static VsphereSimulator vcsim;
    private static MigrationStack stack;
    private static List<JsonNode> vsphereMachines;
    private static final List<QemuNbd> EXPORTS = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        // Each VM's disk as big as the VMDK the tests put on the datastore for it.
        vcsim = VsphereSimulator.start("-variety", "-disk-mb", Long.toString(VM_DISK >> 20));
        stack = MigrationStack.start("conversion-wave", Map.of());
        stack.worker("wave-worker", 0);
        vsphereMachines = stack.api().discoverVsphere(vcsim);
    }

    @AfterAll
    static void stop() {
        EXPORTS.forEach(QemuNbd::close);
        if (stack != null) {
            stack.close();
        }
        if (vcsim != null) {
            vcsim.close();
        }
    }

    @Test
    void waveOfThreeSourceKindsConvertsToHyperV2008R2Generation1WithItsRemediations() throws Exception {
        List<JsonNode> jobs = convertThreeKindsOfMachines("r2", false, "e2e-2008r2", "hyperv-2008r2", "vpc");
        for (JsonNode job : jobs) {
            String script = definition(job, ".ps1");
            JsonNode manifest = EventCodec.mapper().readTree(definition(job, ".json"));
            assertThat(script).contains("-Generation 1");
            assertThat(manifest.get("generation").asInt()).isEqualTo(1);
            JsonNode boot = manifest.get("disks").get(0);
            assertThat(boot.get("boot").asBoolean()).isTrue();
            assertThat(boot.get("format").asText()).isEqualToIgnoringCase("vhd");
            assertThat(boot.at("/slot/bus").asText()).isEqualTo("IDE");
            assertThat(boot.at("/slot/controller").asInt()).isZero();
            assertThat(boot.at("/slot/unit").asInt()).isZero();
            assertThat(script).containsPattern("-ControllerType IDE -ControllerNumber 0 -ControllerLocation 0");
            assertThat(remediations(manifest)).anySatisfy(remediation -> assertThat(remediation)
                    .contains("moved to IDE 0:0"));
        }
        JsonNode capped = jobs.stream().filter(job -> job.get("machineName").asText().equals("r2-ova")).findFirst()
                .orElseThrow();
        JsonNode manifest = EventCodec.mapper().readTree(definition(capped, ".json"));
        assertThat(manifest.get("vcpus").asInt()).isEqualTo(4);
        assertThat(remediations(manifest)).contains("vCPUs capped from 8 to 4");
        assertThat(definition(capped, ".ps1")).containsPattern("ProcessorCount\\D+4\\b|-Count 4\\b");
    }

    @Test
    void waveOfThreeSourceKindsConvertsToHyperV2019Generation2Vhdx() throws Exception {
        List<JsonNode> jobs = convertThreeKindsOfMachines("g2", true, "e2e-2019", "hyperv-2019-gen2", "vhdx");
        for (JsonNode job : jobs) {
            String script = definition(job, ".ps1");
            JsonNode manifest = EventCodec.mapper().readTree(definition(job, ".json"));
            assertThat(script).contains("-Generation 2");
            assertThat(manifest.get("generation").asInt()).isEqualTo(2);
            assertThat(manifest.get("firmware").asText()).isEqualTo("EFI");
            JsonNode boot = manifest.get("disks").get(0);
            assertThat(boot.get("format").asText()).isEqualToIgnoringCase("vhdx");
            assertThat(boot.at("/slot/bus").asText()).isEqualTo("SCSI");
            assertThat(script).contains("-ControllerType SCSI");
        }
    }

    /**
     * Runs one wave of an OVA, a vSphere VM and a physical host to {@code profile} and checks what every target must
     * show: the wave and its three jobs COMPLETED, every step done, every disk identical to its source by qemu-img
     * (read as {@code qemuFormat}); returns the jobs for the profile's own checks.
     */
    private static List<JsonNode> convertThreeKindsOfMachines(String prefix, boolean efi, String waveName,
            String profile, String qemuFormat) throws Exception {
        Map<String, Path> sources = new HashMap<>();
        List<String> machines = threeKindsOfMachines(prefix, efi, sources);

        String waveId = stack.api().submitWave(waveName, profile, waveName, machines);
        JsonNode wave = stack.api().awaitWaveFinished(waveId, WAVE_TIMEOUT);

        assertThat(wave.get("state").asText()).as(wave.toString()).isEqualTo("COMPLETED");
        List<JsonNode> jobs = stack.api().jobs(waveId);
        assertThat(jobs).hasSize(3).allSatisfy(job -> assertThat(job.get("state").asText()).as(job.toString())
                .isEqualTo("COMPLETED"));
        for (JsonNode job : jobs) {
            assertItineraryDone(job);
            assertOutputsIdentical(job, sources, qemuFormat);
        }
        return jobs;
    }

    @Test
    void corruptSourceDiskFailsItsJobWithTheParsersMessageWhileTheRestOfTheWaveCompletes() throws Exception {
        Path images = stack.images();
        Path good = SourceDisks.convert(SourceDisks.raw(images, "bad-wave-good", OVA_DISK, 31), "vmdk", "vmdk",
                "subformat=streamOptimized");
        Path corrupt = SourceDisks.convert(SourceDisks.raw(images, "bad-wave-corrupt", OVA_DISK, 32), "vmdk",
                "vmdk", "subformat=streamOptimized");
        corruptFirstGrain(corrupt);
        String parserMessage = readError(corrupt);
        JsonNode goodMachine = stack.api().importOva(new OvfPackage("good01", 2, false, "windows7Server64Guest",
                OVA_DISK).ova(images, good));
        JsonNode corruptMachine = stack.api().importOva(new OvfPackage("corrupt01", 2, false,
                "windows7Server64Guest", OVA_DISK).ova(images, corrupt));

        String waveId = stack.api().submitWave("e2e-corrupt", "hyperv-2008r2", "e2e-corrupt", List.of(
                goodMachine.get("id").asText(), corruptMachine.get("id").asText()));
        JsonNode wave = stack.api().awaitWaveFinished(waveId, WAVE_TIMEOUT);

        assertThat(wave.get("state").asText()).as(wave.toString()).isEqualTo("COMPLETED_WITH_FAILURES");
        Map<String, JsonNode> jobs = new HashMap<>();
        stack.api().jobs(waveId).forEach(job -> jobs.put(job.get("machineName").asText(), job));
        assertThat(jobs.get("good01").get("state").asText()).isEqualTo("COMPLETED");
        JsonNode failed = jobs.get("corrupt01");
        assertThat(failed.get("state").asText()).isEqualTo("FAILED");
        assertThat(failed.get("lastError").asText()).contains(parserMessage);
        assertOutputsIdentical(jobs.get("good01"), Map.of("good01", good), "vpc");
    }

    /**
     * Registers an OVA machine with 8 vCPUs, a physical host and picks a simulator VM, all booting with UEFI when
     * {@code efi} else BIOS; records each machine's source image by name in {@code sources}, returns their ids.
     */
    private static List<String> threeKindsOfMachines(String prefix, boolean efi, Map<String, Path> sources)
            throws Exception {
        Path images = stack.images();
        String guest = efi ? "windows9Server64Guest" : "windows7Server64Guest";
        Path ovaDisk = SourceDisks.convert(SourceDisks.raw(images, prefix + "-ova", OVA_DISK, 11), "vmdk", "vmdk",
                "subformat=streamOptimized");
        JsonNode ova = stack.api().importOva(new OvfPackage(prefix + "-ova", 8, efi, guest, OVA_DISK)
                .ova(images, ovaDisk));
        sources.put(prefix + "-ova", ovaDisk);

        Path physicalDisk = SourceDisks.convert(SourceDisks.raw(images, prefix + "-host", PHYSICAL_DISK, 12),
                "qcow2", "qcow2");
        QemuNbd nbd = QemuNbd.serve(physicalDisk, "qcow2", prefix + "-sda");
        EXPORTS.add(nbd);
        JsonNode host = stack.api().registerPhysicalHost(prefix + "-host", efi, 2, PHYSICAL_DISK, nbd.uri());
        sources.put(prefix + "-host", physicalDisk);

        JsonNode vm = vsphereMachines.stream()
                .filter(machine -> machine.at("/firmware/type").asText().equals(efi ? "EFI" : "BIOS"))
                .filter(machine -> machine.get("disks").size() == 1)
                .findFirst().orElseThrow(() -> new AssertionError("no simulator VM with one disk and "
                        + (efi ? "UEFI" : "BIOS")));
        JsonNode disk = vm.get("disks").get(0);
        assertThat(disk.get("capacityBytes").asLong()).isEqualTo(VM_DISK);
        Path vmDisk = SourceDisks.convert(SourceDisks.raw(images, prefix + "-vm", VM_DISK, 13), "vmdk", "vmdk");
        SourceDisks.upload(URI.create(disk.at("/content/location").asText()), vcsim.thumbprint(), vmDisk);
        sources.put(vm.get("name").asText(), vmDisk);
        return List.of(ova.get("id").asText(), vm.get("id").asText(), host.get("id").asText());
    }

    /**
     * Every step of the job's itinerary is done with its times, the read-back of each disk (which the worker reports
     * as VERIFYING) started no later than the definition (WRITING_DEFINITION).
     */
    private static void assertItineraryDone(JsonNode job) {
        Map<String, java.time.Instant> started = new HashMap<>();
        for (JsonNode step : job.get("itinerary")) {
            assertThat(step.get("status").asText()).as("%s of %s", step, job.get("machineName")).isEqualTo("DONE");
            assertThat(step.hasNonNull("startedAt") && step.hasNonNull("endedAt")).as(step.toString()).isTrue();
            started.merge(step.get("kind").asText(), java.time.Instant.parse(step.get("startedAt").asText()),
                    (a, b) -> a.isAfter(b) ? a : b);
        }
        assertThat(started).containsKeys("VALIDATE", "CONVERT_DISK", "VERIFY_DISK", "WRITE_DEFINITION");
        assertThat(started.get("VERIFY_DISK")).isBeforeOrEqualTo(started.get("WRITE_DEFINITION"));
    }

    /** Every disk the job wrote holds exactly its source's guest bytes, by qemu-img compare. */
    private static void assertOutputsIdentical(JsonNode job, Map<String, Path> sources, String qemuFormat)
            throws Exception {
        Path source = sources.get(job.get("machineName").asText());
        assertThat(source).as("source of %s", job.get("machineName")).isNotNull();
        JsonNode plan = EventCodec.mapper().readTree(job.get("plan").toString());
        for (JsonNode disk : plan.get("disks")) {
            Path output = folder(job).resolve(disk.get("fileName").asText());
            QemuImg.Result compared = QemuImg.compare(source, qemuFormat(source), output, qemuFormat);
            assertThat(compared.exitCode()).as("%s against %s: %s", output, source, compared.output()).isZero();
        }
    }

    private static String qemuFormat(Path image) {
        String name = image.getFileName().toString();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static Path folder(JsonNode job) throws Exception {
        return stack.targets().resolve(job.at("/target/folder").asText());
    }

    /** The job's definition file ending in {@code suffix}, as text. */
    private static String definition(JsonNode job, String suffix) throws Exception {
        for (JsonNode file : job.get("definitionFiles")) {
            if (file.asText().endsWith(suffix)) {
                return Files.readString(folder(job).resolve(file.asText()));
            }
        }
        throw new AssertionError("no " + suffix + " among " + job.get("definitionFiles"));
    }

    private static List<String> remediations(JsonNode manifest) {
        List<String> descriptions = new ArrayList<>();
        manifest.get("remediations").forEach(remediation -> descriptions.add(remediation.get("description")
                .asText()));
        return descriptions;
    }

    /** Overwrites the first compressed grain's marker (just after the 64 KiB of header and descriptor) with 0xFF. */
    private static void corruptFirstGrain(Path vmdk) throws Exception {
        try (FileChannel file = FileChannel.open(vmdk, StandardOpenOption.WRITE)) {
            ByteBuffer garbage = ByteBuffer.allocate(4096);
            while (garbage.hasRemaining()) {
                garbage.put((byte) 0xFF);
            }
            garbage.flip();
            file.write(garbage, 64 << 10);
        }
    }

    /** What the disk engine's parser says when the whole image is read. */
    private static String readError(Path image) {
        try (DiskImage disk = DiskImages.open(image)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            for (long offset = 0; offset < disk.virtualSize(); offset += buffer.capacity()) {
                buffer.clear();
                disk.read(offset, buffer);
            }
        } catch (Exception e) {
            return e.getMessage();
        }
        throw new AssertionError(image + " reads without error: it is not corrupt");
    }
}
