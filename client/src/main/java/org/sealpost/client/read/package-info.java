/**
 * Reading mail: every message of INBOX opened with whichever key of the address's history matches
 * (fetching the history again once when none does), every S/MIME layer verified against the local
 * store's trust anchors, and the verdict said in plain words: who signed, how far that identity is
 * validated (V1 to V4, Vp), when it was timestamped, or why a signature is bad. Certificates of
 * signers from other CAs are submitted to the directory (harvest). {@link org.sealpost.client.read.MailReader}
 * is the entry point; {@code sealpost inbox} and {@code sealpost read} are thin layers over it.
 */
package org.sealpost.client.read;
