// distros is a plain mail to the private distros list (with patches attached), sent by
// `npm run notify-distros` days before the embargo, through the same SMTP delivery as the rest.
export { composeMail, sendMail, verifySmtp, MailError, type MailPayload } from '../../mail/smtp.ts';
