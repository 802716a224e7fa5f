package dev.ferry.conversion.service;

import java.net.InetAddress;
import java.net.UnknownHostException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.ferry.conversion.config.ConversionConfig;

/** The name this worker goes by in events and leases. */
@ApplicationScoped
public class WorkerIdentity {

    @Inject
    ConversionConfig config;

    public String id() {
        return config.workerId().orElseGet(WorkerIdentity::hostName);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "conversion-worker";
        }
    }
}
