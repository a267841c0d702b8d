using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Database;
using Cameras.Evidence.Ledger;
using Cameras.Evidence.Security;
using Cameras.Evidence.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

// The ledger benchmark (bench/ledger/run.sh): appends/s with 8 writers, verify time at N events, proof size and time.
// Each figure is printed with a baseline measured in the same run, as one Markdown table row per line.
var connectionString = args[0];
var data = args[1];
var verifyEvents = args.Length > 2 ? int.Parse(args[2]) : 1_000_000;
const int Writers = 8, AppendEvents = 40_000;

await using var dataSource = NpgsqlDataSource.Create(connectionString);
await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
var store = new FileSystemObjectStore(Path.Combine(data, "objects"));
var keys = new InstanceKeys(Path.Combine(data, "keys"));
var signal = new LedgerSignal();
await using var ledger = new PostgresCustodyLedger(dataSource, signal);
var sequencer = new LedgerSequencer(dataSource, 5000);
var issuer = new CheckpointIssuer(dataSource, store, keys, "bench.ledger");
var rows = new List<string>();

CustodyRecord Event(int i) => new("recording.viewed", "recording", Guid.NewGuid().ToString(),
    Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(i))), new CustodyActor($"officer-{i % 97}", Roles.Officer),
    new JsonObject { ["reason"] = "review of intervention", ["camera"] = $"CAM-{i % 31}" });

// 1. Appends per second: 8 writers, each event its own transaction, while the sequencer runs (as in the server);
//    the clock stops when every event is recorded AND sequenced. Baseline: the same rows as plain INSERTs.
await using (var c = dataSource.CreateCommand("""
    CREATE TABLE plain_events (id uuid PRIMARY KEY, recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(), action text, subject_kind text,
        subject_id text, sha256 text, actor_subject text, actor_role text, details text)
    """)) await c.ExecuteNonQueryAsync();
async Task PlainInsertAsync(int i)
{
    var e = Event(i);
    await using var cmd = dataSource.CreateCommand("INSERT INTO plain_events VALUES (@id, DEFAULT, @a, @k, @s, @h, @as, @ar, @d)");
    cmd.Parameters.AddWithValue("id", Guid.CreateVersion7()); cmd.Parameters.AddWithValue("a", e.Action);
    cmd.Parameters.AddWithValue("k", e.SubjectKind); cmd.Parameters.AddWithValue("s", e.SubjectId); cmd.Parameters.AddWithValue("h", e.Sha256!);
    cmd.Parameters.AddWithValue("as", e.Actor.Subject); cmd.Parameters.AddWithValue("ar", e.Actor.Role);
    cmd.Parameters.AddWithValue("d", CanonicalJson.Serialize(e.Details));
    await cmd.ExecuteNonQueryAsync();
}
using var stopSequencer = new CancellationTokenSource();
var background = Task.Run(async () =>
{
    while (!stopSequencer.IsCancellationRequested)
        if (await sequencer.SequenceAsync(CancellationToken.None) == 0) await signal.WaitAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None);
});
// Each writer awaiting each append (as a request handler does), then each keeping 16 appends in flight.
foreach (var inFlight in new[] { 1, 16 })
{
    var baseline = await TimeWritersAsync(PlainInsertAsync, null, inFlight);
    var appends = await TimeWritersAsync(i => ledger.RecordAsync(Event(i), null, CancellationToken.None),
        async () => await sequencer.DrainAsync(CancellationToken.None), inFlight);
    rows.Add(Row($"ledger appends/s, {Writers} writers × {inFlight} in flight, {AppendEvents:N0} events, until sequenced", $"{AppendEvents / appends:N0}/s",
        $"{AppendEvents / baseline:N0}/s plain INSERTs, same concurrency", baseline / appends, ">= 5,000/s"));
}
stopSequencer.Cancel();
await background;

// 2. Verify at N events: bulk-load the rest with COPY (the writers' path is measured above), sequence, checkpoint, verify.
var have = (await LedgerReaderHead()).Size;
await BulkLoadAsync(verifyEvents - (int)have);
var clock = Stopwatch.StartNew();
await sequencer.DrainAsync(CancellationToken.None);
var sequenceSeconds = clock.Elapsed.TotalSeconds;
var checkpoint = (await issuer.IssueAsync(CancellationToken.None))!;
Console.Error.WriteLine($"sequenced {verifyEvents:N0} events in {sequenceSeconds:F1} s; checkpoint {checkpoint.Size}");
var floor = await ReadAndHashAsync();
clock.Restart();
var verdict = await new LedgerVerifier(dataSource, store, keys.Get(InstanceKeys.LedgerSigning)).VerifyAsync(CancellationToken.None);
var verify = clock.Elapsed.TotalSeconds;
if (!verdict.Intact) throw new InvalidOperationException(string.Join("\n", verdict.Problems));
rows.Add(Row($"`cameras ledger verify` work at {verdict.Events:N0} events", $"{verify:F1} s",
    $"{floor:F1} s reading the rows + SHA-256 of each", verify / floor, "< 10 s"));

