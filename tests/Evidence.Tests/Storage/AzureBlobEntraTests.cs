using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Cameras.Evidence.Storage;
using Cameras.TestSupport;

namespace Cameras.Evidence.Tests.Storage;

/// <summary>
/// Microsoft Entra ID sign-in, the way a managed identity does it, against an Azurite of this test's own over https
/// with <c>--oauth basic</c> (which checks a token's issuer, audience and lifetime): a fake token credential stands
/// in for DefaultAzureCredential, and the store works through the bearer tokens it hands out.
/// </summary>
public sealed class AzureBlobEntraTests : IAsyncLifetime
{
    private AzuriteOverHttps _azurite = null!;

    public async Task InitializeAsync() => _azurite = await AzuriteOverHttps.StartAsync();

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    private AzureBlobObjectStore Store(FakeEntraCredential credential, string container)
    {
        var options = new AzureBlobStorageOptions
        {
            ServiceUrl = _azurite.BlobUrl, Credential = AzureBlobCredential.Entra, Container = container, BlockSize = 1024 * 1024,
        };
        Assert.Null(options.Problem());
        return new AzureBlobObjectStore(AzureBlobClients.Container(options, credential, _azurite.ClientOptions()), options);
    }

    [Fact]
    public async Task With_an_Entra_token_the_store_writes_reads_lists_and_refuses_an_overwrite()
    {
        var credential = new FakeEntraCredential("https://sts.windows.net/11111111-2222-3333-4444-555555555555/");
        var store = Store(credential, "entra-" + Guid.NewGuid().ToString("n")[..8]);
        await store.EnsureContainerAsync(CancellationToken.None);
        var bytes = RandomNumberGenerator.GetBytes(2 * 1024 * 1024 + 5); // three staged blocks

        await store.PutAsync("originals/ab/cd/abcd", bytes, CancellationToken.None);

        await using (var read = await store.OpenReadAsync("originals/ab/cd/abcd", 1000, 10, CancellationToken.None))
        {
            var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            Assert.Equal(bytes.AsSpan(1000, 10).ToArray(), copy.ToArray());
        }
        await Assert.ThrowsAsync<ObjectAlreadyExistsException>(() => store.PutAsync("originals/ab/cd/abcd", new byte[10], CancellationToken.None));
        var listed = new List<ObjectInfo>();
        await foreach (var o in store.ListAsync("originals/", CancellationToken.None)) listed.Add(o);
        Assert.Equal(bytes.Length, Assert.Single(listed).Size);
        // The storage scope, as a managed identity is asked for it.
        Assert.All(credential.Scopes, s => Assert.Equal("https://storage.azure.com/.default", s));
        Assert.NotEmpty(credential.Scopes);
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused_by_the_service()
    {
        var store = Store(new FakeEntraCredential("https://issuer.example/tenant/"), "entra-" + Guid.NewGuid().ToString("n")[..8]);
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => store.EnsureContainerAsync(CancellationToken.None));
        Assert.Contains(error.Status, new[] { 401, 403 });
    }

    /// <summary>Hands out a JWT shaped as Entra ID issues them for Azure Storage, one hour long, and records the scopes asked for.</summary>
    private sealed class FakeEntraCredential(string issuer) : TokenCredential
    {
        public ConcurrentQueue<string> Scopes { get; } = new();

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            foreach (var scope in requestContext.Scopes) Scopes.Enqueue(scope);
            var now = DateTimeOffset.UtcNow;
            var claims = new Dictionary<string, object>
            {
                ["aud"] = "https://storage.azure.com", ["iss"] = issuer, ["iat"] = now.ToUnixTimeSeconds(),
                ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(), ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
                ["oid"] = Guid.NewGuid(), ["appid"] = Guid.NewGuid(),
            };
            return new AccessToken(Jwt(claims), now.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));

        private static string Jwt(Dictionary<string, object> claims)
        {
            static string Part(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var head = Part(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
            var body = Part(JsonSerializer.SerializeToUtf8Bytes(claims));
            var signature = HMACSHA256.HashData(RandomNumberGenerator.GetBytes(32), Encoding.ASCII.GetBytes($"{head}.{body}"));
            return $"{head}.{body}.{Part(signature)}";
        }
    }
}
