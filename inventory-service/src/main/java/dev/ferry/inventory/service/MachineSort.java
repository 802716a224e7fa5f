package dev.ferry.inventory.service;

import java.util.Map;

import dev.ferry.api.problem.Problem;
import dev.ferry.api.problem.ProblemException;
import io.quarkus.panache.common.Sort;

/**
 * How a machine list is ordered: a field name, descending when prefixed with {@code -} ({@code -memoryBytes}). Ties
 * are broken by id so that paging is stable.
 */
public final class MachineSort {

    /** Sortable fields by the name clients use, mapped to entity attributes. */
    private static final Map<String, String> FIELDS = Map.of(
            "name", "name",
            "powerState", "powerState",
            "osFamily", "osFamily",
            "firmware", "firmware",
            "cpus", "cpuCount",
            "memoryBytes", "memoryBytes",
            "diskBytes", "diskBytes",
            "firstSeen", "firstSeen",
            "lastSeen", "lastSeen");

    private MachineSort() {
    }

    /** Parses the {@code sort} query parameter; null or blank sorts by name. */
    public static Sort parse(String sort) {
        if (sort == null || sort.isBlank()) {
            return Sort.by("name").and("id");
        }
        boolean descending = sort.startsWith("-");
        String field = descending ? sort.substring(1) : sort;
        String attribute = FIELDS.get(field);
        if (attribute == null) {
            throw ProblemException.invalidFields("cannot sort by '" + sort + "'", java.util.List.of(
                    new Problem.FieldError("sort", "must be one of " + String.join(", ", new java.util.TreeSet<>(
                            FIELDS.keySet())) + ", optionally prefixed with - for descending order")));
        }
        return Sort.by(attribute, descending ? Sort.Direction.Descending : Sort.Direction.Ascending).and("id");
    }
}
