package dev.ferry.scheduler.service.wave;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StorageRootsTest {

    @ParameterizedTest
    @ValueSource(strings = { "wave-1", "2026/wave 7", "a/b/c", "_x.y-z" })
    void foldersInsideTheRootAreAccepted(String folder) {
        assertThat(StorageRoots.folderProblem(folder)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "..", "../x", "a/../..", "a/./b", "/abs", "C:/x", "a\\b", "a//b", "a/",
            ".hidden", "a/-b" })
    void foldersThatCouldLeaveTheRootOrAreNotPlainAreRefused(String folder) {
        assertThat(StorageRoots.folderProblem(folder)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "../../etc/passwd", "web 01/..", "Über Server" })
    void machineFoldersAreSingleSafeNames(String name) {
        String folder = StorageRoots.machineFolder(name);
        assertThat(folder).matches("[a-z0-9_][a-z0-9._-]*");
        assertThat(StorageRoots.folderProblem(folder)).isNull();
    }
}
