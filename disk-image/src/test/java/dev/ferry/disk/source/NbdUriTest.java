package dev.ferry.disk.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** NBD URIs as the NBD URI specification's examples define them. */
class NbdUriTest {

    @Test
    void takesTheExportNameFromThePathWithoutItsLeadingSlash() {
        assertThat(NbdUri.parse("nbd://example.com/disk").exportName()).isEqualTo("disk");
        assertThat(NbdUri.parse("nbd://example.com/").exportName()).isEmpty();
        assertThat(NbdUri.parse("nbd://example.com").exportName()).isEmpty();
        assertThat(NbdUri.parse("nbd://example.com//disk").exportName()).isEqualTo("/disk");
        assertThat(NbdUri.parse("nbd://example.com/hello%20world").exportName()).isEqualTo("hello world");
        assertThat(NbdUri.parse("nbd+unix:///disk?socket=sock").exportName()).isEqualTo("disk");
    }

    @Test
    void defaultsToTheIanaPortAndAcceptsIpv6Literals() {
        NbdUri uri = NbdUri.parse("nbd://[::1]/export");
        assertThat(uri.address()).isEqualTo(new InetSocketAddress("::1", 10809));
        assertThat(uri.describe()).isEqualTo("nbd://[::1]:10809/export");
        assertThat(NbdUri.parse("nbd://10.0.0.5:2000/x").port()).isEqualTo(2000);
    }

    @Test
    void connectsToTheUnixSocketNamedInTheQuery() {
        NbdUri uri = NbdUri.parse("nbd+unix:///vm?socket=/run/nbd%20dir/vm.sock");
        assertThat(uri.address()).isEqualTo(UnixDomainSocketAddress.of(Path.of("/run/nbd dir/vm.sock")));
        assertThat(uri.describe()).isEqualTo("nbd+unix:///vm?socket=/run/nbd dir/vm.sock");
    }

    @Test
    void leavesUserInfoOutOfTheDescription() {
        assertThat(NbdUri.parse("nbd://alice:secret@host:10809/disk").describe()).isEqualTo(
                "nbd://host:10809/disk");
    }

    @Test
    void marksTlsSchemes() {
        assertThat(NbdUri.parse("nbds://host/disk").tls()).isTrue();
        assertThat(NbdUri.parse("nbds+unix:///disk?socket=/s").tls()).isTrue();
        assertThat(NbdUri.parse("nbd://host/disk").tls()).isFalse();
    }

    @Test
    void rejectsWhatItCannotHonour() {
        assertThatThrownBy(() -> NbdUri.parse("nbd+unix:///disk")).hasMessageContaining("socket=");
        assertThatThrownBy(() -> NbdUri.parse("nbd://host/disk?socket=/s")).hasMessageContaining("only for");
        assertThatThrownBy(() -> NbdUri.parse("nbd://host/disk?tls-verify-peer=0")).hasMessageContaining(
                "tls-verify-peer");
        assertThatThrownBy(() -> NbdUri.parse("nbd+unix:///?socket=%00abstract")).hasMessageContaining("abstract");
        assertThatThrownBy(() -> NbdUri.parse("nbd://host/a%00b")).hasMessageContaining("NUL");
        assertThat(NbdUri.parse("nbd://host/disk?x-experiment=1").exportName()).isEqualTo("disk");
    }
}
