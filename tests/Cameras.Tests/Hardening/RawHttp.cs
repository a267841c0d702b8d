using System.Net.Sockets;
using System.Text;

namespace Cameras.Tests.Hardening;

/// <summary>
/// Sends a request exactly as written, byte for byte, over a plain socket: what HttpClient would refuse to send or
/// would tidy up first (dot segments and encoded slashes in paths, control characters in headers).
/// </summary>
public static class RawHttp
{
    public static async Task<Answer> SendAsync(Uri server, string method, string target, IEnumerable<(string Name, string Value)> headers,
        byte[]? body = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        await using var stream = client.GetStream();
        var head = new StringBuilder($"{method} {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers) head.Append(name).Append(": ").Append(value).Append("\r\n");
        if (body is not null) head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        head.Append("\r\n");
        await stream.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()));
        if (body is not null) await stream.WriteAsync(body);
        using var read = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await stream.CopyToAsync(read, timeout.Token);
        return Parse(read.ToArray());
    }

    private static Answer Parse(byte[] response)
    {
        var text = Encoding.Latin1.GetString(response);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) return new Answer(0, null, text, new Dictionary<string, string>());
        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1]);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        var body = response.AsSpan(end + 4).ToArray();
        if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            body = Unchunk(body);
        var type = headers.TryGetValue("Content-Type", out var t) ? t.Split(';')[0].Trim() : null;
        return new Answer(status, type, Encoding.UTF8.GetString(body), headers);
    }

    private static byte[] Unchunk(byte[] body)
    {
        using var output = new MemoryStream();
        var at = 0;
        while (at < body.Length)
        {
            var lineEnd = Array.IndexOf(body, (byte)'\n', at);
            if (lineEnd < 0) break;
            var size = Convert.ToInt32(Encoding.ASCII.GetString(body, at, lineEnd - at).Trim().Split(';')[0], 16);
            if (size == 0) break;
            output.Write(body, lineEnd + 1, size);
            at = lineEnd + 1 + size + 2;
        }
        return output.ToArray();
    }
}
