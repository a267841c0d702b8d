using Npgsql;

namespace Cameras.Evidence.Custody;

/// <summary>
/// The one way any module records a custody event. No other code writes ledger rows.
/// </summary>
public interface ICustodyLedger
{
    /// <summary>
    /// Appends <paramref name="record"/>. Given a transaction, the event is written in it, so the event exists
    /// exactly when the change it describes does.
    /// </summary>
    /// <returns>the event's id</returns>
    Task<Guid> RecordAsync(CustodyRecord record, NpgsqlTransaction? transaction, CancellationToken cancellationToken);
}
