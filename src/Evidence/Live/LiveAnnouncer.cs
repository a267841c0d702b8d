using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cameras.Evidence.Live;

/// <summary>
/// Sends <see cref="LiveNotice"/>s through PostgreSQL NOTIFY, in order, on one connection: the publisher hands a
/// notice over and goes on; a lost database costs remote viewers their picture, never the ingest.
/// </summary>
public sealed class LiveAnnouncer : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<LiveAnnouncer> _logger;
    private readonly Channel<LiveNotice> _queue = Channel.CreateBounded<LiveNotice>(new BoundedChannelOptions(10_000)
    {
        SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest,
    });
    private readonly Task _loop;

    public LiveAnnouncer(NpgsqlDataSource dataSource, ILogger<LiveAnnouncer> logger)
    {
        _dataSource = dataSource;
        _logger = logger;
        _loop = Task.Run(LoopAsync);
    }

    public void Announce(LiveNotice notice) => _queue.Writer.TryWrite(notice);

    private async Task LoopAsync()
    {
        while (await _queue.Reader.WaitToReadAsync())
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync();
                while (await _queue.Reader.WaitToReadAsync())
                {
                    var batch = new List<string>();
                    while (batch.Count < 100 && _queue.Reader.TryRead(out var notice)) batch.Add(notice.ToString());
                    await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, p) FROM unnest(@payloads) WITH ORDINALITY AS t(p, n) ORDER BY n", connection);
                    command.Parameters.AddWithValue("channel", LiveNotice.Channel);
                    command.Parameters.AddWithValue("payloads", batch.ToArray());
                    await command.ExecuteNonQueryAsync();
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                _logger.LogWarning(e, "Could not announce live fragments; trying again");
                await Task.Delay(500);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }
}
