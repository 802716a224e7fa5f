package dev.ferry.scheduler.service.profile;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.ferry.events.plan.TargetPlatform;

/**
 * The limits and rules of one target platform (a Hyper-V version in one generation, KVM, KubeVirt), as data: built-in
 * profiles are YAML files under {@code profiles/} in the service's resources, others are added through the API. Each
 * figure carries its source.
 *
 * @param id stable id ("hyperv-2008r2", "hyperv-2019-gen2", "kvm")
 * @param name what people call the target
 * @param description notes for people, or null
 * @param platform hypervisor family
 * @param generation Hyper-V generation (1 or 2); 0 for other platforms
 * @param vm per-VM limits
 * @param host per-host limits, for capacity planning
 * @param boot firmware and boot rules
 * @param storage controllers, boot disk placement and image formats
 * @param network network adapter kinds and their limits
 * @param guests guest systems the target knows, first match wins; a guest matching none is unsupported
 * @param naming what a VM name must look like
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TargetProfile(
        @NotNull @Pattern(regexp = ID_PATTERN, message = "must be 2 to 63 lower-case letters, digits or '-'") String id,
        @NotBlank @Size(max = 200) String name,
        @Size(max = 4000) String description,
        @NotNull TargetPlatform platform,
        @Min(0) @Max(2) int generation,
        @NotNull @Valid VmLimits vm,
        @NotNull @Valid HostLimits host,
        @NotNull @Valid BootRules boot,
        @NotNull @Valid StorageRules storage,
        @NotNull @Valid NetworkRules network,
        @NotNull @Size(max = 500) List<@NotNull @Valid GuestSupport> guests,
        @NotNull @Valid NamingRules naming) {

    /** What a profile id looks like. */
    public static final String ID_PATTERN = "[a-z0-9][a-z0-9-]{1,62}";

    /** Bytes in a GiB, the unit of the profiles' memory and disk figures. */
    public static final long GIB = 1L << 30;

    public TargetProfile {
        guests = guests == null ? null : List.copyOf(guests);
    }

    /** The format a disk gets when nothing rules it out: the first the target lists. */
    public DiskFormat preferredFormat() {
        return storage.formats().get(0);
    }
}
