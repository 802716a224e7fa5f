package dev.ferry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Facts read from a prepared /proc, /sys and /etc tree of a two-socket EFI server with a partitioned SATA disk. */
class HostFactsCollectorTest {

    @TempDir
    Path root;

    @Test
    void readsIdentityFirmwareProcessorsMemoryDisksAndInterfaces() throws IOException {
        prepareServer();

        HostFacts facts = HostFactsCollector.collect(new SystemFiles(root), "nbd://10.0.0.5:10809",
                Map.of("sdb", "nbd://10.0.0.5:10810/data"));

        assertThat(facts.hostName()).isEqualTo("db01");
        assertThat(facts.biosUuid()).isEqualTo("4c4c4544-0042-3510-8054-b4c04f563232");
        assertThat(facts.vendor()).isEqualTo("Dell Inc.");
        assertThat(facts.firmware()).isEqualTo("EFI");
        assertThat(facts.os().id()).isEqualTo("rhel");
        assertThat(facts.os().name()).isEqualTo("Red Hat Enterprise Linux 9.3 (Plow)");
        assertThat(facts.cpu()).isEqualTo(new HostFacts.Cpu(4, 2, 2, "Intel(R) Xeon(R) Gold 6248"));
        assertThat(facts.memoryBytes()).isEqualTo(65_536_000L * 1024);
        assertThat(facts.disks()).extracting(HostFacts.BlockDevice::name).containsExactly("sda", "sdb");
        HostFacts.BlockDevice sda = facts.disks().get(0);
        assertThat(sda.sizeBytes()).isEqualTo(1_000_215_216L * 512);
        assertThat(sda.rotational()).isTrue();
        assertThat(sda.partitions()).containsExactly("sda1", "sda2");
        assertThat(sda.boot()).as("/ is on sda2").isTrue();
        assertThat(sda.nbdUri()).isEqualTo("nbd://10.0.0.5:10809/sda");
        assertThat(facts.disks().get(1).nbdUri()).isEqualTo("nbd://10.0.0.5:10810/data");
        assertThat(facts.disks().get(1).removable()).isTrue();
        assertThat(facts.nics()).extracting(HostFacts.NetworkInterface::name).containsExactly("eno1");
        assertThat(facts.nics().get(0).mac()).isEqualTo("b0:83:fe:01:02:03");
        assertThat(facts.nics().get(0).speedMbps()).isEqualTo(10000);
    }

    @Test
    void dryRunPrintsTheFactsAsJson() throws IOException {
        prepareServer();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = FerryAgent.run(new String[] { "--root", root.toString(), "--dry-run" }, null,
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"hostName\":\"db01\"",
                "\"coresPerSocket\":2", "\"partitions\":[\"sda1\",\"sda2\"]");
    }

    @Test
    void missingServerOrTokenIsAUsageError() throws IOException {
        prepareServer();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = FerryAgent.run(new String[] { "--root", root.toString() }, null, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(FerryAgent.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--server and a registration token");
    }

    @Test
    void jsonEscapesWhatItWrites() {
        assertThat(Json.write(new HostFacts.Os("x\"y", "a\\b\n", null, "amd64")))
                .isEqualTo("{\"id\":\"x\\\"y\",\"name\":\"a\\\\b\\n\",\"version\":null,\"architecture\":\"amd64\"}");
    }

    private void prepareServer() throws IOException {
        write("proc/sys/kernel/hostname", "db01\n");
        write("sys/class/dmi/id/product_uuid", "4c4c4544-0042-3510-8054-b4c04f563232\n");
        write("sys/class/dmi/id/sys_vendor", "Dell Inc.\n");
        write("sys/class/dmi/id/product_name", "PowerEdge R740\n");
        Files.createDirectories(root.resolve("sys/firmware/efi"));
        write("etc/os-release", "NAME=\"Red Hat Enterprise Linux\"\nID=\"rhel\"\nVERSION_ID=\"9.3\"\n"
                + "PRETTY_NAME=\"Red Hat Enterprise Linux 9.3 (Plow)\"\n");
        write("etc/machine-id", "0123456789abcdef0123456789abcdef\n");
        StringBuilder cpuinfo = new StringBuilder();
        for (int cpu = 0; cpu < 4; cpu++) {
            cpuinfo.append("processor\t: ").append(cpu).append("\nmodel name\t: Intel(R) Xeon(R) Gold 6248\n")
                    .append("physical id\t: ").append(cpu / 2).append("\ncpu cores\t: 2\n\n");
        }
        write("proc/cpuinfo", cpuinfo.toString());
        write("proc/meminfo", "MemTotal:       65536000 kB\nMemFree:         1000 kB\n");
        write("sys/block/sda/size", "1000215216\n");
        write("sys/block/sda/queue/rotational", "1\n");
        write("sys/block/sda/removable", "0\n");
        write("sys/block/sda/sda1/partition", "1\n");
        write("sys/block/sda/sda2/partition", "2\n");
        write("sys/block/sdb/size", "2048\n");
        write("sys/block/sdb/queue/rotational", "0\n");
        write("sys/block/sdb/removable", "1\n");
        write("sys/block/loop0/size", "100\n");
        write("sys/block/zram0/size", "0\n");
        Files.createDirectories(root.resolve("sys/class/block"));
        Files.createSymbolicLink(root.resolve("sys/class/block/sda2"), Path.of("../../block/sda/sda2"));
        write("proc/self/mountinfo", "22 1 8:2 / / rw,relatime shared:1 - xfs /dev/sda2 rw\n"
                + "23 22 0:5 / /proc rw - proc proc rw\n");
        write("sys/devices/pci0000:00/0000:00:1f.6/net/eno1/address", "b0:83:fe:01:02:03\n");
        write("sys/devices/pci0000:00/0000:00:1f.6/net/eno1/speed", "10000\n");
        write("sys/devices/virtual/net/lo/address", "00:00:00:00:00:00\n");
        Files.createDirectories(root.resolve("sys/class/net"));
        Files.createSymbolicLink(root.resolve("sys/class/net/eno1"),
                Path.of("../../devices/pci0000:00/0000:00:1f.6/net/eno1"));
        Files.createSymbolicLink(root.resolve("sys/class/net/lo"), Path.of("../../devices/virtual/net/lo"));
    }

    private void write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
