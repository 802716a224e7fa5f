package dev.ferry.cli.output;

import java.util.ArrayList;
import java.util.List;

import dev.ferry.cli.http.AccessToken;
import dev.ferry.cli.http.ApiProblem;
import dev.ferry.cli.http.ServiceUnreachableException;

/** Turns a refused request or an unreachable service into the lines a person reads, with what to do about it. */
public final class ProblemDisplay {

    private ProblemDisplay() {
    }

    /**
     * "error: TITLE: DETAIL" and one line per rejected field; for 401 and 403 what was wrong with the token.
     *
     * @param token the token the request carried (only its origin is shown)
     * @param adminToken where the local stack keeps its admin token, for the hint when a role is lacking
     */
    public static List<String> lines(ApiProblem problem, AccessToken token, String adminToken) {
        List<String> lines = new ArrayList<>();
        StringBuilder first = new StringBuilder("error: ").append(problem.title());
        if (problem.detail() != null && !problem.detail().isBlank() && !problem.detail().equals(problem.title())) {
            first.append(": ").append(problem.detail());
        }
        lines.add(first.toString());
        for (ApiProblem.FieldError error : problem.errors()) {
            lines.add("  " + (error.field() == null || error.field().isBlank() ? "" : error.field() + ": ")
                    + error.message());
        }
        if (problem.status() == 401) {
            lines.add(token.present()
                    ? "the " + problem.service() + " service did not accept the token from " + token.origin()
                            + ": it may have expired or come from another issuer"
                    : "no token was sent (" + token.origin() + "); give one with --token-file FILE or FERRY_TOKEN");
        } else if (problem.status() == 403) {
            lines.add("the token from " + token.origin() + " lacks the role this needs: viewers read, operators "
                    + "act (discover, upload, assess, waves, jobs), admins configure (sources, profiles); with the "
                    + "local stack: --token-file " + adminToken);
        }
        return lines;
    }

    /** What to say when a service cannot be reached. */
    public static List<String> lines(ServiceUnreachableException unreachable) {
        return List.of("error: " + unreachable.getMessage(),
                "is Ferry running? Start it locally with bin/ferry-local up, or point the command line at it with "
                        + "--" + unreachable.service() + "-url URL (FERRY_" + unreachable.service().toUpperCase(
                                java.util.Locale.ROOT)
                        + "_URL)");
    }
}
