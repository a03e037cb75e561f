/**
 * Managing an enrolled account: the certificate admin view ({@link org.sealpost.client.manage.CertificateOverview}),
 * the refresh of the device's V2-V4 identity certificates ({@link org.sealpost.client.manage.IdentityRefresh}),
 * the address's devices and their removal ({@link org.sealpost.client.manage.DeviceAdmin}), and the
 * key-protection password ({@link org.sealpost.client.manage.KeyProtection}).
 */
package org.sealpost.client.manage;
