using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using Cameras.Dock;

namespace Cameras.Cli;

/// <summary><c>cameras dock FOLDER</c>: uploads a camera's recordings, waits for the signed receipt, optionally wipes.</summary>
internal static class DockCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("FOLDER") { Description = "The camera's recordings folder." };
        var server = new Option<string>("--server") { Description = "The Cameras server, e.g. http://ingest.local:8080.", Required = true };
        var token = new Option<string>("--token") { Description = "A bearer token with the dock role.", Required = true };
        var camera = new Option<string?>("--camera") { Description = "The camera's serial number." };
        var officer = new Option<string?>("--officer") { Description = "The officer the camera was issued to." };
        var station = new Option<string?>("--station") { Description = "This dock's station." };
        var wipe = new Option<bool>("--wipe") { Description = "Delete the local files once the server has signed a verified receipt for every one." };
        var parallel = new Option<int>("--parallel") { Description = "Files uploaded at once (default 3).", DefaultValueFactory = _ => 3 };
        var maxRate = new Option<string?>("--max-rate") { Description = "Cap per file, bytes per second (suffix k or M), to spare the station's link." };
        var receipt = new Option<string?>("--receipt") { Description = "Also save the signed receipt (JSON) to this file." };
        var wait = new Option<int>("--receipt-timeout") { Description = "Seconds to wait for the receipt (default 300).", DefaultValueFactory = _ => 300 };
        var command = new Command("dock", "Upload a camera's recordings (resumable), wait for the signed receipt, optionally wipe.\n" + DockExitCodes.Help)
        {
            folder, server, token, camera, officer, station, wipe, parallel, maxRate, receipt, wait,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!Uri.TryCreate(result.GetValue(server)!.TrimEnd('/') + "/", UriKind.Absolute, out var serverUri))
                return Usage("--server must be an absolute URL.");
            long? rate = null;
            if (result.GetValue(maxRate) is { } text)
            {
                if (!TryRate(text, out var parsed)) return Usage("--max-rate must be a number of bytes per second, with k or M (e.g. 20M).");
                rate = parsed;
            }
            if (result.GetValue(parallel) is < 1 or > 32) return Usage("--parallel must be between 1 and 32.");
            var settings = new DockSettings(Path.GetFullPath(result.GetValue(folder)!), serverUri, result.GetValue(token)!,
                result.GetValue(camera), result.GetValue(officer), result.GetValue(station), result.GetValue(wipe),
                result.GetValue(parallel), rate, result.GetValue(receipt), TimeSpan.FromSeconds(result.GetValue(wait)));
            using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(15) })
            {
                Timeout = Timeout.InfiniteTimeSpan, // a PATCH lasts as long as the file; stalls are caught by TusClient
            };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);
            return await new DockSession(settings, http).RunAsync(cancellationToken);
        });
        return command;
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine(message);
        return DockExitCodes.Usage;
    }

    private static bool TryRate(string text, out long rate)
    {
        var factor = text[^1] switch { 'k' or 'K' => 1000L, 'm' or 'M' => 1000_000L, _ => 1L };
        var digits = factor == 1 ? text : text[..^1];
        var ok = double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0;
        rate = ok ? (long)(value * factor) : 0;
        return ok;
    }
}
