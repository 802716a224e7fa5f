package dev.ferry.inventory.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.ferry.events.machine.Firmware;
import dev.ferry.events.machine.MachineRecord;
import dev.ferry.events.machine.OsFamily;
import dev.ferry.events.machine.PowerState;
import dev.ferry.events.machine.SourceKind;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A machine in the inventory: its full record as JSON, and the facts people filter and sort by as columns. Use
 * {@link #apply(MachineRecord)} to change it, so both always agree.
 */
@Entity
@Table(name = "machine")
public class Machine extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "source_id")
    public UUID sourceId;

    @Enumerated(EnumType.STRING)
    @Column(name = "source_kind", nullable = false)
    public SourceKind sourceKind;

    @Column(name = "external_key")
    public String externalKey;

    @Column(nullable = false)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(name = "power_state", nullable = false)
    public PowerState powerState;

    @Enumerated(EnumType.STRING)
    @Column(name = "os_family", nullable = false)
    public OsFamily osFamily;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Firmware.Type firmware;

    @Column(name = "cpu_count", nullable = false)
    public int cpuCount;

    @Column(name = "memory_bytes", nullable = false)
    public long memoryBytes;

    @Column(name = "disk_count", nullable = false)
    public int diskCount;

    @Column(name = "disk_bytes", nullable = false)
    public long diskBytes;

    @Column(nullable = false)
    public boolean gone;

    /** The whole {@link MachineRecord}, as event JSON. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String record;

    @Column(name = "first_seen", nullable = false)
    public Instant firstSeen;

    @Column(name = "last_seen", nullable = false)
    public Instant lastSeen;

    @Version
    public long version;

    /** Copies {@code machine} into this entity: the JSON record and the columns derived from it. */
    public void apply(MachineRecord machine) {
        sourceKind = machine.sourceKind();
        name = machine.name();
        powerState = machine.powerState() == null ? PowerState.UNKNOWN : machine.powerState();
        osFamily = machine.guestOs() == null || machine.guestOs().family() == null ? OsFamily.UNKNOWN
                : machine.guestOs().family();
        firmware = machine.firmware() == null || machine.firmware().type() == null ? Firmware.Type.UNKNOWN
                : machine.firmware().type();
        cpuCount = machine.cpu() == null ? 0 : machine.cpu().count();
        memoryBytes = machine.memoryBytes();
        diskCount = machine.disks().size();
        diskBytes = machine.disks().stream().mapToLong(disk -> Math.max(0, disk.capacityBytes())).sum();
        gone = machine.goneSince() != null;
        record = MachineJson.write(machine);
        firstSeen = machine.firstSeen();
        lastSeen = machine.lastSeen();
    }

    /** The machine's full record. */
    public MachineRecord toRecord() {
        return MachineJson.read(record);
    }
}
