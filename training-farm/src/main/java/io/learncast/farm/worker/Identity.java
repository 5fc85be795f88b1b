package io.learncast.farm.worker;

import io.learncast.farm.result.Provenance;

import java.util.UUID;

/** Worker identities: host, process id and a short random tag, unique across machines and restarts. */
public final class Identity {
    private Identity() {}

    public static String newWorkerId(String role) {
        return role + "@" + Provenance.hostName() + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }
}
