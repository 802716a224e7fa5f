package dev.ferry.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The topics of {@code deploy/k8s/topics/topics.conf}, as create-topics.sh reads them. */
final class TopicDeclarations {

    /** One topic: its name, partitions and topic settings (replication is the cluster's). */
    record Topic(String name, int partitions, Map<String, String> settings) {

        boolean compacted() {
            return "compact".equals(settings.get("cleanup.policy"));
        }
    }

    private TopicDeclarations() {
    }

    static List<Topic> read() {
        try {
            List<Topic> topics = new ArrayList<>();
            for (String line : Files.readAllLines(ProjectFiles.k8s().resolve("topics/topics.conf"))) {
                String stripped = line.strip();
                if (stripped.isEmpty() || stripped.startsWith("#")) {
                    continue;
                }
                String[] columns = stripped.split("\\s+");
                if (columns.length != 3) {
                    throw new IllegalStateException("topics.conf: expected name, partitions, settings in: " + line);
                }
                Map<String, String> settings = new LinkedHashMap<>();
                for (String pair : columns[2].split(",")) {
                    String[] keyValue = pair.split("=", 2);
                    settings.put(keyValue[0], keyValue[1]);
                }
                topics.add(new Topic(columns[0], Integer.parseInt(columns[1]), settings));
            }
            return topics;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Topic named(String name) {
        return read().stream().filter(topic -> topic.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("topics.conf declares no " + name));
    }
}
