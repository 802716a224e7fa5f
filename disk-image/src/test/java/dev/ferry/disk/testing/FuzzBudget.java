package dev.ferry.disk.testing;

/**
 * How long each fuzz test fuzzes when Jazzer runs in fuzzing mode ({@code JAZZER_FUZZ=1}, as the {@code fuzz} Maven
 * profile does in CI, one fuzz test per JVM); in a plain build fuzz tests only replay their seeds.
 */
public final class FuzzBudget {

    /** Per fuzz test, as {@code @FuzzTest(maxDuration = ...)} takes it. */
    public static final String PER_TEST = "25s";

    private FuzzBudget() {
    }
}
