namespace Cameras.Ingest.Live;

/// <summary>The outcome of a terminal's push to a feed id: its own (new or not), another terminal's, or ended.</summary>
public enum LiveClaim { Started, Continued, NotYours, Ended }
