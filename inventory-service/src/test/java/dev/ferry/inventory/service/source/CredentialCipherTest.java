package dev.ferry.inventory.service.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class CredentialCipherTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private final UUID source = UUID.randomUUID();

    @Test
    void passwordRoundTripsAndIsNotInTheCiphertext() {
        CredentialCipher cipher = new CredentialCipher(Optional.of(KEY));

        byte[] sealed = cipher.encrypt("s3cret-password", source);

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("s3cret");
        assertThat(cipher.decrypt(sealed, source)).isEqualTo("s3cret-password");
        assertThat(cipher.encrypt("s3cret-password", source)).as("a fresh IV each time").isNotEqualTo(sealed);
    }

    @Test
    void ciphertextDoesNotOpenForAnotherSourceOrKey() {
        byte[] sealed = new CredentialCipher(Optional.of(KEY)).encrypt("pw", source);
        String otherKey = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

        assertThatThrownBy(() -> new CredentialCipher(Optional.of(KEY)).decrypt(sealed, UUID.randomUUID()))
                .hasMessageContaining("cannot be decrypted");
        assertThatThrownBy(() -> new CredentialCipher(Optional.of(otherKey)).decrypt(sealed, source))
                .hasMessageContaining("was the key changed?");
    }

    @Test
    void keyOfTheWrongSizeIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new CredentialCipher(Optional.of(Base64.getEncoder().encodeToString(new byte[7]))))
                .hasMessageContaining("16, 24 or 32");
        assertThatThrownBy(() -> new CredentialCipher(Optional.of("not base64 !!")))
                .hasMessageContaining("not valid base64");
        assertThat(new CredentialCipher(Optional.empty()).available()).isFalse();
    }
}
