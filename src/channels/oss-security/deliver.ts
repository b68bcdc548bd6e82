// oss-security is a plain mail to a public list; it goes through the same SMTP delivery as the
// announcement. Its archive (openwall.com) cannot be searched by Message-ID, so a send whose
// outcome is unknown is never retried without a person's confirmation (see src/publish/README.md).
export { composeMail, sendMail, verifySmtp, MailError, type MailPayload } from '../../mail/smtp.ts';
