package dev.ferry.inventory.service.vsphere;

import dev.ferry.inventory.service.discovery.DiscoveryException;
import dev.ferry.inventory.service.xml.XmlElement;

/** A SOAP fault a vSphere endpoint answered with, such as InvalidLogin or NotAuthenticated. */
final class VsphereFault extends DiscoveryException {

    private final String faultType;

    private VsphereFault(String faultType, String message) {
        super(message);
        this.faultType = faultType;
    }

    static VsphereFault of(String method, XmlElement fault) {
        String text = fault.textAt("faultstring");
        XmlElement detail = fault.child("detail");
        String type = null;
        if (detail != null && !detail.children().isEmpty()) {
            XmlElement first = detail.children().get(0);
            type = first.xsiType() != null ? first.xsiType() : first.name().replaceFirst("Fault$", "");
        }
        return new VsphereFault(type, method + " failed: " + (type == null ? "" : type + ": ")
                + (text == null ? "no reason given" : text));
    }

    /** The vSphere fault type ("InvalidLogin"), or null when the server did not say. */
    String faultType() {
        return faultType;
    }
}
