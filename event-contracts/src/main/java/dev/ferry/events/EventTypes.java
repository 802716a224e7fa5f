package dev.ferry.events;

import java.util.List;

import dev.ferry.events.machine.MachineRecord;

/** Every event type Ferry publishes. */
public final class EventTypes {

    /** A machine was discovered or changed; data is the whole current record. */
    public static final EventType<MachineRecord> MACHINE_UPSERTED = new EventType<>(
            "dev.ferry.inventory.machine.upserted", 1, MachineRecord.class);

    public static final List<EventType<?>> ALL = List.of(MACHINE_UPSERTED);

    private EventTypes() {
    }

    /** The type with this CloudEvents name, or null when this build does not know it. */
    public static EventType<?> byName(String name) {
        for (EventType<?> type : ALL) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        return null;
    }
}
