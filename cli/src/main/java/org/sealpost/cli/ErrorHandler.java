package org.sealpost.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.sealpost.core.DecryptionException;
import org.sealpost.core.SmimeException;
import org.sealpost.core.TimestampException;
import org.sealpost.server.config.ConfigException;
import org.sealpost.storage.StorageException;
import org.sealpost.vault.VaultException;
import org.sealpost.ca.CaException;
import picocli.CommandLine;

/**
 * Turns exceptions into one line on stderr and an exit code. A stack trace is printed only when
 * SEALPOST_DEBUG is set, so users never see one for bad input.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, CommandLine.ParseResult parseResult) {
        var err = cli.getErr();
        if (System.getenv("SEALPOST_DEBUG") != null) {
            ex.printStackTrace(err);
        }
        int code;
        String message;
        if (ex instanceof CliException c) {
            code = c.exitCode();
            message = c.getMessage();
        } else if (ex instanceof org.sealpost.client.account.AccountException a && a.isDeviceRemoved()) {
            // Like the service's 401 revoked_certificate (a ServiceException, below): the device cannot act.
            code = ExitCodes.FAILED;
            message = ex.getMessage();
        } else if (ex instanceof org.sealpost.client.store.StoreException
                || ex instanceof org.sealpost.client.account.AccountException) {
            // A wrong passphrase, a damaged or missing store or account: the user's input to fix.
            code = ExitCodes.USAGE;
            message = ex.getMessage();
        } else if (ex instanceof org.sealpost.client.service.ServiceException
                || ex instanceof org.sealpost.client.mail.MailException
                || ex instanceof org.sealpost.client.enroll.EnrollmentException
                || ex instanceof org.sealpost.client.keys.KeySyncException) {
            // The service or a mail server could not be reached or refused: the operation failed.
            code = ExitCodes.FAILED;
            message = ex.getMessage();
        } else if (ex instanceof DecryptionException || ex instanceof TimestampException) {
            code = ExitCodes.FAILED;
            message = ex.getMessage();
        } else if (ex instanceof CaException.LintFailure) {
            // The request was understood; the certificate it asks for breaks a rule.
            code = ExitCodes.FAILED;
            message = ex.getMessage();
        } else if (ex instanceof CaException) {
            code = ExitCodes.USAGE;
            message = ex.getMessage();
        } else if (ex instanceof SmimeException) {
            code = ExitCodes.USAGE;
            message = ex.getMessage();
        } else if (ex instanceof ConfigException || ex instanceof VaultException) {
            // A setting that cannot be used, or a vault that cannot be opened: the operator's to fix.
            code = ExitCodes.USAGE;
            message = ex.getMessage();
        } else if (ex instanceof StorageException) {
            // The database cannot be reached, opened or migrated; the message names the URL without credentials.
            code = ExitCodes.USAGE;
            message = ex.getMessage();
        } else if (ex instanceof NoSuchFileException e) {
            code = ExitCodes.USAGE;
            message = e.getFile() + ": no such file";
        } else if (ex instanceof AccessDeniedException e) {
            code = ExitCodes.USAGE;
            message = e.getFile() + ": permission denied";
        } else if (ex instanceof IOException e) {
            code = ExitCodes.USAGE;
            message = "I/O error: " + e.getMessage();
        } else if (ex instanceof IllegalArgumentException e) {
            code = ExitCodes.USAGE;
            message = e.getMessage();
        } else {
            code = ExitCodes.USAGE;
            message = "cannot process the input (" + ex.getClass().getSimpleName()
                    + (ex.getMessage() != null ? ": " + ex.getMessage() : "") + ")";
        }
        err.println("sealpost: " + oneLine(message));
        err.flush();
        return code;
    }

    static String oneLine(String s) {
        return s == null ? "failed" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
