package org.sealpost.storage.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.sealpost.storage.Database;
import org.sealpost.storage.DatabaseConfig;
import org.sealpost.storage.Dialect;

/** An embedded H2 database ({@link DatabaseConfig#embedded}) in a temporary data directory. */
final class H2TestDatabase implements TestDatabase {
    private final List<Database> opened = new ArrayList<>();
    private Path dataDir;

    @Override
    public Dialect dialect() {
        return Dialect.H2;
    }

    @Override
    public synchronized DatabaseConfig config() {
        return DatabaseConfig.embedded(dataDir());
    }

    /** The temporary data directory holding {@code db/sealpost.mv.db}. */
    synchronized Path dataDir() {
        if (dataDir == null) {
            try {
                dataDir = Files.createTempDirectory("sealpost-h2-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dataDir;
    }

    @Override
    public synchronized Database open() {
        Database db = Database.open(config());
        opened.add(db);
        return db;
    }

    @Override
    public synchronized void close() {
        opened.forEach(Database::close);
        opened.clear();
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            dataDir = null;
        }
    }

    @Override
    public String toString() {
        return "H2";
    }
}
