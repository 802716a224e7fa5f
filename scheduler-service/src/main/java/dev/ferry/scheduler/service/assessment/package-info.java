/**
 * Assessment: whether each machine can run on a target profile, what conversion changes, and the plan a worker
 * follows.
 *
 * <p>
 * Entry points for other features (waves, jobs):
 * <ul>
 * <li>{@link dev.ferry.scheduler.service.profile.ProfileCatalog#get(String)}: the {@code TargetProfile} of an id
 * (404 problem when unknown).</li>
 * <li>{@link dev.ferry.scheduler.service.assessment.AssessmentService#assess(java.util.List,
 * dev.ferry.scheduler.service.profile.TargetProfile)}: per machine a {@link
 * dev.ferry.scheduler.service.assessment.MachineAssessment} (machine id, name, readiness, findings, and the
 * {@code ConversionPlan} to put in a conversion request); nothing is stored. {@code convertible()} says whether a wave
 * may dispatch it.</li>
 * <li>{@link dev.ferry.scheduler.service.assessment.AssessmentService#machines(java.util.UUID)}: the verdicts of a
 * stored assessment.</li>
 * </ul>
 * The rules live in {@code rules}: each a small class with a stable id, listed in run order by {@code RuleCatalog}.
 */
package dev.ferry.scheduler.service.assessment;
