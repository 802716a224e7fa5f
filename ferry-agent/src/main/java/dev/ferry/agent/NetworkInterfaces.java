package dev.ferry.agent;

import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;

/** Physical network interfaces from /sys/class/net (loopback and virtual ones left out) and their addresses. */
final class NetworkInterfaces {

    private NetworkInterfaces() {
    }

    static List<HostFacts.NetworkInterface> list(SystemFiles files) {
        List<HostFacts.NetworkInterface> nics = new ArrayList<>();
        for (String name : files.list("sys/class/net")) {
            String device = files.realPath("sys/class/net/" + name);
            if (name.equals("lo") || device.contains("/devices/virtual/")) {
                continue;
            }
            long speed = files.number("sys/class/net/" + name + "/speed", -1);
            nics.add(new HostFacts.NetworkInterface(name, files.read("sys/class/net/" + name + "/address"),
                    speed > 0 ? (int) speed : null, addresses(name)));
        }
        return nics;
    }

    /** The interface's addresses in CIDR form, link-local ones left out. */
    static List<String> addresses(String name) {
        List<String> addresses = new ArrayList<>();
        try {
            java.net.NetworkInterface nic = java.net.NetworkInterface.getByName(name);
            if (nic != null) {
                for (InterfaceAddress address : nic.getInterfaceAddresses()) {
                    InetAddress ip = address.getAddress();
                    if (!ip.isLinkLocalAddress() && !ip.isLoopbackAddress()) {
                        addresses.add(ip.getHostAddress().replaceFirst("%.*$", "") + "/"
                                + address.getNetworkPrefixLength());
                    }
                }
            }
        } catch (SocketException e) {
            // An interface that vanished meanwhile has no addresses to report.
        }
        return addresses;
    }
}
