package dev.ferry.events.conversion;

import dev.ferry.events.plan.ConversionPlan;

/**
 * A command to a conversion worker: convert the disks of one machine as planned and write its VM definition.
 *
 * @param jobId the job this request belongs to (the Kafka key)
 * @param waveId the job's wave
 * @param attempt the job's attempt number, from 1; workers answer with it, so updates of older attempts are ignored
 * @param plan what to make
 * @param target where to write it
 * @param verify whether to read each target back and compare its digest with the source's
 */
public record ConversionRequest(String jobId, String waveId, int attempt, ConversionPlan plan, TargetLocation target,
        boolean verify) {
}
