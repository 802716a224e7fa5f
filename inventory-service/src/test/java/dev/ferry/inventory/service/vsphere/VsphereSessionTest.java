package dev.ferry.inventory.service.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ferry.inventory.service.discovery.DiscoveryException;
import dev.ferry.inventory.testing.VsphereSimulator;

/** The SOAP client against govmomi's vCenter simulator: sessions, paging, and the failures people meet. */
class VsphereSessionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static VsphereSimulator vcsim;

    @BeforeAll
    static void startSimulator() throws Exception {
        vcsim = VsphereSimulator.start();
    }

    @AfterAll
    static void stopSimulator() {
        if (vcsim != null) {
            vcsim.close();
        }
    }

    @Test
    void retrievesEveryVirtualMachineAcrossSeveralPages() throws Exception {
        List<String> names = new ArrayList<>();
        try (VsphereSession session = open(VsphereSimulator.PASSWORD, vcsim.thumbprint(), 2)) {
            MoRef view = session.createContainerView(List.of("VirtualMachine"));
            session.retrieve(view, Map.of("VirtualMachine", List.of("name", "config.hardware.numCPU")),
                    vm -> names.add(vm.text("name")));

            assertThat(names).containsExactlyInAnyOrder("DC0_H0_VM0", "DC0_H0_VM1", "DC0_C0_RP0_VM0",
                    "DC0_C0_RP0_VM1");
            assertThat(session.pages()).as("4 VMs at 2 per page").isEqualTo(2);
            assertThat(session.product()).contains("vCenter");
        }
    }

    @Test
    void wrongPasswordIsRefusedClearly() {
        assertThatThrownBy(() -> open("not the password", vcsim.thumbprint(), 10))
                .isInstanceOf(DiscoveryException.class)
                .hasMessageContaining("refused the login of '" + VsphereSimulator.USERNAME + "'")
                .hasMessageContaining("incorrect user name or password")
                .hasMessageNotContaining("not the password");
    }

    @Test
    void certificateOtherThanThePinnedOneIsRefused() {
        String otherPin = "ab".repeat(32);
        assertThatThrownBy(() -> open(VsphereSimulator.PASSWORD, otherPin, 10))
                .isInstanceOf(DiscoveryException.class)
                .hasMessageContaining("does not match the source's certificateThumbprint")
                .hasMessageContaining(vcsim.thumbprint());
    }

    @Test
    void selfSignedCertificateIsNotTrustedWithoutAPin() {
        assertThatThrownBy(() -> open(VsphereSimulator.PASSWORD, null, 10))
                .isInstanceOf(DiscoveryException.class)
                .hasMessageContaining("is not trusted");
    }

    @Test
    void closedPortIsReportedAsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI nobody = URI.create("https://127.0.0.1:" + port + "/sdk");
        assertThatThrownBy(() -> VsphereSession.open(nobody, "user", "pass", null, TIMEOUT, TIMEOUT, 10))
                .isInstanceOf(DiscoveryException.class)
                .hasMessageContaining("cannot connect to 127.0.0.1:" + port);
    }

    @Test
    void endpointThatIsNotVsphereIsNamedAsSuch() {
        URI wrongPath = vcsim.url().resolve("/about");
        assertThatThrownBy(() -> VsphereSession.open(wrongPath, VsphereSimulator.USERNAME, VsphereSimulator.PASSWORD,
                vcsim.thumbprint(), TIMEOUT, TIMEOUT, 10))
                .isInstanceOf(DiscoveryException.class)
                .hasMessageContaining("not a vSphere SDK endpoint");
    }

    private static VsphereSession open(String password, String pin, int pageSize) throws DiscoveryException {
        return VsphereSession.open(vcsim.url(), VsphereSimulator.USERNAME, password, pin, TIMEOUT, TIMEOUT, pageSize);
    }
}
