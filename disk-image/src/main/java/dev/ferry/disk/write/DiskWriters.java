package dev.ferry.disk.write;

import java.util.List;
import java.util.stream.Collectors;

import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.qcow2.Qcow2WriterFactory;
import dev.ferry.disk.raw.RawWriterFactory;
import dev.ferry.disk.vhd.VhdWriterFactory;
import dev.ferry.disk.vhdx.VhdxWriterFactory;
import dev.ferry.disk.vmdk.VmdkWriterFactory;

/** Finds the writer for a target format and subformat: the one list of what Ferry can write. */
public final class DiskWriters {

    /**
     * A format's writer and the subformats it accepts; the first subformat is the default.
     *
     * @param format the target format
     * @param subformats names as {@link WriteOptions#subformat()} spells them, default first
     * @param factory creates and resumes writers of all these subformats
     */
    public record Registration(ImageFormat format, List<String> subformats, WriterFactory factory) {

        public Registration {
            subformats = List.copyOf(subformats);
            if (subformats.isEmpty()) {
                throw new IllegalArgumentException("a writer registration needs at least one subformat");
            }
        }
    }

    /** Every writer Ferry has, one line per format; the first subformat is the format's default. */
    private static final List<Registration> WRITERS = List.of(
            new Registration(ImageFormat.RAW, List.of(RawWriterFactory.SPARSE), new RawWriterFactory()),
            new Registration(ImageFormat.VHDX, List.of("dynamic", "fixed"), new VhdxWriterFactory()),
            new Registration(ImageFormat.VHD, List.of("dynamic", "fixed"), new VhdWriterFactory()),
            new Registration(ImageFormat.QCOW2, List.of("v3"), new Qcow2WriterFactory()),
            new Registration(ImageFormat.VMDK, List.of("streamOptimized", "monolithicSparse"),
                    new VmdkWriterFactory()));

    private DiskWriters() {
    }

    /**
     * The factory that writes {@code format} in {@code subformat} (case-insensitive; null for the default).
     *
     * @throws IllegalArgumentException naming what can be written when there is no such writer
     */
    public static WriterFactory factory(ImageFormat format, String subformat) {
        return registration(format, subformat).factory();
    }

    /** The subformat's name as the writer spells it, or the default subformat when {@code subformat} is null. */
    public static String canonicalSubformat(ImageFormat format, String subformat) {
        Registration registration = registration(format, subformat);
        if (subformat == null) {
            return registration.subformats().get(0);
        }
        return registration.subformats().stream()
                .filter(name -> name.equalsIgnoreCase(subformat))
                .findFirst()
                .orElseThrow();
    }

    /** What can be written, in registration order. */
    public static List<Registration> registrations() {
        return WRITERS;
    }

    private static Registration registration(ImageFormat format, String subformat) {
        for (Registration registration : WRITERS) {
            if (registration.format() == format && (subformat == null || registration.subformats().stream()
                    .anyMatch(name -> name.equalsIgnoreCase(subformat)))) {
                return registration;
            }
        }
        throw new IllegalArgumentException("cannot write " + format.displayName()
                + (subformat == null ? "" : " with subformat '" + subformat + "'") + "; writable: " + writable());
    }

    private static String writable() {
        return WRITERS.stream()
                .map(registration -> registration.format().displayName() + " ("
                        + String.join(", ", registration.subformats()) + ")")
                .collect(Collectors.joining(", "));
    }
}
