package dev.ferry.agent;

import java.util.HashSet;
import java.util.Set;

/** Processors from /proc/cpuinfo and memory from /proc/meminfo. */
final class ProcessorFacts {

    private ProcessorFacts() {
    }

    static HostFacts.Cpu cpu(SystemFiles files) {
        int logical = 0;
        Set<String> packages = new HashSet<>();
        int coresPerSocket = 0;
        String model = null;
        for (String line : files.lines("proc/cpuinfo")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "processor" -> logical++;
                case "physical id" -> packages.add(value);
                case "cpu cores" -> coresPerSocket = parse(value);
                case "model name" -> model = model == null ? value : model;
                default -> {
                    // other fields do not matter for migration
                }
            }
        }
        int sockets = packages.isEmpty() ? (logical > 0 ? 1 : 0) : packages.size();
        return new HostFacts.Cpu(logical, sockets, coresPerSocket, model);
    }

    /** MemTotal in bytes, or 0 when /proc/meminfo does not say. */
    static long memoryBytes(SystemFiles files) {
        for (String line : files.lines("proc/meminfo")) {
            if (line.startsWith("MemTotal:")) {
                String[] parts = line.substring(9).strip().split("\\s+");
                long value = Long.parseLong(parts[0]);
                return parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? value * 1024 : value;
            }
        }
        return 0;
    }

    private static int parse(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
