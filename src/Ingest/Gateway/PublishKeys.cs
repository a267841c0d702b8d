using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace Cameras.Ingest.Gateway;

/// <summary>
/// Short keys that stand for a terminal's token in a native app's address (<c>?token=KEY</c>): nginx-rtmp keeps at
/// most 255 bytes of a stream name, less than a signed token. A key lives as long as the token it stands for (at most a
/// day); only its SHA-256 is stored. A value with dots is a token already and is used as it is.
/// </summary>
public sealed class PublishKeys(NpgsqlDataSource dataSource, TimeProvider time)
{
    private static readonly TimeSpan Longest = TimeSpan.FromHours(24);

    public async Task<(string Key, DateTimeOffset ExpiresAt)> CreateAsync(string terminal, string token, DateTimeOffset? tokenExpiry,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expires = tokenExpiry is { } e && e < now + Longest ? e : now + Longest;
        var key = "k" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM terminal_publish_keys WHERE expires_at < @now;
            INSERT INTO terminal_publish_keys (key_sha256, terminal, token, expires_at) VALUES (@hash, @terminal, @token, @expires);
            """, new { hash = Hash(key), terminal, token, expires, now }, cancellationToken: cancellationToken));
        return (key, expires);
    }

    /// <summary>The token a publish presents: itself when it is one, else the token its key stands for, else null.</summary>
    public async Task<string?> ResolveAsync(string value, CancellationToken cancellationToken)
    {
        if (value.Contains('.', StringComparison.Ordinal)) return value;
        if (value.Length is < 8 or > 64) return null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT token FROM terminal_publish_keys WHERE key_sha256 = @hash AND expires_at > @now",
            new { hash = Hash(value), now = time.GetUtcNow() }, cancellationToken: cancellationToken));
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
