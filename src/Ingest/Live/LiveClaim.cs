namespace Cameras.Ingest.Live;

/// <summary>The outcome of a terminal's push to a feed id: its own (new or not), another terminal's, ended, or an init
/// whose codecs differ from those the feed's stream started with.</summary>
public enum LiveClaim { Started, Continued, NotYours, Ended, CodecsChanged }
