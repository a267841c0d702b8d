using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;

namespace Cameras.CommandRoom;

/// <summary>Serves the dashboard's files, embedded in this assembly under <c>dashboard/</c>.</summary>
internal static class DashboardFiles
{
    private static readonly Assembly Assembly = typeof(DashboardFiles).Assembly;
    private static readonly FileExtensionContentTypeProvider Types = new();
    private static readonly HashSet<string> Names = [.. Assembly.GetManifestResourceNames()];

    public static IResult Serve(string path)
    {
        // Resource names are an exact list: "../" or anything else not shipped is simply not found.
        var name = "dashboard/" + path.Replace('\\', '/');
        if (!Names.Contains(name))
            return Relay.RelayErrors.NoSuchFile.Problem($"The dashboard has no file '{path}': its page is /, the workspace's are under /app/.");
        var type = Types.TryGetContentType(path, out var t) ? t : "application/octet-stream";
        return Results.Stream(Assembly.GetManifestResourceStream(name)!, type);
    }
}
