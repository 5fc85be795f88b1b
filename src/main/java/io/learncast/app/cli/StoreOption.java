package io.learncast.app.cli;

import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import picocli.CommandLine.Option;

/** {@code --db}: where the store is (a folder for embedded H2, or a JDBC URL). */
public final class StoreOption {
    @Option(names = "--db", paramLabel = "FOLDER|URL",
            description = "The store: a folder (embedded H2; default ./learncast-data, or $LEARNCAST_DB), "
                    + "jdbc:h2:tcp://HOST:PORT/learncast, or jdbc:postgresql://HOST/DB.")
    String db;

    public StoreLocation location() { return StoreLocation.resolve(db); }

    public Store open() { return JdbcStore.open(location()); }

    public Store open(int connections) { return JdbcStore.open(location(), connections); }
}
