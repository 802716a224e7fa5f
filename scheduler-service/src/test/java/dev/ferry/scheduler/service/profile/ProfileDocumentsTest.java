package dev.ferry.scheduler.service.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.api.problem.Problem;
import dev.ferry.api.problem.ProblemException;

/** Reading, validating and overriding profile documents. */
class ProfileDocumentsTest {

    @Test
    void configuredDirectoryReplacesAnUnverifiedFigure(@TempDir Path directory) throws IOException {
        String yaml = builtIn("hyperv-2008r2").replace(
                "logicalProcessors: { value: 64, source: \"Hyper-V 2008 R2 logical processors per host (no primary "
                        + "source found)\", unverified: true }",
                "logicalProcessors: { value: 48, source: \"our hosts\" }");
        Files.writeString(directory.resolve("hyperv-2008r2.yaml"), yaml);
        Files.writeString(directory.resolve("notes.txt"), "not a profile");
        TargetProfile profile = BuiltInProfiles.loadDirectory(directory).get("hyperv-2008r2");
        assertThat(profile.host().logicalProcessors().value()).isEqualTo(48);
        assertThat(profile.host().logicalProcessors().unverified()).isFalse();
    }

    @Test
    void badConfiguredProfileStopsStartWithTheFileAndFields(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("bad.yaml"), builtIn("kvm").replace("id: kvm", "id: Bad_Id"));
        assertThatThrownBy(() -> BuiltInProfiles.loadDirectory(directory)).hasMessageContaining("bad.yaml")
                .hasMessageContaining("field=id");
    }

    @Test
    void crossFieldProblemsAreNamed() throws IOException {
        String yaml = builtIn("hyperv-2019-gen1").replace("generation: 1", "generation: 0")
                .replace("pattern: 'rhel(?<version>\\d+)(_64)?Guest'", "pattern: 'rhel(\\d+'")
                .replace("otherGeneration: hyperv-2019-gen2", "otherGeneration: hyperv-2019-gen1");
        assertThatThrownBy(() -> ProfileReader.yaml(yaml)).isInstanceOfSatisfying(ProblemException.class,
                problem -> assertThat(problem.errors()).extracting(Problem.FieldError::field)
                        .contains("generation", "boot.otherGeneration")
                        .anyMatch(field -> field.endsWith(".pattern")));
    }

    @Test
    void unknownFieldIsRefusedRatherThanIgnored() throws IOException {
        String yaml = builtIn("kvm").replace("vm:\n", "vm:\n  cpus: 4\n");
        assertThatThrownBy(() -> ProfileReader.yaml(yaml)).isInstanceOfSatisfying(ProblemException.class,
                problem -> assertThat(problem.errors()).extracting(Problem.FieldError::field).containsExactly("vm.cpus"));
    }

    private static String builtIn(String id) throws IOException {
        try (InputStream in = getResource("profiles/" + id + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InputStream getResource(String name) {
        return ProfileDocumentsTest.class.getClassLoader().getResourceAsStream(name);
    }
}
