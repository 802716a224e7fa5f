package dev.ferry.scheduler.service.assessment.rules;

import dev.ferry.scheduler.service.assessment.Severity;

/** What every rule shares: its id, the most severe finding it raises, and its description. */
abstract class AbstractRule implements Rule {

    private final String id;
    private final Severity severity;
    private final String description;

    AbstractRule(String id, Severity severity, String description) {
        this.id = id;
        this.severity = severity;
        this.description = description;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Severity severity() {
        return severity;
    }

    @Override
    public String description() {
        return description;
    }
}
