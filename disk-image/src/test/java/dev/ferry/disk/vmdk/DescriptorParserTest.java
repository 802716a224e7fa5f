package dev.ferry.disk.vmdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ferry.disk.ImageFormatException;

/** Parsing of VMDK text descriptors as VMware, ovftool and qemu write them. */
class DescriptorParserTest {

    private static Descriptor parse(String text) throws ImageFormatException {
        return DescriptorParser.parse(text.getBytes(StandardCharsets.UTF_8), 0);
    }

    @Test
    void parsesWhatQemuWrites() throws ImageFormatException {
        Descriptor descriptor = parse("""
                # Disk DescriptorFile
                version=1
                CID=86273a94
                parentCID=ffffffff
                createType="twoGbMaxExtentSparse"

                # Extent description
                RW 4194304 SPARSE "t-s001.vmdk"
                RW 2097152 SPARSE "t-s002.vmdk"

                # The Disk Data Base
                #DDB

                ddb.virtualHWVersion = "4"
                ddb.geometry.cylinders = "6241"
                ddb.adapterType = "ide"
                """);

        assertThat(descriptor.cid()).isEqualTo(0x86273a94L);
        assertThat(descriptor.parentCid()).isEqualTo(VmdkFormat.NO_PARENT_CID);
        assertThat(descriptor.createType()).isEqualTo("twoGbMaxExtentSparse");
        assertThat(descriptor.hasParent()).isFalse();
        assertThat(descriptor.extents()).extracting(ExtentLine::fileName).containsExactly("t-s001.vmdk",
                "t-s002.vmdk");
        assertThat(descriptor.totalSectors()).isEqualTo(6291456);
        assertThat(descriptor.database().keySet()).containsExactly("ddb.virtualHWVersion",
                "ddb.geometry.cylinders", "ddb.adapterType");
        assertThat(descriptor.settings()).containsExactly(Map.entry("version", "1"));
    }

    @Test
    void acceptsTheUnquotedCreateTypeOvftoolWrites() throws ImageFormatException {
        Descriptor descriptor = parse("# Disk DescriptorFile\nversion=1\nCID=2bdc5c77\nparentCID=ffffffff\n"
                + "createType=streamOptimized\nRDONLY 16777216 SPARSE \"dest-0.vmdk\"\n");

        assertThat(descriptor.createType()).isEqualTo("streamOptimized");
        assertThat(descriptor.extents()).containsExactly(new ExtentLine("RDONLY", 16777216, "SPARSE",
                "dest-0.vmdk", 0, descriptor.extents().get(0).lineOffset()));
    }

    @Test
    void readsExtentFileNamesInTheDeclaredEncoding() throws ImageFormatException {
        Charset windows = Charset.forName("windows-1252");
        byte[] text = ("# Disk DescriptorFile\nversion=1\nencoding=\"windows-1252\"\ncreateType=\"monolithicFlat\"\n"
                + "RW 16 FLAT \"disque-\u00e9t\u00e9-flat.vmdk\" 0\n").getBytes(windows);

        Descriptor descriptor = DescriptorParser.parse(text, 0);

        assertThat(descriptor.extents().get(0).fileName()).isEqualTo("disque-\u00e9t\u00e9-flat.vmdk");
    }

    @Test
    void stopsAtTheFirstNulAndCountsOffsetsFromWhereTheTextWasRead() {
        byte[] embedded = new byte[1024];
        byte[] text = "# Disk DescriptorFile\nversion=1\nnot a line\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, embedded, 0, text.length);

        assertThatThrownBy(() -> DescriptorParser.parse(embedded, 512)).isInstanceOf(ImageFormatException.class)
                .satisfies(e -> assertThat(((ImageFormatException) e).fileOffset()).isEqualTo(512 + 32));
        byte[] valid = "createType=\"monolithicSparse\"\n\0garbage that is never parsed = \"".getBytes(
                StandardCharsets.US_ASCII);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> DescriptorParser.parse(valid, 0))).isNull();
    }

    @Test
    void refusesADescriptorWithoutCreateType() {
        assertThatThrownBy(() -> parse("# Disk DescriptorFile\nversion=1\nRW 16 ZERO\n"))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("createType");
    }

    @Test
    void refusesMalformedValues() {
        assertThatThrownBy(() -> parse("createType=\"x\"\nCID=not-hex\n")).hasMessageContaining("content ID");
        assertThatThrownBy(() -> parse("createType=\"x\nRW 16 ZERO\n")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> parse("createType=\"x\"\nversion=7\n")).hasMessageContaining("version");
        assertThatThrownBy(() -> parse("createType=\"x\"\nRW 0 ZERO\n")).hasMessageContaining("0 sectors");
        assertThatThrownBy(() -> parse("createType=\"x\"\nRW 16 TAPE \"t\"\n")).hasMessageContaining("TAPE");
        assertThatThrownBy(() -> parse("createType=\"x\"\nRW 16 FLAT\n")).hasMessageContaining("without a file");
        assertThatThrownBy(() -> parse("createType=\"x\"\nRW 16 SPARSE \"s.vmdk\" 5\n"))
                .hasMessageContaining("start offset");
    }

    @Test
    void rendersADescriptorThatParsesBackToItself() throws ImageFormatException {
        VmdkWriteSettings settings = VmdkWriteSettings.from(10 << 20, new dev.ferry.disk.write.WriteOptions(null, 0,
                Map.of("cid", "00c0ffee")));
        Descriptor written = settings.descriptor("disk.vmdk");

        Descriptor read = parse(written.render());

        assertThat(read.cid()).isEqualTo(0xc0ffeeL);
        assertThat(read.createType()).isEqualTo("streamOptimized");
        assertThat(read.extents()).extracting(ExtentLine::render).containsExactly("RW 20480 SPARSE \"disk.vmdk\"");
        assertThat(read.database()).isEqualTo(written.database());
        assertThat(List.copyOf(read.database().keySet())).isEqualTo(List.copyOf(written.database().keySet()));
    }
}
