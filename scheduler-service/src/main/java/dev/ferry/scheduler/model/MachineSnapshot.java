package dev.ferry.scheduler.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.ferry.events.EventCodec;
import dev.ferry.events.machine.Firmware;
import dev.ferry.events.machine.MachineRecord;
import dev.ferry.events.machine.OsFamily;
import dev.ferry.events.machine.PowerState;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The newest record of a machine the inventory has published; what assessment and planning work from. */
@Entity
@Table(name = "machine_snapshot")
public class MachineSnapshot extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Column(name = "source_id")
    public UUID sourceId;

    @Enumerated(EnumType.STRING)
    @Column(name = "os_family")
    public OsFamily osFamily;

    @Enumerated(EnumType.STRING)
    @Column(name = "power_state")
    public PowerState powerState;

    @Enumerated(EnumType.STRING)
    public Firmware.Type firmware;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String record;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    public MachineRecord toRecord() {
        try {
            return EventCodec.mapper().readValue(record, MachineRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored machine record " + id + " is unreadable", e);
        }
    }

    /** Replaces the stored record with {@code machine}. */
    public void apply(MachineRecord machine) {
        try {
            name = machine.name();
            sourceId = machine.sourceId() == null ? null : UUID.fromString(machine.sourceId());
            osFamily = machine.guestOs() == null ? null : machine.guestOs().family();
            powerState = machine.powerState();
            firmware = machine.firmware() == null ? null : machine.firmware().type();
            record = EventCodec.mapper().writeValueAsString(machine);
            receivedAt = Instant.now();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store machine " + machine.id(), e);
        }
    }
}
