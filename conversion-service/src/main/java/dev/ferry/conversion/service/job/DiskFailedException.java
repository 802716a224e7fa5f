package dev.ferry.conversion.service.job;

/** One disk of a job failed; the cause says how (and decides whether a retry may help). */
public class DiskFailedException extends Exception {

    private final String diskKey;

    public DiskFailedException(String diskKey, Throwable cause) {
        super("disk " + diskKey + ": " + cause.getMessage(), cause);
        this.diskKey = diskKey;
    }

    public String diskKey() {
        return diskKey;
    }
}
