package dev.ferry.scheduler.service.profile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.ferry.api.problem.ProblemException;
import dev.ferry.scheduler.config.SchedulerConfig;
import dev.ferry.scheduler.model.StoredProfile;
import io.quarkus.runtime.StartupEvent;

/**
 * Every target profile the scheduler knows: the built-in ones, those of the configured directory (which may replace
 * built-ins), and those people add through the API (stored in PostgreSQL). Built-in and configured profiles are
 * read-only.
 */
@ApplicationScoped
public class ProfileCatalog {

    @Inject
    SchedulerConfig config;

    private Map<String, TargetProfile> fixed;
    private Map<String, ProfileOrigin> fixedOrigins;

    @PostConstruct
    void load() {
        Map<String, TargetProfile> profiles = new LinkedHashMap<>(BuiltInProfiles.load());
        Map<String, ProfileOrigin> origins = new LinkedHashMap<>();
        profiles.keySet().forEach(id -> origins.put(id, ProfileOrigin.BUILT_IN));
        config.profiles().directory().ifPresent(directory -> BuiltInProfiles.loadDirectory(directory)
                .forEach((id, profile) -> {
                    profiles.put(id, profile);
                    origins.put(id, ProfileOrigin.CONFIGURED);
                }));
        fixed = Map.copyOf(profiles);
        fixedOrigins = Map.copyOf(origins);
    }

    /** Reads the profiles at start-up, so a bad shipped or configured profile stops the service at once. */
    void onStart(@Observes StartupEvent event) {
        fixed.size();
    }

    /**
     * The profile with {@code id}.
     *
     * @throws ProblemException (404) when there is none
     */
    public TargetProfile get(String id) {
        TargetProfile profile = fixed.get(id);
        if (profile != null) {
            return profile;
        }
        StoredProfile stored = id == null ? null : StoredProfile.findById(id);
        if (stored == null) {
            throw ProblemException.notFound("target profile", id);
        }
        return read(stored);
    }

    /** Where the profile with {@code id} comes from; 404 when there is none. */
    public ProfileOrigin origin(String id) {
        ProfileOrigin origin = fixedOrigins.get(id);
        if (origin != null) {
            return origin;
        }
        get(id);
        return ProfileOrigin.USER;
    }

    /** Every profile, built-in and configured ones first, then people's by id. */
    public List<ProfileSummary> list() {
        List<ProfileSummary> summaries = new ArrayList<>();
        fixed.values().stream().sorted(Comparator.comparing(TargetProfile::id))
                .forEach(profile -> summaries.add(ProfileSummary.of(profile, fixedOrigins.get(profile.id()))));
        StoredProfile.<StoredProfile> listAll(io.quarkus.panache.common.Sort.by("id"))
                .forEach(stored -> summaries.add(ProfileSummary.of(read(stored), ProfileOrigin.USER)));
        return summaries;
    }

    /** Stores a new profile a person wrote (already validated); 409 when the id is taken. */
    @Transactional
    public TargetProfile create(TargetProfile profile) {
        if (fixed.containsKey(profile.id()) || StoredProfile.findById(profile.id()) != null) {
            throw ProblemException.conflict("a target profile with id " + profile.id() + " exists already");
        }
        StoredProfile stored = new StoredProfile();
        stored.id = profile.id();
        stored.createdAt = Instant.now();
        write(stored, profile);
        stored.persist();
        return profile;
    }

    /** Replaces a profile a person added; 409 for built-in ones, 404 when there is none, 400 when ids differ. */
    @Transactional
    public TargetProfile replace(String id, TargetProfile profile) {
        StoredProfile stored = userProfile(id);
        if (!id.equals(profile.id())) {
            throw ProblemException.invalid("the profile's id " + profile.id() + " does not match the path's " + id);
        }
        write(stored, profile);
        return profile;
    }

    /** Deletes a profile a person added; 409 for built-in ones, 404 when there is none. */
    @Transactional
    public void delete(String id) {
        userProfile(id).delete();
    }

    private StoredProfile userProfile(String id) {
        if (fixed.containsKey(id)) {
            throw ProblemException.conflict("target profile " + id
                    + " ships with Ferry or comes from configuration and cannot be changed here; add a copy under "
                    + "another id");
        }
        StoredProfile stored = StoredProfile.findById(id);
        if (stored == null) {
            throw ProblemException.notFound("target profile", id);
        }
        return stored;
    }

    private static void write(StoredProfile stored, TargetProfile profile) {
        try {
            stored.document = ProfileMapper.json().writeValueAsString(profile);
            stored.updatedAt = Instant.now();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store target profile " + profile.id(), e);
        }
    }

    private static TargetProfile read(StoredProfile stored) {
        try {
            return ProfileMapper.json().readValue(stored.document, TargetProfile.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored target profile " + stored.id + " is unreadable", e);
        }
    }
}
