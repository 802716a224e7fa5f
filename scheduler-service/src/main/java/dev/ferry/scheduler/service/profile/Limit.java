package dev.ferry.scheduler.service.profile;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One figure of a target profile with where it comes from.
 *
 * @param value the figure (a count, or GiB where the field name says so)
 * @param source the publication the figure is taken from, such as "Hyper-V maximum scale limits, Windows Server 2019"
 * @param unverified true when no primary source confirms the figure: it is a configurable assumption, not a fact
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Limit(@PositiveOrZero long value, @NotBlank @Size(max = 500) String source, boolean unverified) {

    /** Whether {@code amount} stays within the figure. */
    public boolean allows(long amount) {
        return amount <= value;
    }

    /** The figure as people read it, marked when unverified ("64 (unverified)"). */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%,d", value) + (unverified ? " (unverified)" : "");
    }
}
