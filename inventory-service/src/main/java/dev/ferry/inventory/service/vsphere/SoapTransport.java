package dev.ferry.inventory.service.vsphere;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.xml.stream.XMLStreamException;

import dev.ferry.inventory.service.discovery.DiscoveryException;
import dev.ferry.inventory.service.xml.XmlDocuments;
import dev.ferry.inventory.service.xml.XmlElement;

/**
 * Calls vSphere Web Services methods: SOAP 1.1 envelopes over the JDK HTTP client, answers parsed with StAX. Keeps
 * the session cookie of its endpoint. Connection, TLS and SOAP faults become {@link DiscoveryException}s whose
 * messages say what to fix.
 */
final class SoapTransport {

    private static final String ENVELOPE_START = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
            + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
            + "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"><soapenv:Body>";
    private static final String ENVELOPE_END = "</soapenv:Body></soapenv:Envelope>";
    /** Generous: a page of a few hundred VMs with all their devices is some megabytes, a few hundred thousand nodes. */
    private static final int MAX_ELEMENTS = 5_000_000;

    private final URI endpoint;
    private final HttpClient http;
    private final Duration requestTimeout;
    /** Sent as SOAPAction; the server's own API version once known, so it answers in that version. */
    private volatile String apiVersion = "6.5";

    SoapTransport(URI endpoint, SSLContext tls, Duration connectTimeout, Duration requestTimeout) {
        this.endpoint = endpoint;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(tls)
                .connectTimeout(connectTimeout)
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .build();
    }

    URI endpoint() {
        return endpoint;
    }

    void useApiVersion(String version) {
        if (version != null && !version.isBlank()) {
            apiVersion = version;
        }
    }

    /**
     * Calls {@code method} with {@code arguments} (XML of its parameters) and returns the answer's element
     * ({@code <methodResponse>}).
     *
     * @throws VsphereFault when the server answers with a SOAP fault
     * @throws DiscoveryException when the endpoint cannot be reached or does not speak the vSphere API
     */
    XmlElement call(String method, String arguments) throws DiscoveryException {
        String envelope = ENVELOPE_START + "<" + method + " xmlns=\"urn:vim25\">" + arguments + "</" + method + ">"
                + ENVELOPE_END;
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("SOAPAction", "urn:vim25/" + apiVersion)
                .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8))
                .build();
        HttpResponse<InputStream> response = send(request);
        XmlElement body;
        try (InputStream in = response.body()) {
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (!type.contains("xml")) {
                throw new DiscoveryException(endpoint + " answered HTTP " + response.statusCode() + " with "
                        + (type.isEmpty() ? "no content type" : type) + ": it is not a vSphere SDK endpoint "
                        + "(expected https://<vcenter>/sdk)");
            }
            XmlElement root = XmlDocuments.parse(in, MAX_ELEMENTS);
            body = root.child("Body");
        } catch (XMLStreamException e) {
            throw new DiscoveryException(endpoint + " answered " + method + " with malformed XML: " + e.getMessage());
        } catch (IOException e) {
            throw new DiscoveryException("reading the answer to " + method + " from " + endpoint + " failed: "
                    + e.getMessage());
        }
        if (body == null || body.children().isEmpty()) {
            throw new DiscoveryException(endpoint + " answered " + method + " (HTTP " + response.statusCode()
                    + ") without a SOAP body: it is not a vSphere SDK endpoint");
        }
        XmlElement answer = body.children().get(0);
        if ("Fault".equals(answer.name())) {
            throw VsphereFault.of(method, answer);
        }
        return answer;
    }

    private HttpResponse<InputStream> send(HttpRequest request) throws DiscoveryException {
        String where = endpoint.getHost() + (endpoint.getPort() > 0 ? ":" + endpoint.getPort() : "");
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new DiscoveryException("timed out connecting to " + where + ": check the address and firewall");
        } catch (HttpTimeoutException e) {
            throw new DiscoveryException(where + " did not answer within " + requestTimeout.toSeconds() + " s");
        } catch (SSLException e) {
            throw new DiscoveryException(tlsProblem(where, e));
        } catch (ConnectException e) {
            throw new DiscoveryException("cannot connect to " + where + ": "
                    + (e.getMessage() == null ? "connection refused" : e.getMessage())
                    + "; check the address and that vCenter is up");
        } catch (IOException e) {
            Throwable root = rootCause(e);
            if (root instanceof UnresolvedAddressException || root instanceof UnknownHostException) {
                throw new DiscoveryException("cannot resolve host " + endpoint.getHost() + ": check the address");
            }
            throw new DiscoveryException("cannot reach " + where + ": " + describe(root));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscoveryException("interrupted while calling " + where);
        }
    }

    private static String tlsProblem(String where, SSLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateException certificate) {
                String message = certificate.getMessage() == null ? "" : certificate.getMessage();
                if (message.contains("pinned")) {
                    return "the TLS certificate of " + where + " does not match the source's certificateThumbprint ("
                            + message + "); if vCenter's certificate was replaced, check the new one and update "
                            + "the thumbprint";
                }
                return "the TLS certificate of " + where + " is not trusted (" + message + "); add its CA to the "
                        + "trust store, or pin its SHA-256 thumbprint in the source's certificateThumbprint";
            }
        }
        return "TLS connection to " + where + " failed: " + describe(rootCause(e));
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
