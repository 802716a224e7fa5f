package dev.ferry.scheduler.service.profile;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import dev.ferry.api.problem.JsonPaths;
import dev.ferry.api.problem.Problem;
import dev.ferry.api.problem.ProblemException;

/** Reads a profile document (YAML or JSON) and checks it, refusing a bad one with the fields that are wrong. */
public final class ProfileReader {

    private ProfileReader() {
    }

    /** Reads and validates a YAML document (JSON is YAML too). */
    public static TargetProfile yaml(String text) {
        return read(ProfileMapper.yaml(), text);
    }

    /** Reads and validates a JSON document. */
    public static TargetProfile json(String text) {
        return read(ProfileMapper.json(), text);
    }

    private static TargetProfile read(ObjectMapper mapper, String text) {
        TargetProfile profile;
        try {
            profile = mapper.readValue(text, TargetProfile.class);
        } catch (MismatchedInputException e) {
            throw ProblemException.invalidFields("the profile could not be read",
                    List.of(new Problem.FieldError(path(e), reason(e))));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw ProblemException.invalid("the profile is not a readable document" + where);
        }
        if (profile == null) {
            throw ProblemException.invalid("the profile document is empty");
        }
        List<Problem.FieldError> problems = ProfileValidator.problems(profile);
        if (!problems.isEmpty()) {
            throw ProblemException.invalidFields(problems.size() == 1 ? "1 field of the profile is not valid"
                    : problems.size() + " fields of the profile are not valid", problems);
        }
        return profile;
    }

    private static String path(MismatchedInputException e) {
        String path = JsonPaths.describe(e.getPath());
        return path.isEmpty() ? "(document)" : path;
    }

    private static String reason(MismatchedInputException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return "is not a field of a profile";
        }
        if (e instanceof InvalidFormatException invalid) {
            return "cannot read '" + invalid.getValue() + "' as " + invalid.getTargetType().getSimpleName();
        }
        return "has the wrong type of value";
    }
}
