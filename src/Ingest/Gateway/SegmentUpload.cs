using System.IO.Pipelines;

namespace Cameras.Ingest.Gateway;

/// <summary>One media segment streaming to the ingest: each fragment written goes out at once (chunked body); the
/// answer comes once the ingest has stored and chained the whole segment.</summary>
public sealed class SegmentUpload
{
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 0));

    internal SegmentUpload(string name)
    {
        Name = name;
        Content = new StreamContent(_pipe.Reader.AsStream());
    }

    public string Name { get; }

    public long Bytes { get; private set; }

    internal HttpContent Content { get; }

    public Task<PushAnswer> Answer { get; internal set; } = Task.FromResult(new PushAnswer(0, null, null));

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken)
    {
        Bytes += fragment.Length;
        await _pipe.Writer.WriteAsync(fragment, cancellationToken);
    }

    /// <summary>Ends the body: the ingest stores the segment and answers.</summary>
    public async Task<PushAnswer> CompleteAsync()
    {
        await _pipe.Writer.CompleteAsync();
        return await Answer;
    }

    /// <summary>Cuts the body short: the ingest keeps nothing of this segment (what it relayed stays relayed).</summary>
    public async Task AbortAsync()
    {
        await _pipe.Writer.CompleteAsync(new IOException("the terminal's connection was lost inside this segment"));
        try { await Answer; } catch (Exception) { /* the answer to a cut body does not matter */ }
    }
}
