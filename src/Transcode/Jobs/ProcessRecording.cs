namespace Cameras.Transcode.Jobs;

/// <summary>The input of <see cref="ProcessRecordingJob"/>: which recording to process.</summary>
public sealed record ProcessRecording(Guid RecordingId);
