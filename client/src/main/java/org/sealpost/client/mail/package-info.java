/**
 * The user's own mail account as the client uses it: IMAP to read the inbox and keep a Sent copy,
 * SMTP to send, both over Jakarta Mail (Angus). {@link org.sealpost.client.mail.MailClient} is the
 * entry point; {@link org.sealpost.client.mail.MailSettings} says how to reach the account, and every
 * failure is a {@link org.sealpost.client.mail.MailException} with a one-line message that names the
 * server and never the password.
 */
package org.sealpost.client.mail;
