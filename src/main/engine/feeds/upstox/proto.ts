// Static protobuf code for Upstox Market Data Feed V3, generated from proto/ by
// `npm run proto` (scripts/gen-proto.mjs). int64 fields decode as plain numbers:
// epoch-ms timestamps and volumes stay far below 2^53.
import $protobuf from 'protobufjs/minimal.js';
import { com } from './generated/market-data-feed.js';

$protobuf.util.Long = null as never;
$protobuf.configure();

export const UpstoxProto = com.upstox.marketdatafeederv3udapi.rpc.proto;
export type FeedResponse = com.upstox.marketdatafeederv3udapi.rpc.proto.FeedResponse;
export type FeedResponseShape = com.upstox.marketdatafeederv3udapi.rpc.proto.IFeedResponse;
export type FeedShape = com.upstox.marketdatafeederv3udapi.rpc.proto.IFeed;

/** FeedResponse.type values (proto enum Type). */
export const FrameType = { initial_feed: 0, live_feed: 1, market_info: 2 } as const;
/** Feed.requestMode values (proto enum RequestMode). */
export const RequestMode = { ltpc: 0, full_d5: 1, option_greeks: 2, full_d30: 3 } as const;
/** MarketInfo.segmentStatus values (proto enum MarketStatus). */
export const MarketStatusName = ['PRE_OPEN_START', 'PRE_OPEN_END', 'NORMAL_OPEN', 'NORMAL_CLOSE', 'CLOSING_START', 'CLOSING_END'] as const;
