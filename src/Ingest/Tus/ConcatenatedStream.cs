using Cameras.Ingest.Uploads;
using Cameras.Evidence.Storage;

namespace Cameras.Ingest.Tus;

/// <summary>Reads the staging files of partial uploads one after another, as one body.</summary>
internal sealed class ConcatenatedStream(IReadOnlyList<Guid> parts, StagingArea staging) : ReadOnlyStream
{
    private int _next;
    private FileStream? _current;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_current is null)
            {
                if (_next == parts.Count) return 0;
                _current = staging.OpenRead(parts[_next++]);
            }
            var n = await _current.ReadAsync(buffer, cancellationToken);
            if (n > 0) return n;
            await _current.DisposeAsync();
            _current = null;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _current?.Dispose();
        base.Dispose(disposing);
    }
}
