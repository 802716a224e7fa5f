package dev.ferry.scheduler.service.profile;

import dev.ferry.events.plan.TargetPlatform;

/**
 * A target profile in a list.
 *
 * @param id the profile's id
 * @param name what people call it
 * @param platform hypervisor family
 * @param generation Hyper-V generation, or 0
 * @param origin built in, configured or added by a person
 */
public record ProfileSummary(String id, String name, TargetPlatform platform, int generation, ProfileOrigin origin) {

    static ProfileSummary of(TargetProfile profile, ProfileOrigin origin) {
        return new ProfileSummary(profile.id(), profile.name(), profile.platform(), profile.generation(), origin);
    }
}
