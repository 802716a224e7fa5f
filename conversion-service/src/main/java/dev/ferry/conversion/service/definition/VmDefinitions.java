package dev.ferry.conversion.service.definition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.ferry.conversion.service.job.RequestRefusedException;
import dev.ferry.events.conversion.DiskResult;
import dev.ferry.events.plan.ConversionPlan;

/**
 * Writes a converted machine's definition for its target platform into the job's folder, after every disk was
 * verified: a PowerShell script for Hyper-V, a libvirt domain XML for KVM, a VirtualMachine manifest for KubeVirt,
 * and beside each the JSON manifest ({@code <machine>.ferry.json}).
 */
@ApplicationScoped
public class VmDefinitions {

    /** The files the definition of {@code plan} consists of, rendered but not written. */
    public List<DefinitionFile> render(ConversionPlan plan, List<DiskResult> results, Path folder, String jobId)
            throws RequestRefusedException {
        List<PlannedDisk> disks = PlannedDisk.of(plan, results);
        String stem = DefinitionNames.fileStem(plan);
        List<DefinitionFile> files = new ArrayList<>();
        if (plan.platform() == null) {
            throw new RequestRefusedException("the plan names no target platform");
        }
        switch (plan.platform()) {
            case HYPERV -> files.add(new DefinitionFile(stem + ".ps1", HyperVScript.render(plan, disks, jobId)));
            case KVM -> files.add(new DefinitionFile(stem + ".xml", LibvirtDomain.render(plan, disks, folder, jobId)));
            case KUBEVIRT -> files.add(new DefinitionFile(stem + ".yaml", KubeVirtMachine.render(plan, disks,
                    jobId)));
            case UNKNOWN -> throw new RequestRefusedException("the plan's target platform is unknown to this worker");
        }
        String manifestName = stem + ".ferry.json";
        List<String> names = new ArrayList<>(files.stream().map(DefinitionFile::name).toList());
        names.add(manifestName);
        files.add(new DefinitionFile(manifestName, VmManifest.render(plan, disks, jobId, names)));
        return files;
    }

    /** Renders and writes the definition; returns the file names written. */
    public List<String> write(ConversionPlan plan, List<DiskResult> results, Path folder, String jobId)
            throws IOException {
        List<String> written = new ArrayList<>();
        for (DefinitionFile file : render(plan, results, folder, jobId)) {
            Path target = folder.resolve(file.name());
            Path temporary = folder.resolve(file.name() + ".tmp");
            Files.writeString(temporary, file.content(), StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            written.add(file.name());
        }
        return written;
    }
}
