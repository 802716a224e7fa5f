package dev.ferry.events;

/**
 * A kind of event: its CloudEvents {@code type}, the newest schema version this build understands, and the Java
 * record its data maps to. Consumers refuse versions newer than {@link #schemaVersion()}.
 */
public record EventType<T>(String name, int schemaVersion, Class<T> dataClass) {
}
