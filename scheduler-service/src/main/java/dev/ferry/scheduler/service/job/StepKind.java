package dev.ferry.scheduler.service.job;

import dev.ferry.events.conversion.ConversionUpdate.Phase;

/** The kinds of step a job's itinerary is made of, each done by a worker in one phase of its work. */
public enum StepKind {

    /** The worker checks the plan, the target folder and that every source opens. */
    VALIDATE(false, Phase.VALIDATING),

    /** The worker copies and converts one disk. */
    CONVERT_DISK(true, Phase.CONVERTING),

    /** The worker reads one converted disk back and compares its digest with the source's. */
    VERIFY_DISK(true, Phase.VERIFYING),

    /** The worker writes the target VM's definition. */
    WRITE_DEFINITION(false, Phase.WRITING_DEFINITION);

    private final boolean perDisk;
    private final Phase phase;

    StepKind(boolean perDisk, Phase phase) {
        this.perDisk = perDisk;
        this.phase = phase;
    }

    /** Whether the itinerary has one such step per disk. */
    public boolean perDisk() {
        return perDisk;
    }

    /** The worker phase in which the step runs. */
    public Phase phase() {
        return phase;
    }
}
