package dev.ferry.disk.source;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly one server certificate, named by its SHA-256 fingerprint: how an operator who has checked a
 * self-signed vCenter certificate out of band says "this one and no other". Host names are not checked because the
 * pin is stricter than any name check; there is deliberately no way to trust every certificate.
 */
public final class PinnedCertificateTrustManager extends X509ExtendedTrustManager {

    private final String pinnedSha256;

    PinnedCertificateTrustManager(String pinnedSha256) {
        this.pinnedSha256 = pinnedSha256;
    }

    /** A TLS context that trusts only the pinned certificate. */
    public static SSLContext context(String pinnedSha256) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] { new PinnedCertificateTrustManager(pinnedSha256) },
                    new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS with a pinned certificate", e);
        }
    }

    /** The SHA-256 fingerprint of a certificate's DER encoding, as 64 lower case hex digits. */
    public static String fingerprint(X509Certificate certificate) throws CertificateEncodingException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("server sent no certificate");
        }
        String actual = fingerprint(chain[0]);
        if (!MessageDigest.isEqual(actual.getBytes(), pinnedSha256.getBytes())) {
            throw new CertificateException("server certificate SHA-256 fingerprint " + actual
                    + " does not match the pinned fingerprint " + pinnedSha256);
        }
        // No validity-date check: the operator vouched for this exact certificate, and vCenters run on expired ones.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager only checks servers");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