// 3. Inclusion proofs at N events: 1,000 random leaves, one batched read each; size as the API sends it.
var reader = new LedgerReader(dataSource);
var random = new Random(7);
var proofTimes = new List<double>();
var lookupTimes = new List<double>();
var maxSize = 0;
for (var i = 0; i < 1000; i++)
{
    var seq = random.NextInt64(checkpoint.Size);
    clock.Restart();
    var proof = await reader.InclusionProofAsync(seq, checkpoint.Size, CancellationToken.None);
    proofTimes.Add(clock.Elapsed.TotalMilliseconds);
    var leaf = (await reader.EventAsync(seq, CancellationToken.None))!.Value.LeafHash;
    if (MerkleVerifier.VerifyInclusion(seq, checkpoint.Size, leaf, proof, checkpoint.RootHash) is { } error) throw new InvalidOperationException(error.ToString());
    var json = JsonSerializer.Serialize(new InclusionProofView(seq, checkpoint.Size, Convert.ToBase64String(leaf),
        proof.Select(Convert.ToBase64String).ToList()), JsonSerializerOptions.Web);
    maxSize = Math.Max(maxSize, Encoding.UTF8.GetByteCount(json));
    clock.Restart();
    await reader.EventAsync(seq, CancellationToken.None);
    lookupTimes.Add(clock.Elapsed.TotalMilliseconds);
}
proofTimes.Sort();
lookupTimes.Sort();
rows.Add(Row($"inclusion proof at {checkpoint.Size:N0} events: time (median / p99)", $"{proofTimes[500]:F2} / {proofTimes[990]:F2} ms",
    $"{lookupTimes[500]:F2} / {lookupTimes[990]:F2} ms reading one event", proofTimes[500] / lookupTimes[500], "< 5 ms"));
rows.Add(Row($"inclusion proof at {checkpoint.Size:N0} events: size", $"{maxSize} B JSON (largest of 1,000), {MerkleProofs.InclusionPlan(0, checkpoint.Size).Count} hashes",
    $"{MerkleProofs.InclusionPlan(0, checkpoint.Size).Count * 32} B raw hashes", maxSize / (MerkleProofs.InclusionPlan(0, checkpoint.Size).Count * 32.0), "< 1 KB"));
foreach (var row in rows) Console.WriteLine(row);

async Task<double> TimeWritersAsync(Func<int, Task> write, Func<Task>? after, int inFlight)
{
    var next = -1;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, Writers * inFlight).Select(_ => Task.Run(async () =>
    {
        for (int i; (i = Interlocked.Increment(ref next)) < AppendEvents;) await write(i);
    })));
    if (after is not null) await after();
    return clock.Elapsed.TotalSeconds;
}

async Task<(long Size, Checkpoint? Latest)> LedgerReaderHead() => await new LedgerReader(dataSource).HeadAsync(CancellationToken.None);

async Task BulkLoadAsync(int count)
{
    await using var connection = await dataSource.OpenConnectionAsync();
    await using var copy = await connection.BeginBinaryImportAsync(
        "COPY custody_events (id, action, subject_kind, subject_id, sha256, actor_subject, actor_role, details) FROM STDIN (FORMAT BINARY)");
    for (var i = 0; i < count; i++)
    {
        var e = Event(i);
        await copy.StartRowAsync();
        await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
        await copy.WriteAsync(e.Action); await copy.WriteAsync(e.SubjectKind); await copy.WriteAsync(e.SubjectId);
        await copy.WriteAsync(e.Sha256!); await copy.WriteAsync(e.Actor.Subject); await copy.WriteAsync(e.Actor.Role);
        await copy.WriteAsync(CanonicalJson.Serialize(e.Details));
    }
    await copy.CompleteAsync();
}

async Task<double> ReadAndHashAsync()
{
    var clock = Stopwatch.StartNew();
    await using var connection = await dataSource.OpenConnectionAsync();
    await using var cmd = new NpgsqlCommand(
        "SELECT seq, id, recorded_at, action, subject_kind, subject_id, sha256, actor_subject, actor_role, details, leaf_hash FROM custody_events ORDER BY seq", connection);
    await using var r = await cmd.ExecuteReaderAsync();
    var buffer = new byte[32];
    while (await r.ReadAsync())
    {
        var text = string.Concat(r.GetInt64(0), r.GetGuid(1), r.GetDateTime(2).Ticks, r.GetString(3), r.GetString(4), r.GetString(5),
            r.GetString(6), r.GetString(7), r.GetString(8), r.GetString(9));
        SHA256.HashData(Encoding.UTF8.GetBytes(text), buffer);
        _ = r.GetValue(10);
    }
    return clock.Elapsed.TotalSeconds;
}

static string Row(string what, string figure, string baseline, double ratio, string goal) =>
    $"| 4 | {what} (goal {goal}) | {figure} | {baseline} | {ratio:F2} | {Machine()} | `bench/ledger/run.sh` |";

static string Machine()
{
    var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':')[1].Trim() ?? "?";
    return $"{Environment.ProcessorCount} cores {model}, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes >> 30} GB";
}
