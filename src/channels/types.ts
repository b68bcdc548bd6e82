// The one small interface every channel implements. Adding a channel is adding a folder
// src/channels/<name>/ (spec.ts: its data; index.ts: its ChannelModule) and its line in
// catalog.ts; see docs/channels.md "Adding a channel". Rendering is pure (no I/O, no clock but
// ctx.now); delivery lives beside it in deliver.ts, its release and amendment steps in release.ts
// and amend.ts, and they are driven by src/publish through the engine, never by the channel itself.
import type { Advisory, AdvisoryData, Channel } from '../advisory/schema.ts';
import type { TeamConfig } from '../config/schema.ts';
import type { CredentialSpec } from '../engine/credentials.ts';
import type { AmendStep } from '../publish/amend-context.ts';
import type { StepImpl } from '../publish/step-context.ts';
import type { ReleaseStepInfo } from './spec-types.ts';

export type { ChannelSpec, ReleaseStepInfo } from './spec-types.ts';

export interface RenderContext {
  advisory: Advisory;
  config: TeamConfig;
  /** The moment of rendering (from src/clock.ts), for "Updated on" footers and the like. */
  now: Date;
  /**
   * Public URLs known at render time. On release day publish fills these in as steps finish
   * (the blog and forum link to the signed mail's archive URL; GHSA links to the blog post).
   * Falls back to advisory.data.links; a renderer uses a clear placeholder when a link is unknown.
   */
  links: Partial<Record<keyof NonNullable<AdvisoryData['links']>, string>>;
  /** Files from advisories/<ID>/ (patches for distros), already read: name → bytes. */
  attachments: { name: string; content: Uint8Array }[];
}

export interface MailAttachment {
  filename: string;
  content: string | Uint8Array;
  contentType: string;
}

/** What a channel asks the publish step to deliver. */
export type Payload =
  | {
      kind: 'mail';
      from: string;
      to: string;
      subject: string;
      /** Deterministic, with angle brackets: <RSEC-2026-0004.announce@security.example.org>. */
      messageId: string;
      /** Plain text, already wrapped (≤ 72 columns for lists); the announce step signs this text. */
      text: string;
      attachments: MailAttachment[];
      /** For follow-ups (errata): the Message-ID of the mail this one answers. */
      inReplyTo?: string;
    }
  | { kind: 'git-file'; path: string; content: string; commitMessage: string }
  | { kind: 'discourse-topic'; body: { title: string; raw: string; category: number; external_id: string } }
  | { kind: 'ghsa'; body: Record<string, unknown> };

export interface RenderedChannel {
  channel: Channel;
  /** Public channels must carry nothing from `private` and nothing before the embargo lifts. */
  public: boolean;
  payload: Payload;
  /** The files `npm run render` writes to the outbox for this channel (name relative to the outbox). */
  files: { name: string; content: string | Uint8Array }[];
  /** What the rendering could not carry or chose, for the user (e.g. "GHSA takes one CVE"). */
  notes?: string[];
  /** The amendment message for the newest `updates` entry (spec §7); absent without updates. */
  errata?: RenderedErrata;
}

/** How a channel tells its readers about an amendment. Delivered by `npm run amend`. */
export type ErrataPayload =
  | Payload
  /** A reply in the advisory's topic; publish finds the topic by `external_id`. */
  | { kind: 'discourse-reply'; external_id: string; body: { raw: string } }
  /** PATCH /repos/{owner}/{repo}/security-advisories/{ghsa_id} body. */
  | { kind: 'ghsa-update'; body: Record<string, unknown> };

export interface RenderedErrata {
  /** `at` of the update this errata announces (the newest one). */
  at: string;
  payload: ErrataPayload;
  files: { name: string; content: string | Uint8Array }[];
}

/** A release step: its runbook data and its exactly-once implementation. */
export type ReleaseStepSpec = ReleaseStepInfo & StepImpl;

/** The amendment step: its progress title and its exactly-once implementation. */
export type AmendStepSpec = { title: string } & AmendStep;

export interface ChannelModule {
  name: Channel;
  public: boolean;
  /** Its secret and how preflight proves it works (src/engine/credentials.ts); null: none. */
  credential: CredentialSpec | null;
  render(ctx: RenderContext): RenderedChannel;
  release: readonly ReleaseStepSpec[];
  amend?: AmendStepSpec;
}
