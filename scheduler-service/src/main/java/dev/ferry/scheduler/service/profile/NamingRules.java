package dev.ferry.scheduler.service.profile;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * What a VM name must look like on the target.
 *
 * @param maxLength longest name
 * @param forbiddenCharacters characters a name must not contain (Hyper-V: those Windows file names refuse)
 * @param dnsLabel whether the name must be an RFC 1123 DNS label (KubeVirt: lower-case letters, digits and '-',
 *        starting and ending with a letter or digit)
 */
public record NamingRules(@NotNull @Valid Limit maxLength, @Size(max = 100) String forbiddenCharacters,
        boolean dnsLabel) {
}
