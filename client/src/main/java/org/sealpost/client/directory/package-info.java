/**
 * Where recipients' keys come from: our service's directory (batch look-ups as the device,
 * provisional keys), a domain's own key service (configured, or announced at
 * {@code /.well-known/sealpost.json}), and a short-lived local cache of those public answers.
 */
package org.sealpost.client.directory;
