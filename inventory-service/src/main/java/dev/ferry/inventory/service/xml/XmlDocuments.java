package dev.ferry.inventory.service.xml;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Parses untrusted XML (SOAP answers, OVF descriptors) into {@link XmlElement} trees with the JDK's StAX parser: no
 * DTDs, no external entities, and a cap on elements so a hostile document cannot exhaust memory.
 */
public final class XmlDocuments {

    private static final XMLInputFactory FACTORY = XMLInputFactory.newFactory();

    static {
        FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        FACTORY.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        FACTORY.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        FACTORY.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    private XmlDocuments() {
    }

    /** A streaming reader over untrusted XML, with the same protections (no DTDs, no external entities). */
    public static XMLStreamReader stream(InputStream input) throws XMLStreamException {
        return FACTORY.createXMLStreamReader(input);
    }

    /**
     * Reads a whole document.
     *
     * @param maxElements refuse documents with more elements than this
     * @throws XMLStreamException when the input is not well-formed XML or too large
     */
    public static XmlElement parse(InputStream input, int maxElements) throws XMLStreamException {
        XMLStreamReader reader = stream(input);
        try {
            Deque<XmlElement> open = new ArrayDeque<>();
            XmlElement root = null;
            int elements = 0;
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    if (++elements > maxElements) {
                        throw new XMLStreamException("document has more than " + maxElements + " elements");
                    }
                    Map<String, String> attributes = new HashMap<>();
                    for (int i = 0; i < reader.getAttributeCount(); i++) {
                        attributes.put(reader.getAttributeLocalName(i), reader.getAttributeValue(i));
                    }
                    XmlElement element = new XmlElement(reader.getLocalName(), attributes);
                    if (open.isEmpty()) {
                        root = element;
                    } else {
                        open.peek().add(element);
                    }
                    open.push(element);
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    if (!open.isEmpty() && !reader.isWhiteSpace()) {
                        open.peek().appendText(reader.getText());
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    open.pop();
                }
            }
            if (root == null) {
                throw new XMLStreamException("document has no elements");
            }
            return root;
        } finally {
            reader.close();
        }
    }

    /** {@code value} escaped for XML text and attribute values. */
    public static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
