package dev.ferry.conversion.service.definition;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import dev.ferry.conversion.service.job.RequestRefusedException;
import dev.ferry.disk.ImageFormat;
import dev.ferry.events.machine.Firmware;
import dev.ferry.events.plan.ConversionPlan;
import dev.ferry.events.plan.DiskSlot;
import dev.ferry.events.plan.NicPlan;
import dev.ferry.events.plan.Remediation;

/**
 * Writes the libvirt domain XML of a converted machine for KVM: an hvm guest with BIOS or UEFI firmware (Secure Boot
 * with SMM when planned), its vCPUs and memory, each disk as a file with its format, target device and bus per slot
 * and the boot disk first in boot order, and network interfaces with their model and MAC. Built with the JDK's DOM,
 * so names are escaped, and parsed back and checked before it is written.
 */
final class LibvirtDomain {

    private LibvirtDomain() {
    }

    static String render(ConversionPlan plan, List<PlannedDisk> disks, Path folder, String jobId)
            throws RequestRefusedException {
        Document document = newBuilder().newDocument();
        Element domain = document.createElement("domain");
        domain.setAttribute("type", "kvm");
        document.appendChild(domain);
        text(domain, "name", plan.machineName());
        StringBuilder description = new StringBuilder("Converted by Ferry from machine " + plan.machineId()
                + " (job " + jobId + ").");
        for (Remediation remediation : plan.remediations()) {
            description.append(' ').append(remediation.description()).append('.');
        }
        text(domain, "description", description.toString());
        text(domain, "memory", Long.toString(plan.memoryBytes())).setAttribute("unit", "bytes");
        text(domain, "vcpu", Integer.toString(Math.max(1, plan.vcpus()))).setAttribute("placement", "static");

        boolean ide = disks.stream().anyMatch(disk -> disk.plan().slot() != null
                && disk.plan().slot().bus() == DiskSlot.Bus.IDE);
        boolean efi = plan.firmware() == Firmware.Type.EFI;
        Element os = child(domain, "os");
        if (efi) {
            os.setAttribute("firmware", "efi");
        }
        Element type = text(os, "type", "hvm");
        type.setAttribute("arch", "x86_64");
        // q35 has no IDE controller: a machine planned with IDE disks gets the i440fx machine.
        type.setAttribute("machine", ide ? "pc" : "q35");
        if (efi && plan.secureBoot()) {
            child(os, "loader").setAttribute("secure", "yes");
        }
        Element features = child(domain, "features");
        child(features, "acpi");
        child(features, "apic");
        if (efi && plan.secureBoot()) {
            child(features, "smm").setAttribute("state", "on");
        }
        child(domain, "clock").setAttribute("offset", "utc");

        Element devices = child(domain, "devices");
        appendDisks(devices, disks, folder);
        for (NicPlan nic : plan.nics()) {
            Element iface = child(devices, "interface");
            iface.setAttribute("type", "network");
            String mac = DefinitionNames.macColons(nic.macAddress());
            if (mac != null) {
                child(iface, "mac").setAttribute("address", mac);
            }
            child(iface, "source").setAttribute("network", "default");
            child(iface, "model").setAttribute("type", nic.kind() == NicPlan.Kind.E1000E ? "e1000e" : "virtio");
            if (nic.network() != null) {
                iface.appendChild(document.createComment(" source network: " + nic.network().replace("--", "- -")
                        + " "));
            }
        }
        Element serial = child(devices, "serial");
        serial.setAttribute("type", "pty");
        Element console = child(devices, "console");
        console.setAttribute("type", "pty");
        String xml = serialize(document);
        check(xml, plan, disks);
        return xml;
    }

