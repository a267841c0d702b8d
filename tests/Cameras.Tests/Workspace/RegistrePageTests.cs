using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cameras.Evidence.Ledger;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Cameras.Tests.Registre;

namespace Cameras.Tests.Workspace;

/// <summary>
/// The Registre page in Chromium, as an administrator answers an inspection: a person's operations page by page, a
/// filter, the CSV (the same entries as the API) and the signed PDF (it renders, and names a checkpoint the ledger
/// signed).
/// </summary>
[Collection(WorkspaceCollection.Name)]
public sealed class RegistrePageTests(WorkspaceServer fixture)
{
    private static readonly AgentClaims Leroy = new("REG-4471", "Leroy", "Anne", "Capitaine", "SDPJ 69");

    [Fact]
    public async Task An_administrator_pages_filters_and_downloads_the_csv_and_the_signed_pdf()
    {
        var server = fixture.Server;
        var recording = await SeededRecordings.SeedAsync(server);
        using (var agent = server.ClientFor(Roles.Operator, "op-reg-ui", Leroy))
            for (var i = 0; i < 53; i++)
                (await agent.GetAsync($"/api/recordings/{recording.Id}/media?motif=administratif&reason=contr%C3%B4le%20{i}")).EnsureSuccessStatusCode();
        await fixture.CheckpointAsync();
        using var admin = server.ClientFor(Roles.Admin, "admin-reg-ui");
        var api = await admin.GetFromJsonAsync<JsonElement>("/api/registre?matricule=REG-4471&limit=1000");
        var expected = api.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(53, expected.Count);
        var folder = Directory.CreateTempSubdirectory("cameras-registre-page-").FullName;

        var steps = await WorkspaceServer.BrowseAsync("workspace-registre.mjs", server.Address.ToString().TrimEnd('/'),
            server.Token(Roles.Admin, "admin-reg-ui"), "REG-4471", folder);

        var first = Seqs(steps["first"]);
        var second = Seqs(steps["second"]);
        Assert.Equal(expected, first.Concat(second)); // 50 then 3, newest first, nothing twice
        Assert.Equal(50, first.Count);
        Assert.Contains("registre", steps["first"].GetProperty("nav").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("REG-4471 Leroy Anne Capitaine", steps["first"].GetProperty("agent").GetString());
        Assert.Contains("before=", steps["second"].GetProperty("address").GetString());
        Assert.True(steps["filtered"].GetProperty("empty").GetBoolean(), "a consultant's operations hold no modification");
        Assert.Contains("kind=modification", steps["filtered"].GetProperty("address").GetString());

        // The CSV the browser saved lists exactly the API's entries.
        var csv = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(steps["files"].GetProperty("registre.csv").GetString()!)).TrimStart('\uFEFF');
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected, lines.Skip(1).Select(l => long.Parse(l.Split(';')[0])).ToList());

        // The PDF renders, its signature verifies, and the checkpoint it names is one the ledger signed.
        var pdfFile = steps["files"].GetProperty("registre.pdf").GetString()!;
        var rendered = await ExternalProcess.RunAsync("pdftoppm", ["-png", "-r", "50", "-f", "1", "-l", "1", pdfFile, Path.Combine(folder, "page")]);
        Assert.True(rendered.ExitCode == 0, rendered.Stderr);
        Assert.True(new FileInfo(Directory.GetFiles(folder, "page*.png").Single()).Length > 5_000);
        PdfSignature.Read(await File.ReadAllBytesAsync(pdfFile)).Cms.CheckSignature(verifySignatureOnly: true);
        var text = (await ExternalProcess.RunAsync("pdftotext", ["-layout", pdfFile, "-"])).Stdout;
        var named = Regex.Match(text, @"point de contrôle de taille (\d+), racine (\S+)");
        Assert.True(named.Success, text);
        var size = long.Parse(named.Groups[1].Value);
        var root = Convert.FromBase64String(named.Groups[2].Value.TrimEnd(','));
        var signedSizes = (await admin.GetFromJsonAsync<JsonElement>("/api/ledger/checkpoints?limit=1000")).GetProperty("checkpoints")
            .EnumerateArray().Where(c => c.GetProperty("size").GetInt64() == size).Select(c => c.GetProperty("rootHash").GetString()).ToList();
        Assert.Equal([Convert.ToBase64String(root)], signedSizes);
        // Each entry's inclusion in that checkpoint is provable from the API, as the report says.
        var proof = await admin.GetFromJsonAsync<JsonElement>($"/api/ledger/proofs/inclusion?seq={expected[0]}&size={size}");
        Assert.Null(MerkleVerifier.VerifyInclusion(expected[0], size, Convert.FromBase64String(proof.GetProperty("leafHash").GetString()!),
            [.. proof.GetProperty("proof").EnumerateArray().Select(p => Convert.FromBase64String(p.GetString()!))], root));
        Directory.Delete(folder, recursive: true);
    }

    private static List<long> Seqs(JsonElement step) => step.GetProperty("seqs").EnumerateArray().Select(s => s.GetInt64()).ToList();
}
