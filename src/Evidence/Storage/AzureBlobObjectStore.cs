using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Xml.Linq;

namespace Cameras.Evidence.Storage;

/// <summary>
/// Objects as block blobs in one Azure Blob container, through the REST API (the Azure SDK is not obtainable here):
/// Shared Key or SAS authorization; writes as Put Block + Put Block List with <c>If-None-Match: *</c>, so a blob
/// appears whole at commit and is never overwritten; ranged reads; listing by prefix.
/// </summary>
public sealed class AzureBlobObjectStore : IObjectStore
{
    /// <summary>The REST API version every request names (x-ms-version).</summary>
    public const string ApiVersion = "2023-11-03";

    private readonly HttpClient _http;
    private readonly AzureBlobStorageOptions _options;
    private readonly AzureSharedKey? _sharedKey;
    private readonly string _containerUrl;

    public AzureBlobObjectStore(HttpClient http, AzureBlobStorageOptions options)
    {
        _http = http;
        _options = options;
        if (string.IsNullOrEmpty(options.Sas) && !string.IsNullOrEmpty(options.Key))
            _sharedKey = new AzureSharedKey(options.Account ?? throw new ArgumentException("An account name is needed with a key."), options.Key);
        _containerUrl = $"{options.ServiceUrl!.TrimEnd('/')}/{options.Container}";
    }

    public async Task<ObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        using var response = await SendAsync(HttpMethod.Head, BlobUrl(key), null, null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await EnsureSuccessAsync(response, cancellationToken);
        return new ObjectInfo(key, response.Content.Headers.ContentLength ?? 0, response.Content.Headers.LastModified ?? DateTimeOffset.UtcNow);
    }

    public async Task<Stream> OpenReadAsync(string key, long offset, long? length, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        if (length == 0) return Stream.Null;
        var range = offset > 0 || length is not null ? $"bytes={offset}-{(length is { } n ? (offset + n - 1).ToString(CultureInfo.InvariantCulture) : "")}" : null;
        var response = await SendAsync(HttpMethod.Get, BlobUrl(key), null,
            range is null ? null : request => request.Headers.Add("x-ms-range", range), cancellationToken, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            throw new ObjectNotFoundException(key);
        }
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            response.Dispose();
            return Stream.Null;
        }
        await EnsureSuccessAsync(response, cancellationToken);
        return new ResponseStream(response, await response.Content.ReadAsStreamAsync(cancellationToken));
    }

    public Task<ObjectWriter> OpenWriteAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        return Task.FromResult<ObjectWriter>(new AzureBlobWriter(this, key, _options.BlockSize));
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? marker = null;
        do
        {
            var url = $"{_containerUrl}?restype=container&comp=list&prefix={Uri.EscapeDataString(prefix)}"
                      + (marker is null ? "" : $"&marker={Uri.EscapeDataString(marker)}");
            using var response = await SendAsync(HttpMethod.Get, url, null, null, cancellationToken);
            await EnsureSuccessAsync(response, cancellationToken);
            var page = XDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            foreach (var blob in page.Descendants("Blob"))
            {
                var properties = blob.Element("Properties");
                yield return new ObjectInfo(blob.Element("Name")!.Value,
                    long.Parse(properties?.Element("Content-Length")?.Value ?? "0", CultureInfo.InvariantCulture),
                    DateTimeOffset.Parse(properties?.Element("Last-Modified")?.Value ?? DateTimeOffset.UtcNow.ToString("R"), CultureInfo.InvariantCulture));
            }
            marker = page.Root?.Element("NextMarker")?.Value;
        } while (!string.IsNullOrEmpty(marker));
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        using var response = await SendAsync(HttpMethod.Delete, BlobUrl(key), null, null, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound) await EnsureSuccessAsync(response, cancellationToken);
    }

    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"{_containerUrl}?restype=container", null, null, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>Creates the container when it is missing (development and tests; deployments provision theirs).</summary>
    public async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Put, $"{_containerUrl}?restype=container", null, null, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Conflict) await EnsureSuccessAsync(response, cancellationToken);
    }

    internal string BlobUrl(string key) => $"{_containerUrl}/{string.Join('/', key.Split('/').Select(Uri.EscapeDataString))}";

    internal async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent? content,
        Action<HttpRequestMessage>? configure, CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        if (!string.IsNullOrEmpty(_options.Sas)) url += (url.Contains('?') ? "&" : "?") + _options.Sas.TrimStart('?');
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Add("x-ms-date", DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture));
        request.Headers.Add("x-ms-version", ApiVersion);
        configure?.Invoke(request);
        _sharedKey?.Sign(request);
        return await _http.SendAsync(request, completion, cancellationToken);
    }

    internal static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new IOException($"Azure Blob answered {(int)response.StatusCode} {response.ReasonPhrase}: {body}");
    }

    private sealed class ResponseStream(HttpResponseMessage response, Stream body) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => response.Content.Headers.ContentLength ?? throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => body.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => body.Read(buffer);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => body.ReadAsync(buffer, offset, count, ct);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => body.ReadAsync(buffer, ct);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                body.Dispose();
                response.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
