package dev.ferry.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The settings a service reads, from its sources: the properties its {@code application.properties} sets or documents
 * in a comment ({@code #ferry.conversion.inventory-url=...}), those of the libraries every service includes, Kafka
 * client settings (Quarkus hands every {@code kafka.*} property, so every {@code KAFKA_*} variable, to the Kafka
 * clients), and a few variables read by the container image's launcher or by MicroProfile JWT. An environment variable
 * the manifests set that is none of these would be ignored by the service: a misspelling.
 */
final class ServiceSettings {

    /** A property line, set or commented out: {@code key=value} or {@code # key=value}. */
    private static final Pattern PROPERTY = Pattern.compile("^#?\\s*(%[a-z]+\\.)?([a-z][A-Za-z0-9.\\-\"]*)=");

    /**
     * Read by the UBI OpenJDK image's run-java.sh (heap sizing), or standard settings of the frameworks that Ferry's
     * files do not spell out (MicroProfile JWT's key location).
     */
    private static final Set<String> OUTSIDE_FERRY_FILES = Set.of("JAVA_MAX_MEM_RATIO", "JAVA_INITIAL_MEM_RATIO",
            "JAVA_OPTS_APPEND", "MP_JWT_VERIFY_PUBLICKEY_LOCATION");

    private static final Set<String> KAFKA_CLIENT_SETTINGS = kafkaClientSettings();

    private final Map<String, String> properties;

    private ServiceSettings(Map<String, String> properties) {
        this.properties = properties;
    }

    static ServiceSettings of(String service) {
        Map<String, String> properties = new HashMap<>();
        Path root = ProjectFiles.root();
        read(root.resolve("http-api/src/main/resources/META-INF/microprofile-config.properties"), properties);
        read(root.resolve("messaging-outbox/src/main/resources/META-INF/microprofile-config.properties"), properties);
        read(ProjectFiles.module(service).resolve("src/main/resources/application.properties"), properties);
        return new ServiceSettings(properties);
    }

    /** Whether the service reads the environment variable {@code name}. */
    boolean reads(String name) {
        if (OUTSIDE_FERRY_FILES.contains(name)) {
            return true;
        }
        if (name.startsWith("KAFKA_")) {
            return KAFKA_CLIENT_SETTINGS.contains(name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT)
                    .replace('_', '.'));
        }
        return properties.keySet().stream().anyMatch(property -> environmentName(property).equals(name));
    }

    /** The value the service's files give {@code property} (set, not commented out), or null. */
    String value(String property) {
        return properties.get(property);
    }

    /** The properties the service's files set (not merely document) whose names start with {@code prefix}. */
    Set<String> propertiesStartingWith(String prefix) {
        Set<String> names = new HashSet<>();
        properties.forEach((name, value) -> {
            if (value != null && name.startsWith(prefix)) {
                names.add(name);
            }
        });
        return names;
    }

    /** The environment variable that sets {@code property}, by MicroProfile Config's rule. */
    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static void read(Path file, Map<String, String> properties) {
        try {
            for (String line : Files.readAllLines(file)) {
                Matcher matcher = PROPERTY.matcher(line.strip());
                if (matcher.find()) {
                    String key = matcher.group(2);
                    boolean commented = line.strip().startsWith("#");
                    boolean profiled = matcher.group(1) != null;
                    String value = line.substring(line.indexOf('=') + 1).strip();
                    if (commented || profiled) {
                        properties.putIfAbsent(key, null);
                    } else {
                        properties.put(key, value);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> kafkaClientSettings() {
        Set<String> names = new HashSet<>();
        names.addAll(ConsumerConfig.configNames());
        names.addAll(ProducerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return names;
    }
}
