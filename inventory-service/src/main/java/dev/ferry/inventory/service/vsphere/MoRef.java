package dev.ferry.inventory.service.vsphere;

import dev.ferry.inventory.service.xml.XmlElement;

/** A vSphere managed object reference: its type and id ("VirtualMachine", "vm-42"). */
public record MoRef(String type, String value) {

    /** The reference an element holds ({@code <obj type="VirtualMachine">vm-42</obj>}), or null. */
    static MoRef of(XmlElement element) {
        return element == null || element.text().isEmpty() ? null
                : new MoRef(element.attribute("type"),
                        element.text());
    }

    /** The reference as a SOAP argument named {@code element}. */
    String toXml(String element) {
        return "<" + element + " type=\"" + type + "\">" + dev.ferry.inventory.service.xml.XmlDocuments.escape(value)
                + "</" + element + ">";
    }
}
