package dev.ferry.inventory.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A hypervisor host a source describes (vSphere HostSystem, RVTools vHost row): what sizing target hosts needs. */
@Entity
@Table(name = "source_host")
public class SourceHost extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "source_id", nullable = false)
    public UUID sourceId;

    @Column(nullable = false)
    public String name;

    public String datacenter;

    public String cluster;

    public String vendor;

    public String model;

    @Column(name = "cpu_model")
    public String cpuModel;

    @Column(name = "cpu_sockets", nullable = false)
    public int cpuSockets;

    @Column(name = "cpu_cores", nullable = false)
    public int cpuCores;

    @Column(name = "cpu_threads", nullable = false)
    public int cpuThreads;

    @Column(name = "memory_bytes", nullable = false)
    public long memoryBytes;

    /** Hypervisor product and version ("VMware ESXi 7.0.3 build-...") */
    public String product;

    @Column(name = "vm_count", nullable = false)
    public int vmCount;

    @Column(name = "seen_at", nullable = false)
    public Instant seenAt;
}
