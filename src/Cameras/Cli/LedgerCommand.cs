using System.CommandLine;
using Cameras.Evidence;
using Cameras.Evidence.Ledger;
using Cameras.Evidence.Security;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cameras.Cli;

/// <summary><c>cameras ledger verify</c>: re-walks the custody ledger with the same settings as <c>serve</c>.</summary>
internal static class LedgerCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "Data folder (default .data): instance keys, stored objects." };
        var verify = new Command("verify", "Recompute the ledger's tree from its events and check every checkpoint; exit 0 only when intact.") { data };
        verify.SetAction((result, cancellationToken) => VerifyAsync(result.GetValue(data), cancellationToken));
        return new Command("ledger", "The custody ledger.") { verify };
    }

    private static async Task<int> VerifyAsync(string? data, CancellationToken cancellationToken)
    {
        EvidenceOptions options;
        try
        {
            options = Settings(data);
        }
        catch (OptionsValidationException e)
        {
            foreach (var failure in e.Failures) await Console.Error.WriteLineAsync("configuration: " + failure);
            return 2;
        }
        await using var dataSource = NpgsqlDataSource.Create(options.PostgresApp is { Length: > 0 } app ? app : options.Postgres);
        var store = EvidenceModule.CreateObjectStore(options);
        var keys = new InstanceKeys(options.KeysFolder);
        if (!File.Exists(Path.Combine(keys.Folder, InstanceKeys.LedgerSigning + ".pem")))
        {
            await Console.Error.WriteLineAsync($"No ledger key in {keys.Folder}: give the data folder the server uses (--data).");
            return 2;
        }
        Console.WriteLine("Verifying the custody ledger…");
        LedgerVerdict verdict;
        try
        {
            // Progress on stderr, so stdout holds only the verdict.
            var progress = new Progress<long>(n => Console.Error.WriteLine($"  {n:N0} events checked…"));
            verdict = await new LedgerVerifier(dataSource, store, keys.Get(InstanceKeys.LedgerSigning)).VerifyAsync(progress, cancellationToken);
        }
        catch (NpgsqlException e)
        {
            await Console.Error.WriteLineAsync($"Cannot read the ledger: {e.Message}");
            return 2;
        }
        Print(verdict);
        return verdict.Intact ? 0 : 1;
    }

    private static void Print(LedgerVerdict verdict)
    {
        var waiting = verdict.Pending > 0 ? $"; {verdict.Pending} recent events wait to be sequenced" : "";
        if (verdict.Intact)
        {
            Console.WriteLine($"INTACT: {verdict.Events} events, {verdict.Checkpoints} signed checkpoints match{waiting}.");
            if (verdict.Erased > 0)
                Console.WriteLine($"  {verdict.Erased} events' personal data erased at the end of its term (effacé au terme de la durée de conservation).");
            return;
        }
        Console.WriteLine(verdict.FirstBadEvent is { } first
            ? $"NOT INTACT: the first event that does not match is #{first}."
            : "NOT INTACT: the checkpoints do not match.");
        foreach (var problem in verdict.Problems.Take(50)) Console.WriteLine("  - " + problem);
        if (verdict.Problems.Count > 50) Console.WriteLine($"  … and {verdict.Problems.Count - 50} more");
    }

    /// <summary>The same sources as `serve`: appsettings.json beside the binary, Cameras__* environment, --data.</summary>
    private static EvidenceOptions Settings(string? data)
    {
        var options = CliSettings.Evidence(data);
        if (string.IsNullOrEmpty(options.Postgres))
            throw new OptionsValidationException(EvidenceOptions.Section, typeof(EvidenceOptions),
                ["Cameras:Postgres (environment Cameras__Postgres) must name the ledger's PostgreSQL connection string."]);
        return options;
    }
}
