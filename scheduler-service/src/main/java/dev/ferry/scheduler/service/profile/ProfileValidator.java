package dev.ferry.scheduler.service.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import dev.ferry.api.problem.Problem;
import dev.ferry.events.plan.DiskSlot;
import dev.ferry.events.plan.NicPlan;
import dev.ferry.events.plan.TargetPlatform;

/**
 * Says what is wrong with a target profile, field by field: the Bean Validation constraints on its records, then the
 * rules that tie fields together (a boot bus the profile lists, a generation that fits the platform, patterns that
 * compile).
 */
public final class ProfileValidator {

    // Plain parameter interpolation keeps this usable outside a container (built-in profiles are checked in unit
    // tests as well as at start-up) without an expression language implementation.
    private static final ValidatorFactory FACTORY = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();

    private ProfileValidator() {
    }

    /** The problems of {@code profile}, sorted by field; empty when it is valid. */
    public static List<Problem.FieldError> problems(TargetProfile profile) {
        Validator validator = FACTORY.getValidator();
        List<Problem.FieldError> errors = new ArrayList<>();
        validator.validate(profile).forEach(
                violation -> errors.add(new Problem.FieldError(violation.getPropertyPath().toString(),
                        violation.getMessage())));
        if (errors.isEmpty()) {
            crossFieldProblems(profile, errors);
        }
        errors.sort(Comparator.comparing(Problem.FieldError::field));
        return errors;
    }

    private static void crossFieldProblems(TargetProfile profile, List<Problem.FieldError> errors) {
        boolean hyperV = profile.platform() == TargetPlatform.HYPERV;
        if (hyperV && profile.generation() == 0) {
            errors.add(new Problem.FieldError("generation", "must be 1 or 2 for a Hyper-V profile"));
        }
        if (!hyperV && profile.generation() != 0) {
            errors.add(new Problem.FieldError("generation", "must be 0 for a platform without generations"));
        }
        if (profile.id().equals(profile.boot().otherGeneration())) {
            errors.add(new Problem.FieldError("boot.otherGeneration", "must name another profile"));
        }
        Set<DiskSlot.Bus> buses = profile.storage().buses().keySet();
        requireListed(errors, "storage.bootBus", profile.storage().bootBus(), buses);
        requireListed(errors, "storage.dataBus", profile.storage().dataBus(), buses);
        requireListed(errors, "storage.fallbackBus", profile.storage().fallbackBus(), buses);
        Set<NicPlan.Kind> kinds = profile.network().limits().keySet();
        requireListed(errors, "network.adapter", profile.network().adapter(), kinds);
        requireListed(errors, "network.pxeAdapter", profile.network().pxeAdapter(), kinds);
        requireListed(errors, "network.fallbackAdapter", profile.network().fallbackAdapter(), kinds);
        for (int index = 0; index < profile.guests().size(); index++) {
            guestProblems(profile.guests().get(index), "guests[" + index + "]", errors);
        }
    }

    private static void guestProblems(GuestSupport guest, String field, List<Problem.FieldError> errors) {
        if (guest.pattern() == null && guest.family() == null) {
            errors.add(new Problem.FieldError(field, "needs a pattern or a family to match guests by"));
            return;
        }
        if (guest.pattern() == null) {
            if (guest.minVersion() != null) {
                errors.add(new Problem.FieldError(field + ".minVersion", "needs a pattern with a 'version' group"));
            }
            return;
        }
        try {
            GuestMatcher.compile(guest.pattern());
            if (guest.minVersion() != null && !guest.pattern().contains("(?<version>")) {
                errors.add(new Problem.FieldError(field + ".minVersion", "needs a pattern with a 'version' group"));
            }
        } catch (PatternSyntaxException e) {
            errors.add(new Problem.FieldError(field + ".pattern", "is not a valid regular expression: "
                    + e.getDescription()));
        }
    }

    private static <T> void requireListed(List<Problem.FieldError> errors, String field, T value, Set<T> listed) {
        if (value != null && !listed.contains(value)) {
            errors.add(new Problem.FieldError(field, value + " is not among the profile's " + listed));
        }
    }
}
