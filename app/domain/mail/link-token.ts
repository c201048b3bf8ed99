// Pure: safe anywhere. A mail that carries a personal link is written with this
// placeholder where the link's token goes; the outbox puts in the token
// (derived from the message's seed with the server secret) as the mail leaves.

/** URL-safe, and never a real token (too short). */
export const LINK_TOKEN_PLACEHOLDER = "LINK-TOKEN-PLACEHOLDER";