    private static void appendDisks(Element devices, List<PlannedDisk> disks, Path folder)
            throws RequestRefusedException {
        Map<String, Integer> nextIndex = new HashMap<>();
        int bootOrder = 1;
        for (PlannedDisk disk : disks) {
            DiskSlot slot = disk.plan().slot();
            String bus = bus(disk);
            Element element = child(devices, "disk");
            element.setAttribute("type", "file");
            element.setAttribute("device", "disk");
            Element driver = child(element, "driver");
            driver.setAttribute("name", "qemu");
            driver.setAttribute("type", ImageFormat.parse(disk.result().format()).qemuName());
            child(element, "source").setAttribute("file", folder.resolve(disk.result().fileName()).toString());
            Element target = child(element, "target");
            int index = bus.equals("ide") ? slot.controller() * 2 + slot.location()
                    : nextIndex.merge(bus, 1, Integer::sum) - 1;
            target.setAttribute("dev", devicePrefix(bus) + letters(index));
            target.setAttribute("bus", bus);
            if (disk.plan().boot()) {
                child(element, "boot").setAttribute("order", Integer.toString(bootOrder++));
            }
            if (!bus.equals("virtio")) {
                Element address = child(element, "address");
                address.setAttribute("type", "drive");
                address.setAttribute("controller", bus.equals("ide") ? "0" : Integer.toString(slot.controller()));
                address.setAttribute("bus", bus.equals("ide") ? Integer.toString(slot.controller()) : "0");
                address.setAttribute("target", "0");
                address.setAttribute("unit", Integer.toString(slot.location()));
            }
        }
    }

    private static String bus(PlannedDisk disk) throws RequestRefusedException {
        return switch (disk.bus()) {
            case VIRTIO -> "virtio";
            case SATA -> "sata";
            case SCSI -> "scsi";
            case IDE, UNKNOWN -> "ide";
        };
    }

    private static String devicePrefix(String bus) {
        return switch (bus) {
            case "virtio" -> "vd";
            case "ide" -> "hd";
            default -> "sd";
        };
    }

    /** 0 → a, 25 → z, 26 → aa, as Linux names disks. */
    private static String letters(int index) {
        String name = "";
        int value = index;
        do {
            name = (char) ('a' + value % 26) + name;
            value = value / 26 - 1;
        } while (value >= 0);
        return name;
    }

    /** Parses the XML back and checks what a wrong file would get wrong. */
    static void check(String xml, ConversionPlan plan, List<PlannedDisk> disks) {
        try {
            Document parsed = newBuilder().parse(new InputSource(new StringReader(xml)));
            Element root = parsed.getDocumentElement();
            require(root.getTagName().equals("domain"), "root element is " + root.getTagName());
            require("hvm".equals(single(root, "type").getTextContent()), "os type is not hvm");
            require(Integer.toString(Math.max(1, plan.vcpus())).equals(single(root, "vcpu").getTextContent()),
                    "vcpu differs from the plan");
            NodeList diskElements = root.getElementsByTagName("disk");
            require(diskElements.getLength() == disks.size(), "disk count differs from the plan");
            Set<String> devices = new HashSet<>();
            for (int i = 0; i < diskElements.getLength(); i++) {
                Element target = (Element) ((Element) diskElements.item(i)).getElementsByTagName("target").item(0);
                require(devices.add(target.getAttribute("dev")), "target dev " + target.getAttribute("dev")
                        + " is used twice");
            }
            require(root.getElementsByTagName("interface").getLength() == plan.nics().size(),
                    "interface count differs from the plan");
        } catch (SAXException | IOException e) {
            throw new IllegalStateException("the libvirt domain XML does not parse back: " + e.getMessage(), e);
        }
    }

    private static Element single(Element root, String tag) {
        NodeList nodes = root.getElementsByTagName(tag);
        require(nodes.getLength() == 1, "expected one <" + tag + ">, found " + nodes.getLength());
        return (Element) nodes.item(0);
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException("the libvirt domain XML is wrong: " + problem);
        }
    }

    private static Element child(Element parent, String name) {
        Element element = parent.getOwnerDocument().createElement(name);
        parent.appendChild(element);
        return element;
    }

    private static Element text(Element parent, String name, String value) {
        Element element = child(parent, name);
        element.setTextContent(value == null ? "" : value);
        return element;
    }

    private static DocumentBuilder newBuilder() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser is missing a standard feature", e);
        }
    }

    private static String serialize(Document document) {
        try {
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot serialize the libvirt domain XML", e);
        }
    }
}
