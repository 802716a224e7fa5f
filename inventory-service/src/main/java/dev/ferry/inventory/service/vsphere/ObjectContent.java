package dev.ferry.inventory.service.vsphere;

import java.util.Map;

import dev.ferry.inventory.service.xml.XmlElement;

/**
 * One object a property retrieval returned.
 *
 * @param properties the values by property path ({@code config.hardware.device}); unset properties are absent
 * @param missing paths the server could not read, with the fault it gave
 */
public record ObjectContent(MoRef ref, Map<String, XmlElement> properties, Map<String, String> missing) {

    public XmlElement get(String path) {
        return properties.get(path);
    }

    /** The text of a simple property, or null. */
    public String text(String path) {
        XmlElement value = properties.get(path);
        return value == null || value.text().isEmpty() ? null : value.text();
    }
}
