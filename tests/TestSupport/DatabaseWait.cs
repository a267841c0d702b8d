using Npgsql;

namespace Cameras.TestSupport;

/// <summary>Waits for something other processes do to show in the database (workers finishing, nodes taking over).</summary>
public static class DatabaseWait
{
    public static async Task UntilAsync(string connectionString, string what, TimeSpan timeout, Func<NpgsqlConnection, Task<bool>> condition)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition(connection))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}.");
            await Task.Delay(300);
        }
    }
}
