using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cameras.Evidence.Database;

/// <summary>What a background service listens to, and how it catches up on what it may have missed.</summary>
/// <param name="Channels">The NOTIFY channels (fixed names of ours, never user input).</param>
/// <param name="OnNotice">Called with each notification's channel and payload; must not block (it runs on the listening connection).</param>
public sealed record Listening(IReadOnlyList<string> Channels, Action<string, string> OnNotice)
{
    /// <summary>
    /// Run once listening has started, after every (re)connection, so that nothing announced while no one
    /// listened stays unseen (a sweep of the catalog); and again every <see cref="CatchUpEvery"/> when set.
    /// </summary>
    public Func<CancellationToken, Task>? CatchUp { get; init; }

    public TimeSpan? CatchUpEvery { get; init; }
}

/// <summary>
/// The one LISTEN loop every service that reacts to NOTIFY runs on: a connection kept open, a catch-up after
/// each connection and at its interval, and a new connection a moment after the database went away (restart,
/// failover, a node started before it), so that they all survive it the same way.
/// </summary>
public static class NotificationListener
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    public static async Task ListenAsync(this NpgsqlDataSource dataSource, Listening listening, ILogger logger,
        CancellationToken stoppingToken)
    {
        var channels = string.Join(", ", listening.Channels);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => listening.OnNotice(e.Channel, e.Payload);
                await using (var listen = new NpgsqlCommand(string.Concat(listening.Channels.Select(c => $"LISTEN {c};")), connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                while (true)
                {
                    if (listening.CatchUp is { } catchUp) await catchUp(stoppingToken);
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    if (listening.CatchUpEvery is { } every) wait.CancelAfter(every);
                    try
                    {
                        while (true) await connection.WaitAsync(wait.Token);
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        // Time for the next catch-up.
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Lost the database connection listening on {Channels}; listening again shortly", channels);
                await Task.Delay(RetryAfter, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
