package dev.ferry.inventory.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * govmomi's vCenter simulator (a real vSphere Web Services peer) as a process on loopback, serving TLS with a
 * self-signed certificate. The program ({@code inventory-service/src/test/vcsim/main.go}) is built once into
 * {@code target/vcsim} from Debian's golang-go and golang-github-vmware-govmomi-dev packages and rebuilt only when its
 * source changes. The simulator stops when this object is closed, or when the JVM dies (it exits when its standard
 * input closes).
 */
public final class VsphereSimulator implements AutoCloseable {

    public static final String USERNAME = "ferry-discovery";
    public static final String PASSWORD = "vcsim <secret> & more";

    private static final long START_TIMEOUT_SECONDS = 120;
    private static final long BUILD_TIMEOUT_MINUTES = 10;

    private final Process process;
    private final URI url;
    private final String thumbprint;
    private final Path dump;

    private VsphereSimulator(Process process, URI url, String thumbprint, Path dump) {
        this.process = process;
        this.url = url;
        this.thumbprint = thumbprint;
        this.dump = dump;
    }

    /**
     * Starts a simulator of the default VPX model (one datacenter, a cluster of three hosts and a standalone host,
     * two VMs on each) changed by {@code modelFlags} ({@code "-vm", "1000"}; see main.go for the flags).
     */
    public static VsphereSimulator start(String... modelFlags) throws IOException {
        Path binary = binary();
        Path work = Files.createDirectories(binary.getParent().resolve("runs"));
        Path dump = Files.createTempFile(work, "model-", ".json");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-username", USERNAME, "-password",
                PASSWORD, "-dump", dump.toString()));
        command.addAll(List.of(modelFlags));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(work.resolve("vcsim.log").toFile()))
                .start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<String[]> announced = CompletableFuture.supplyAsync(() -> {
            String[] found = new String[2];
            try {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    if (line.startsWith("URL ")) {
                        found[0] = line.substring(4).strip();
                    } else if (line.startsWith("THUMBPRINT ")) {
                        found[1] = line.substring(11).strip();
                    }
                    if (found[0] != null && found[1] != null) {
                        return found;
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("the simulator exited; see " + work.resolve("vcsim.log"));
        });
        try {
            String[] found = announced.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new VsphereSimulator(process, URI.create(found[0]), found[1], dump);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("the vSphere simulator did not start: " + e.getMessage(), e);
        }
    }

    /** The SDK endpoint, {@code https://127.0.0.1:<port>/sdk}. */
    public URI url() {
        return url;
    }

    /** The SHA-256 thumbprint of the simulator's certificate, as 64 lower case hex digits. */
    public String thumbprint() {
        return thumbprint;
    }

    /** JSON with each VM's hardware as the simulator itself holds it (see main.go's vmDump). */
    public Path dump() {
        return dump;
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The simulator program, built if it is missing or older than its source. */
    static synchronized Path binary() throws IOException {
        Path source = source();
        Path folder = Files.createDirectories(Path.of("target", "vcsim").toAbsolutePath());
        Path binary = folder.resolve("vcsim");
        if (Files.isExecutable(binary)
                && Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(source)) >= 0) {
            return binary;
        }
        Path log = folder.resolve("build.log");
        ProcessBuilder build = new ProcessBuilder("go", "build", "-o", binary.toString(), source.getFileName()
                .toString())
                .directory(source.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        build.environment().put("GO111MODULE", "off");
        build.environment().put("GOPATH", "/usr/share/gocode");
        build.environment().putIfAbsent("GOCACHE", Path.of(System.getProperty("java.io.tmpdir"),
                "ferry-vcsim-gocache").toString());
        Process process;
        try {
            process = build.start();
        } catch (IOException e) {
            throw new IOException("cannot run 'go' to build the vSphere simulator: install golang-go and "
                    + "golang-github-vmware-govmomi-dev (apt-get)", e);
        }
        try {
            if (!process.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("building the vSphere simulator took over " + BUILD_TIMEOUT_MINUTES + " min");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building the vSphere simulator", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("building the vSphere simulator failed (is golang-github-vmware-govmomi-dev "
                    + "installed?):\n" + Files.readString(log));
        }
        return binary;
    }

    private static Path source() throws IOException {
        Path here = Path.of("src", "test", "vcsim", "main.go");
        if (Files.isRegularFile(here)) {
            return here.toAbsolutePath();
        }
        Path fromRoot = Path.of(System.getProperty("ferry.project.root", ".."), "inventory-service", "src", "test",
                "vcsim", "main.go");
        if (Files.isRegularFile(fromRoot)) {
            return fromRoot.toAbsolutePath();
        }
        throw new IOException("cannot find the simulator's source (inventory-service/src/test/vcsim/main.go)");
    }
}
