using System.CommandLine;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Cameras.Evidence.Exports;

namespace Cameras.Cli;

/// <summary>
/// <c>cameras verify EXPORT.zip [--ca authority.pem]</c>: checks a sealed export offline and prints a verdict per
/// item. Exit 0 only when everything holds; 1 when anything fails; 2 when the file cannot be read.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var package = new Argument<string>("EXPORT.zip") { Description = "The sealed export." };
        var ca = new Option<string?>("--ca") { Description = "The authority's certificate(s), PEM (GET /api/authority.pem): the chain must end there." };
        var command = new Command("verify", "Check a sealed export offline: hashes, signature and chain, custody proofs. Exit 0 only when all holds.")
        {
            package, ca,
        };
        command.SetAction((r, ct) => VerifyAsync(r.GetValue(package)!, r.GetValue(ca), ct));
        return command;
    }

    private static async Task<int> VerifyAsync(string path, string? caPath, CancellationToken cancellationToken)
    {
        X509Certificate2Collection? trusted = null;
        if (caPath is not null)
        {
            trusted = [];
            try
            {
                trusted.ImportFromPemFile(caPath);
            }
            catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"Cannot read --ca {caPath}: {e.Message}");
                return 2;
            }
        }
        if (!File.Exists(path))
        {
            await Console.Error.WriteLineAsync($"No such file: {path}");
            return 2;
        }
        ExportVerdict verdict;
        try
        {
            verdict = await PackageVerifier.VerifyAsync(path, trusted, new Progress<string>(f => Console.Error.WriteLine($"  hashed {f}")),
                cancellationToken);
        }
        catch (InvalidDataException e)
        {
            Console.WriteLine($"INVALID: {path} is not a readable ZIP package ({e.Message}).");
            return 1;
        }
        Print(verdict);
        return verdict.Holds ? 0 : 1;
    }

    private static void Print(ExportVerdict verdict)
    {
        if (verdict.ExportId is { } id) Console.WriteLine($"Export {id}, procedure {verdict.Procedure}");
        foreach (var item in verdict.Items)
        {
            Console.WriteLine(item.Holds
                ? $"  OK    {item.File} (recording {item.RecordingId}): hash matches, {item.CustodyEvents} custody events proven"
                : $"  FAIL  {item.File} (recording {item.RecordingId}):");
            foreach (var problem in item.Problems) Console.WriteLine($"          - {problem}");
        }
        foreach (var note in verdict.Notes) Console.WriteLine($"  {note}");
        foreach (var problem in verdict.Problems) Console.WriteLine($"  FAIL  {problem}");
        var failed = verdict.Items.Count(i => !i.Holds);
        Console.WriteLine(verdict.Holds
            ? $"VALID: {verdict.Items.Count} items, every hash, the signature and every custody proof hold."
            : $"INVALID: {failed} of {verdict.Items.Count} items fail" + (verdict.Problems.Count > 0 ? $", and {verdict.Problems.Count} package checks fail." : "."));
    }
}
