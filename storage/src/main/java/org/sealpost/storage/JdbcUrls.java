package org.sealpost.storage;

import java.util.regex.Pattern;

/** Makes JDBC URLs safe to show: credentials a URL may carry are replaced by {@code ***}. */
final class JdbcUrls {
    // PostgreSQL takes password=/sslpassword= as query parameters, H2 takes ;PASSWORD= settings,
    // and both accept user:password@ before the host.
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)((?:ssl)?password|pwd)=[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("//[^/@?;]*@");

    private JdbcUrls() {
    }

    /** The URL without passwords or user info. */
    static String redact(String jdbcUrl) {
        if (jdbcUrl == null) {
            return "(no URL)";
        }
        String s = PASSWORD_PARAM.matcher(jdbcUrl).replaceAll("$1=***");
        return USER_INFO.matcher(s).replaceAll("//***@");
    }
}
