package dev.ferry.inventory.service.xml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * An element of a parsed XML document, by local names (namespace prefixes dropped): enough for SOAP answers and OVF
 * descriptors, whose element and attribute local names do not clash where Ferry reads them.
 */
public final class XmlElement {

    private final String name;
    private final Map<String, String> attributes;
    private final List<XmlElement> children = new ArrayList<>();
    private String text = "";

    XmlElement(String name, Map<String, String> attributes) {
        this.name = name;
        this.attributes = attributes;
    }

    public String name() {
        return name;
    }

    /** The attribute's value by local name, or null. */
    public String attribute(String localName) {
        return attributes.get(localName);
    }

    /** The {@code xsi:type} attribute without its prefix (for example "VirtualDisk"), or null. */
    public String xsiType() {
        String type = attributes.get("type");
        return type == null ? null : type.substring(type.indexOf(':') + 1);
    }

    /** The element's own text, trimmed. */
    public String text() {
        return text;
    }

    void appendText(String more) {
        text = (text + more).strip();
    }

    void add(XmlElement child) {
        children.add(child);
    }

    public List<XmlElement> children() {
        return Collections.unmodifiableList(children);
    }

    /** The first child called {@code localName}, or null. */
    public XmlElement child(String localName) {
        for (XmlElement child : children) {
            if (child.name.equals(localName)) {
                return child;
            }
        }
        return null;
    }

    /** Every child called {@code localName}. */
    public List<XmlElement> children(String localName) {
        List<XmlElement> found = new ArrayList<>();
        for (XmlElement child : children) {
            if (child.name.equals(localName)) {
                found.add(child);
            }
        }
        return found;
    }

    /** The element at a path of child names ("deviceInfo", "label"), or null when any step is missing. */
    public XmlElement at(String... path) {
        XmlElement current = this;
        for (String step : path) {
            current = current.child(step);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    /** The text at a path of child names, or null when it is missing or empty. */
    public String textAt(String... path) {
        XmlElement found = at(path);
        return found == null || found.text.isEmpty() ? null : found.text;
    }

    /** The integer at a path, or {@code otherwise} when it is missing or not a number. */
    public long longAt(long otherwise, String... path) {
        String value = textAt(path);
        if (value == null) {
            return otherwise;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** The boolean at a path ("true"/"false"), or null when it is missing. */
    public Boolean booleanAt(String... path) {
        String value = textAt(path);
        return value == null ? null : Boolean.valueOf(value);
    }

    @Override
    public String toString() {
        return "<" + name + ">";
    }
}
