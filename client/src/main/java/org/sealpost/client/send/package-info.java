/**
 * Sending mail the Sealpost way: {@link org.sealpost.client.send.Sender} resolves every recipient's
 * keys first (all or nothing), composes the message with Jakarta Mail, protects its headers by
 * wrapping it, signs it with the device (dual with an identity certificate), timestamps it, encrypts
 * it to every recipient and the sender, sends it in one SMTP transaction, invites recipients who
 * only had a provisional key, and keeps the encrypted copy in Sent.
 */
package org.sealpost.client.send;
