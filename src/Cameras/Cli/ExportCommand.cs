using System.Diagnostics;
using Cameras.Evidence.Access;
using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Exports;

namespace Cameras.Cli;

/// <summary>
/// <c>cameras export create</c> asks for an export and waits until it is sealed (printing its id on stdout);
/// <c>cameras export fetch</c> downloads a package, resuming a partial file with HTTP Range.
/// Exit codes: 0 done, 1 the server refused or the export failed, 2 usage.
/// </summary>
internal static class ExportCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command Create()
    {
        var server = new Option<string>("--server") { Description = "The Cameras server, e.g. http://127.0.0.1:8080.", Required = true };
        var token = new Option<string>("--token") { Description = "A bearer token (operator or admin to create; the magistrate to fetch).", Required = true };
        var procedure = new Option<string>("--procedure") { Description = "The procedure number the extraction serves.", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why the recordings are extracted (logged).", Required = true };
        var recordings = new Option<string[]>("--recording") { Description = "A recording id; repeat for several.", Required = true, AllowMultipleArgumentsPerToken = false };
        var playback = new Option<bool>("--playback") { Description = "Also include browser-friendly playback copies." };
        var create = new Command("create", "Create a sealed export and print its id once sealed.") { server, token, procedure, reason, recordings, playback };
        create.SetAction((r, ct) => CreateAsync(r.GetValue(server)!, r.GetValue(token)!, r.GetValue(procedure)!, r.GetValue(reason)!,
            r.GetValue(recordings)!, r.GetValue(playback), ct));

        var id = new Argument<Guid>("ID") { Description = "The export's id." };
        var output = new Option<string>("--out") { Description = "The file to write; a partial one is resumed.", Required = true };
        var why = new Option<string>("--reason") { Description = "Why you download the export (logged with each download).", Required = true };
        var motif = new Option<string>("--motif")
        {
            Description = "The motif of the download (logged with it): judiciaire, administratif, disciplinaire or pedagogique.", Required = true,
        };
        motif.AcceptOnlyFromAmong([.. ConsultationMotif.Staff]);
        var fetch = new Command("fetch", "Download a sealed export, resuming a partial file.") { server, token, id, output, why, motif };
        fetch.SetAction((r, ct) => FetchAsync(r.GetValue(server)!, r.GetValue(token)!, r.GetValue(id), r.GetValue(output)!, r.GetValue(why)!,
            r.GetValue(motif)!, ct));
        return new Command("export", "Sealed exports for magistrates.") { create, fetch };
    }

    private static HttpClient Client(string server, string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(server.TrimEnd('/') + "/"), Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<int> CreateAsync(string server, string token, string procedure, string reason, string[] ids, bool playback,
        CancellationToken cancellationToken)
    {
        var recordings = new List<Guid>();
        foreach (var text in ids)
        {
            if (!Guid.TryParse(text, out var recording)) return Usage($"--recording {text} is not a recording id.");
            recordings.Add(recording);
        }
        using var client = Client(server, token);
        using var response = await client.PostAsJsonAsync("api/exports", new CreateExportRequest(procedure, reason, recordings, null, playback),
            Json, cancellationToken);
        if (!response.IsSuccessStatusCode) return await RefusedAsync(response, cancellationToken);
        var export = (await response.Content.ReadFromJsonAsync<ExportView>(Json, cancellationToken))!;
        await Console.Error.WriteLineAsync($"Export {export.Id} requested ({recordings.Count} recordings); building…");
        var (last, lastAttempt) = (-1, 1);
        while (true)
        {
            export = (await client.GetFromJsonAsync<ExportView>($"api/exports/{export.Id}", Json, cancellationToken))!;
            if (export.Status == "sealed") break;
            if (export.Status == "failed")
            {
                await Console.Error.WriteLineAsync($"Export {export.Id} failed after {export.Attempts} attempt(s): {export.Error}");
                await Console.Error.WriteLineAsync($"An operator can ask for it again: POST {server.TrimEnd('/')}/api/exports/{export.Id}/retry");
                return 1;
            }
            // A retry: say why the attempt before failed, as the dashboard does.
            if (export.Attempts > lastAttempt)
                await Console.Error.WriteLineAsync($"  attempt {export.Attempts}; the one before failed: {export.Error}");
            lastAttempt = Math.Max(lastAttempt, export.Attempts);
            var percent = (int)(export.Progress * 100);
            if (percent != last) await Console.Error.WriteLineAsync($"  {export.Status} {percent}%");
            last = percent;
            await Task.Delay(500, cancellationToken);
        }
        await Console.Error.WriteLineAsync($"Sealed: {export.Size:N0} bytes, manifest SHA-256 {export.ManifestSha256}");
        Console.WriteLine(export.Id);
        return 0;
    }

    private static async Task<int> FetchAsync(string server, string token, Guid id, string output, string reason, string motif,
        CancellationToken cancellationToken)
    {
        using var client = Client(server, token);
        var path = Path.GetFullPath(output);
        await using var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var offset = file.Length;
        // In the query, not a header: a reason in French need not be ASCII.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/exports/{id}/package?reason={Uri.EscapeDataString(reason)}&motif={Uri.EscapeDataString(motif)}");
        if (offset > 0) request.Headers.Range = new RangeHeaderValue(offset, null);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable
            && response.Content.Headers.ContentRange?.Length == offset)
        {
            await Console.Error.WriteLineAsync($"{path} is already complete ({offset:N0} bytes).");
            return 0;
        }
        if (!response.IsSuccessStatusCode) return await RefusedAsync(response, cancellationToken);
        if (response.StatusCode == HttpStatusCode.OK) offset = 0; // the server sent it all: start over
        file.SetLength(offset);
        file.Position = offset;
        var total = response.Content.Headers.ContentRange?.Length ?? response.Content.Headers.ContentLength ?? 0;
        if (offset > 0) await Console.Error.WriteLineAsync($"Resuming at {offset:N0} of {total:N0} bytes.");
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[1 << 20];
        var shown = Stopwatch.StartNew(); // since the last progress line
        for (int n; (n = await body.ReadAsync(buffer, cancellationToken)) > 0;)
        {
            await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
            if (shown.Elapsed < TimeSpan.FromSeconds(1)) continue;
            shown.Restart();
            await Console.Error.WriteLineAsync($"  {file.Position:N0} / {total:N0} bytes");
        }
        await file.FlushAsync(cancellationToken);
        await Console.Error.WriteLineAsync($"Saved {path} ({file.Length:N0} bytes). Check it with: cameras verify {output}");
        return 0;
    }

    private static async Task<int> RefusedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var detail = body;
        try
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.TryGetProperty("detail", out var d)) detail = d.GetString() ?? body;
        }
        catch (JsonException)
        {
        }
        await Console.Error.WriteLineAsync($"The server refused ({(int)response.StatusCode}): {detail}");
        return 1;
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}
