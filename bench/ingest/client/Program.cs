using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

// dotnet IngestBench.dll hash FILE                      -> MB/s of .NET SHA-256 over the file
// dotnet IngestBench.dll upload ENDPOINT TOKEN FILE N   -> MB/s of N parallel tus uploads of the file's N slices
// One line of output: the figure in MB/s (10^6 bytes per second).
var mode = args[0];
if (mode == "hash")
{
    var watch = Stopwatch.StartNew();
    await using var file = new FileStream(args[1], FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan);
    using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    var buffer = new byte[1 << 20];
    int n;
    while ((n = await file.ReadAsync(buffer)) > 0) hash.AppendData(buffer, 0, n);
    hash.GetHashAndReset();
    Console.WriteLine($"{file.Length / watch.Elapsed.TotalSeconds / 1e6:0}");
    return 0;
}

var (endpoint, token, path, parallel) = (new Uri(args[1]), args[2], args[3], int.Parse(args[4]));
var length = new FileInfo(path).Length;
var slice = length / parallel;
var slices = Enumerable.Range(0, parallel).Select(i => (Offset: i * slice, Length: i == parallel - 1 ? length - i * slice : slice)).ToList();
// The camera-side hashes are known before docking: computed here, outside the timed part.
var hashes = await Task.WhenAll(slices.Select(s => Task.Run(() => Sha256Of(path, s.Offset, s.Length))));
using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
var started = Stopwatch.StartNew();
await Task.WhenAll(slices.Select((s, i) => UploadAsync(s.Offset, s.Length, hashes[i], i)));
Console.WriteLine($"{length / started.Elapsed.TotalSeconds / 1e6:0}");
return 0;

async Task UploadAsync(long offset, long count, string sha, int index)
{
    using var create = new HttpRequestMessage(HttpMethod.Post, endpoint);
    create.Headers.Add("Tus-Resumable", "1.0.0");
    create.Headers.Add("Upload-Length", count.ToString());
    create.Headers.Add("Upload-Metadata", $"filename {B64($"bench-{index}.bin")},sha256 {B64(sha)},offload {B64("bench")}");
    using var created = await http.SendAsync(create);
    if ((int)created.StatusCode != 201) throw new InvalidOperationException($"POST: {created.StatusCode}");
    var url = new Uri(endpoint, created.Headers.Location!);
    await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan) { Position = offset };
    using var patch = new HttpRequestMessage(HttpMethod.Patch, url);
    patch.Headers.Add("Tus-Resumable", "1.0.0");
    patch.Headers.Add("Upload-Offset", "0");
    patch.Content = new StreamContent(new Slice(file, count), 1 << 20);
    patch.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
    patch.Content.Headers.ContentLength = count;
    using var done = await http.SendAsync(patch);
    if ((int)done.StatusCode != 204) throw new InvalidOperationException($"PATCH: {done.StatusCode} {await done.Content.ReadAsStringAsync()}");
    if (done.Headers.Contains("Cameras-Quarantine")) throw new InvalidOperationException("quarantined: the hash differs");
}

static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

static string Sha256Of(string path, long offset, long count)
{
    using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20) { Position = offset };
    return Convert.ToHexStringLower(SHA256.HashData(new Slice(file, count)));
}

/// <summary>The first <c>count</c> bytes of a stream.</summary>
sealed class Slice(Stream inner, long count) : Stream
{
    private long _left = count;
    public override int Read(byte[] buffer, int offset, int size) => Read(buffer.AsSpan(offset, size));
    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
        _left -= n;
        return n;
    }
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _left)], cancellationToken);
        _left -= n;
        return n;
    }
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int size) => throw new NotSupportedException();
}
