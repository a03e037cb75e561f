/**
 * An RFC 3161 time-stamp authority: {@link org.sealpost.tsa.TimeStampAuthority} turns a DER
 * TimeStampReq into a DER TimeStampResp. Transport (HTTP, RFC 3161 section 3.4) is the server's job.
 */
package org.sealpost.tsa;
