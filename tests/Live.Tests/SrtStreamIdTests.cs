using Cameras.Ingest.Gateway;

namespace Cameras.Live.Tests;

/// <summary>The SRT stream ids a publisher may send (MediaMTX's publish:PATH:… convention), as a table.</summary>
public sealed class SrtStreamIdTests
{
    public static TheoryData<string?, string?, string?, string?, string?> Cases => new()
    {
        { "publish:cam-1:kABCDEFGH", "cam-1", "kABCDEFGH", null, null },
        { "publish:cam-1:eyJ.a.b:camera=CAM-1&officer=O-7", "cam-1", "eyJ.a.b", "CAM-1", "O-7" },
        { "publish:cam-1:kABCDEFGH?camera=CAM-2", "cam-1", "kABCDEFGH", "CAM-2", null },
        { "read:cam-1:kABCDEFGH", null, null, null, null },
        { "publish:cam-1", null, null, null, null },
        { "publish::kABCDEFGH", null, null, null, null },
        { "publish:cam-1:", null, null, null, null },
        { null, null, null, null, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Stream_ids_are_read_or_refused(string? streamId, string? feed, string? token, string? camera, string? officer)
    {
        var id = SrtStreamId.Parse(streamId);
        Assert.Equal(feed, id?.Feed);
        Assert.Equal(token, id?.Token);
        Assert.Equal(camera, id?.Parameter("camera"));
        Assert.Equal(officer, id?.Parameter("officer"));
    }
}
