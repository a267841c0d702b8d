using Npgsql;

namespace Cameras.TestSupport;

/// <summary>Waits for something other processes do to show in the database (workers finishing, nodes taking over).</summary>
public static class DatabaseWait
{
    /// <summary>Polls <paramref name="condition"/>; past <paramref name="timeout"/>, fails saying what was awaited and,
    /// with <paramref name="describe"/>, how things stood then (a timeout on a loaded machine then shows how far it got).</summary>
    public static async Task UntilAsync(string connectionString, string what, TimeSpan timeout, Func<NpgsqlConnection, Task<bool>> condition,
        Func<NpgsqlConnection, Task<string>>? describe = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition(connection))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}."
                    + (describe is null ? "" : " Then: " + await describe(connection)));
            await Task.Delay(300);
        }
    }
}
