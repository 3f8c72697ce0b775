// Upstox V3 FeedResponse → normalised Ticks. The work is done by a decoder generated from
// the .proto at build time (scripts/gen-proto.mjs → generated/feed-decoder.js): it walks the
// wire format once and writes straight into Ticks, with no intermediate message objects.
// proto3 omits zero values, so a missing `type` is initial_feed and a missing `requestMode`
// is ltpc (protocols.md §1.6); ltp 0 is "no trade yet" and stays absent; book levels with
// price 0 are no levels.
import type { Tick } from '../../../../shared/market.ts';
import { decodeFeedResponse } from './generated/feed-decoder.js';

export { FeedDecodeError } from './generated/feed-decoder.js';

export interface DecodedFrame {
  kind: 'initial_feed' | 'live_feed' | 'market_info';
  ticks: Tick[];
  /** Segment → status name, from market_info frames. */
  segments?: Record<string, string>;
  currentTs: number;
}

/**
 * Decodes one binary frame. Throws FeedDecodeError on malformed or truncated protobuf
 * (the caller counts and skips it); never loops on bad input.
 */
export function decodeUpstoxFrame(bytes: Uint8Array, receiveTs: number): DecodedFrame {
  return decodeFeedResponse(bytes, receiveTs);
}
