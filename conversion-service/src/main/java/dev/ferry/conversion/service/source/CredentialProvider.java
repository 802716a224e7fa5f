package dev.ferry.conversion.service.source;

import java.io.IOException;

/**
 * Where a worker gets an inventory source's credentials when a job starts. The production implementation asks the
 * inventory ({@link InventoryCredentialProvider}); credentials are kept in memory for the job and never logged or
 * written anywhere.
 */
public interface CredentialProvider {

    /**
     * The credentials of inventory source {@code sourceId}.
     *
     * @throws dev.ferry.conversion.service.job.RequestRefusedException when the source has none or this worker may
     *         not have them (retrying will not help)
     * @throws IOException when the inventory cannot be reached (retrying may help)
     */
    SourceCredentials credentials(String sourceId) throws IOException;
}
