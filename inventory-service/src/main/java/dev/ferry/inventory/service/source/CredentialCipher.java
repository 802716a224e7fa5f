package dev.ferry.inventory.service.source;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.ferry.inventory.config.InventoryConfig;
import io.quarkus.runtime.Startup;

/**
 * Encrypts source passwords at rest with AES-GCM under the configured key. Each ciphertext is bound to its source id
 * (as associated data), so a ciphertext copied to another source does not decrypt.
 */
@ApplicationScoped
@Startup
public class CredentialCipher {

    private static final byte FORMAT = 1;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Optional<SecretKey> key;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public CredentialCipher(InventoryConfig config) {
        this(config.credentialsKey());
    }

    /** @param base64Key the key as configured, or empty */
    CredentialCipher(Optional<String> base64Key) {
        this.key = base64Key.filter(value -> !value.isBlank()).map(CredentialCipher::parseKey);
    }

    /** Whether a key is configured, so passwords can be stored. */
    public boolean available() {
        return key.isPresent();
    }

    public byte[] encrypt(String password, UUID sourceId) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, iv, sourceId);
            byte[] sealed = cipher.doFinal(password.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + IV_BYTES + sealed.length).put(FORMAT).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a source password", e);
        }
    }

    /**
     * @throws IllegalStateException when no key is configured or the ciphertext does not open with it (the key
     *         changed, or the data was altered)
     */
    public String decrypt(byte[] ciphertext, UUID sourceId) {
        if (ciphertext.length < 1 + IV_BYTES || ciphertext[0] != FORMAT) {
            throw new IllegalStateException("the stored password is not in a format this version reads");
        }
        byte[] iv = new byte[IV_BYTES];
        System.arraycopy(ciphertext, 1, iv, 0, IV_BYTES);
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, iv, sourceId);
            byte[] plain = cipher.doFinal(ciphertext, 1 + IV_BYTES, ciphertext.length - 1 - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the stored password cannot be decrypted with the configured "
                    + "ferry.inventory.credentials-key (was the key changed?); set the password again");
        }
    }

    private Cipher cipher(int mode, byte[] iv, UUID sourceId) throws GeneralSecurityException {
        SecretKey secret = key.orElseThrow(() -> new IllegalStateException(
                "no ferry.inventory.credentials-key is configured, so stored passwords cannot be used"));
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, secret, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(sourceId.toString().getBytes(StandardCharsets.US_ASCII));
        return cipher;
    }

    private static SecretKey parseKey(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ferry.inventory.credentials-key is not valid base64");
        }
        if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
            throw new IllegalStateException("ferry.inventory.credentials-key must be the base64 of 16, 24 or 32 "
                    + "random bytes (AES-128/192/256), not " + bytes.length + " bytes");
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
