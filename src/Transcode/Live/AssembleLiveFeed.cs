namespace Cameras.Transcode.Live;

/// <summary>The input of <see cref="AssembleLiveFeedJob"/>: the ended feed whose stored segments become one recording.</summary>
public sealed record AssembleLiveFeed(string FeedId);
