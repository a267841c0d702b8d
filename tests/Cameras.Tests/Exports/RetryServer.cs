namespace Cameras.Tests.Exports;

/// <summary>
/// The export retry tests' server: its proxy can refuse export packages, and builds are retried twice (1 s, then 3 s)
/// so the tests stay quick.
/// </summary>
public sealed class RetryServer() : RefusingStoreServer("retry", "exports/", new Dictionary<string, string?>
{
    ["Cameras:Exports:BuildRetries"] = Retries.ToString(),
    ["Cameras:Exports:BuildRetryDelay"] = "00:00:01",
})
{
    public const int Retries = 2;
}
