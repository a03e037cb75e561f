package org.sealpost.kms;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.sealpost.vault.VaultService;
import org.sealpost.vault.VaultTransport;

/**
 * A vault in its own process, as {@code sealpost vault --data DIR --port P} runs it (the CLI depends
 * on this module, so the tests here start {@link VaultService} directly): serves the vault's HTTP API
 * on 127.0.0.1 until killed, and prints {@code listening <port>} once it does.
 *
 * <p>Arguments: the vault's data directory (made by {@code VaultHome.init}), the port (0: any free one).
 */
public final class VaultProcess {
    private VaultProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        ChildJvm.exitWithParent();
        VaultService vault = VaultService.open(Path.of(args[0]), Optional.empty(), null).serve("127.0.0.1", Integer.parseInt(args[1]),
                // Plain HTTP on loopback: the crash test is about durable writes, not the transport.
                new VaultTransport.InsecureHttp());
        System.out.println("listening " + vault.port());
        // Serves until SIGKILL (or the parent's end): never closed in an orderly way, on purpose.
        new CountDownLatch(1).await();
    }
}
