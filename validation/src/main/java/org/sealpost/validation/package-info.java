/**
 * Mailbox-control validation, the ACME-for-S/MIME idea of RFC 8823: {@link org.sealpost.validation.ChallengeService}
 * mails one random token part to the address ({@link org.sealpost.validation.ChallengeMailer},
 * {@link org.sealpost.validation.ChallengeMessage}) and returns the other to the device, which proves
 * it holds both and its account key by answering with a digest over them
 * ({@link org.sealpost.validation.KeyAuthorization}, {@link org.sealpost.validation.AccountKey}).
 * Results are data: {@link org.sealpost.validation.IssueResult}, {@link org.sealpost.validation.AnswerResult},
 * {@link org.sealpost.validation.Refusal}. See docs/VALIDATION.md.
 */
package org.sealpost.validation;
