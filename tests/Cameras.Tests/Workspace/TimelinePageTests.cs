using System.Globalization;
using Cameras.Evidence.Security;

namespace Cameras.Tests.Workspace;

/// <summary>The Chronologie: two cameras on one axis, played side by side on one clock.</summary>
[Collection(WorkspaceCollection.Name)]
public sealed class TimelinePageTests(WorkspaceServer fixture)
{
    [Fact]
    public async Task Two_cameras_play_in_sync_their_times_differing_by_their_recorded_at_offset()
    {
        var start = new DateTimeOffset(2026, 12, 4, 21, 0, 0, TimeSpan.Zero);
        var a = await fixture.SeedReadyAsync("CAM-TL-A", "OFF-TL", start, seconds: 24);
        var b = await fixture.SeedReadyAsync("CAM-TL-B", "OFF-TL2", start.AddSeconds(2.5), seconds: 25);
        // The page's window is in the browser's local time (datetime-local); Chromium here runs in the machine's zone.
        string Local(DateTimeOffset t) => t.ToLocalTime().ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

        var steps = await WorkspaceServer.BrowseAsync("workspace-timeline.mjs", fixture.Server.Address.ToString().TrimEnd('/'),
            fixture.Server.Token(Roles.Operator, "op-tl"), Local(start.AddMinutes(-10)), Local(start.AddMinutes(10)), a.ToString(), b.ToString());

        Assert.Equal(["CAM-TL-A", "CAM-TL-B"], steps["rows"].GetProperty("cameras").EnumerateArray().Select(c => c.GetString()));
        var differences = steps["sync"].GetProperty("samples").EnumerateArray()
            .Select(s => s.GetProperty("a").GetDouble() - s.GetProperty("b").GetDouble()).Order().ToList();
        var median = differences[differences.Count / 2];
        Assert.InRange(median, 2.4, 2.6);
    }
}
