package dev.ferry.disk.vhd;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.ImageOpener;
import dev.ferry.disk.source.ByteSource;

/**
 * Opens a differencing VHD's or VHDX's parent: the first candidate name that exists next to the child and passes the
 * format's identity check. Names that cannot be opened are collected as problems for the final error.
 */
public final class ParentSearch {

    /** Checks that an opened candidate is the child's parent; returns what the child keeps, or throws. */
    public interface Check<T> {
        T verify(DiskImage parent, String name) throws IOException;
    }

    private ParentSearch() {
    }

    /**
     * Tries {@code candidates} (name mapped to where the name came from) in order; the caller owns the result.
     *
     * @param problems what went wrong so far (for instance unreadable locators); candidates that fail are added
     * @param noCandidates what the error says when there was nothing to try and nothing went wrong
     */
    public static <T> T open(ByteSource source, ImageOpener opener, Map<String, String> candidates,
            List<String> problems, String format, long offset, String noCandidates, Check<T> check)
            throws IOException {
        for (Map.Entry<String, String> candidate : candidates.entrySet()) {
            String name = candidate.getKey();
            DiskImage parent;
            try {
                parent = opener.openRelated(source, name);
            } catch (SecurityException e) {
                problems.add(candidate.getValue() + " '" + name + "': " + e.getMessage());
                continue;
            } catch (NoSuchFileException | FileNotFoundException e) {
                problems.add(candidate.getValue() + " '" + name + "': no such file");
                continue;
            } catch (UnsupportedOperationException e) {
                throw new ImageFormatException(format, offset, "differencing disk needs its parent '" + name
                        + "', which this kind of source cannot open", e);
            }
            try {
                return check.verify(parent, name);
            } catch (IOException | RuntimeException e) {
                parent.close();
                throw e;
            }
        }
        throw new ImageFormatException(format, offset, "cannot open the parent of this differencing disk: "
                + (problems.isEmpty() ? noCandidates : String.join("; ", problems)));
    }
}
