using Cameras.Evidence;
using Cameras.Transcode.Pipeline;
using Microsoft.Extensions.Options;

namespace Cameras.Transcode.Tests;

/// <summary>The scratch folder: under the data folder unless set, and cleared of what killed workers left behind.</summary>
public sealed class ScratchAreaTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("cameras-scratch-");

    public void Dispose() => _data.Delete(recursive: true);

    private ScratchArea Open(string? scratchPath = null) => new(
        Options.Create(new TranscodeOptions { ScratchPath = scratchPath }), Options.Create(new EvidenceOptions { Data = _data.FullName }));

    [Fact]
    public void It_defaults_to_the_data_folder_beside_the_filesystem_store_and_can_be_set()
    {
        Assert.Equal(Path.Combine(_data.FullName, "scratch"), Open().Folder);
        var elsewhere = Path.Combine(_data.FullName, "elsewhere");
        Assert.Equal(elsewhere, Open(elsewhere).Folder);
        Assert.True(Directory.Exists(elsewhere));
    }

    [Fact]
    public void Outputs_abandoned_for_a_week_are_removed_at_start_and_recent_ones_kept()
    {
        var scratch = Open();
        var abandoned = scratch.CreateFolder("proxy-");
        File.WriteAllText(Path.Combine(abandoned.FullName, "seg_00000.m4s"), "left by a killed worker");
        abandoned.LastWriteTimeUtc = DateTime.UtcNow - ScratchArea.AbandonedAfter - TimeSpan.FromHours(1);
        var running = scratch.CreateFolder("proxy-");
        File.WriteAllText(Path.Combine(running.FullName, "seg_00000.m4s"), "being written by another node");

        Open();

        Assert.False(Directory.Exists(abandoned.FullName));
        Assert.True(File.Exists(Path.Combine(running.FullName, "seg_00000.m4s")));
    }
}
