package dev.ferry.inventory.model;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.ferry.events.EventCodec;
import dev.ferry.events.machine.MachineRecord;

/** Machine records in the same JSON form the events carry, so stored and published records cannot differ. */
final class MachineJson {

    private MachineJson() {
    }

    static String write(MachineRecord machine) {
        try {
            return EventCodec.mapper().writeValueAsString(machine);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write machine " + machine.id(), e);
        }
    }

    static MachineRecord read(String json) {
        try {
            return EventCodec.mapper().readValue(json, MachineRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored machine record is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
