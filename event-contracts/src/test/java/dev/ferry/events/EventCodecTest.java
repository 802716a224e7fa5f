package dev.ferry.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ferry.events.conversion.ConversionCancel;
import dev.ferry.events.machine.Cpu;
import dev.ferry.events.machine.Disk;
import dev.ferry.events.machine.DiskContent;
import dev.ferry.events.machine.Firmware;
import dev.ferry.events.machine.MachineRecord;
import dev.ferry.events.machine.Nic;
import dev.ferry.events.machine.PowerState;
import dev.ferry.events.machine.SourceKind;
import dev.ferry.events.wave.WaveProgress;

class EventCodecTest {

    private static MachineRecord machine() {
        Disk disk = new Disk("2000", "Hard disk 1", 1L << 30, Disk.Controller.SCSI, 0, 0, true, "[ds] vm.vmdk", true,
                null, null, false, null);
        Nic nic = new Nic("Network adapter 1", Nic.AdapterType.VMXNET3, "00:50:56:aa:bb:cc", "VM Network", true,
                false);
        return new MachineRecord("m-1", "s-1", SourceKind.VSPHERE, null, "web01", PowerState.POWERED_ON, null,
                Firmware.BIOS, new Cpu(2, 1, 2), 4L << 30, List.of(disk), List.of(nic), null, null, null, null, null,
                null, null, Instant.parse("2026-01-01T00:00:00Z"), null);
    }

    @Test
    void machineRecordSurvivesTheWireUnchanged() {
        EventEnvelope envelope = EventCodec.envelope("/ferry/inventory", EventTypes.MACHINE_UPSERTED, "m-1",
                machine());

        EventEnvelope read = EventCodec.decode(EventCodec.encode(envelope));

        assertThat(read.id()).isEqualTo(envelope.id());
        assertThat(read.subject()).isEqualTo("m-1");
        assertThat(EventCodec.data(read, EventTypes.MACHINE_UPSERTED)).isEqualTo(machine());
    }

    @Test
    void waveProgressSurvivesTheWireUnchanged() {
        WaveProgress progress = new WaveProgress("w-1", "wave 1", "RUNNING", java.util.Map.of("QUEUED", 3L,
                "CONVERTING", 2L), 10, 100, 5, 18L,
                List.of(new WaveProgress.JobProgress("j-1", "web01", "CONVERTING",
                        1, 10, 50, 5)),
                Instant.parse("2026-01-01T00:00:00Z"));

        EventEnvelope read = EventCodec.decode(EventCodec.encode(EventCodec.envelope("/ferry/scheduler",
                EventTypes.WAVE_PROGRESS, "w-1", progress)));

        assertThat(EventCodec.data(read, EventTypes.WAVE_PROGRESS)).isEqualTo(progress);
    }

    @Test
    void cancelFromAnOlderProducerRemovesOutputs() {
        String json = EventCodec.encode(EventCodec.envelope("/x", EventTypes.CONVERSION_CANCEL_REQUESTED, "j-1",
                new ConversionCancel("j-1", 2, "by a person", true))).replace(",\"keepOutputs\":true", "");

        ConversionCancel read = EventCodec.data(EventCodec.decode(json), EventTypes.CONVERSION_CANCEL_REQUESTED);

        assertThat(json).doesNotContain("keepOutputs");
        assertThat(read).isEqualTo(new ConversionCancel("j-1", 2, "by a person"));
        assertThat(read.keepOutputs()).isFalse();
    }

    @Test
    void ovaMemberContentKeepsItsOffsetAndLength() throws Exception {
        DiskContent member = new DiskContent(DiskContent.Kind.OVA_MEMBER, "/storage/web.ova", "web-disk1.vmdk",
                "vmdk", null, 1536L, 65536L);

        String json = EventCodec.mapper().writeValueAsString(member);

        assertThat(EventCodec.mapper().readValue(json, DiskContent.class)).isEqualTo(member);
        assertThat(EventCodec.mapper().writeValueAsString(new DiskContent(DiskContent.Kind.FILE, "/x", null, null,
                null))).doesNotContain("offset", "length");
    }

    @Test
    void jsonCarriesCloudEventsAttributes() {
        String json = EventCodec.encode(EventCodec.envelope("/ferry/inventory", EventTypes.MACHINE_UPSERTED, "m-1",
                machine()));

        assertThat(json).contains("\"specversion\":\"1.0\"", "\"type\":\"dev.ferry.inventory.machine.upserted\"",
                "\"schemaversion\":1", "\"subject\":\"m-1\"", "\"time\":\"");
    }

    @Test
    void newerSchemaVersionIsRefused() {
        String json = EventCodec.encode(EventCodec.envelope("/x", EventTypes.MACHINE_UPSERTED, "m-1", machine()))
                .replace("\"schemaversion\":1", "\"schemaversion\":2");

        EventEnvelope read = EventCodec.decode(json);

        assertThatThrownBy(() -> EventCodec.data(read, EventTypes.MACHINE_UPSERTED))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("schema version 2");
    }

    @Test
    void unknownEnumValuesReadAsUnknownInsteadOfFailing() {
        String json = EventCodec.encode(EventCodec.envelope("/x", EventTypes.MACHINE_UPSERTED, "m-1", machine()))
                .replace("\"VMXNET3\"", "\"VMXNET9\"");

        MachineRecord read = EventCodec.data(EventCodec.decode(json), EventTypes.MACHINE_UPSERTED);

        assertThat(read.nics().get(0).adapterType()).isEqualTo(Nic.AdapterType.UNKNOWN);
    }

    @Test
    void garbageIsReportedAsMalformed() {
        assertThatThrownBy(() -> EventCodec.decode("{not json")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventCodec.decode("{\"specversion\":\"0.3\",\"id\":\"a\",\"type\":\"t\","
                + "\"subject\":\"s\"}")).isInstanceOf(MalformedEventException.class);
    }
}
