package dev.ferry.api.paging;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list answer.
 *
 * @param items the items on this page
 * @param page zero-based page number
 * @param size page size asked for
 * @param total items in the whole list
 */
public record Page<T>(List<T> items, int page, int size, long total) {

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), page, size, total);
    }
}
