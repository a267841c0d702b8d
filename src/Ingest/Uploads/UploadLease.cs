using Npgsql;

namespace Cameras.Ingest.Uploads;

/// <summary>
/// The right to write one upload, held until disposed. <see cref="Lost"/> fires when a newcomer asked for the upload:
/// the holder then saves what it has and lets go. <see cref="Connection"/> is the session holding the lock.
/// </summary>
public sealed class UploadLease : IAsyncDisposable
{
    private readonly UploadLeases _leases;
    private bool _released;

    internal UploadLease(UploadLeases leases, NpgsqlConnection connection, Guid uploadId, CancellationTokenSource holder)
    {
        _leases = leases;
        Connection = connection;
        UploadId = uploadId;
        Holder = holder;
    }

    public Guid UploadId { get; }

    public NpgsqlConnection Connection { get; }

    public CancellationToken Lost => Holder.Token;

    internal CancellationTokenSource Holder { get; }

    public async ValueTask DisposeAsync()
    {
        if (_released) return;
        _released = true;
        await _leases.ReleaseAsync(this);
    }
}
