package dev.ferry.inventory.service.vsphere;

import static dev.ferry.inventory.service.xml.XmlDocuments.escape;

import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;

import org.jboss.logging.Logger;

import dev.ferry.disk.source.PinnedCertificateTrustManager;
import dev.ferry.inventory.service.discovery.DiscoveryException;
import dev.ferry.inventory.service.xml.XmlElement;

/**
 * A logged-in session with a vCenter or ESXi host over the vSphere Web Services API: RetrieveServiceContent, Login,
 * container views, paged property retrieval (RetrievePropertiesEx, ContinueRetrievePropertiesEx) and Logout. Close it
 * to log out.
 */
public final class VsphereSession implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(VsphereSession.class);

    private final SoapTransport soap;
    private final MoRef rootFolder;
    private final MoRef propertyCollector;
    private final MoRef viewManager;
    private final MoRef sessionManager;
    private final String product;
    private final int pageSize;
    private int pages;
    private boolean loggedIn;

    private VsphereSession(SoapTransport soap, XmlElement serviceContent, int pageSize) {
        this.soap = soap;
        this.rootFolder = MoRef.of(serviceContent.child("rootFolder"));
        this.propertyCollector = MoRef.of(serviceContent.child("propertyCollector"));
        this.viewManager = MoRef.of(serviceContent.child("viewManager"));
        this.sessionManager = MoRef.of(serviceContent.child("sessionManager"));
        this.product = serviceContent.textAt("about", "fullName");
        this.pageSize = pageSize;
    }

    /**
     * Connects and logs in.
     *
     * @param certificateThumbprint the SHA-256 thumbprint of the only certificate to trust, or null to verify the
     *        certificate against the JVM's trust store
     * @param pageSize objects per retrieval page (maxObjects)
     * @throws DiscoveryException when the endpoint cannot be reached, is not vSphere, or refuses the login
     */
    public static VsphereSession open(URI endpoint, String username, String password, String certificateThumbprint,
            Duration connectTimeout, Duration requestTimeout, int pageSize) throws DiscoveryException {
        SoapTransport soap = new SoapTransport(endpoint, tls(certificateThumbprint), connectTimeout, requestTimeout);
        XmlElement content = soap.call("RetrieveServiceContent",
                "<_this type=\"ServiceInstance\">ServiceInstance</_this>").child("returnval");
        if (content == null || content.child("propertyCollector") == null || content.child("viewManager") == null) {
            throw new DiscoveryException(endpoint + " does not offer the vSphere inventory API (no property "
                    + "collector or view manager in its service content)");
        }
        soap.useApiVersion(content.textAt("about", "apiVersion"));
        VsphereSession session = new VsphereSession(soap, content, pageSize);
        session.login(username, password);
        return session;
    }

    private static SSLContext tls(String certificateThumbprint) throws DiscoveryException {
        if (certificateThumbprint != null) {
            return PinnedCertificateTrustManager.context(certificateThumbprint);
        }
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new DiscoveryException("this JVM has no TLS support");
        }
    }

    private void login(String username, String password) throws DiscoveryException {
        try {
            soap.call("Login", sessionManager.toXml("_this") + "<userName>" + escape(username) + "</userName>"
                    + "<password>" + escape(password == null ? "" : password) + "</password>");
            loggedIn = true;
        } catch (VsphereFault fault) {
            if ("InvalidLogin".equals(fault.faultType())) {
                throw new DiscoveryException(soap.endpoint().getHost() + " refused the login of '" + username
                        + "': incorrect user name or password");
            }
            throw fault;
        }
    }

    /** "VMware vCenter Server 7.0.3 build-..." as the server names itself. */
    public String product() {
        return product;
    }

    public MoRef rootFolder() {
        return rootFolder;
    }

    /** Retrieval pages read so far in this session. */
    public int pages() {
        return pages;
    }

    /** A view of every object of {@code types} under the root folder. */
    public MoRef createContainerView(List<String> types) throws DiscoveryException {
        StringBuilder arguments = new StringBuilder(viewManager.toXml("_this")).append(rootFolder.toXml("container"));
        for (String type : types) {
            arguments.append("<type>").append(type).append("</type>");
        }
        arguments.append("<recursive>true</recursive>");
        MoRef view = MoRef.of(soap.call("CreateContainerView", arguments.toString()).child("returnval"));
        if (view == null) {
            throw new DiscoveryException("CreateContainerView returned no view");
        }
        return view;
    }

    public void destroyView(MoRef view) {
        try {
            soap.call("DestroyView", view.toXml("_this"));
        } catch (DiscoveryException e) {
            LOG.debugf("DestroyView %s failed: %s", view.value(), e.getMessage());
        }
    }

    /**
     * Retrieves properties of every object in {@code view}, a page at a time, handing each object to {@code each} as
     * it arrives.
     *
     * @param paths the property paths to read, by object type
     */
    public void retrieve(MoRef view, Map<String, List<String>> paths, Consumer<ObjectContent> each)
            throws DiscoveryException {
        StringBuilder arguments = new StringBuilder(propertyCollector.toXml("_this")).append("<specSet>");
        paths.forEach((type, list) -> {
            arguments.append("<propSet><type>").append(type).append("</type>");
            list.forEach(path -> arguments.append("<pathSet>").append(path).append("</pathSet>"));
            arguments.append("</propSet>");
        });
        arguments.append("<objectSet>").append(view.toXml("obj")).append("<skip>true</skip>")
                .append("<selectSet xsi:type=\"TraversalSpec\"><name>traverseView</name><type>ContainerView</type>")
                .append("<path>view</path><skip>false</skip></selectSet></objectSet></specSet>")
                .append("<options><maxObjects>").append(pageSize).append("</maxObjects></options>");
        XmlElement result = soap.call("RetrievePropertiesEx", arguments.toString()).child("returnval");
        while (result != null) {
            pages++;
            for (XmlElement object : result.children("objects")) {
                each.accept(content(object));
            }
            String token = result.textAt("token");
            if (token == null) {
                break;
            }
            result = soap.call("ContinueRetrievePropertiesEx", propertyCollector.toXml("_this") + "<token>"
                    + escape(token) + "</token>").child("returnval");
        }
    }

    private static ObjectContent content(XmlElement object) {
        Map<String, XmlElement> properties = new HashMap<>();
        for (XmlElement property : object.children("propSet")) {
            XmlElement value = property.child("val");
            if (property.textAt("name") != null && value != null) {
                properties.put(property.textAt("name"), value);
            }
        }
        Map<String, String> missing = new HashMap<>();
        for (XmlElement gap : object.children("missingSet")) {
            XmlElement fault = gap.at("fault", "fault");
            missing.put(gap.textAt("path"), fault == null ? "unknown fault"
                    : fault.xsiType() == null ? fault.name() : fault.xsiType());
        }
        return new ObjectContent(MoRef.of(object.child("obj")), properties, missing);
    }

    /** Logs out; the session's views go with it. */
    @Override
    public void close() {
        if (loggedIn) {
            try {
                soap.call("Logout", sessionManager.toXml("_this"));
            } catch (DiscoveryException e) {
                LOG.debugf("Logout from %s failed: %s", soap.endpoint().getHost(), e.getMessage());
            }
            loggedIn = false;
        }
    }
}
