package org.sealpost.cli.smime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sealpost.cli.CliException;
import org.sealpost.cli.ExitCodes;
import org.sealpost.cli.Secrets;
import org.sealpost.core.KeyMaterialException;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.keys.KeyMaterial;

/** Turns key/certificate pairs and PKCS#12 files given on the command line into identities. */
final class KeySelection {
    private KeySelection() {
    }

    static List<Identity> load(List<Path> keys, List<Path> certs, List<Path> p12s, String passwordEnv, String keyPasswordEnv,
                               String keyOption, String certOption) throws CliException, KeyMaterialException {
        if (keys.size() != certs.size()) {
            throw new CliException(ExitCodes.USAGE, "give one " + certOption + " for each " + keyOption + " (got "
                    + certs.size() + " and " + keys.size() + ")");
        }
        List<Identity> out = new ArrayList<>();
        char[] keyPassword = Secrets.fromEnv(keyPasswordEnv);
        try {
            for (int i = 0; i < keys.size(); i++) {
                out.add(KeyMaterial.identity(keys.get(i), keyPassword, certs.get(i)));
            }
        } finally {
            KeyMaterial.wipe(keyPassword);
        }
        if (!p12s.isEmpty()) {
            if (passwordEnv == null) {
                throw new CliException(ExitCodes.USAGE, "--p12 needs --password-env naming the variable that holds its password");
            }
            char[] password = Secrets.fromEnv(passwordEnv);
            try {
                for (Path p12 : p12s) {
                    out.addAll(KeyMaterial.readPkcs12(p12, password));
                }
            } finally {
                KeyMaterial.wipe(password);
            }
        }
        return out;
    }
}
